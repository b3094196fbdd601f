"""Task lists at a real Radicale, as two devices see them: each "device" is its own store with a
TaskBook over a CalDavTasks source (core.tasks.sources), exactly as the page builds them, sending
its outbox and reading the lists back. One fresh server per test: the source discovers every list
of the account, so tests must not see each other's lists.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from daypane.core.http import NetworkError
from daypane.core.providers.accounts import Account
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import NOT_SYNCED, TaskBook
from daypane.core.tasks.sources.caldav.source import CalDavTasks, Login
from tests.support.servers.radicale_server import PASSWORD, USER, Radicale
from tests.support.servers.urllib_transport import UrllibTransport

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)


def run(coroutine):
    return asyncio.run(coroutine)


class Offline(UrllibTransport):
    """The network as a flaky train ride: no answer at all while `down`."""

    down = False

    async def send(self, request):
        if self.down:
            raise NetworkError("offline")
        return await super().send(request)


class Device:
    def __init__(self, server: Radicale, name: str) -> None:
        self.transport = Offline()
        self.records = Records(MemoryStore())
        account = Account(f"{USER}@{server.url}/", USER, f"{USER} on 127.0.0.1", provider="caldav")
        ids = (f"{name}-{n}" for n in itertools.count())
        self.source = CalDavTasks(self.records, self.transport, accounts=lambda: [account],
                                  login=lambda _: Login(server.url + "/", USER, PASSWORD),
                                  tz=lambda: BERLIN, new_id=lambda: next(ids))
        self.book = TaskBook(self.records, [self.source], new_id=lambda: next(ids), now=lambda: NOW)

    def sync(self, force: bool = True):
        report = run(self.source.sync(NOW, force=force))
        self.book.reload()
        return report

    def task(self, title: str):
        return next(t for t in self.book.tasks.tasks if t.title == title)

    def titles(self) -> list[str]:
        return sorted(t.title for t in self.book.tasks.tasks)


@pytest.fixture
def server():
    with Radicale() as radicale:
        radicale.make_task_list("chores", "#16A34AFF", displayname="Home errands")
        yield radicale


def test_a_task_added_into_a_caldav_list_reaches_the_other_device_with_its_block_and_estimate(server):
    laptop, phone = Device(server, "laptop"), Device(server, "phone")
    laptop.sync()
    assert [(l.name, l.color, l.writable) for l in laptop.book.lists()] == [("Home errands", "#16a34a", True)]
    run(laptop.book.apply(lambda t: t.add("Buy bulbs", id="bulbs", list="home errands", scheduled=date(2026, 12, 8),
                                          start=time(9, 30), duration_minutes=45, estimate_minutes=40)))
    # Shown at once, in the list's own spelling, and marked as waiting for the server.
    assert laptop.task("Buy bulbs").list == "Home errands"
    assert laptop.book.sync_state() == {"bulbs": NOT_SYNCED}
    laptop.sync()
    assert laptop.book.sync_state() == {}
    status, _, body = server.request("GET", "/alice/chores/bulbs.ics")
    assert status == 200 and b"X-DAYPANE-START" in body and b"DTSTART" not in body.replace(b"X-DAYPANE", b"")

    phone.sync()
    task = phone.task("Buy bulbs")
    assert (task.scheduled, task.start, task.duration_minutes, task.estimate_minutes) == (
        date(2026, 12, 8), time(9, 30), 45, 40)


def test_a_completion_and_an_edit_on_one_device_show_on_the_other(server):
    laptop, phone = Device(server, "laptop"), Device(server, "phone")
    laptop.sync()
    run(laptop.book.apply(lambda t: t.add("Water plants", id="plants", list="Home errands")))
    laptop.sync()
    phone.sync()
    run(phone.book.apply(lambda t: t.toggle("plants", True, NOW.isoformat(timespec="seconds"))))
    run(phone.book.apply(lambda t: t.update("plants", notes="The fern too")))
    phone.sync()
    laptop.sync(force=False)
    task = laptop.task("Water plants")
    assert task.done and task.notes == "The fern too" and task.completed


def test_a_title_changed_on_both_devices_keeps_both_and_says_so(server):
    laptop, phone = Device(server, "laptop"), Device(server, "phone")
    laptop.sync()
    run(laptop.book.apply(lambda t: t.add("Call plumber", id="plumber", list="Home errands", priority="low")))
    laptop.sync()
    phone.sync()
    run(laptop.book.apply(lambda t: t.update("plumber", title="Call the plumber today", priority="high")))
    run(phone.book.apply(lambda t: t.update("plumber", title="Call plumber about the leak", notes="Kitchen")))
    laptop.sync()
    report = phone.sync()
    assert "Call the plumber today" in report.conflicts[0]
    # The server's title is kept in the item, the phone's as a copy; the fields changed on one side
    # only are merged into the server's item.
    assert {"Call the plumber today", "Call plumber about the leak"} <= set(phone.titles())
    phone.sync()
    merged = phone.task("Call the plumber today")
    assert (merged.priority, merged.notes) == ("high", "Kitchen")
    laptop.sync()
    assert {"Call the plumber today", "Call plumber about the leak"} <= set(laptop.titles())


def test_changes_made_offline_wait_in_the_outbox_and_arrive_later(server):
    laptop, phone = Device(server, "laptop"), Device(server, "phone")
    laptop.sync()
    laptop.transport.down = True
    run(laptop.book.apply(lambda t: t.add("Post the letter", id="letter", list="Home errands")))
    report = laptop.sync()
    assert report.problems and laptop.book.sync_state() == {"letter": NOT_SYNCED}
    # A reload: a new book on the same store still holds the change.
    again = TaskBook(laptop.records, [laptop.source], now=lambda: NOW)
    assert again.sync_state() == {"letter": NOT_SYNCED} and "Post the letter" in [t.title for t in again.tasks.tasks]
    laptop.transport.down = False
    laptop.sync()
    assert laptop.book.sync_state() == {}
    phone.sync()
    assert "Post the letter" in phone.titles()


def test_an_edit_to_a_task_deleted_on_the_server_brings_it_back(server):
    laptop, phone = Device(server, "laptop"), Device(server, "phone")
    laptop.sync()
    run(laptop.book.apply(lambda t: t.add("Renew passport", id="passport", list="Home errands")))
    laptop.sync()
    phone.sync()
    run(phone.book.apply(lambda t: t.remove("passport")[0]))
    phone.sync()
    run(laptop.book.apply(lambda t: t.update("passport", notes="Photos first")))
    report = laptop.sync()
    assert report.conflicts and "Renew passport" in report.conflicts[0]
    laptop.sync()
    phone.sync()
    assert phone.task("Renew passport").notes == "Photos first"


def test_what_daypane_does_not_understand_survives_an_edit(server):
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
           "BEGIN:VTODO\r\nUID:tb-1\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Pay rent\r\n"
           "X-MOZ-GENERATION:3\r\nCATEGORIES:Money\r\nRELATED-TO;X-ODD=1:tb-parent\r\n"
           "DTSTART;VALUE=DATE:20261201\r\nDUE;VALUE=DATE:20261205\r\n"
           "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Rent\r\nTRIGGER;RELATED=END:-PT1H\r\nEND:VALARM\r\n"
           "END:VTODO\r\nEND:VCALENDAR\r\n")
    server.put_todo("/alice/chores/", "tb-1", ics)
    laptop = Device(server, "laptop")
    laptop.sync()
    run(laptop.book.apply(lambda t: t.update(laptop.task("Pay rent").id, title="Pay the rent")))
    laptop.sync()
    status, _, body = server.request("GET", "/alice/chores/tb-1.ics")
    text = body.decode()
    for kept in ("X-MOZ-GENERATION:3", "CATEGORIES:Money", "RELATED-TO;X-ODD=1:tb-parent", "TRIGGER;RELATED=END:-PT1H",
                 "DTSTART;VALUE=DATE:20261201", "DUE;VALUE=DATE:20261205", "SUMMARY:Pay the rent"):
        assert kept in text


def test_completing_a_repeating_task_moves_the_series_on_and_keeps_the_done_one(server):
    laptop, phone = Device(server, "laptop"), Device(server, "phone")
    laptop.sync()
    run(laptop.book.apply(lambda t: t.add("Bins out", id="bins", list="Home errands", due=date(2026, 12, 7),
                                          recurrence="FREQ=WEEKLY;BYDAY=MO")))
    laptop.sync()
    run(laptop.book.apply(lambda t: t.toggle("bins", True, NOW.isoformat(timespec="seconds"), "bins-done")))
    laptop.sync()
    phone.sync()
    series = next(t for t in phone.book.tasks.tasks if t.id == "bins")
    done = next(t for t in phone.book.tasks.tasks if t.id == "bins-done")
    assert (series.done, series.due, series.recurrence) == (False, date(2026, 12, 14), "FREQ=WEEKLY;BYDAY=MO")
    assert (done.done, done.due, done.recurrence) == (True, date(2026, 12, 7), "")


class ReadsOnly(UrllibTransport):
    """A server whose CORS allows reading but not writing: the browser refuses the write's preflight."""

    async def send(self, request):
        if request.method in ("PUT", "DELETE"):
            raise NetworkError("Failed to fetch")
        return await super().send(request)


def test_a_server_that_refuses_browser_writes_is_named_and_the_change_stays(server):
    laptop = Device(server, "laptop")
    laptop.transport = laptop.source.transport = ReadsOnly()
    laptop.sync()
    run(laptop.book.apply(lambda t: t.add("Fix the gate", id="gate", list="Home errands")))
    report = laptop.sync()
    assert "read your tasks but not change them" in report.problems[0] and "PUT, DELETE" in report.problems[0]
    assert laptop.book.sync_state() == {"gate": NOT_SYNCED}
