"""Time blocks drawn on the calendar (core.tasks.blocks): like events, in their list's colour."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from daypane.core.tasks.blocks import BlockMark, block_marks, block_occurrences, overlap_words, unblocked_for_day
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


def _event(title, start, end, **kw):
    from daypane.core.model import Occurrence
    return Occurrence(calendar_id="work", uid=title, title=title, start=start, end=end, **kw)


def at(hour, minute=0, day=DAY):
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def test_a_block_is_marked_with_the_busy_events_it_overlaps_and_free_or_cancelled_ones_do_not_count():
    blocks, _ = block_occurrences(tasks(), [DAY], BERLIN)  # "Write" 15:00-15:45
    events = [_event("Standup", at(15, 30), at(16)), _event("Lunch", at(12), at(13)),
              _event("Focus", at(15), at(16), show_as="free"), _event("Gone", at(15), at(16), status="cancelled"),
              _event("Just after", at(15, 45), at(16, 30))]
    marks = block_marks(tasks(), blocks, events, BERLIN)
    assert marks == {"task-w": BlockMark("w", False, ("Standup",))}
    assert overlap_words(marks["task-w"].overlapping) == "overlaps Standup"


def test_a_long_event_that_started_hours_before_still_counts_and_so_does_a_busy_all_day_one():
    blocks, _ = block_occurrences(tasks(), [DAY], BERLIN)
    events = [_event("Offsite", at(8), at(18)), _event("Short", at(9), at(9, 15)),
              _event("Away", DAY, date(2026, 3, 5), show_as="oof"), _event("Holiday", DAY, date(2026, 3, 5), show_as="free")]
    titles = block_marks(tasks(), blocks, events, BERLIN)["task-w"].overlapping
    assert titles == ("Away", "Offsite")
    assert overlap_words(titles) == "overlaps 2 events"


def test_a_block_without_busy_events_has_a_mark_with_no_overlaps_and_knows_it_is_done():
    done = tasks().toggle("w", True)
    blocks, _ = block_occurrences(done, [DAY], BERLIN)
    assert block_marks(done, blocks, [], BERLIN) == {"task-w": BlockMark("w", True, ())}
