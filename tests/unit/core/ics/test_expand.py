"""Hostile series are bounded: a dense rule becomes one block per day with a notice naming it, an
RDATE flood is cut at the per-range cap, a huge COUNT stays exact, and fast-forwarding a rule's
start gives exactly the occurrences dateutil gives from the real start."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from daypane.core.ics.density import density
from daypane.core.ics.expand import CAP_PER_DAY
from daypane.core.ics.parse import parse_calendar

TZ = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 2, tzinfo=TZ)
OTHER = """BEGIN:VEVENT
UID:review@example.com
DTSTART;TZID=Europe/Berlin:20260304T140000
DTEND;TZID=Europe/Berlin:20260304T150000
SUMMARY:Design review
END:VEVENT
"""


def calendar(*events: str) -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n" + "".join(events) + "END:VCALENDAR\r\n"


def series(uid: str, title: str, start: str, rule: str, extra: str = "") -> str:
    return (f"BEGIN:VEVENT\nUID:{uid}\nDTSTART:{start}\nDURATION:PT1M\nRRULE:{rule}\n"
            f"{extra}SUMMARY:{title}\nEND:VEVENT\n")


def week(text: str, days: int = 7, start: datetime = MONDAY):
    parsed = parse_calendar(text, floating_tz=TZ)
    return parsed, parsed.occurrences("c", start, start + timedelta(days=days))


def test_a_minutely_series_is_one_marked_block_per_day_and_named_in_a_notice():
    parsed, found = week(calendar(series("beat", "Server heartbeat", "20250101T000000Z", "FREQ=MINUTELY"), OTHER))
    beats = [o for o in found if o.uid == "beat"]
    assert len(beats) == 7
    for number, block in enumerate(beats):
        day = MONDAY + timedelta(days=number)
        assert (block.start, block.end) == (day, day + timedelta(days=1))  # the viewer's whole day
        assert block.title == "Server heartbeat (repeats every minute)"
        assert "one block per day" in block.description
    assert [o.title for o in found if o.uid == "review@example.com"] == ["Design review"]
    assert parsed.bounded["beat"].message == (
        "“Server heartbeat” repeats every minute; Daypane shows it as one block per day.")


def test_an_hourly_series_every_five_minutes_becomes_blocks_over_its_hours():
    minutes = ",".join(str(m) for m in range(0, 60, 5))
    rule = f"FREQ=HOURLY;BYHOUR=8,9,10,11;BYMINUTE={minutes}"
    parsed, found = week(calendar(series("poll", "Poll", "20260101T080000", rule), OTHER))
    polls = [o for o in found if o.uid == "poll"]
    assert [(o.start.hour, o.start.minute, o.end.hour, o.end.minute) for o in polls] == [(8, 0, 12, 0)] * 7
    assert "repeats every 5 minutes" in parsed.bounded["poll"].message
    assert any(o.title == "Design review" for o in found)


def test_an_hourly_series_with_byminute_all_day_is_dense_by_its_rule():
    minutes = ",".join(str(m) for m in range(0, 60, 5))
    pace = density({"FREQ": ["HOURLY"], "BYMINUTE": list(range(0, 60, 5))}, datetime(2026, 1, 1))
    assert (pace.per_day, pace.gap, pace.dense) == (288, 300, True)
    assert density({"FREQ": ["MINUTELY"], "INTERVAL": [15]}, datetime(2026, 1, 1)).dense is False
    assert density({"FREQ": ["DAILY"], "BYHOUR": [9], "BYMINUTE": [0, 1]}, datetime(2026, 1, 1)).dense is False
    parsed, found = week(calendar(series("tick", "Tick", "20260101T000000Z", f"FREQ=HOURLY;BYMINUTE={minutes}")))
    assert len(found) == 7 and "tick" in parsed.bounded


def test_a_dense_series_with_a_count_stops_where_its_count_ends():
    # 3 days of minutes from Tuesday 00:00 UTC (01:00 in Berlin) to Friday 00:00 UTC.
    _parsed, found = week(calendar(series("burst", "Burst", "20260303T000000Z", "FREQ=MINUTELY;COUNT=4320")))
    assert [o.start.astimezone(TZ).date() for o in found] == [date(2026, 3, d) for d in (3, 4, 5, 6)]
    assert found[0].start == datetime(2026, 3, 3, 1, tzinfo=TZ)
    assert found[-1].end == datetime(2026, 3, 6, 1, tzinfo=TZ)  # the 4,320th minute starts 00:59


def test_a_daily_series_with_ten_thousand_count_is_exact_over_a_year_and_not_bounded():
    text = calendar(series("daily", "Daily", "20000101T090000Z", "FREQ=DAILY;COUNT=10000"))
    parsed = parse_calendar(text, floating_tz=TZ)
    year = parsed.occurrences("c", datetime(2026, 1, 1, tzinfo=TZ), datetime(2027, 1, 1, tzinfo=TZ))
    assert len(year) == 365 and parsed.bounded == {}
    # The 10,000th day is 18 May 2027: the series stops there, not at the range's end.
    last = datetime(2000, 1, 1, 9, tzinfo=ZoneInfo("UTC")) + timedelta(days=9999)
    tail = parsed.occurrences("c", datetime(2027, 5, 1, tzinfo=TZ), datetime(2027, 6, 1, tzinfo=TZ))
    assert tail[-1].start == last and len(tail) == 18


def flood():
    moments = [datetime(2026, 3, 2, tzinfo=ZoneInfo("UTC")) + timedelta(minutes=5 * n) for n in range(2000)]
    rdates = "".join(f"RDATE:{m:%Y%m%dT%H%M%SZ}\n" for m in moments)
    return f"BEGIN:VEVENT\nUID:flood\nDTSTART:20260302T000000Z\nDURATION:PT1M\n{rdates}SUMMARY:Flood\nEND:VEVENT\n"


def test_a_dense_rdate_list_is_cut_at_the_cap_with_a_notice(monkeypatch):
    monkeypatch.setattr("daypane.core.ics.expand.SERIES_BUDGET", 60.0)  # the cap, not the clock
    parsed, found = week(calendar(flood(), OTHER))
    cap = CAP_PER_DAY * 11  # the week and the two days either side that are expanded with it
    assert len([o for o in found if o.uid == "flood"]) == cap
    assert parsed.bounded["flood"].message == (
        f"“Flood” has more than {cap} occurrences in these days; Daypane shows the first {cap}.")
    assert any(o.title == "Design review" for o in found)


@pytest.mark.parametrize("start, rule", [
    ("20240101T101500Z", "FREQ=MINUTELY;INTERVAL=15"),  # two years of steps: dateutil, the reference, walks them all
    ("19990305T230000Z", "FREQ=HOURLY;INTERVAL=7"),
    ("20010101T080000", "FREQ=MINUTELY;INTERVAL=20;BYHOUR=8,9"),
    ("19000101T090000", "FREQ=DAILY;INTERVAL=3"),
    ("19950102T093000", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
    ("20100101T000000Z", "FREQ=HOURLY;BYDAY=SA;BYMONTH=3"),
    ("20000101T090000Z", "FREQ=DAILY;COUNT=9557"),  # its last occurrence is Tuesday 3 March 2026
    ("19990101T090000Z", "FREQ=HOURLY;INTERVAL=5;COUNT=100000000"),
])
def test_fast_forwarding_a_rule_gives_exactly_what_dateutil_gives_from_its_start(start, rule, monkeypatch):
    monkeypatch.setattr("daypane.core.ics.expand.SERIES_BUDGET", 60.0)  # exactness here, not speed
    zone = ZoneInfo("UTC") if start.endswith("Z") else TZ
    _parsed, found = week(calendar(series("s", "S", start, rule)), days=2)
    first = datetime.strptime(start.rstrip("Z"), "%Y%m%dT%H%M%S").replace(tzinfo=zone)
    window = (MONDAY - timedelta(minutes=1), MONDAY + timedelta(days=2, seconds=-1))
    expected = [t for t in rrulestr(rule, dtstart=first).between(*window, inc=True)]
    assert [o.start for o in found] == expected


def test_a_series_over_its_time_budget_is_cut_with_a_notice_and_the_rest_still_shows(monkeypatch):
    monkeypatch.setattr("daypane.core.ics.expand.SERIES_BUDGET", 0.0)
    parsed, found = week(calendar(flood(), OTHER))
    assert len([o for o in found if o.uid == "flood"]) == 24 * 11  # read up to the clock's floor
    assert parsed.bounded["flood"].message == (
        "“Flood” takes too long to work out; Daypane shows only the occurrences it found in time.")
    assert any(o.title == "Design review" for o in found)
