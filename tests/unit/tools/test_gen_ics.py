"""tools/gen_ics.py: the big realistic calendar for the import benchmark is deterministic, valid,
as realistic as it claims, and imports into Daypane without losing events."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from daypane.core.ics.parse import parse_calendar
from tools import gen_ics

EVENTS = 300
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def text() -> str:
    return gen_ics.generate(EVENTS, seed=1)


@pytest.fixture(scope="module")
def calendar(text) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_same_seed_same_bytes_other_seed_other_file(text):
    assert gen_ics.generate(EVENTS, seed=1) == text
    assert gen_ics.generate(EVENTS, seed=2) != text


def test_crlf_and_folded_at_75_octets(text):
    raw = text.encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long descriptions are folded
    for line in lines:
        line.decode("utf-8")  # no line break inside a UTF-8 character


def test_counts_and_recurring_share(calendar):
    events = calendar.walk("VEVENT")
    masters = [e for e in events if "RECURRENCE-ID" not in e]
    overrides = [e for e in events if "RECURRENCE-ID" in e]
    assert len(masters) == EVENTS
    assert len({str(e["UID"]) for e in masters}) == EVENTS
    recurring = [e for e in masters if "RRULE" in e]
    assert len(recurring) == round(EVENTS * gen_ics.RECURRING_SHARE)
    assert overrides and {str(e["UID"]) for e in overrides} <= {str(e["UID"]) for e in recurring}
    assert any("EXDATE" in e for e in recurring)
    assert any(str(e.get("STATUS")) == "CANCELLED" for e in overrides)
    rules = " ".join(e["RRULE"].to_ical().decode() for e in recurring)
    for part in ("FREQ=WEEKLY", "FREQ=DAILY", "FREQ=MONTHLY", "COUNT=", "UNTIL="):
        assert part in rules


def test_realistic_zones_and_text(text, calendar):
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    assert {"Europe/Berlin", "America/New_York"} <= zones
    berlin = next(z for z in calendar.walk("VTIMEZONE") if str(z["TZID"]) == "Europe/Berlin")
    assert {c.name for c in berlin.subcomponents} == {"STANDARD", "DAYLIGHT"}
    # Windows zones as Outlook writes them, without a VTIMEZONE; UTC, floating and all-day times.
    assert "TZID=W. Europe Standard Time:" in text and "TZID=Pacific Standard Time:" in text
    assert "W. Europe Standard Time" not in zones
    starts = [e["DTSTART"].dt for e in calendar.walk("VEVENT")]
    assert any(isinstance(s, date) and not isinstance(s, datetime) for s in starts)
    assert any(isinstance(s, datetime) and s.tzinfo is not None and s.utcoffset() == timedelta(0)
               and "TZID" not in e["DTSTART"].params for s, e in zip(starts, calendar.walk("VEVENT")))
    assert any(isinstance(s, datetime) and s.tzinfo is None for s in starts)
    assert "\\," in text and "\\;" in text and "\\n" in text
    descriptions = [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT") if "DESCRIPTION" in e]
    assert any("," in d and ";" in d and "\n" in d for d in descriptions)
    # Spread over about three years around the anchor.
    days = [s if not isinstance(s, datetime) else s.date() for s in starts]
    assert min(days) < date(2025, 1, 1) and max(days) > date(2027, 6, 1)


def test_daypane_imports_everything_and_the_anchor_week_has_events(text):
    parsed = parse_calendar(text.encode("utf-8"), floating_tz=BERLIN)
    assert parsed.summary.skipped == ()
    assert parsed.summary.events == EVENTS
    monday = datetime(2026, 3, 2, tzinfo=BERLIN)
    week = parsed.occurrences("big", monday, monday + timedelta(days=7))
    titles = Counter(o.title for o in week)
    assert titles[gen_ics.ANCHOR_SUMMARY] == 1
    moved = [o for o in week if o.title == gen_ics.SERIES_SUMMARY + " (moved)"]
    assert [o.start for o in moved] == [datetime(2026, 3, 4, 14, 0, tzinfo=BERLIN)]


def test_anchor_is_a_parameter():
    text = gen_ics.generate(20, seed=3, anchor=date(2025, 11, 12))
    assert "DTSTART;TZID=Europe/Berlin:20251110T093000" in text  # Monday of that week


def test_command_line_writes_the_same_bytes(tmp_path):
    out = tmp_path / "big.ics"
    assert gen_ics.main(["--events", "40", "--seed", "5", "-o", str(out)]) == 0
    assert out.read_bytes() == gen_ics.generate(40, 5).encode("utf-8")
