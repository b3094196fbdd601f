"""The stored tasks: version 2 round-trips every field, and a version 1 list as Daypane stores
it today migrates with nothing lost."""

import asyncio
import json
from datetime import date, time

import pytest

from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import TaskBook
from daypane.core.tasks.lists import INBOX, INBOX_COLOR
from daypane.core.tasks.stored import RECORD, SCHEMA_VERSION, TaskDataError, dump, load
from daypane.core.tasks.task import Task
from daypane.core.tasks.tasklist import TaskList

# Exactly what Daypane 1 wrote (model.dump with SCHEMA_VERSION 1), as JSON text in IndexedDB.
V1 = json.loads("""{"version": 1, "tasks": [
 {"id": "9b1f", "title": "Write report", "done": false, "scheduled": "2026-03-05",
  "estimateMinutes": 90, "created": "2026-03-04T10:00:00+01:00"},
 {"id": "c0de", "title": "Call bank", "done": true, "scheduled": null, "estimateMinutes": null,
  "created": "2026-03-04T10:01:00+01:00"},
 {"id": "f00d", "title": "Book trip", "done": true, "scheduled": "2026-03-06", "estimateMinutes": 0,
  "created": ""}
]}""")


def test_a_version_1_list_migrates_with_nothing_lost():
    tasks = load(V1)
    assert tasks.tasks == (
        Task("9b1f", "Write report", scheduled=date(2026, 3, 5), estimate_minutes=90,
             created="2026-03-04T10:00:00+01:00"),
        Task("c0de", "Call bank", done=True, created="2026-03-04T10:01:00+01:00"),
        Task("f00d", "Book trip", done=True, scheduled=date(2026, 3, 6), estimate_minutes=0),
    )
    assert all(t.list == INBOX and t.priority == "none" and t.completed == "" for t in tasks.tasks)
    assert tasks.lists == ()
    assert load(dump(tasks)) == tasks  # and stays so once written as version 2


def test_a_migrated_list_is_written_back_as_version_2_on_the_next_change():
    store = MemoryStore({"tasks": V1})
    book = TaskBook(Records(store))
    asyncio.run(book.apply(lambda t: t.add("New", id="n", created="")))
    stored = store.get("tasks")
    assert stored["version"] == 2 and [t["id"] for t in stored["tasks"]] == ["9b1f", "c0de", "f00d", "n"]
    assert stored["tasks"][1]["done"] is True and stored["tasks"][0]["estimateMinutes"] == 90
    assert stored["lists"] == {INBOX: INBOX_COLOR}


def test_an_unversioned_list_is_version_1():
    assert load({"tasks": [{"id": "x", "title": "Old"}]}).tasks == (Task("x", "Old"),)


def test_version_2_round_trips_every_field_as_json():
    tasks = (TaskList()
             .add("Plan week", id="a", created="2026-03-01T09:00:00Z", list="Work", priority="high",
                  notes="Agenda\nand goals", due=date(2026, 3, 9), recurrence="FREQ=WEEKLY;BYDAY=MO")
             .schedule_block("a", date(2026, 3, 6), time(9, 30), 45).set_estimate("a", 30)
             .toggle("a", True, "2026-03-06T10:00:00Z", "b")
             .set_list_color("Work", "#112233"))
    data = json.loads(json.dumps(dump(tasks)))
    assert data["version"] == SCHEMA_VERSION == 2
    assert data["lists"] == {"Work": "#112233"}
    assert data["tasks"][0] == {
        "id": "a", "title": "Plan week", "notes": "Agenda\nand goals", "list": "Work", "priority": "high",
        "due": "2026-03-09", "scheduled": "2026-03-06", "start": "09:30", "durationMinutes": 45,
        "estimateMinutes": 30, "recurrence": "FREQ=WEEKLY;BYDAY=MO", "created": "2026-03-01T09:00:00Z",
        "done": True, "completed": "2026-03-06T10:00:00Z", "next": "b"}
    assert load(data) == tasks


def v2(**task) -> dict:
    return {"version": 2, "lists": {}, "tasks": [{"id": "x", "title": "t", **task}]}


@pytest.mark.parametrize(("data", "message"), [
    (v2(start="nine"), "unreadable start time"),
    (v2(durationMinutes="long"), "unreadable duration"),
    (v2(priority=3), "unreadable priority"),
    (v2(priority="urgent"), "Task 1 in the saved task list cannot be read: “urgent” is not a priority"),
    (v2(start="09:00", durationMinutes=30), "cannot be read: A start time needs a scheduled day"),
    (v2(due="soon"), "unreadable date"),
    ({"version": 2, "lists": {"Work": "blue"}, "tasks": []}, "list colours are damaged"),
    ({"version": 2, "lists": [], "tasks": []}, "damaged"),
    ({"version": 1, "tasks": [{"id": "x", "title": "t", "scheduled": "5 March"}]}, "unreadable date"),
    ({"version": 3, "tasks": []}, "newer version of Daypane"),
])
def test_what_cannot_be_read_intact_refuses_the_list(data, message):
    with pytest.raises(TaskDataError, match=message):
        load(data)


def test_a_stored_rule_is_not_judged_when_loading():
    # A rule some later dateutil reads differently must not lock the user out of every task.
    assert load(v2(recurrence="FREQ=SOMETIMES")).tasks[0].recurrence == "FREQ=SOMETIMES"


def test_the_record_is_the_tasks_key():
    assert RECORD.key() == "tasks" and RECORD.version == 2 and 1 in RECORD.migrations


def test_a_link_is_stored_only_when_set_and_read_back():
    from daypane.core.tasks.stored import task_dict, task_from_dict
    from daypane.core.tasks.task import Task
    assert "link" not in task_dict(Task("t", "Plain"))
    linked = Task("t", "Reply", link="https://outlook.office365.com/owa/?ItemID=x")
    assert task_from_dict(task_dict(linked)) == linked
