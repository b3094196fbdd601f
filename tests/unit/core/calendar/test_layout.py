"""Day/week layout: which occurrences go on which day, where, and side by side."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daypane.core.calendar.layout import day_bounds, layout_day, layout_days, now_minute, range_bounds
from daypane.core.ics.parse import parse_calendar
from daypane.core.model import Occurrence

BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc


def at(day: date, hh: int, mm: int = 0, tz=BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz)


def timed(title: str, start: datetime, end: datetime, **kw) -> Occurrence:
    return Occurrence("c", title.lower(), title, start, end, **kw)


D = date(2026, 3, 5)


def shape(layout):
    return [(b.occurrence.title, b.start_minute, b.end_minute, b.column, b.columns) for b in layout.blocks]


def test_overlapping_events_share_columns_within_their_cluster():
    occs = [
        timed("A", at(D, 9), at(D, 10)),
        timed("B", at(D, 9, 30), at(D, 11)),
        timed("C", at(D, 10), at(D, 10, 30)),  # fits under A once A ends
        timed("D", at(D, 10, 45), at(D, 12)),  # overlaps B only: same cluster, 2 columns
        timed("E", at(D, 13), at(D, 14)),  # alone
    ]
    assert shape(layout_day(occs, D, BERLIN)) == [
        ("A", 540, 600, 0, 2),
        ("B", 570, 660, 1, 2),
        ("C", 600, 630, 0, 2),
        ("D", 645, 720, 0, 2),
        ("E", 780, 840, 0, 1),
    ]


def test_three_way_overlap_uses_three_columns():
    occs = [timed(t, at(D, 9), at(D, 10)) for t in "XYZ"]
    assert [(b.column, b.columns) for b in layout_day(occs, D, BERLIN).blocks] == [(0, 3), (1, 3), (2, 3)]


def test_back_to_back_events_do_not_overlap():
    occs = [timed("A", at(D, 9), at(D, 10)), timed("B", at(D, 10), at(D, 11))]
    assert [b.columns for b in layout_day(occs, D, BERLIN).blocks] == [1, 1]


def test_tiny_and_zero_length_events_get_half_an_hour_and_the_last_one_ends_with_the_day():
    occs = [timed("Ping", at(D, 9), at(D, 9)), timed("Late", at(D, 23, 55), at(D, 23, 58))]
    assert shape(layout_day(occs, D, BERLIN)) == [("Ping", 540, 570, 0, 1), ("Late", 1410, 1440, 0, 1)]


def test_short_events_one_after_another_stand_side_by_side_at_their_drawn_size():
    # Two quarter-hours in a row are each drawn half an hour tall (a 24 px target), so the
    # second would lie over the first: they share the width instead.
    occs = [timed("First", at(D, 9), at(D, 9, 15)), timed("Second", at(D, 9, 15), at(D, 9, 30))]
    assert shape(layout_day(occs, D, BERLIN)) == [("First", 540, 570, 0, 2), ("Second", 555, 585, 1, 2)]


def test_event_spanning_midnight_appears_on_both_days_clipped():
    night = timed("Night shift", at(D, 22), at(D + timedelta(1), 6))
    first, second = layout_days([night], [D, D + timedelta(1)], BERLIN)
    (a,), (b,) = first.blocks, second.blocks
    assert (a.start_minute, a.end_minute, a.continues_before, a.continues_after) == (1320, 1440, False, True)
    assert (b.start_minute, b.end_minute, b.continues_before, b.continues_after) == (0, 360, True, False)


def test_event_ending_at_midnight_stays_on_its_day():
    evening = timed("Evening", at(D, 23), at(D + timedelta(1), 0))
    first, second = layout_days([evening], [D, D + timedelta(1)], BERLIN)
    assert [(b.start_minute, b.end_minute, b.continues_after) for b in first.blocks] == [(1380, 1440, False)]
    assert second.blocks == ()


def test_times_are_shown_in_the_viewers_zone():
    call = timed("Call", datetime(2026, 3, 5, 8, 0, tzinfo=UTC), datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    assert shape(layout_day([call], D, BERLIN)) == [("Call", 540, 600, 0, 1)]  # 09:00 CET
    assert shape(layout_day([call], D, ZoneInfo("America/New_York"))) == [("Call", 180, 240, 0, 1)]


def test_dst_day_in_berlin_has_23_hours_and_wall_clock_minutes():
    day = date(2026, 3, 29)
    start, end = day_bounds(day, BERLIN)
    assert end - start == timedelta(hours=23)
    assert day_bounds(date(2026, 10, 25), BERLIN)[1] - day_bounds(date(2026, 10, 25), BERLIN)[0] == timedelta(hours=25)
    # 01:30 CET -> 03:30 CEST is one real hour, drawn from the 01:30 to the 03:30 grid line.
    across = timed("Across the gap", at(day, 1, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC))
    later = timed("Morning", at(day, 10), at(day, 11))
    assert shape(layout_day([across, later], day, BERLIN)) == [
        ("Across the gap", 90, 210, 0, 1),
        ("Morning", 600, 660, 0, 1),
    ]


def test_all_day_multi_day_events_cover_each_day_and_sort_by_title():
    trip = Occurrence("c", "trip", "Trip", date(2026, 3, 4), date(2026, 3, 7))
    birthday = Occurrence("c", "bday", "Birthday", date(2026, 3, 6), date(2026, 3, 7))
    days = [date(2026, 3, d) for d in range(3, 9)]
    layouts = layout_days([trip, birthday], days, BERLIN)
    assert [[o.title for o in layout.all_day] for layout in layouts] == [
        [], ["Trip"], ["Trip"], ["Birthday", "Trip"], [], [],
    ]
    assert all(layout.blocks == () for layout in layouts)


def test_cancelled_occurrences_are_laid_out_too():
    occs = [timed("Kept", at(D, 9), at(D, 10)), timed("Called off", at(D, 9), at(D, 10), status="cancelled")]
    blocks = layout_day(occs, D, BERLIN).blocks
    assert sorted((b.occurrence.title, b.occurrence.cancelled) for b in blocks) == [("Called off", True), ("Kept", False)]
    assert {b.columns for b in blocks} == {2}


def test_layout_of_a_real_google_export(fixture_bytes):
    chicago = ZoneInfo("America/Chicago")
    cal = parse_calendar(fixture_bytes("google-export.ics"))
    days = [date(2026, 2, 13) + timedelta(d) for d in range(3)]  # Fri..Sun
    layouts = layout_days(cal.occurrences("f", *range_bounds(days, chicago)), days, chicago)
    assert [[o.title for o in day.all_day] for day in layouts] == [["Ski weekend"]] * 3
    assert shape(layouts[2]) == [("Sunday call with grandparents", 1140, 1200, 0, 1)]


def test_now_minute_only_on_that_day():
    now = datetime(2026, 3, 5, 13, 45, tzinfo=UTC)
    assert now_minute(now, D, BERLIN) == 14 * 60 + 45
    assert now_minute(now, D + timedelta(1), BERLIN) is None
    assert now_minute(datetime(2026, 3, 5, 23, 30, tzinfo=UTC), D, BERLIN) is None  # already the 6th in Berlin


def test_range_bounds_spans_first_to_last_day():
    days = [date(2026, 3, 2) + timedelta(d) for d in range(7)]
    assert range_bounds(days, BERLIN) == (at(date(2026, 3, 2), 0), at(date(2026, 3, 9), 0))
    with pytest.raises(ValueError):
        range_bounds([], BERLIN)


def places(layout):
    return [(b.occurrence.title, b.left, b.width) for b in layout.blocks]


def test_events_starting_half_an_hour_apart_cascade_so_each_title_reads():
    """As Outlook and Google draw them: the later one is indented and lies on top; the earlier
    keeps the whole width above it."""
    occs = [timed("Review", at(D, 14), at(D, 15)), timed("1:1", at(D, 14, 30), at(D, 15))]
    assert places(layout_day(occs, D, BERLIN)) == [("Review", 0.0, 1.0), ("1:1", 0.25, 0.75)]


def test_events_starting_together_sit_side_by_side():
    occs = [timed("A", at(D, 9), at(D, 10)), timed("B", at(D, 9, 15), at(D, 10))]
    assert places(layout_day(occs, D, BERLIN)) == [("A", 0.0, 0.5), ("B", 0.5, 0.5)]


def test_a_deep_cascade_keeps_a_readable_width():
    occs = [timed(t, at(D, 8 + i), at(D, 18)) for i, t in enumerate("ABCDEF")]
    lefts = [left for _, left, _ in places(layout_day(occs, D, BERLIN))]
    assert lefts == [0.0, 0.25, 0.5, 0.75, 0.75, 0.75]  # never narrower than a quarter


def test_one_crowded_pair_puts_its_whole_cluster_side_by_side():
    occs = [timed("A", at(D, 9), at(D, 11)), timed("B", at(D, 10), at(D, 11)), timed("C", at(D, 10, 10), at(D, 11))]
    assert [(round(left, 3), round(width, 3)) for _, left, width in places(layout_day(occs, D, BERLIN))] == [
        (0.0, 0.333), (0.333, 0.333), (0.667, 0.333)]


def test_short_blocks_are_marked_for_one_line():
    occs = [timed("Stand-up", at(D, 9, 30), at(D, 9, 45)), timed("Hour", at(D, 11), at(D, 12))]
    assert [b.short for b in layout_day(occs, D, BERLIN).blocks] == [True, False]


def test_more_overlapping_events_than_fit_keep_the_first_columns_and_show_more_for_the_rest():
    from daypane.core.calendar.layout import layout_day
    from datetime import datetime as _dt
    from zoneinfo import ZoneInfo
    from daypane.core.model import Occurrence
    tz = ZoneInfo("Europe/Berlin")

    def ev(n: int, hour: int, minute: int = 0, hours: int = 1) -> Occurrence:
        start = _dt(2026, 3, 4, hour, minute, tzinfo=tz)
        return Occurrence(calendar_id="c", uid=f"e{n}", title=f"Event {n}", start=start,
                          end=start.replace(hour=hour + hours))
    crowd = [ev(n, 9) for n in range(5)] + [ev(9, 15)]
    layout = layout_day(crowd, _dt(2026, 3, 4).date(), tz, max_columns=3)
    assert [b.occurrence.title for b in layout.blocks] == ["Event 0", "Event 1", "Event 9"]
    assert len(layout.more) == 1
    more = layout.more[0]
    assert [o.title for o in more.occurrences] == ["Event 2", "Event 3", "Event 4"]
    assert (more.start_minute, more.end_minute, more.left, more.width) == (540, 600, 2 / 3, 1 / 3)
    # Without a limit, every event has its column.
    assert not layout_day(crowd, _dt(2026, 3, 4).date(), tz).more
