"""Google Tasks as a task source, through the shared hosted sync and push, against the fake Tasks
API (tests/support/fakes/google_tasks.py) on a MockTransport: incremental reads with updatedMin,
tasks hidden by Google's own apps still listed as done, and what Google cannot hold (a block, an
estimate, a priority) kept on this device, said so, and never sent."""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, time

from daypane.core.http import MockTransport
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import NOT_SYNCED, TaskBook
from daypane.core.tasks.sources.google.api import SERVICE, GoogleTasksApi
from daypane.core.tasks.sources.hosted.source import HostedTasks
from tests.support.fakes.google_tasks import FakeGoogleTasks

NOW = datetime.fromisoformat("2026-03-04T10:30:00+01:00")
ACCOUNT = "ada@example.com"


class World:
    def __init__(self, fake: FakeGoogleTasks | None = None, store: MemoryStore | None = None) -> None:
        self.fake = fake or FakeGoogleTasks(ACCOUNT)
        self.token: str | None = "ya29.test"
        self.fake.grant("ya29.test", ACCOUNT)
        self.transport = MockTransport(self.fake)
        self.store = store or MemoryStore()
        ids = iter(f"local-{n}" for n in range(1000))
        self.refusals = 0
        self.source = HostedTasks(Records(self.store), SERVICE, accounts=lambda: [(ACCOUNT, ACCOUNT)],
                                  api_for=lambda account: GoogleTasksApi(self.transport, lambda: self.token,
                                                                         refused=self._refused),
                                  new_id=lambda: next(ids))
        self.book = TaskBook(Records(self.store), [self.source], new_id=lambda: next(ids), now=lambda: NOW)

    def _refused(self) -> None:
        self.refusals += 1
        self.token = None  # what the page does: the refused token is dropped

    def sync(self):
        report = asyncio.run(self.source.sync(NOW, force=True))
        self.book.reload()
        return report

    def task(self, title: str):
        return next(t for t in self.book.tasks.tasks if t.title == title)

    def apply(self, change) -> None:
        asyncio.run(self.book.apply(change))

    def sent(self) -> list:
        return [r for r in self.transport.requests if r.method in ("POST", "PATCH")]


def seeded() -> tuple[World, str]:
    world = World()
    errands = world.fake.add_list("Errands")
    world.fake.add_task(errands, title="Buy stamps", due="2026-03-05T00:00:00.000Z")
    world.fake.add_task(errands, title="Post the parcel", status="completed")
    return world, errands


def test_lists_and_tasks_are_read_then_only_what_changed_since():
    world, errands = seeded()
    world.sync()
    assert sorted(t.title for t in world.book.tasks.tasks) == ["Buy stamps", "Post the parcel"]
    assert world.task("Buy stamps").due == date(2026, 3, 5) and world.task("Post the parcel").done
    stamps = next(t for t in world.fake.tasks(errands) if t["title"] == "Buy stamps")
    world.fake.edit_task(errands, stamps["id"], title="Buy stamps and envelopes")
    before = len(world.transport.requests)
    world.sync()
    reads = [r.url for r in world.transport.requests[before:] if "/tasks?" in r.url]
    assert reads and all("updatedMin=" in url and "showDeleted=true" in url and "showHidden=true" in url
                         for url in reads)
    assert world.task("Buy stamps and envelopes")


def test_a_task_completed_and_cleared_in_googles_app_stays_listed_as_done():
    world, errands = seeded()
    world.sync()
    world.fake.hide_completed(errands)
    world.sync()
    assert world.task("Post the parcel").done


def test_a_task_deleted_in_google_tasks_disappears_here():
    world, errands = seeded()
    world.sync()
    stamps = next(t for t in world.fake.tasks(errands) if t["title"] == "Buy stamps")
    asyncio.run(GoogleTasksApi(world.transport, lambda: world.token).delete(errands, stamps["id"], ""))
    world.sync()
    assert [t.title for t in world.book.tasks.tasks] == ["Post the parcel"]


def test_what_google_cannot_hold_is_kept_on_this_device_said_so_and_never_sent():
    world, errands = seeded()
    world.sync()
    world.apply(lambda tasks: tasks.add("Water the garden", id="mine", list="Errands", scheduled=date(2026, 3, 5),
                                        start=time(17, 0), duration_minutes=30, estimate_minutes=20, priority="high"))
    assert world.book.sync_state()["mine"] == NOT_SYNCED
    world.sync()
    assert world.book.sync_state() == {}
    shown = world.task("Water the garden")
    assert (shown.id, shown.start, shown.duration_minutes, shown.estimate_minutes, shown.priority) == (
        "mine", time(17, 0), 30, 20, "high")
    assert world.book.kept_here()["mine"] == "Kept on this device only: planned day, time block, estimate, priority"
    for request in world.sent():
        body = json.loads(request.body)
        assert set(body) <= {"title", "notes", "status", "due", "completed"}, body
    # Another device (another store) sees what Google holds, and none of what was kept here.
    other = World(fake=world.fake)
    other.sync()
    there = other.task("Water the garden")
    assert (there.start, there.estimate_minutes, there.priority) == (None, None, "none")


def test_a_block_given_to_a_google_task_survives_the_next_sync():
    world, errands = seeded()
    world.sync()
    stamps = world.task("Buy stamps")
    world.apply(lambda tasks: tasks.update(stamps.id, scheduled=date(2026, 3, 5), start=time(9, 0), duration_minutes=15))
    world.sync()
    world.sync()
    assert world.task("Buy stamps").start == time(9, 0)


def test_an_expired_sign_in_keeps_the_change_and_asks_again():
    world, errands = seeded()
    world.sync()
    world.token = None
    world.apply(lambda tasks: tasks.add("Kept", id="kept", list="Errands"))
    report = world.sync()
    assert report.needs_sign_in == (ACCOUNT,)
    assert world.book.sync_state()["kept"] == NOT_SYNCED
    world.token = "ya29.test"
    world.sync()
    assert any(t.get("title") == "Kept" for t in world.fake.tasks(errands))


def test_a_token_google_refuses_is_dropped_so_no_request_is_made_with_it_again():
    world, errands = seeded()
    world.sync()
    world.fake.grant("ya29.test", ACCOUNT, expires=0)  # Google's hour is over
    assert world.sync().needs_sign_in == (ACCOUNT,) and world.refusals == 1
    before = len(world.transport.requests)
    assert world.sync().needs_sign_in == (ACCOUNT,)
    assert len(world.transport.requests) == before, "no request with a refused token: never a loop"
