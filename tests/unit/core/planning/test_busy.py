"""Which events block planning time: busy, tentative, oof and unknown do; free, cancelled and
workingElsewhere never do; all-day events only when busy or oof."""

from datetime import date, timedelta

import pytest

from daypane.core.planning import is_busy
from daypane.core.planning.busy import busy_spans
from daypane.core.planning.spans import day_bounds, utc

from .support import BERLIN, MONDAY, at, event


@pytest.mark.parametrize("show_as", ["busy", "tentative", "oof", "unknown", "somethingNew"])
def test_timed_events_block_unless_marked_free(show_as):
    """A tentative meeting may still happen, an unknown value is read on the safe side."""
    assert is_busy(event(at(10), at(11), show_as=show_as))


@pytest.mark.parametrize("show_as", ["free", "workingElsewhere"])
def test_free_and_working_elsewhere_never_block(show_as):
    """workingElsewhere says where the user works, not that they are taken."""
    assert not is_busy(event(at(10), at(11), show_as=show_as))
    assert not is_busy(event(MONDAY, MONDAY + timedelta(days=1), show_as=show_as))


@pytest.mark.parametrize("show_as", ["busy", "tentative", "oof"])
def test_cancelled_events_never_block(show_as):
    """A cancelled event will not happen, whatever its show_as still says."""
    assert not is_busy(event(at(10), at(11), show_as=show_as, status="cancelled"))


@pytest.mark.parametrize(("show_as", "blocks"), [
    ("busy", True), ("oof", True), ("tentative", False), ("unknown", False), ("free", False)])
def test_all_day_events_block_only_when_busy_or_out_of_office(show_as, blocks):
    """All-day entries are mostly markers (holidays, birthdays): only a busy or oof one empties a day."""
    assert is_busy(event(MONDAY, MONDAY + timedelta(days=1), show_as=show_as)) is blocks


def test_busy_spans_keep_events_spanning_midnight_whole():
    """An overnight event is one UTC span, not cut at midnight: the planner cuts it to working
    hours itself, and an event just after midnight still gets its buffer."""
    night = event(at(22, day=date(2026, 3, 29)), at(9, 30))
    assert busy_spans([night], BERLIN) == [(utc(night.start), utc(night.end))]


def test_busy_spans_cover_the_whole_days_of_an_all_day_absence():
    """Four days of oof (end exclusive) are their four days in the zone, a DST change included."""
    trip = event(date(2026, 3, 28), date(2026, 4, 1), show_as="oof")
    ((start, end),) = busy_spans([trip], BERLIN)
    assert (start, end) == (day_bounds(date(2026, 3, 28), BERLIN)[0], day_bounds(date(2026, 4, 1), BERLIN)[0])
    assert end - start == timedelta(days=4, hours=-1)


def test_busy_spans_refuse_a_timed_event_without_a_zone():
    """Occurrences carry aware datetimes; a naive one is a caller's bug, said clearly."""
    naive = event(at(10).replace(tzinfo=None), at(11).replace(tzinfo=None), title="Naive")
    with pytest.raises(ValueError, match="Naive"):
        busy_spans([naive], BERLIN)
