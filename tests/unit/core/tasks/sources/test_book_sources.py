"""TaskBook with task sources: one list shown, changes stored in one transaction, and a store
written by the Daypane before task sources opened by this one with nothing lost."""

from __future__ import annotations

import asyncio

from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import NOT_SYNCED, TaskBook
from daypane.core.tasks.sources.outbox import OUTBOX
from daypane.core.tasks.task import Task
from tests.unit.core.tasks.sources.fake_source import WORK, FakeSource

NOW_ISO = "2026-12-07T09:00:00+01:00"
# Exactly what the `tasks` record of the release before task sources held (version 2).
BEFORE_SOURCES = {"version": 2, "lists": {"Inbox": "#6b7280", "Office": "#2563eb"}, "tasks": [
    {"id": "a", "title": "Pay the invoice", "notes": "Ref 42", "list": "Office", "priority": "high",
     "due": "2026-12-09", "scheduled": "2026-12-08", "start": "15:00", "durationMinutes": 45,
     "estimateMinutes": 30, "recurrence": "FREQ=WEEKLY;BYDAY=MO", "created": "2026-12-01T10:00:00+01:00",
     "done": False, "completed": "", "next": ""},
    {"id": "b", "title": "Old one", "notes": "", "list": "Inbox", "priority": "none", "due": None,
     "scheduled": None, "start": None, "durationMinutes": None, "estimateMinutes": None, "recurrence": "",
     "created": "", "done": True, "completed": "2026-12-02T09:00:00+01:00", "next": ""}]}


def run(coroutine):
    return asyncio.run(coroutine)


def book(store, tasks=()):
    from datetime import datetime
    return TaskBook(Records(store), [FakeSource(tasks)], now=lambda: datetime.fromisoformat(NOW_ISO))


def test_a_store_from_before_task_sources_loses_nothing_and_is_written_back_as_it_was():
    store = MemoryStore({"tasks": BEFORE_SOURCES})
    shown = book(store)
    assert [t.title for t in shown.tasks.tasks] == ["Pay the invoice", "Old one"]
    run(shown.apply(lambda t: t.add("New", id="c")))
    stored = store.data["tasks"]
    assert stored["tasks"][:2] == BEFORE_SOURCES["tasks"] and stored["lists"] == BEFORE_SOURCES["lists"]
    assert "task-outbox" not in store.data  # nothing for a server: the outbox is not even written


def test_source_tasks_show_beside_this_devices_with_their_lists():
    shown = book(MemoryStore(), [Task("r1", "Remote", list="Work", home=WORK.id)])
    assert [t.title for t in shown.tasks.tasks] == ["Remote"]
    assert "Work" in shown.tasks.list_names()


def test_a_change_to_a_source_task_shows_at_once_marked_not_synced_and_survives_a_reload():
    store = MemoryStore()
    remote = Task("r1", "Remote", list="Work", home=WORK.id)
    first = book(store, [remote])
    run(first.apply(lambda t: t.rename("r1", "Remote renamed")))
    assert [t.title for t in first.tasks.tasks] == ["Remote renamed"]
    assert first.sync_state() == {"r1": NOT_SYNCED}
    again = book(store, [remote])  # a reload: the source still holds the server's old title
    assert [t.title for t in again.tasks.tasks] == ["Remote renamed"] and again.sync_state() == {"r1": NOT_SYNCED}
    assert Records(store).get(OUTBOX).get("r1").base.etag == '"etag-r1"'


def test_a_deleted_source_task_is_hidden_until_its_server_agrees():
    store = MemoryStore()
    shown = book(store, [Task("r1", "Remote", list="Work", home=WORK.id)])
    run(shown.apply(lambda t: t.remove("r1")[0]))
    assert shown.tasks.tasks == ()


def test_a_refused_change_can_be_kept_on_this_device_instead():
    store = MemoryStore()
    shown = book(store, [Task("r1", "Remote", list="Work", home=WORK.id)])
    run(shown.apply(lambda t: t.rename("r1", "Mine")))
    run(shown.change_outbox(lambda o: o.refuse("r1", "No permission.")))
    assert shown.sync_state() == {"r1": "Not synced: No permission."}
    run(shown.keep_here("r1"))
    assert shown.sync_state() == {}
    titles = sorted((t.title, t.home) for t in shown.tasks.tasks)
    assert titles == [("Mine", ""), ("Remote", WORK.id)]


def test_the_edit_forms_list_choices_are_this_devices_lists_then_every_writable_source_list():
    store = MemoryStore({"tasks": BEFORE_SOURCES})
    choices = book(store).list_choices()
    assert choices == [("Inbox", "On this device"), ("Office", "On this device"),
                       ("Work", "CalDAV: alice on dav.example.com")]  # "Shared" is read-only: not offered
