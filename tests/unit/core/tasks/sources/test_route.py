"""route(): one TaskList change split by where each task lives (this device, or a source's list)."""

from __future__ import annotations

import itertools
from datetime import date

from daypane.core.tasks.sources.outbox import Base
from daypane.core.tasks.sources.route import route
from daypane.core.tasks.task import Task
from daypane.core.tasks.tasklist import TaskList
from tests.unit.core.tasks.sources.fake_source import READ_ONLY, WORK

NOW = "2026-12-07T09:00:00+01:00"
BASE = Base("/r1.ics", '"1"', "BEGIN:VCALENDAR...")
REMOTE = Task("r1", "Remote one", list="Work", home=WORK.id)
LOCAL = Task("l1", "Local one")


def routed(before: TaskList, after: TaskList, local_names=("Office",)):
    ids = (f"new-{n}" for n in itertools.count())
    base = {"r1": BASE}
    return route(before, after, lists=[WORK, READ_ONLY], local_names=local_names, base_of=base.get,
                 new_id=lambda: next(ids), now=NOW)


def ops(result):
    return [(p.op, p.task_id, p.home) for p in result.changes]


BEFORE = TaskList((LOCAL, REMOTE), (("Inbox", "#6b7280"), ("Work", "#2563eb"), ("Office", "#16a34a")))


def test_a_change_to_a_task_on_this_device_stays_here_and_sends_nothing():
    result = routed(BEFORE, BEFORE.rename("l1", "Local renamed"))
    assert [t.title for t in result.local.tasks] == ["Local renamed"] and result.changes == ()


def test_a_change_to_a_source_task_becomes_an_update_made_on_its_synced_item():
    result = routed(BEFORE, BEFORE.update("r1", notes="more"))
    assert ops(result) == [("update", "r1", WORK.id)]
    assert result.changes[0].base == BASE and result.changes[0].task.notes == "more"
    assert result.local.tasks == (LOCAL,)


def test_a_task_added_with_a_source_list_name_goes_there_in_the_lists_own_spelling():
    result = routed(BEFORE, BEFORE.add("New", id="n1", list="work"))
    assert ops(result) == [("create", "n1", WORK.id)] and result.changes[0].task.list == "Work"


def test_a_new_name_or_the_inbox_stays_on_this_device_and_a_read_only_list_is_never_chosen():
    result = routed(BEFORE, BEFORE.add("A", id="a", list="Garden").add("B", id="b").add("C", id="c", list="Shared"))
    assert result.changes == () and [t.id for t in result.local.tasks] == ["l1", "a", "b", "c"]


def test_a_name_on_this_device_wins_over_a_source_list_of_the_same_name():
    result = routed(BEFORE, BEFORE.add("A", id="a", list="Work"), local_names=("Work",))
    assert result.changes == ()


def test_deleting_a_source_task_sends_a_delete_with_its_base():
    after, _ = BEFORE.remove("r1")
    result = routed(BEFORE, after)
    assert ops(result) == [("delete", "r1", WORK.id)] and result.changes[0].base == BASE


def test_moving_a_task_here_to_a_source_list_creates_it_there_and_it_leaves_this_device():
    result = routed(BEFORE, BEFORE.update("l1", list="Work"))
    assert ops(result) == [("create", "l1", WORK.id)] and result.local.tasks == ()


def test_moving_a_source_task_to_this_device_keeps_it_here_and_deletes_it_there():
    result = routed(BEFORE, BEFORE.update("r1", list="Office"))
    assert ops(result) == [("delete", "r1", WORK.id)]
    assert [(t.id, t.home, t.list) for t in result.local.tasks] == [("l1", "", "Inbox"), ("r1", "", "Office")]


def test_completing_a_repeating_source_task_moves_the_series_on_and_creates_the_done_one():
    series = Task("r1", "Bins out", list="Work", home=WORK.id, due=date(2026, 12, 7), recurrence="FREQ=WEEKLY")
    before = TaskList((series,))
    after = before.toggle("r1", True, NOW, "done-1")
    result = routed(before, after)
    assert ops(result) == [("update", "r1", WORK.id), ("create", "done-1", WORK.id)]
    moved_on, finished = result.changes[0].task, result.changes[1].task
    assert (moved_on.done, moved_on.due, moved_on.recurrence) == (False, date(2026, 12, 14), "FREQ=WEEKLY")
    assert (finished.done, finished.due, finished.recurrence, finished.completed) == (
        True, date(2026, 12, 7), "", NOW)


def test_local_lists_keep_their_colours_and_source_list_names_are_not_stored_here():
    result = routed(BEFORE, BEFORE.rename("l1", "x"))
    assert dict(result.local.lists) == {"Inbox": "#6b7280", "Office": "#16a34a"}
