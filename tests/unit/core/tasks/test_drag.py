"""Dragging tasks onto the calendar and moving blocks (core.tasks.drag): the browser passes
pixels or keys; where the block lands is decided here, on a 15-minute grid, inside the day."""

from datetime import date, time

import pytest

from daypane.core.tasks import drag
from daypane.core.tasks.model import TaskList

DAY = date(2026, 3, 4)


def book() -> TaskList:
    return (TaskList()
            .add("Plain", id="p", created="")
            .add("Estimated", id="e", created="", estimate_minutes=90)
            .add("Block", id="b", created="", scheduled=DAY, start=time(10), duration_minutes=45))


def block(tasks, task_id="b"):
    task = tasks.get(task_id)
    return task.scheduled, task.start, task.duration_minutes


@pytest.mark.parametrize(("minute", "snapped"), [(0, 0), (14.9, 0), (15, 15), (611, 600), (-30, 0), (1439, 1425), (5000, 1425)])
def test_snap_is_the_15_minute_slot_under_the_pointer_inside_the_day(minute, snapped):
    assert drag.snap(minute) == snapped


def test_minute_at_reads_pixels_with_the_grid_s_hour_height():
    assert drag.minute_at(44 * 9.5, 44) == 570
    assert drag.minute_at(44 * 9.5 - 1, 44) == 555


def test_a_dropped_task_lasts_its_block_then_its_estimate_then_30_minutes():
    assert block(drag.place(book(), "p", DAY, 540), "p") == (DAY, time(9), 30)
    assert block(drag.place(book(), "e", DAY, 540), "e") == (DAY, time(9), 90)
    assert block(drag.place(book(), "b", date(2026, 3, 5), 600), "b") == (date(2026, 3, 5), time(10), 45)


def test_a_block_dropped_late_in_the_day_starts_earlier_so_it_ends_by_midnight():
    assert block(drag.place(book(), "e", DAY, 23 * 60 + 30), "e") == (DAY, time(22, 30), 90)


def test_a_moved_block_keeps_where_it_was_grabbed_and_rounds_to_the_nearest_step():
    # Grabbed 20 minutes below its top; the pointer is now at 11:27, so the top is near 11:07 -> 11:00.
    assert drag.snap(drag.moved_top(11 * 60 + 27, 20)) == 660
    assert drag.snap(drag.moved_top(11 * 60 + 35, 20)) == 675


def test_resize_snaps_the_end_up_keeps_15_minutes_and_stops_at_midnight():
    assert block(drag.resize(book(), "b", 11 * 60 + 1)) == (DAY, time(10), 75)
    assert block(drag.resize(book(), "b", 9 * 60)) == (DAY, time(10), 15)
    assert block(drag.resize(book(), "b", 2000)) == (DAY, time(10), 14 * 60)


def test_resizing_or_nudging_a_task_without_a_block_is_refused_with_its_title():
    with pytest.raises(ValueError, match="“Plain” has no time block"):
        drag.resize(book(), "p", 600)
    with pytest.raises(ValueError, match="“Plain” has no time block"):
        drag.nudge(book(), "p", drag.Nudge(minutes=15))


def test_back_on_the_list_a_block_has_no_day_and_its_length_becomes_the_estimate():
    tasks = drag.unschedule(book(), "b")
    task = tasks.get("b")
    assert (task.scheduled, task.start, task.duration_minutes, task.estimate_minutes) == (None, None, None, 45)
    kept = drag.unschedule(book().set_estimate("b", 120), "b").get("b")
    assert kept.estimate_minutes == 120  # an estimate the user gave is theirs


@pytest.mark.parametrize(("key", "shift", "expected"), [
    ("ArrowUp", False, (DAY, time(9, 45), 45)),
    ("ArrowDown", False, (DAY, time(10, 15), 45)),
    ("ArrowLeft", False, (date(2026, 3, 3), time(10), 45)),
    ("ArrowRight", False, (date(2026, 3, 5), time(10), 45)),
    ("ArrowUp", True, (DAY, time(10), 30)),
    ("ArrowDown", True, (DAY, time(10), 60)),
    ("ArrowRight", True, (date(2026, 3, 5), time(10), 45)),  # Shift only changes Up and Down
])
def test_alt_arrows_move_a_block_by_15_minutes_or_a_day_and_with_shift_resize_it(key, shift, expected):
    assert block(drag.nudge(book(), "b", drag.nudge_for(key, shift))) == expected


def test_other_keys_are_not_nudges():
    assert drag.nudge_for("Enter", False) is None and drag.nudge_for("a", True) is None


def test_nudges_stop_at_the_day_s_edges():
    early = book().schedule_block("b", DAY, time(0, 5), 30)
    assert block(drag.nudge(early, "b", drag.Nudge(minutes=-15))) == (DAY, time(0), 30)
    late = book().schedule_block("b", DAY, time(23, 30), 30)
    assert block(drag.nudge(late, "b", drag.Nudge(minutes=15))) == (DAY, time(23, 30), 30)
    assert block(drag.nudge(book().schedule_block("b", DAY, time(10), 15), "b", drag.Nudge(grow=-15))) == (DAY, time(10), 15)


def test_where_a_block_is_for_the_note_after_a_move():
    assert drag.where(book().get("b")) == "Wed 4 Mar 10:00–10:45"
    assert drag.where(book().get("p")) == "the list"
