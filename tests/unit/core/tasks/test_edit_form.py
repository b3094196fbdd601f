"""The Edit form's text back as a change: every field, the block rules, the repeat rule, and a
clear sentence for what cannot be saved."""

from datetime import date, time

import pytest

from daypane.core.tasks.edit_form import EditForm, changes, repeat_choices
from daypane.core.tasks.model import Task, TaskList
from daypane.core.tasks.repeat import KEEP

TODAY = date(2026, 3, 4)


def edited(task: Task, **form) -> Task:
    tasks = TaskList((task,))
    return tasks.update(task.id, **changes(task, EditForm(**{"title": task.title, **form}))).get(task.id)


def test_every_field_is_changed():
    task = edited(Task("a", "Old"), title="New", scheduled="2026-03-06", start="09:30", estimate="45m",
                  notes="  bring the forms \n", list="work", priority="high", due="2026-03-09", repeat="weekly")
    assert (task.title, task.scheduled, task.start, task.duration_minutes, task.estimate_minutes) == (
        "New", date(2026, 3, 6), time(9, 30), 45, 45)
    assert (task.notes, task.list, task.priority, task.due) == ("bring the forms", "work", "high", date(2026, 3, 9))
    assert task.recurrence == "FREQ=WEEKLY;BYDAY=FR"  # the scheduled day's weekday


def test_empty_fields_clear_and_an_empty_list_is_the_inbox():
    task = Task("a", "T", notes="n", list="Work", priority="low", due=TODAY, scheduled=TODAY)
    task = edited(task, list="  ", priority="none", repeat="none")
    assert (task.notes, task.list, task.priority, task.due, task.scheduled) == ("", "Inbox", "none", None, None)


def test_a_repeat_counts_from_the_due_date_when_there_is_no_scheduled_day():
    assert edited(Task("a", "T"), due="2026-03-10", repeat="monthly_day").recurrence == "FREQ=MONTHLY;BYMONTHDAY=10"


def test_a_repeating_task_needs_a_day():
    with pytest.raises(ValueError, match="needs a day"):
        changes(Task("a", "T"), EditForm("T", repeat="daily"))


def test_an_untouched_repeat_keeps_its_rule_even_without_a_day():
    task = Task("a", "T", recurrence="FREQ=YEARLY;BYMONTH=3")
    assert edited(task, notes="x", repeat=KEEP).recurrence == "FREQ=YEARLY;BYMONTH=3"


def test_a_block_keeps_its_length_else_takes_the_estimate_else_30_minutes():
    blocked = Task("a", "T", scheduled=TODAY, start=time(9), duration_minutes=50)
    assert edited(blocked, scheduled="2026-03-04", start="10:00").duration_minutes == 50
    assert edited(Task("b", "T"), scheduled="2026-03-04", start="10:00", estimate="1h").duration_minutes == 60
    assert edited(Task("c", "T"), scheduled="2026-03-04", start="10:00").duration_minutes == 30


@pytest.mark.parametrize(("form", "words"), [
    ({"start": "10:00"}, "needs a day"),
    ({"scheduled": "tomorrow"}, "is not a day for “Scheduled for”"),
    ({"due": "2026-02-31"}, "is not a day for “Due”"),
    ({"scheduled": "2026-03-04", "start": "25:00"}, "is not a time"),
    ({"priority": "urgent"}, "not a priority"),
    ({"estimate": "soon"}, "not a duration"),
])
def test_what_cannot_be_saved_says_why(form, words):
    with pytest.raises(ValueError, match=words):
        changes(Task("a", "T"), EditForm("T", **form))


def test_the_choices_follow_the_day_in_the_form():
    task = Task("a", "T", scheduled=TODAY, recurrence="FREQ=WEEKLY;BYDAY=WE")
    assert repeat_choices(task, TODAY)[3].label == "Weekly on Wednesday"
    moved = repeat_choices(task, TODAY, scheduled="2026-03-05")
    assert moved[3].label == "Weekly on Thursday" and moved[-1].label == "Custom (FREQ=WEEKLY;BYDAY=WE)"
    assert repeat_choices(Task("b", "T"), TODAY, due="2026-03-06")[3].label == "Weekly on Friday"
    assert repeat_choices(Task("b", "T"), TODAY, scheduled="garbled")[3].label == "Weekly on Wednesday"
