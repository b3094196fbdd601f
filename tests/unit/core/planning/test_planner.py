"""plan_day places tasks greedily (priority, due, order) into the earliest slot that fits, with
buffers, inside working hours and after now; what does not fit is said in a sentence."""

from datetime import date, time, timedelta

import pytest

from daypane.core.planning import (
    PlanTask,
    WorkingHours,
    format_duration,
    next_working_day,
    plan_day,
)

from .support import BERLIN, MONDAY, at, event, hm

EARLY = at(7)  # a "now" before the working day starts


def plan(tasks, **options):
    options.setdefault("day", MONDAY)
    options.setdefault("tz", BERLIN)
    options.setdefault("now", EARLY)
    return plan_day(tasks, **options)


def placed(result):
    return [(b.task_id, *hm(b)) for b in result.blocks]


def test_an_empty_day_places_tasks_back_to_back_with_the_buffer():
    """No events: 09:00 onwards, 5 minutes between blocks, the default estimate is 30 minutes."""
    result = plan([PlanTask("a", "A", 60, order=0), PlanTask("b", "B", None, order=1)])
    assert placed(result) == [("a", "09:00", "10:00"), ("b", "10:05", "10:35")]
    assert result.unplaced == ()


def test_order_is_priority_then_due_date_then_list_order():
    """high before medium before low before none; earlier due first, no due last; then order."""
    tasks = [
        PlanTask("none", "N", 30, "none", order=0),
        PlanTask("low", "L", 30, "low", order=1),
        PlanTask("med-late", "ML", 30, "medium", due=date(2026, 4, 9), order=2),
        PlanTask("med-nodue", "MN", 30, "medium", order=3),
        PlanTask("med-soon", "MS", 30, "medium", due=date(2026, 3, 31), order=4),
        PlanTask("high-2", "H2", 30, "high", order=6),
        PlanTask("high-1", "H1", 30, "high", order=5),
    ]
    order = [b.task_id for b in plan(tasks).blocks]
    assert order == ["high-1", "high-2", "med-soon", "med-late", "med-nodue", "low", "none"]


def test_the_order_the_caller_passes_tasks_in_does_not_matter():
    """Ties are broken by the task's fields (and finally its id), never by position."""
    tasks = [PlanTask(str(i), f"T{i}", 25, order=i % 3) for i in range(8)]
    assert plan(tasks) == plan(list(reversed(tasks)))


def test_tasks_go_around_a_meeting_with_a_buffer_on_both_sides():
    """A meeting 10:00-11:00: a 45-minute task fits 09:00-09:45 (buffer to 09:55 is fine), a
    60-minute one cannot end within 5 minutes of the meeting, so it starts at 11:05."""
    meeting = event(at(10), at(11))
    result = plan([PlanTask("long", "Long", 60, "high"), PlanTask("short", "Short", 45)], events=[meeting])
    assert placed(result) == [("short", "09:00", "09:45"), ("long", "11:05", "12:05")]


def test_a_later_smaller_task_fills_an_earlier_gap():
    """Greedy by priority: the big task goes after the meeting, the small one takes the gap."""
    meeting = event(at(9, 40), at(10))
    result = plan([PlanTask("big", "Big", 120, "high"), PlanTask("small", "Small", 30, "low")], events=[meeting])
    assert placed(result) == [("small", "09:00", "09:30"), ("big", "10:05", "12:05")]


def test_free_tentative_and_cancelled_events_are_treated_by_the_busy_rules():
    """Only the tentative one blocks here; the free and cancelled ones are planned over."""
    events = [
        event(at(9), at(10), show_as="free"),
        event(at(9), at(10), status="cancelled"),
        event(at(10, 35), at(11), show_as="tentative"),
    ]
    # 09:00-10:30 is free up to the tentative meeting's buffer: 90 minutes fit, 95 do not.
    assert placed(plan([PlanTask("a", "A", 90)], events=events)) == [("a", "09:00", "10:30")]
    assert placed(plan([PlanTask("a", "A", 95)], events=events)) == [("a", "11:05", "12:40")]
    assert placed(plan([PlanTask("a", "A", 60)], events=events)) == [("a", "09:00", "10:00")]


def test_overlapping_busy_events_block_their_union():
    """Two meetings that overlap leave no gap between them, and the buffer is after the later end."""
    events = [event(at(9), at(10, 30)), event(at(10), at(11, 15))]
    assert placed(plan([PlanTask("a", "A", 30)], events=events)) == [("a", "11:20", "11:50")]


def test_existing_blocks_stay_and_are_planned_around_even_over_events():
    """A kept block that overlaps a meeting changes nothing of either; new blocks keep clear of both."""
    kept = [(at(9), at(9, 30)), (at(10, 30), at(11, 30))]
    # 09:35-10:25 (50 minutes) lies between the kept blocks; the meeting ends the second's shadow.
    result = plan([PlanTask("a", "A", 55)], events=[event(at(11), at(12))], existing_blocks=kept)
    assert placed(result) == [("a", "12:05", "13:00")]
    result = plan([PlanTask("a", "A", 20)], events=[event(at(11), at(12))], existing_blocks=kept)
    assert placed(result) == [("a", "09:35", "09:55")]


def test_an_all_day_busy_event_leaves_nothing_free():
    """A day off (all-day oof) empties the day; the message says nothing is free."""
    off = event(MONDAY, MONDAY + timedelta(days=1), show_as="oof")
    result = plan([PlanTask("a", "Write", 30)], events=[off])
    assert result.blocks == ()
    assert result.unplaced[0].message == "Write (30m) does not fit: nothing is free"


def test_what_does_not_fit_is_unplaced_with_the_free_time_in_words():
    """The sentence names the task, its length and the usable free time left at its turn."""
    meetings = [event(at(9, 30), at(12)), event(at(12, 30), at(15))]
    result = plan([PlanTask("p", "Paint the lighthouse", 240)], events=meetings,
                  now=at(9, 1))
    (unplaced,) = result.unplaced
    # 09:05-09:25, 12:05-12:25 and 15:05-17:00: 20 + 20 + 115 minutes.
    assert (unplaced.needed_minutes, unplaced.free_minutes_total) == (240, 155)
    assert unplaced.message == "Paint the lighthouse (4h) does not fit: 2h 35m free"


def test_nothing_is_placed_before_now_rounded_up_to_five_minutes():
    """At 10:02 the first block starts at 10:05; exactly on a mark it starts there."""
    assert placed(plan([PlanTask("a", "A", 30)], now=at(10, 2))) == [("a", "10:05", "10:35")]
    assert placed(plan([PlanTask("a", "A", 30)], now=at(10, 5))) == [("a", "10:05", "10:35")]


def test_blocks_start_on_the_five_minute_grid_after_an_odd_meeting_end():
    """A meeting ending at 10:07 (+5 buffer = 10:12) is followed by a block at 10:15."""
    result = plan([PlanTask("a", "A", 30)], events=[event(at(9), at(10, 7))])
    assert placed(result) == [("a", "10:15", "10:45")]


def test_a_weekend_day_leaves_everything_unplaced_with_a_clear_message():
    """No working hours on Saturday: nothing is placed, each task says why, in plan order."""
    saturday = date(2026, 4, 4)
    result = plan([PlanTask("a", "Read", 30), PlanTask("b", "Call", 15, "high")], day=saturday,
                  now=at(7, day=saturday))
    assert result.blocks == ()
    assert [u.task_id for u in result.unplaced] == ["b", "a"]
    assert result.unplaced[1].message == "Read (30m) is not planned: Saturday has no working hours"


def test_now_after_the_working_day_leaves_everything_unplaced():
    """At 17:30 the day is over: nothing is placed in the past, and the message says so."""
    result = plan([PlanTask("a", "Read", 45)], now=at(17, 30))
    assert result.blocks == ()
    assert result.unplaced[0].message == "Read (45m) is not planned: this day's working hours are over"
    assert result.unplaced[0].free_minutes_total == 0


def test_custom_working_hours_and_buffer():
    """Saturday 10:00-12:00 with a 15-minute buffer."""
    hours = WorkingHours((None,) * 5 + ((time(10), time(12)), None))
    saturday = date(2026, 4, 4)
    result = plan([PlanTask("a", "A", 30), PlanTask("b", "B", 30)], day=saturday,
                  now=at(7, day=saturday), hours=hours, buffer_minutes=15)
    assert placed(result) == [("a", "10:00", "10:30"), ("b", "10:45", "11:15")]


def test_a_zero_estimate_uses_the_default_estimate():
    """Task allows 0 minutes; a zero-length block cannot be shown, so it is planned as 30."""
    assert placed(plan([PlanTask("a", "A", 0)])) == [("a", "09:00", "09:30")]


def test_bad_input_is_refused_with_a_sentence():
    """Unknown priorities, negative estimates, duplicate ids and naive times are the caller's bugs."""
    with pytest.raises(ValueError, match="priority"):
        PlanTask("a", "A", priority="urgent")
    with pytest.raises(ValueError, match="negative"):
        PlanTask("a", "A", -5)
    with pytest.raises(ValueError, match="own id"):
        plan([PlanTask("a", "A"), PlanTask("a", "B")])
    with pytest.raises(ValueError, match="time zone"):
        plan([PlanTask("a", "A")], now=at(8).replace(tzinfo=None))
    with pytest.raises(ValueError, match="end before"):
        WorkingHours(((time(17), time(9)),) + (None,) * 6)


@pytest.mark.parametrize(("minutes", "words"), [(240, "4h"), (155, "2h 35m"), (45, "45m"), (0, "0m")])
def test_format_duration(minutes, words):
    """Durations in the planner's messages are short: 4h, 2h 35m, 45m."""
    assert format_duration(minutes) == words


def test_next_working_day_skips_days_without_hours():
    """Friday -> Monday with the default week; a week with no hours at all is refused."""
    assert next_working_day(date(2026, 4, 3)) == date(2026, 4, 6)
    assert next_working_day(date(2026, 4, 6)) == date(2026, 4, 7)
    with pytest.raises(ValueError, match="no next working day"):
        next_working_day(MONDAY, WorkingHours((None,) * 7))


def test_an_event_just_after_midnight_still_gets_its_buffer():
    """Working until 23:59 with a meeting at 00:00 the next day: a block must end by 23:55."""
    hours = WorkingHours(((time(20), time(23, 59)),) * 7)
    midnight = event(at(0, day=MONDAY + timedelta(days=1)), at(1, day=MONDAY + timedelta(days=1)))
    fits = plan([PlanTask("a", "A", 55)], hours=hours, now=at(23), events=[midnight])
    assert placed(fits) == [("a", "23:00", "23:55")]
    late = plan([PlanTask("a", "A", 57)], hours=hours, now=at(23), events=[midnight])
    assert late.blocks == () and late.unplaced[0].free_minutes_total == 55
