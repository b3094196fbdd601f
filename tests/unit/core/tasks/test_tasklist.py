"""TaskList v2 operations: fields, lists and colours, time blocks, and completing a repeating
task, which keeps the done one and adds the next occurrence exactly once."""

from datetime import date, datetime, time

import pytest

from daypane.core.tasks.lists import INBOX, INBOX_COLOR, PALETTE
from daypane.core.tasks.tasklist import Block, TaskList

NOW = "2026-03-06T18:00:00+01:00"  # a Friday evening
FRI, SAT, MON = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 9)


def one(**fields) -> TaskList:
    return TaskList().add("Water plants", id="a", created="2026-03-01T09:00:00", **fields)


def test_add_with_fields_and_the_defaults():
    plain = one().get("a")
    assert (plain.list, plain.priority, plain.notes, plain.due, plain.recurrence) == (INBOX, "none", "", None, "")
    full = one(list=" Home ", priority="high", due=MON, notes="Balcony too").get("a")
    assert (full.list, full.priority, full.due, full.notes) == ("Home", "high", MON, "Balcony too")


def test_add_refuses_what_update_refuses():
    with pytest.raises(ValueError, match="not a priority"):
        one(priority="asap")
    with pytest.raises(ValueError, match="needs a title"):
        TaskList().add(" ", id="x")


def test_update_checks_the_fields_together_and_leaves_the_original():
    tasks = one()
    blocked = tasks.update("a", scheduled=FRI, start=time(9), duration_minutes=30)
    assert tasks.get("a").scheduled is None and blocked.get("a").has_block
    with pytest.raises(ValueError, match="^A start time needs a scheduled day"):
        blocked.update("a", scheduled=None)  # the block would be left without its day
    with pytest.raises(KeyError):
        tasks.update("nope", title="x")


def test_schedule_block_unschedule_and_schedule_none():
    tasks = one().schedule_block("a", FRI, time(14, 30), 45)
    task = tasks.get("a")
    assert (task.scheduled, task.start, task.duration_minutes) == (FRI, time(14, 30), 45)
    moved = tasks.schedule("a", MON).get("a")
    assert (moved.scheduled, moved.start, moved.duration_minutes) == (MON, time(14, 30), 45)  # the hours stay
    for cleared in (tasks.unschedule("a").get("a"), tasks.schedule("a", None).get("a")):
        assert (cleared.scheduled, cleared.start, cleared.duration_minutes) == (None, None, None)
    with pytest.raises(ValueError, match="at least one minute"):
        tasks.schedule_block("a", FRI, time(9), 0)


def test_a_new_list_gets_a_free_colour_once_and_keeps_it():
    tasks = one().add("Report", id="b", list="Work").add("Slides", id="c", list="work")
    assert tasks.get("c").list == "Work"  # the known list, not a second one
    assert tasks.lists == ((INBOX, INBOX_COLOR), ("Work", PALETTE[0]))
    tasks = tasks.add("Dig", id="d", list="Garden").set_list_color("work", "#123ABC")
    assert tasks.color_of("Work") == "#123abc" and tasks.color_of("Garden") == PALETTE[1]
    assert tasks.list_names() == (INBOX, "Work", "Garden")
    assert tasks.set_list_color("Later", "#000000").list_names()[-1] == "Later"  # a list before its tasks
    with pytest.raises(ValueError, match="not a colour"):
        tasks.set_list_color("Work", "blue")


def test_toggle_records_when_a_task_was_done_and_undo_clears_it():
    done = one().toggle("a", True, NOW)
    assert done.get("a").done and done.get("a").completed == NOW
    assert done.toggle("a", True, "2026-03-07T08:00:00") == done  # already done: unchanged
    again = done.toggle("a", False)
    assert not again.get("a").done and again.get("a").completed == ""
    assert len(done.tasks) == 1  # not repeating: nothing new
    assert one().toggle("a", True, datetime(2026, 3, 6, 18, 0)).get("a").completed == "2026-03-06T18:00:00"


def test_completing_a_repeating_task_adds_the_next_after_its_planned_day():
    tasks = one(scheduled=FRI, due=SAT, recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", list="Home",
                priority="low", start=time(8), duration_minutes=15).add("Other", id="z")
    done = tasks.toggle("a", True, NOW, "a2")
    assert [t.id for t in done.tasks] == ["a", "a2", "z"]  # the next one right after the done one
    finished, following = done.get("a"), done.get("a2")
    assert finished.done and finished.completed == NOW and finished.next_id == "a2"
    assert (following.scheduled, following.due) == (MON, date(2026, 3, 10))  # due moved as much: 3 days
    assert not following.done and following.completed == "" and following.created == NOW
    assert (following.title, following.list, following.priority, following.start, following.recurrence) == \
        ("Water plants", "Home", "low", time(8), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")


def test_undo_keeps_the_next_and_completing_again_adds_no_second():
    done = one(scheduled=FRI, recurrence="FREQ=DAILY").toggle("a", True, NOW, "a2")
    reopened = done.toggle("a", False)
    assert [t.id for t in reopened.tasks] == ["a", "a2"] and not reopened.get("a").done
    redone = reopened.toggle("a", True, NOW, "a3")
    assert [t.id for t in redone.tasks] == ["a", "a2"]
    gone, _ = reopened.remove("a2")  # the next one deleted: completing again makes a new one
    assert [t.id for t in gone.toggle("a", True, NOW, "a3").tasks] == ["a", "a3"]


def test_the_next_of_an_unplanned_task_counts_from_today_or_its_due_date():
    unplanned = one(recurrence="FREQ=WEEKLY;BYDAY=MO").toggle("a", True, NOW, "a2").get("a2")
    assert (unplanned.scheduled, unplanned.due) == (MON, None)  # the first Monday after today
    due_only = one(due=date(2026, 3, 2), recurrence="FREQ=MONTHLY;BYDAY=-1FR").toggle("a", True, NOW, "a2")
    assert (due_only.get("a2").scheduled, due_only.get("a2").due) == (None, date(2026, 3, 27))


def test_a_rule_that_has_ended_just_completes():
    done = one(scheduled=FRI, recurrence="FREQ=DAILY;UNTIL=20260306").toggle("a", True, NOW, "a2")
    assert [t.id for t in done.tasks] == ["a"] and done.get("a").done


def test_completing_a_repeating_task_needs_an_id_for_the_next():
    tasks = one(scheduled=FRI, recurrence="FREQ=DAILY")
    with pytest.raises(TypeError):
        tasks.toggle("a", True, NOW)
    with pytest.raises(ValueError, match="already exists"):
        tasks.toggle("a", True, NOW, "a")


def test_blocks_for_the_calendar_by_start_time():
    tasks = (TaskList().add("Late", id="l", scheduled=FRI, start=time(16), duration_minutes=60)
             .add("Early", id="e", scheduled=FRI, start=time(9), duration_minutes=30)
             .add("Day only", id="d", scheduled=FRI)
             .add("Monday", id="m", scheduled=MON, start=time(10), duration_minutes=90)
             .toggle("e", True, NOW))
    blocks = tasks.blocks_for([FRI, SAT])
    assert [b.task.id for b in blocks] == ["e", "l"]  # done ones too; no block, no entry
    assert blocks[0] == Block(tasks.get("e"), datetime(2026, 3, 6, 9), datetime(2026, 3, 6, 9, 30))
    assert [b.task.id for b in tasks.blocks_for([MON])] == ["m"]
    assert [t.id for t in tasks.for_day(FRI)] == ["l", "e", "d"]


def test_remove_and_restore_keep_the_list_colours():
    tasks = one(list="Home")
    smaller, removed = tasks.remove("a")
    assert smaller.lists == tasks.lists and smaller.restore(removed) == tasks
