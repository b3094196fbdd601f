"""LazyCalendar (core/ics/index/lazy.py) answers exactly as the full parse_calendar path."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from daypane.core.ics.index.builder import IcsIndex, build_index_now
from daypane.core.ics.index.lazy import LazyCalendar, subset_text
from daypane.core.ics.parse import IcsError, parse_calendar
from daypane.core.ics.sniff import decode
from tests.support import fixtures
from tests.unit.core.ics.index.support import CAL, LA, UTC, event, full_and_lazy, ranges_for, same
from tools.gen_ics import ANCHOR_SUMMARY, DEFAULT_ANCHOR, SERIES_SUMMARY, generate

FIXTURES = fixtures.FIXTURES / "ics"
CORPUS = sorted(FIXTURES.glob("*.ics"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_file_lazy_equals_full(path):
    data = path.read_bytes()
    try:
        full = parse_calendar(data, floating_tz=LA)
    except IcsError as error:
        with pytest.raises(IcsError) as lazy_error:
            build_index_now(data)
        assert str(lazy_error.value) == str(error)
        return
    index = build_index_now(data)
    assert index.summary == full.summary
    assert not index.fallback
    # Through a stored copy, as the app would after a reload.
    stored = IcsIndex.load(json.loads(json.dumps(index.dump())), decode(data))
    lazy = LazyCalendar(stored, decode(data), LA)
    for begin, end in ranges_for(decode(data)):
        assert same(lazy.occurrences("c", begin, end)) == same(full.occurrences("c", begin, end)), (
            begin, end)


def test_generated_calendar_lazy_equals_full():
    text = generate(300, seed=1)
    full, index, lazy = full_and_lazy(text, ZoneInfo("Europe/Berlin"))
    assert index.summary == full.summary and index.summary.events == 300
    monday = datetime.combine(DEFAULT_ANCHOR, datetime.min.time(), tzinfo=ZoneInfo("Europe/Berlin"))
    week = (monday, monday + timedelta(days=7))
    first = lazy.occurrences("g", *week)
    assert same(first) == same(full.occurrences("g", *week))
    titles = {o.title for o in first}
    assert ANCHOR_SUMMARY in titles and f"{SERIES_SUMMARY} (moved)" in titles
    # Only what the week needs was parsed.
    assert len(subset_text(index, text, index.select(*week))) < len(text) / 5
    lazy.prefetch(monday - timedelta(weeks=4), monday + timedelta(weeks=5))
    parses = lazy.parses
    for offset in range(-4, 5):  # weeks inside the prefetched window: no further parse
        begin = monday + timedelta(weeks=offset)
        end = begin + timedelta(days=7)
        assert same(lazy.occurrences("g", begin, end)) == same(full.occurrences("g", begin, end))
    assert lazy.parses == parses
    for begin, end in [
        (monday - timedelta(days=400), monday - timedelta(days=393)),
        (monday + timedelta(days=300), monday + timedelta(days=330)),
        (monday - timedelta(days=182), monday + timedelta(days=183)),
        (monday + timedelta(days=3000), monday + timedelta(days=3007)),
    ]:
        assert same(lazy.occurrences("g", begin, end)) == same(full.occurrences("g", begin, end))


@pytest.mark.parametrize("floating", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"])
@pytest.mark.parametrize("viewer", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"])
def test_floating_and_all_day_events_at_range_edges(floating, viewer):
    text = CAL.format(
        event("late", "DTSTART:20260308T233000", "DTEND:20260309T003000")
        + event("early", "DTSTART:20260309T000000", "DURATION:PT15M")
        + event("day", "DTSTART;VALUE=DATE:20260309")
        + event("days", "DTSTART;VALUE=DATE:20260306", "DTEND;VALUE=DATE:20260309")
        + event("point", "DTSTART:20260315T235959Z")
    )
    full, _index, lazy = full_and_lazy(text, ZoneInfo(floating))
    zone = ZoneInfo(viewer)
    for begin_day, days in ((date(2026, 3, 9), 7), (date(2026, 3, 2), 7), (date(2026, 3, 9), 1),
                            (date(2026, 3, 16), 7), (date(2026, 3, 8), 1)):
        begin = datetime.combine(begin_day, datetime.min.time(), zone)
        end = begin + timedelta(days=days)
        assert same(lazy.occurrences("c", begin, end)) == same(full.occurrences("c", begin, end))


def test_overrides_doubtful_events_and_skips_match_the_full_path():
    text = CAL.format(
        event("series", "DTSTART;TZID=W. Europe Standard Time:20260302T090000", "DURATION:PT1H",
              "RRULE:FREQ=DAILY;COUNT=5", "EXDATE;TZID=W. Europe Standard Time:20260303T090000")
        + event("series", "RECURRENCE-ID;TZID=W. Europe Standard Time:20260304T090000",
                "DTSTART;TZID=W. Europe Standard Time:20260320T090000", "DURATION:PT1H")
        + event("far", "RECURRENCE-ID;RANGE=THISANDFUTURE:20260305T090000Z",
                "DTSTART:20260305T150000Z", "DURATION:PT1H", "STATUS:CANCELLED")
        + event("odd", "DTSTART:20260304T1200", "DTEND:20260304T130000Z")  # icalendar decides
        + event("nostart", "DTEND:20260304T130000Z")
        + "BEGIN:VTODO\r\nUID:todo\r\nSUMMARY:x\r\nEND:VTODO\r\n"
    )
    full, index, lazy = full_and_lazy(text)
    assert index.summary == full.summary
    assert len(index.summary.skipped) == len(full.summary.skipped) >= 2
    for begin in (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 16, tzinfo=UTC),
                  datetime(2027, 1, 4, tzinfo=UTC)):
        end = begin + timedelta(days=7)
        assert same(lazy.occurrences("c", begin, end)) == same(full.occurrences("c", begin, end))
    # A new LazyCalendar on the same index (as after a reload) answers the same, parsing afresh.
    week = (datetime(2026, 3, 16, tzinfo=UTC), datetime(2026, 3, 23, tzinfo=UTC))
    again = LazyCalendar(index, decode(text), LA)
    assert again.occurrences("c", *week) == lazy.occurrences("c", *week) and again.parses >= 1
