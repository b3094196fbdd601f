"""CalDAV accounts as a Provider (caldav/provider.py) on MemoryStore and a server made of Radicale's
captured answers: adding an account, the first sync and the incremental one (a deletion and a
change), where the password is kept, entering it again, and the problems people can act on."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone

import pytest

from daypane.core.http import MockTransport, NetworkError, Request, Response
from daypane.core.providers import cors
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.passwords import MemoryPasswords
from daypane.core.providers.caldav.provider import CalDav
from daypane.core.providers.caldav.stored import LOGINS, SYNC
from daypane.core.providers.protocol import Provider, ProviderProblem
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from tests.unit.core.providers.caldav.fake_server import (
    BASE,
    BERLIN,
    TOKEN0,
    TOKEN1,
    FakeRadicale,
    answer_multiget,
    multistatus,
    stored_resources,
)

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
WEEK = [date(2026, 3, 2) + timedelta(days=i) for i in range(7)]
ORIGIN = "https://daypane.example.org"
ACCOUNT = f"alice@{BASE}/"
WORK = f"{BASE}/alice/work/"
NO_CHANGES = (f'<multistatus xmlns="DAV:"><sync-token>{TOKEN0}</sync-token></multistatus>').encode()


class Server(FakeRadicale):
    """Radicale's captured answers for alice's "work" calendar. `change()`: dentist.ics changed and
    standup.ics deleted since TOKEN0 (sync-delta.xml); `down`: no answer at all."""

    def __init__(self) -> None:
        super().__init__({("REPORT", "/alice/work/", "0"): self.report,
                          ("REPORT", "/alice/work/", "1"): self.report})
        self.password, self.down, self.changed = "secret", False, False
        self.held = stored_resources()

    def change(self) -> None:
        self.changed = True

    def __call__(self, request: Request):
        if self.down:
            raise NetworkError("TypeError: Failed to fetch")
        if request.header("Authorization") != caldav.basic_auth("alice", self.password):
            return Response(401, (("WWW-Authenticate", 'Basic realm="Radicale"'),))
        return super().__call__(request)

    def report(self, request: Request) -> Response:
        if b"calendar-query" in request.body:
            return multistatus("query.xml")
        if b"sync-collection" not in request.body:
            return answer_multiget(request, self.held)
        if TOKEN1.encode() in request.body:
            return Response(207, (), NO_CHANGES.replace(TOKEN0.encode(), TOKEN1.encode()))
        if TOKEN0.encode() not in request.body:
            return multistatus("sync-initial.xml")
        return multistatus("sync-delta.xml") if self.changed else Response(207, (), NO_CHANGES)


class Probe:
    def __init__(self, opaque: bool = True) -> None:
        self.opaque = opaque

    async def __call__(self, url: str) -> bool:
        return self.opaque


class Harness:
    """A CalDav on a store; `restart()` is a new page load (a new tab: session passwords gone)."""

    def __init__(self) -> None:
        self.store = MemoryStore()
        self.server = Server()
        self.transport = MockTransport(self.server)
        self.probe = Probe()
        self.changes: list[bool] = []
        self.problems: list[ProviderProblem] = []
        self.asked: list[tuple[str, str]] = []
        self.restart()

    def restart(self, passwords: MemoryPasswords | None = None) -> CalDav:
        self.passwords = passwords or MemoryPasswords()
        self.caldav = CalDav(Records(self.store), self.transport, passwords=self.passwords, probe=self.probe,
                             origin=ORIGIN, ask_password=lambda url, user: self.asked.append((url, user)),
                             on_change=self.changes.append, on_problem=self.problems.append)
        return self.caldav

    def add(self, password: str = "secret", remember: bool = False):
        return run(self.caldav.add_account(f" {BASE}/ ", "alice", password, remember))

    def sync(self) -> list[tuple[str, str, str | None]]:
        """Sync and return the requests it sent (method, path, sync token or query kind)."""
        before = len(self.transport.requests)
        run(self.caldav.sync(WEEK, BERLIN, NOW))
        return [(r.method, r.url.removeprefix(BASE), _kind(r.body)) for r in self.transport.requests[before:]]

    def titles(self) -> list[str]:
        return sorted(o.title for o in self.caldav.occurrences(WEEK, BERLIN))

    def state(self):
        return self.caldav.accounts()[0]


def _kind(body: bytes | None) -> str | None:
    body = body or b""
    if b"sync-collection" in body:
        return "sync " + next((name for name, token in (("TOKEN0", TOKEN0), ("TOKEN1", TOKEN1))
                               if token.encode() in body), "''")
    return next((kind for kind in ("calendar-query", "calendar-multiget") if kind.encode() in body), None)


def run(coroutine):
    return asyncio.run(coroutine)


FIRST = ["Dentist", "Stand-up", "Stand-up", "Stand-up", "Stand-up (moved)"]


# -- adding and syncing -----------------------------------------------------------------------
def test_adding_discovers_the_event_calendars_and_the_first_sync_takes_two_requests():
    app = Harness()
    assert isinstance(app.caldav, Provider)
    account = app.add()
    assert (account.home_id, account.label) == (ACCOUNT, "alice on 127.0.0.1:5232")
    assert [(c.id, c.name, c.color, c.selected) for c in account.calendars] == [(WORK, "Work", "#ff2968", True)]
    assert app.sync() == [("REPORT", "/alice/work/", "calendar-query"), ("REPORT", "/alice/work/", "sync ''")]
    assert app.changes == [False, True]
    assert app.titles() == FIRST
    (synced,) = app.store.get(f"caldav-sync:{ACCOUNT}")["calendars"].values()
    assert synced["state"]["syncToken"] == TOKEN0 and len(synced["resources"]) == 2
    assert app.state().account.last_synced == NOW.isoformat(timespec="seconds")


def test_an_incremental_sync_removes_the_deleted_and_replaces_the_changed():
    app = Harness()
    app.add()
    app.sync()
    app.server.change()
    assert app.sync() == [("REPORT", "/alice/work/", "sync TOKEN0"),
                          ("REPORT", "/alice/work/", "calendar-multiget")]
    assert app.titles() == ["Dentist (new time)"]
    (synced,) = app.store.get(f"caldav-sync:{ACCOUNT}")["calendars"].values()
    assert synced["state"]["syncToken"] == TOKEN1
    assert list(synced["resources"]) == [f"{BASE}/alice/work/dentist.ics"]


def test_a_resource_is_parsed_again_only_when_it_changed(monkeypatch):
    parsed = []
    real = caldav.parse_resource
    monkeypatch.setattr(caldav, "parse_resource", lambda r, tz=None: parsed.append(r.href) or real(r, tz))
    app = Harness()
    app.add()
    app.sync()
    assert len(parsed) == 2
    app.server.change()
    app.sync()
    assert parsed[2:] == [f"{BASE}/alice/work/dentist.ics"]
    assert app.sync() == [("REPORT", "/alice/work/", "sync TOKEN1")]
    assert len(parsed) == 3


# -- where the password is kept ---------------------------------------------------------------
def test_a_session_only_password_is_asked_for_again_after_a_restart_and_the_sync_state_is_kept():
    app = Harness()
    app.add(remember=False)
    app.sync()
    assert "password" not in app.store.get("caldav-login")["logins"][ACCOUNT]
    app.restart()                                   # the tab was closed: the password is gone
    assert app.state().needs_sign_in
    assert app.titles() == FIRST                    # the offline copy is still shown
    assert app.sync() == [] and not app.caldav.stale(WEEK, NOW + timedelta(days=1), 60)
    app.caldav.reconnect(ACCOUNT)
    assert app.asked == [(f"{BASE}/", "alice")]
    app.server.change()
    app.add()                                       # entered again
    assert not app.state().needs_sign_in
    assert app.sync() == [("REPORT", "/alice/work/", "sync TOKEN0"),  # incremental: state kept
                          ("REPORT", "/alice/work/", "calendar-multiget")]
    assert app.titles() == ["Dentist (new time)"]


def test_a_remembered_password_survives_a_restart():
    app = Harness()
    app.add(remember=True)
    assert app.store.get("caldav-login")["logins"][ACCOUNT]["password"] == "secret"
    app.restart()
    assert not app.state().needs_sign_in
    assert app.sync()[0][2] == "calendar-query"


def test_entering_the_password_again_keeps_the_calendar_picks():
    app = Harness()
    app.add()
    run(app.caldav.set_selected(ACCOUNT, WORK, False))
    app.restart()
    app.add()
    assert [c.selected for c in app.state().account.calendars] == [False]


def test_a_legacy_unversioned_login_is_read_and_rewritten_versioned():
    app = Harness()
    app.add(remember=True)
    app.sync()
    app.store.data["caldav-login"] = {ACCOUNT: {"url": f"{BASE}/", "user": "alice", "password": "secret"}}
    app.store.data[f"caldav-sync:{ACCOUNT}"].pop("version")   # as stored before records
    app.restart()
    assert not app.state().needs_sign_in
    assert app.sync() == [("REPORT", "/alice/work/", "sync TOKEN0")]
    run(app.caldav.remove(ACCOUNT))
    assert app.store.get("caldav-login") == {"version": 1, "logins": {}}


def test_remove_forgets_the_login_the_password_and_what_was_synced():
    app = Harness()
    app.add(remember=True)
    app.sync()
    run(app.caldav.remove(ACCOUNT))
    assert app.caldav.accounts() == [] and app.titles() == []
    assert app.passwords.get(ACCOUNT) == ""
    assert Records(app.store).get(LOGINS) == {}
    assert not [key for key in app.store.data if key.endswith(ACCOUNT)]
    assert Records(app.store).get(SYNC, ACCOUNT) == {}


def test_sign_ins_stored_by_a_newer_version_are_never_overwritten():
    app = Harness()
    app.add(remember=True)
    newer = {"version": 2, "logins": {ACCOUNT: {"somethingNew": True}}}
    app.store.data["caldav-login"] = newer
    app.restart()
    assert app.state().needs_sign_in
    with pytest.raises(ProviderProblem, match="does not overwrite"):
        app.add()
    run(app.caldav.remove(ACCOUNT))                 # the account goes; the newer record stays
    assert app.caldav.accounts() == [] and app.store.get("caldav-login") == newer


# -- problems ---------------------------------------------------------------------------------
def test_a_wrong_password_is_refused_with_nothing_kept():
    app = Harness()
    with pytest.raises(caldav.WrongCredentials, match="did not accept the user name or password") as caught:
        app.add(password="nope")
    assert caught.value.needs_sign_in and isinstance(caught.value, ProviderProblem)
    assert app.caldav.accounts() == [] and app.store.data == {}


def test_a_password_changed_on_the_server_makes_the_account_ask_for_it():
    app = Harness()
    app.add()
    app.sync()
    app.server.password = "changed"
    app.sync()
    (problem,) = app.problems
    assert isinstance(problem, caldav.WrongCredentials) and problem.account.home_id == ACCOUNT
    assert app.state().needs_sign_in and app.state().error == str(problem)
    assert app.titles() == FIRST


@pytest.mark.parametrize("opaque, kind, says", [
    (False, cors.Unreachable, "got no answer from 127.0.0.1:5232"),
    (True, cors.BlocksBrowsers, "is up but does not allow web pages"),
])
def test_no_answer_is_told_apart_by_the_no_cors_probe(opaque, kind, says):
    app = Harness()
    app.server.down, app.probe.opaque = True, opaque
    with pytest.raises(kind, match=says) as caught:
        app.add()
    assert not caught.value.needs_sign_in and app.store.data == {}
    if opaque:
        (lines,) = caught.value.details
        assert "Access-Control-Allow-Methods: OPTIONS, PROPFIND, REPORT" in lines.splitlines()
        assert f"Access-Control-Allow-Origin: {ORIGIN}" in str(caught.value)


def test_a_server_unreachable_during_a_sync_is_a_problem_about_the_account_and_events_stay():
    app = Harness()
    app.add()
    app.sync()
    app.server.down, app.probe.opaque = True, False
    app.sync()
    (problem,) = app.problems
    assert isinstance(problem, cors.Unreachable) and problem.account.home_id == ACCOUNT
    assert not app.state().needs_sign_in and app.titles() == FIRST
    assert app.changes[-2:] == [False, False]


def test_an_address_that_is_not_a_url_and_a_place_without_calendars_say_what_to_do():
    app = Harness()
    with pytest.raises(ProviderProblem, match="starts with https://"):
        run(app.caldav.add_account("dav.example.com", "alice", "secret", False))
    app.server.routes[("PROPFIND", "/alice/", "1")] = multistatus("home-set.xml")  # a home, no calendars
    with pytest.raises(caldav.NoCalendarHere, match="No calendars or task lists were found for alice"):
        app.add()
    assert app.store.data == {}
