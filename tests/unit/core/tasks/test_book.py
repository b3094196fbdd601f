"""The stored task list: a change is kept only once it is stored, and a refused one changes nothing."""

import asyncio

import pytest

from daypane.core.records import RecordUnreadable, Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import TaskBook
from daypane.core.tasks.model import RECORD


def test_a_change_is_stored_then_kept():
    records = Records(MemoryStore())
    book = TaskBook(records)
    asyncio.run(book.apply(lambda t: t.add("Write report", id="a", created="2026-03-04T10:00:00")))
    assert [t.title for t in book.tasks.tasks] == ["Write report"]
    assert [t.title for t in Records(records.store).get(RECORD).tasks] == ["Write report"]


def test_a_full_disk_changes_nothing():
    store = MemoryStore()
    book = TaskBook(Records(store))
    store.fail_with = OSError("QuotaExceededError")
    with pytest.raises(OSError):
        asyncio.run(book.apply(lambda t: t.add("Lost?", id="a", created="")))
    assert book.tasks.tasks == ()


def test_a_refused_operation_changes_nothing():
    book = TaskBook(Records(MemoryStore()))
    with pytest.raises(ValueError):
        asyncio.run(book.apply(lambda t: t.add("   ", id="a", created="")))
    assert book.tasks.tasks == ()


def test_a_list_written_by_a_newer_daypane_is_never_overwritten():
    stored = {"version": 9, "tasks": [{"id": "x", "title": "From the future"}]}
    store = MemoryStore({"tasks": stored})
    book = TaskBook(Records(store))
    assert not book.readable
    with pytest.raises(RecordUnreadable):
        asyncio.run(book.apply(lambda t: t.add("New", id="a", created="")))
    assert store.get("tasks") == stored
