"""A file's to-dos into the task list: one change, no duplicates on re-import, Daypane's own
export recreating the same tasks, and nothing left out silently."""

from datetime import date, datetime, time, timezone
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from daypane.core.tasks.ical import export_tasks
from daypane.core.tasks.ical_import import ImportedTask, TaskImport, import_tasks
from daypane.core.tasks.import_merge import FileParts, add_imported, file_parts, task_id_for
from daypane.core.tasks.model import TaskList

BERLIN = ZoneInfo("Europe/Berlin")
NOW = "2026-03-04T10:30:00+01:00"


def ids():
    numbers = count(1)
    return lambda: f"new-{next(numbers)}"


def merged(tasks: TaskList, data, **kwargs):
    read = import_tasks(data, tz=BERLIN)
    return (*add_imported(tasks, read, now=NOW, new_id=ids(), **kwargs), read)


def test_thunderbird_tasks_become_tasks_and_a_second_import_adds_none(fixture_bytes):
    data = fixture_bytes("thunderbird-tasks.ics")
    tasks, outcome, read = merged(TaskList(), data)
    assert outcome.message(read) == "Imported 4 tasks."
    taxes, receipts, paper, bike = tasks.tasks
    assert (taxes.title, taxes.list, taxes.priority, taxes.start, taxes.duration_minutes) == (
        "Steuererklärung abgeben", "Finanzen", "high", time(9), 120)
    assert taxes.created == "2026-02-10T08:15:00+00:00"
    # 07:00 with no length is a reminder time, not a block: the day is kept.
    assert (paper.recurrence, paper.scheduled, paper.start) == ("FREQ=WEEKLY;BYDAY=MO", date(2026, 3, 2), None)
    assert bike.done and bike.completed == "2026-02-15T16:30:00+00:00" and not receipts.done
    assert receipts.list == "Inbox" and tasks.list_names() == ("Inbox", "Finanzen", "Haushalt")
    again, outcome, read = merged(tasks, data)
    assert again == tasks and outcome.message(read) == "Imported 0 tasks (4 already here)."


def test_a_task_edited_since_is_not_overwritten_by_the_file(fixture_bytes):
    data = fixture_bytes("only-todos.ics")
    tasks, _, _ = merged(TaskList(), data)
    first = tasks.tasks[0]
    tasks = tasks.update(first.id, title="Buy oat milk")
    again, outcome, _ = merged(tasks, data)
    assert again.get(first.id).title == "Buy oat milk" and outcome.already == 2


def test_daypanes_own_export_recreates_the_same_tasks_in_a_fresh_list():
    original = (TaskList()
                .add("Stand-up", id="s1", created="2026-03-01T08:00:00+01:00", scheduled=date(2026, 3, 4),
                     start=time(9, 15), duration_minutes=15, recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                     list="Work", priority="medium", due=date(2026, 3, 6), estimate_minutes=15, notes="Room 2")
                .add("Filed taxes", id="f1", created="2026-02-01T08:00:00+01:00")
                .toggle("f1", True, "2026-03-02T18:00:00+01:00"))
    data = export_tasks(original.tasks, datetime(2026, 3, 4, 12, tzinfo=timezone.utc), BERLIN)
    tasks, outcome, read = merged(TaskList(), data)
    assert outcome.message(read) == "Imported 2 tasks."
    assert [t.id for t in tasks.tasks] == ["s1", "f1"]
    standup, taxes = tasks.tasks
    want = original.get("s1")
    for name in ("title", "list", "priority", "due", "scheduled", "start", "duration_minutes",
                 "estimate_minutes", "recurrence", "notes", "done"):
        assert getattr(standup, name) == getattr(want, name), name
    assert taxes.done and taxes.completed == "2026-03-02T17:00:00+00:00"
    assert file_parts(data) == FileParts(tasks=True, calendar=False)  # its block is the task's, not an event


def test_a_rule_daypane_cannot_keep_leaves_the_task_in_without_it():
    read = TaskImport((ImportedTask("x@example", "Water plants", scheduled=date(2026, 3, 4),
                                    recurrence="FREQ=DAILY;COUNT=3"),))
    tasks, outcome = add_imported(TaskList(), read, now=NOW, new_id=ids())
    assert tasks.tasks[0].recurrence == "" and tasks.tasks[0].title == "Water plants"
    assert "Added without their repeat rule: “Water plants” (A repeating task cannot stop" in outcome.message(read)


def test_a_to_do_without_uid_gets_a_fresh_id_and_odd_fields_are_made_to_fit():
    read = TaskImport((ImportedTask("", "No uid", list="L" * 300),
                       ImportedTask("late@example", "Late block", scheduled=date(2026, 3, 4),
                                    start=time(23, 30), duration_minutes=60)))
    tasks, outcome = add_imported(TaskList(), read, now=NOW, new_id=ids())
    no_uid, late = tasks.tasks
    assert no_uid.id == "new-1" and len(no_uid.list) == 100 and no_uid.created == NOW
    assert (late.scheduled, late.start, late.duration_minutes) == (date(2026, 3, 4), None, None)
    assert outcome.added == 2


@pytest.mark.parametrize(("uid", "expected"), [
    ("0b8e7c1e-5a7e-4b34-9a0c-1c2d3e4f5a6b@daypane", "0b8e7c1e-5a7e-4b34-9a0c-1c2d3e4f5a6b"),
    ("t1@daypane", "t1"),
    ("", None),
])
def test_task_ids_from_uids(uid, expected):
    assert task_id_for(uid) == expected


def test_foreign_uids_become_safe_stable_ids():
    hostile = 'a"] <img>@daypane'
    assert task_id_for(hostile) == task_id_for(hostile)
    assert task_id_for(hostile).startswith("ics-") and '"' not in task_id_for(hostile)
    assert task_id_for("x@daypane.test") != task_id_for("y@daypane.test")
    # Re-exported, a foreign task keeps its id: "ics-…@daypane" gives "ics-…" back.
    assert task_id_for(task_id_for("x@daypane.test") + "@daypane") == task_id_for("x@daypane.test")


@pytest.mark.parametrize(("name", "parts"), [
    ("outlook-export.ics", FileParts(tasks=False, calendar=True)),
    ("only-todos.ics", FileParts(tasks=True, calendar=False)),
    ("thunderbird-tasks.ics", FileParts(tasks=True, calendar=False)),
    ("mixed-components.ics", FileParts(tasks=True, calendar=True)),
    ("web-page.html", FileParts(tasks=False, calendar=True)),  # the calendar import words the refusal
])
def test_file_parts(fixture_bytes, name, parts):
    assert file_parts(fixture_bytes(name)) == parts
