"""Microsoft To Do as a task source, through the shared hosted-source sync and push, against the
fake Graph (tests/support/fakes/graph.py + todo.py) on a MockTransport: first read and delta,
a forgotten delta link, writes with ETags, the plan in its extension, and conflicts."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time
from urllib.parse import quote

from daypane.core.http import MockTransport
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import NOT_SYNCED, TaskBook
from daypane.core.tasks.sources.hosted.source import HostedTasks
from daypane.core.tasks.sources.todo.api import SERVICE, TodoApi
from tests.support.fakes.graph import FakeGraph, Mailbox

NOW = datetime.fromisoformat("2026-03-04T10:30:00+01:00")
TOKEN = "todo-token"


class Tokens:
    async def token(self, *, force_refresh: bool = False) -> str:
        return TOKEN


async def no_sleep(seconds: float) -> None:
    return None


class World:
    """One mailbox with To Do, one page's TaskBook on it."""

    def __init__(self, store: MemoryStore | None = None, graph: FakeGraph | None = None) -> None:
        self.mailbox = Mailbox()
        self.graph = graph or FakeGraph(page_size=2)
        self.graph.grant(TOKEN, self.mailbox, scopes=("Tasks.ReadWrite", "User.Read"))
        self.todo = self.graph.todo(self.mailbox)
        self.transport = MockTransport(self.graph)
        self.store = store or MemoryStore()
        self.ids = iter(f"local-{n}" for n in range(1000))
        self.source = HostedTasks(Records(self.store), SERVICE, accounts=lambda: [("ada", "ada@contoso.com")],
                                  api_for=lambda account: TodoApi(self.transport, Tokens(), sleep=no_sleep),
                                  new_id=lambda: next(self.ids))
        self.book = TaskBook(Records(self.store), [self.source], new_id=lambda: next(self.ids), now=lambda: NOW)

    def sync(self):
        report = asyncio.run(self.source.sync(NOW, force=True))
        self.book.reload()
        return report

    def titles(self) -> list[str]:
        return sorted(t.title for t in self.book.tasks.tasks)

    def apply(self, change) -> None:
        asyncio.run(self.book.apply(change))

    def requests(self, item_id: str) -> list:
        return [r for r in self.transport.requests if quote(item_id, safe="") in r.url]


def seeded() -> tuple[World, str]:
    world = World()
    default = world.todo.add_list("Tasks", wellknown="defaultList")
    for n in range(5):
        world.todo.add_task(default, title=f"Task {n}")
    return world, default


def test_the_first_sync_reads_every_task_in_pages_and_then_only_the_changes():
    world, default = seeded()
    world.sync()
    assert world.titles() == [f"Task {n}" for n in range(5)]
    assert [l.name for l in world.book.lists()] == ["Tasks"]
    first = len(world.transport.requests)
    world.todo.edit_task(default, world.todo.tasks(default)[0]["id"], title="Task zero")
    world.sync()
    assert "Task zero" in world.titles() and len(world.titles()) == 5
    delta_calls = world.transport.requests[first:]
    assert len(delta_calls) == 2  # the lists, then one delta page with the one change
    assert "deltatoken" in delta_calls[1].url.lower()


def test_a_task_deleted_in_to_do_disappears_here():
    world, default = seeded()
    world.sync()
    world.todo.delete_task(default, world.todo.tasks(default)[1]["id"])
    world.sync()
    assert world.titles() == ["Task 0", "Task 2", "Task 3", "Task 4"]


def test_a_forgotten_delta_link_means_one_full_read_and_no_duplicates():
    world, default = seeded()
    world.sync()
    world.todo.expire_delta_links()
    world.todo.add_task(default, title="Task 5")
    world.sync()
    assert world.titles() == [f"Task {n}" for n in range(6)]


def test_a_task_added_here_is_created_in_to_do_keeps_its_id_and_its_plan_rides_in_the_extension():
    world, default = seeded()
    world.sync()
    home = world.book.lists()[0].id
    world.apply(lambda tasks: tasks.add("Plan the trip", id="mine", list="Tasks"))
    world.apply(lambda tasks: tasks.update("mine", scheduled=date(2026, 3, 5), start=time(15, 0),
                                           duration_minutes=45, estimate_minutes=30))
    assert world.book.sync_state()["mine"] == NOT_SYNCED
    world.sync()
    assert world.book.sync_state() == {}
    stored = next(t for t in world.todo.tasks(default) if t["title"] == "Plan the trip")
    assert stored["id"] != "mine"
    shown = next(t for t in world.book.tasks.tasks if t.title == "Plan the trip")
    assert shown.id == "mine" and shown.home == home  # the page's id stays
    # A second device reads the same block from the extension.
    other = World(graph=world.graph)
    other.mailbox = world.mailbox
    other.graph.grant(TOKEN, world.mailbox, scopes=("Tasks.ReadWrite",))
    other.sync()
    there = next(t for t in other.book.tasks.tasks if t.title == "Plan the trip")
    assert (there.scheduled, there.start, there.duration_minutes, there.estimate_minutes) == (
        date(2026, 3, 5), time(15, 0), 45, 30)


def test_completing_a_task_is_sent_with_its_etag_and_a_stale_etag_merges_instead_of_overwriting():
    world, default = seeded()
    world.sync()
    target = world.todo.tasks(default)[2]
    world.todo.edit_task(default, target["id"], title="Task 2, renamed in To Do")  # the server moves on
    world.apply(lambda tasks: tasks.toggle(target["id"], True, NOW))
    world.sync()
    there = next(t for t in world.todo.tasks(default) if t["id"] == target["id"])
    assert there["title"] == "Task 2, renamed in To Do"  # theirs kept
    assert there["status"] == "completed"  # ours merged in
    patches = [r for r in world.requests(target["id"]) if r.method == "PATCH"]
    assert patches and all(r.header("If-Match") for r in patches)


def test_the_same_field_changed_on_both_sides_keeps_both_and_says_so():
    world, default = seeded()
    world.sync()
    target = world.todo.tasks(default)[3]
    world.todo.edit_task(default, target["id"], title="Theirs")
    world.apply(lambda tasks: tasks.update(target["id"], title="Ours"))
    report = world.sync()
    assert "Theirs" in world.titles() and "Ours" in world.titles()
    assert report.conflicts and "Theirs" in report.conflicts[0]


def test_a_task_edited_here_but_deleted_in_to_do_comes_back():
    world, default = seeded()
    world.sync()
    target = world.todo.tasks(default)[4]
    world.todo.delete_task(default, target["id"])
    world.apply(lambda tasks: tasks.update(target["id"], title="Task 4, still wanted"))
    report = world.sync()
    world.sync()
    assert any(t["title"] == "Task 4, still wanted" for t in world.todo.tasks(default))
    assert report.conflicts


def test_without_the_task_permission_the_account_is_asked_again_and_the_change_waits():
    world, default = seeded()
    world.sync()
    world.apply(lambda tasks: tasks.add("Kept", id="kept", list="Tasks"))
    world.graph.grant(TOKEN, world.mailbox, scopes=("Calendars.Read", "User.Read"))
    report = world.sync()
    assert report.problems or report.needs_sign_in
    assert world.book.sync_state()["kept"] == NOT_SYNCED


def test_a_task_moved_to_another_list_in_to_do_gets_a_new_id_and_is_listed_once():
    world, default = seeded()
    errands = world.todo.add_list("Errands")
    world.sync()
    moved = world.todo.tasks(default)[0]
    world.todo.move_task(moved["id"], errands)  # To Do gives the moved task a new id
    world.sync()
    assert sorted(t.title for t in world.book.tasks.tasks) == [f"Task {n}" for n in range(5)]
    assert next(t for t in world.book.tasks.tasks if t.title == moved["title"]).list == "Errands"


def test_throttling_is_waited_out_and_the_sync_goes_on():
    world, default = seeded()
    waits = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
    world.source.api_for = lambda account: TodoApi(world.transport, Tokens(), sleep=sleep)
    world.graph.throttle("/todo/lists", retry_after=7, times=2)
    world.sync()
    assert waits == [7, 7] and len(world.book.tasks.tasks) == 5


def test_an_item_that_changes_again_while_being_merged_waits_for_the_next_sync():
    world, default = seeded()
    world.sync()
    target = world.todo.tasks(default)[1]
    world.todo.edit_task(default, target["id"], title="Changed in To Do")
    world.apply(lambda tasks: tasks.toggle(target["id"], True, NOW))
    real = world.transport.handler
    patches = []

    def racing(request):  # another client writes between our read and our merged write
        if request.method == "PATCH" and "/extensions" not in request.url:
            patches.append(request)
            if len(patches) == 2:
                world.todo.edit_task(default, target["id"], title="Changed again")
        return real(request)
    world.transport.handler = racing
    world.sync()
    assert world.book.sync_state()[target["id"]] == NOT_SYNCED  # kept, to be tried again
    world.transport.handler = real
    world.book.reload()
    asyncio.run(world.source.sync(NOW, force=True))
    assert next(t for t in world.todo.tasks(default) if t["id"] == target["id"])["status"] == "completed"
