"""The lazy .ics path (core/ics_index.py) answers exactly as the full parse_calendar path."""

from __future__ import annotations

import json
import re
import warnings
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daypane.core.ics.index.lazy import (
    PAD,
    IcsIndex,
    IndexBuilder,
    LazyCalendar,
    build_index,
    build_index_now,
    occurrences,
    subset_text,
)
from daypane.core.ics.parse import IcsError, parse_calendar
from daypane.core.ics.sniff import decode
from tests.support import fixtures
from tools.gen_ics import ANCHOR_SUMMARY, DEFAULT_ANCHOR, SERIES_SUMMARY, generate

FIXTURES = fixtures.FIXTURES / "ics"
CORPUS = sorted(FIXTURES.glob("*.ics"))
UTC = timezone.utc
LA = ZoneInfo("America/Los_Angeles")
_DTSTART = re.compile(r"^DTSTART[^:\r\n]*:\s*(\d{8})", re.M)


def _value(value):
    # Equal instants in a DST fold compare unequal across tzinfo objects (PEP 495); every parse
    # makes its own VTIMEZONE objects, so compare wall time, offset and zone name instead.
    if isinstance(value, datetime):
        return (value.isoformat(), value.utcoffset(), value.tzname())
    return value


def same(found):
    return [tuple(_value(v) for v in vars(o).values()) for o in found]


def starts(text: str) -> list[datetime]:
    days = set()
    for match in _DTSTART.finditer(text):
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d").replace(tzinfo=UTC)
        except ValueError:
            continue
        if day.year >= 1900:
            days.add(day)
    return sorted(days) or [datetime(2019, 1, 1, tzinfo=UTC)]


def ranges_for(text: str) -> list[tuple[datetime, datetime]]:
    found = []
    days = starts(text)
    for day in days[:4] + days[-2:]:
        for offset in (-7, 0, 7):
            begin = day + timedelta(days=offset, hours=-3)
            found.append((begin, begin + timedelta(days=7)))
        found.append((day - timedelta(days=91), day + timedelta(days=92)))
    tokyo = ZoneInfo("Asia/Tokyo")
    found.append((datetime(2035, 1, 1, tzinfo=tokyo), datetime(2035, 1, 8, tzinfo=tokyo)))
    return found


def full_and_lazy(data, floating_tz=LA):
    full = parse_calendar(data, floating_tz=floating_tz)
    index = build_index_now(data)
    lazy = LazyCalendar(index, decode(data), floating_tz)
    return full, index, lazy


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns about guessed vendor TZIDs
        yield


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


def test_chunked_building_gives_the_same_index():
    text = generate(120, seed=3)
    builder = IndexBuilder(text)
    progress = []
    while not builder.feed(25):
        progress.append(builder.progress)
    assert len(progress) >= 4 and progress == sorted(progress) and 0 < progress[-1] < 1
    assert builder.result().dump() == build_index_now(text).dump()
    steps = build_index(text, chunk=40)
    seen = []
    try:
        while True:
            seen.append(next(steps))
    except StopIteration as stop:
        index = stop.value
    assert seen and index.dump() == build_index_now(text).dump()


def test_dump_load_round_trip_and_refusals():
    text = generate(40, seed=2)
    index = build_index_now(text)
    data = json.loads(json.dumps(index.dump()))
    loaded = IcsIndex.load(data, text)
    assert loaded is not None and loaded.dump() == index.dump()
    assert loaded.summary == index.summary
    assert IcsIndex.load(data, text.replace("Stand-up", "Stand-Up")) is None  # another text
    assert IcsIndex.load({**data, "version": 99}, text) is None
    assert IcsIndex.load({"version": data["version"]}, text) is None


CAL = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{}END:VCALENDAR\r\n"


def event(uid: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\n{body}END:VEVENT\r\n"


def seconds(moment: datetime) -> int:
    moment = moment.astimezone(UTC)
    return moment.toordinal() * 86400 + moment.hour * 3600 + moment.minute * 60 + moment.second


def test_unbounded_series_are_found_anywhere():
    text = CAL.format(
        event("forever", "DTSTART;TZID=Europe/Berlin:20200106T090000", "DTEND;TZID=Europe/Berlin:20200106T093000",
              "RRULE:FREQ=WEEKLY;BYDAY=MO")
        + event("once", "DTSTART:20200107T090000Z", "DTEND:20200107T100000Z")
    )
    full, index, lazy = full_and_lazy(text)
    spans = {g[0]: (g[1], g[2]) for g in index.groups}
    assert spans["forever"][1] is None and spans["forever"][0] is not None
    assert spans["once"] == (seconds(datetime(2020, 1, 7, 9, tzinfo=UTC)) - PAD,
                             seconds(datetime(2020, 1, 7, 10, tzinfo=UTC)) + PAD)
    for year in (2019, 2020, 2031, 2100):
        begin = datetime(year, 1, 6, tzinfo=UTC)
        found = lazy.occurrences("c", begin, begin + timedelta(days=7))
        assert same(found) == same(full.occurrences("c", begin, begin + timedelta(days=7)))
        assert [o.uid for o in found].count("forever") == (year >= 2020)


@pytest.mark.parametrize(
    ("rule", "start", "last"),
    [
        ("FREQ=DAILY;COUNT=10", "20260301T100000Z", datetime(2026, 3, 10, 10, tzinfo=UTC)),
        ("FREQ=WEEKLY;BYDAY=MO,FR;COUNT=5", "20260302T100000Z", datetime(2026, 3, 16, 10, tzinfo=UTC)),
        ("FREQ=WEEKLY;INTERVAL=2;COUNT=3", "20260302T100000Z", datetime(2026, 3, 30, 10, tzinfo=UTC)),
        ("FREQ=MONTHLY;COUNT=4", "20260131T100000Z", datetime(2026, 7, 31, 10, tzinfo=UTC)),  # skips
        ("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", "20260131T100000Z", datetime(2026, 5, 31, 10, tzinfo=UTC)),
        ("FREQ=YEARLY;COUNT=3", "20240229T100000Z", datetime(2032, 2, 29, 10, tzinfo=UTC)),
        ("FREQ=DAILY;BYMONTH=2;COUNT=40", "20260201T100000Z", datetime(2027, 2, 12, 10, tzinfo=UTC)),
        ("FREQ=MONTHLY;BYDAY=5FR;COUNT=3", "20260130T100000Z", datetime(2026, 7, 31, 10, tzinfo=UTC)),
        ("FREQ=WEEKLY;UNTIL=20260401T000000Z", "20260302T100000Z", datetime(2026, 3, 30, 10, tzinfo=UTC)),
        ("FREQ=DAILY;UNTIL=20260305", "20260302", None),
    ],
)
def test_count_and_until_bounds_cover_the_last_occurrence(rule, start, last):
    kind = ";VALUE=DATE" if len(start) == 8 else ""
    text = CAL.format(event("s", f"DTSTART{kind}:{start}", f"RRULE:{rule}"))
    full, index, lazy = full_and_lazy(text)
    (_uid, lo, hi, _blocks, _zones), = index.groups
    everything = full.occurrences("c", datetime(2000, 1, 1, tzinfo=UTC), datetime(2060, 1, 1, tzinfo=UTC))
    final = everything[-1]
    if last is not None:
        assert final.start == last
    end = final.end if isinstance(final.end, datetime) else datetime.combine(final.end, datetime.min.time(), UTC)
    assert lo is not None and hi is not None and hi >= seconds(end) and hi - seconds(end) < 400 * 86400
    around = (end - timedelta(days=3), end + timedelta(days=3))
    assert same(lazy.occurrences("c", *around)) == same(full.occurrences("c", *around))
    after = (end + timedelta(days=3), end + timedelta(days=10))
    assert lazy.occurrences("c", *after) == []


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
    assert occurrences(index, decode(text), "c", datetime(2026, 3, 16, tzinfo=UTC),
                       datetime(2026, 3, 23, tzinfo=UTC), LA) == lazy.occurrences(
        "c", datetime(2026, 3, 16, tzinfo=UTC), datetime(2026, 3, 23, tzinfo=UTC))


def test_odd_files_fall_back_to_the_full_parse():
    stray = "X-STRAY:line\r\n" + CAL.format(event("a", "DTSTART:20260304T120000Z"))
    with pytest.raises(IcsError) as error:
        parse_calendar(stray)
    with pytest.raises(IcsError) as lazy_error:
        build_index_now(stray)
    assert str(lazy_error.value) == str(error.value)
    two = CAL.format(event("a", "DTSTART:20260304T120000Z")) + CAL.format(
        "BEGIN;X-A=1:VEVENT\r\nUID:b\r\nDTSTART:20260304T130000Z\r\nEND:VEVENT\r\n")
    full, index, lazy = full_and_lazy(two)
    assert index.fallback and index.summary == full.summary
    week = (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC))
    assert same(lazy.occurrences("c", *week)) == same(full.occurrences("c", *week))
