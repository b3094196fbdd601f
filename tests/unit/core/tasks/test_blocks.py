"""Time blocks drawn on the calendar (core.tasks.blocks): like events, in their list's colour."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from daypane.core.tasks.blocks import block_occurrences, unblocked_for_day
from daypane.core.tasks.model import TaskList

BERLIN = ZoneInfo("Europe/Berlin")
DAY = date(2026, 3, 4)


def tasks() -> TaskList:
    return (TaskList().add("Write", id="w", created="", scheduled=DAY, start=time(15), duration_minutes=45,
                           list="Office")
            .add("Read", id="r", created="", scheduled=DAY)
            .add("Later", id="l", created="", scheduled=date(2026, 3, 5), start=time(9), duration_minutes=30))


def test_blocks_of_the_shown_days_are_occurrences_in_the_zone_with_one_calendar_per_list():
    found, calendars = block_occurrences(tasks(), [DAY], BERLIN)
    assert [(o.title, o.start, o.end, o.calendar_id) for o in found] == [
        ("Write", datetime(2026, 3, 4, 15, tzinfo=BERLIN), datetime(2026, 3, 4, 15, 45, tzinfo=BERLIN), "tasks:Office")]
    assert [(c.key, c.name) for c in calendars] == [("tasks:Office", "Office")]
    assert calendars[0].color == tasks().color_of("Office")


def test_a_day_heading_lists_only_the_tasks_without_a_block():
    assert [t.title for t in unblocked_for_day(tasks(), DAY)] == ["Read"]


def test_a_done_block_says_done_and_is_not_drawn_as_a_cancelled_meeting():
    block = block_occurrences(tasks().toggle("w", True), [DAY], BERLIN)[0][0]
    assert block.title == "Done: Write" and not block.cancelled
