"""DST change days plan in real time (Europe/Berlin 2026-03-29 and 2026-10-25), and split (off
by default) cuts a task that fits no single slot into pieces of at least 15 minutes."""

from datetime import UTC, date, datetime, time, timedelta

from daypane.core.planning import PlanTask, WorkingHours, plan_day
from daypane.core.planning.spans import day_bounds, wall

from .support import BERLIN, MONDAY, at, event, hm

SPRING = date(2026, 3, 29)  # a Sunday: 02:00 CET -> 03:00 CEST
AUTUMN = date(2026, 10, 25)  # a Sunday: 03:00 CEST -> 02:00 CET
EVERY_DAY = WorkingHours(((time(0), time(23, 59)),) * 7)


def test_dst_days_are_23_and_25_hours_long():
    """Day bounds are real instants, not wall-clock arithmetic."""
    for day, hours in ((SPRING, 23), (AUTUMN, 25), (MONDAY, 24)):
        start, end = day_bounds(day, BERLIN)
        assert end - start == timedelta(hours=hours)


def test_a_time_in_the_spring_gap_moves_forward_as_rfc_5545_says():
    """02:30 does not exist on 2026-03-29: it is read with the offset before the gap (03:30 CEST)."""
    assert wall(SPRING, time(2, 30), BERLIN) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_blocks_across_the_spring_change_last_their_real_length():
    """From 01:00 a 2-hour task ends at 04:00 CEST: two hours passed though the clock moved three."""
    result = plan_day([PlanTask("a", "A", 120)], day=SPRING, tz=BERLIN, now=at(0, day=SPRING),
                      hours=EVERY_DAY, events=[event(at(0, day=SPRING), at(0, 55, day=SPRING))])
    (block,) = result.blocks
    assert hm(block) == ("01:00", "04:00")
    # Python subtracts two datetimes of one tzinfo by their wall clocks: callers convert first.
    assert block.end - block.start == timedelta(hours=3)
    assert block.end.astimezone(UTC) - block.start.astimezone(UTC) == timedelta(hours=2)


def test_blocks_across_the_autumn_change_last_their_real_length():
    """From 01:30 CEST a 2-hour task ends at 02:30 CET, the second 02:30 of the night."""
    result = plan_day([PlanTask("a", "A", 120)], day=AUTUMN, tz=BERLIN,
                      now=at(1, 30, day=AUTUMN), hours=EVERY_DAY)
    (block,) = result.blocks
    assert block.start.astimezone(UTC) == datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    assert block.end.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert (hm(block), block.end.fold) == (("01:30", "02:30"), 1)


def test_the_free_time_of_a_25_hour_day_counts_the_extra_hour():
    """Working 00:00-23:59 on the autumn day holds 24h 59m, one hour more than the clock span."""
    result = plan_day([PlanTask("a", "A", 100_000)], day=AUTUMN, tz=BERLIN,
                      now=at(0, day=AUTUMN), hours=EVERY_DAY)
    assert result.unplaced[0].free_minutes_total == 24 * 60 + 59


def test_split_is_off_by_default():
    """A 3-hour task with meetings every 2 hours does not fit whole, so it stays unplaced."""
    meetings = [event(at(11), at(12)), event(at(14), at(15))]
    result = plan_day([PlanTask("a", "A", 180)], day=MONDAY, tz=BERLIN, now=at(7), events=meetings,
                      hours=WorkingHours(((time(9), time(16)),) * 5 + (None, None)))
    assert result.blocks == () and result.unplaced[0].task_id == "a"


def test_split_cuts_a_long_task_around_meetings():
    """Pieces fill the earliest slots (09:00-10:55, 12:05-13:55 ...), summing to the estimate."""
    meetings = [event(at(11), at(12)), event(at(14), at(15))]
    result = plan_day([PlanTask("a", "A", 180)], day=MONDAY, tz=BERLIN, now=at(7), events=meetings,
                      split=True)
    assert [hm(b) for b in result.blocks] == [("09:00", "10:55"), ("12:05", "13:10")]
    assert result.unplaced == ()


def test_split_prefers_one_piece_when_a_slot_holds_the_whole_task():
    """Splitting is for tasks that fit nowhere whole: focus time is not cut needlessly."""
    meetings = [event(at(10), at(11))]
    result = plan_day([PlanTask("a", "A", 90)], day=MONDAY, tz=BERLIN, now=at(7), events=meetings,
                      split=True)
    assert [hm(b) for b in result.blocks] == [("11:05", "12:35")]


def test_split_never_leaves_a_sliver_and_never_plans_half_a_task():
    """A 25-minute remainder after a 2h slot is not cut to 5 minutes; a task the whole day cannot
    hold is left unplaced in one piece."""
    meetings = [event(at(11, 5), at(12))]  # leaves 09:00-11:00 (120 min), then 12:05-17:00
    result = plan_day([PlanTask("a", "A", 130)], day=MONDAY, tz=BERLIN, now=at(7), events=meetings,
                      split=True, hours=WorkingHours(((time(9), time(12, 20)),) * 5 + (None, None)))
    # 120 + 15 free: a piece of 115 then 15 (no 10-minute sliver).
    assert [hm(b) for b in result.blocks] == [("09:00", "10:55"), ("12:05", "12:20")]
    too_big = plan_day([PlanTask("a", "A", 600)], day=MONDAY, tz=BERLIN, now=at(7), events=meetings,
                       split=True)
    assert too_big.blocks == () and too_big.unplaced[0].needed_minutes == 600
