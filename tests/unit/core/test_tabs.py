"""Two tabs on one disk (core.store.Disk): each keeps its own copy, as browser tabs do, and every
read-modify-write goes through Records.update, so neither tab's change is written over."""

from __future__ import annotations

import asyncio

import pytest

from daypane.core.records import Records
from daypane.core.store import Disk, MemoryStore, StorageFailure
from daypane.core.tasks.book import TaskBook
from daypane.core.tasks.model import RECORD


def two_tabs(data=None):
    disk = Disk(data)
    return disk, MemoryStore(disk=disk), MemoryStore(disk=disk)


def titles(book: TaskBook) -> list[str]:
    return [task.title for task in book.tasks.tasks]


def test_a_task_added_in_each_tab_keeps_both_in_either_order():
    for first, second in ((0, 1), (1, 0)):
        _, *stores = two_tabs()
        books = [TaskBook(Records(store)) for store in stores]
        asyncio.run(books[first].apply(lambda t: t.add("From the first tab", id="a", created="")))
        # The second tab's copy was opened before the first write: the update reads the disk.
        asyncio.run(books[second].apply(lambda t: t.add("From the second tab", id="b", created="")))
        stored = Records(MemoryStore(disk=stores[0].disk)).get(RECORD)
        assert [t.title for t in stored.tasks] == ["From the first tab", "From the second tab"]


def test_the_other_tab_hears_of_the_change_with_its_copy_already_fresh():
    _, a, b = two_tabs()
    heard = []
    book_b = TaskBook(Records(b))

    async def listener(keys):
        book_b.reload()
        heard.append((keys, titles(book_b)))
    book_b.records.listen(listener)
    asyncio.run(TaskBook(Records(a)).apply(lambda t: t.add("Shared", id="s", created="")))
    assert heard == [(["tasks"], ["Shared"])]


def test_completing_and_removing_in_two_tabs_both_land():
    _, a, b = two_tabs()
    book_a, book_b = TaskBook(Records(a)), TaskBook(Records(b))
    asyncio.run(book_a.apply(lambda t: t.add("Keep", id="k", created="").add("Drop", id="d", created="")))
    asyncio.run(book_b.apply(lambda t: t.toggle("k", True)))      # b never reloaded: a fresh read
    asyncio.run(book_a.apply(lambda t: t.remove("d")[0]))
    final = TaskBook(Records(MemoryStore(disk=a.disk)))
    assert [(t.title, t.done) for t in final.tasks.tasks] == [("Keep", True)]


class SlowStore(MemoryStore):
    """Reads and writes that take a turn of the event loop, like IndexedDB's: without the lock,
    two updates would both read, then both write, and one change would be lost."""

    async def refresh(self, keys):
        await asyncio.sleep(0)
        await super().refresh(keys)

    async def put_many(self, puts, deletes=()):
        await asyncio.sleep(0)
        await super().put_many(puts, deletes)


def test_concurrent_updates_are_serialised_by_the_lock():
    disk = Disk()
    tabs = [Records(SlowStore(disk=disk)), Records(SlowStore(disk=disk))]

    async def all_at_once():
        await asyncio.gather(*(tabs[i % 2].update(RECORD, lambda t, i=i: t.add(f"task {i}", id=str(i), created=""))
                               for i in range(10)))
    asyncio.run(all_at_once())
    assert len(Records(MemoryStore(disk=disk)).get(RECORD).tasks) == 10


def test_a_refused_change_writes_nothing_and_a_failed_write_keeps_the_list():
    _, a, _ = two_tabs()
    book = TaskBook(Records(a))
    asyncio.run(book.apply(lambda t: t.add("Kept", id="k", created="")))
    with pytest.raises(ValueError):
        asyncio.run(book.apply(lambda t: t.add("   ", id="x", created="")))
    a.fail_with = StorageFailure("quota", "QuotaExceededError")
    with pytest.raises(StorageFailure):
        asyncio.run(book.apply(lambda t: t.add("Lost", id="l", created="")))
    assert titles(book) == ["Kept"]
    assert [t.title for t in Records(MemoryStore(disk=a.disk)).get(RECORD).tasks] == ["Kept"]
