"""daypane.core.providers.caldav (the client, and the CalDav provider on a MemoryStore) driven from
CPython against a real Radicale 3.9.0 (tests/support/servers).

One server per module (start-up costs ~0.5 s); every test that changes data uses its own
calendars so the tests stay independent of their order.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import CalendarState, WrongCredentials
from daypane.core.providers.caldav.passwords import MemoryPasswords
from daypane.core.providers.caldav.provider import CalDav
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from tests.support.servers.caldav_data import daily_series, single
from tests.support.servers import radicale_server
from tests.support.servers.radicale_server import PASSWORD, USER, Radicale
from tests.support.servers.urllib_transport import UrllibTransport

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = datetime(2026, 3, 2, tzinfo=BERLIN)
AUTH = caldav.basic_auth(USER, PASSWORD)
_names = itertools.count()

def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="module")
def server():
    with Radicale() as radicale:
        radicale.make_calendar("work", "Work", "#FF2968FF")
        radicale.make_calendar("home", "Home & Family", "#1BADF8FF")
        radicale.make_calendar("todo", "Tasks", "#00AA00FF", ("VTODO",))
        radicale.put("/alice/work/standup.ics", daily_series("Stand-up"))
        radicale.put("/alice/work/review.ics",
                     single("review@daypane.test", "Review", "20260310T130000Z", "20260310T140000Z"))
        yield radicale


@pytest.fixture
def fresh_calendar(server):
    """A new, empty event calendar of its own: /alice/t<n>/."""
    return server.url + server.make_calendar(f"t{next(_names)}", "Scratch", "#000000")


def test_discovery_from_the_server_root_finds_the_event_calendars_with_names_and_colours(server):
    found = run(caldav.discover(UrllibTransport(), server.url + "/", AUTH))
    by_url = {c.url: c for c in found}
    assert (by_url[server.url + "/alice/work/"].name, by_url[server.url + "/alice/work/"].color) == (
        "Work", "#ff2968")
    assert (by_url[server.url + "/alice/home/"].name, by_url[server.url + "/alice/home/"].color) == (
        "Home & Family", "#1badf8")
    assert server.url + "/alice/todo/" not in by_url  # a task list is not an event calendar
    assert all(c.sync_token.startswith("http://radicale.org/ns/sync/") for c in found)


@pytest.mark.parametrize("path", ["/alice/missing/", "/elsewhere/caldav/"])  # 404, 403
def test_discovery_falls_back_to_well_known_from_an_address_that_leads_nowhere(server, path):
    # Radicale answers /.well-known/caldav with a 301 to /; outside a browser it can be followed.
    transport = UrllibTransport()
    found = run(caldav.discover(transport, server.url + path, AUTH))
    assert {c.name for c in found} >= {"Work", "Home & Family"}
    assert transport.requests[1].url == server.url + "/.well-known/caldav"


def test_a_wrong_password_is_the_401_problem(server):
    with pytest.raises(WrongCredentials) as caught:
        run(caldav.discover(UrllibTransport(), server.url + "/", caldav.basic_auth(USER, "nope")))
    assert caught.value.status == 401
    assert "user name or password" in str(caught.value)


def test_a_recurring_event_with_exdate_and_override_expands_right(server):
    resources = run(caldav.query_range(UrllibTransport(), server.url + "/alice/work/", AUTH,
                                       WEEK, WEEK + timedelta(days=7)))
    assert [r.href for r in resources] == [server.url + "/alice/work/standup.ics"]
    found = caldav.occurrences(resources, "work", WEEK, WEEK + timedelta(days=7), BERLIN)
    assert [(o.title, o.start.astimezone(BERLIN).strftime("%a %H:%M")) for o in found] == [
        ("Stand-up", "Mon 09:30"), ("Stand-up", "Tue 09:30"),  # Wed is an EXDATE
        ("Stand-up (moved)", "Thu 11:00"), ("Stand-up", "Fri 09:30")]
    assert all(o.recurring for o in found)


def test_a_time_range_query_returns_only_what_overlaps_the_range(server):
    transport = UrllibTransport()
    next_week = run(caldav.query_range(transport, server.url + "/alice/work/", AUTH,
                                       WEEK + timedelta(days=7), WEEK + timedelta(days=14)))
    assert [r.href.rpartition("/")[2] for r in next_week] == ["review.ics"]
    assert next_week[0].etag and "SUMMARY:Review" in next_week[0].ics
    empty = run(caldav.query_range(transport, server.url + "/alice/work/", AUTH,
                                   WEEK - timedelta(days=7), WEEK))
    assert empty == []


def test_incremental_sync_reports_a_change_and_a_delete_with_a_new_token(server, fresh_calendar):
    path = fresh_calendar.removeprefix(server.url)
    server.put(path + "a.ics", single("a@t", "A", "20260303T100000Z", "20260303T110000Z"))
    server.put(path + "b.ics", single("b@t", "B", "20260303T120000Z", "20260303T130000Z"))
    transport = UrllibTransport()
    state, first = run(caldav.sync_calendar(transport, CalendarState(fresh_calendar), AUTH))
    assert {r.href.rpartition("/")[2] for r in first.changed} == {"a.ics", "b.ics"}
    assert first.deleted == () and first.token

    server.put(path + "a.ics", single("a@t", "A moved", "20260303T150000Z", "20260303T160000Z"))
    server.delete(path + "b.ics")
    new_state, changes = run(caldav.sync_calendar(transport, state, AUTH))
    assert [(r.href, "SUMMARY:A moved" in r.ics) for r in changes.changed] == [
        (fresh_calendar + "a.ics", True)]
    assert changes.deleted == (fresh_calendar + "b.ics",)
    assert not changes.full and changes.token != state.sync_token
    assert set(new_state.etags) == {fresh_calendar + "a.ics"}
    assert new_state.etags[fresh_calendar + "a.ics"] != state.etags[fresh_calendar + "a.ics"]

    _, nothing = run(caldav.sync_calendar(transport, new_state, AUTH))
    assert (nothing.changed, nothing.deleted) == ((), ())


def test_first_sync_takes_two_requests_and_then_refreshes_incrementally(server, fresh_calendar):
    path = fresh_calendar.removeprefix(server.url)
    for i in range(60):  # more than one multiget batch, were every resource fetched one by one
        server.put(path + f"e{i}.ics", single(f"e{i}@t", f"E{i}", "20260303T100000Z", "20260303T110000Z"))
    transport = UrllibTransport()
    state, resources = run(caldav.first_sync(transport, fresh_calendar, AUTH))
    assert len(transport.requests) == 2
    assert len(resources) == 60 and all("SUMMARY:E" in r.ics for r in resources)
    assert state.sync_token and set(state.etags) == {r.href for r in resources}

    server.put(path + "e0.ics", single("e0@t", "E0 moved", "20260303T150000Z", "20260303T160000Z"))
    _, changes = run(caldav.sync_calendar(transport, state, AUTH))
    assert [r.href.rpartition("/")[2] for r in changes.changed] == ["e0.ics"] and not changes.full


def test_a_bogus_sync_token_falls_back_to_a_full_listing(server, fresh_calendar):
    path = fresh_calendar.removeprefix(server.url)
    server.put(path + "kept.ics", single("k@t", "Kept", "20260303T100000Z", "20260303T110000Z"))
    transport = UrllibTransport()
    with pytest.raises(caldav.SyncTokenRefused):
        run(caldav.sync_changes(transport, fresh_calendar, AUTH, "http://radicale.org/ns/sync/bogus"))

    stale = CalendarState(fresh_calendar, "http://radicale.org/ns/sync/bogus",
                          etags={fresh_calendar + "vanished.ics": '"old"'})
    state, changes = run(caldav.sync_calendar(transport, stale, AUTH))
    assert changes.full
    assert [r.href for r in changes.changed] == [fresh_calendar + "kept.ics"]
    assert changes.deleted == (fresh_calendar + "vanished.ics",)
    assert state.sync_token.startswith("http://radicale.org/ns/sync/")
    assert CalendarState.load(state.dump()) == state


class Page:
    """A CalDav provider as a page holds it: a store, this tab's passwords, what it was told."""

    def __init__(self, server: Radicale, store: MemoryStore | None = None) -> None:
        self.transport = UrllibTransport()
        self.changes: list[bool] = []
        self.problems: list = []

        async def probe(url: str) -> bool:
            raise AssertionError(f"Radicale always answers; no probe of {url}")

        self.store = store or MemoryStore()
        self.caldav = CalDav(Records(self.store), self.transport, passwords=MemoryPasswords(), probe=probe,
                             origin="http://127.0.0.1:8001", ask_password=lambda url, user: None,
                             on_change=self.changes.append, on_problem=self.problems.append)

    def sync(self, days) -> list[str]:
        """Sync; the kinds of REPORT it sent ("calendar-query", "sync-collection", "calendar-multiget")."""
        before = len(self.transport.requests)
        run(self.caldav.sync(days, BERLIN, datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)))
        kinds = ("calendar-query", "sync-collection", "calendar-multiget")
        return [next(k for k in kinds if k.encode() in r.body) for r in self.transport.requests[before:]]

    def shown(self, days) -> list[tuple[str, str]]:
        return sorted((o.title, o.start.astimezone(BERLIN).strftime("%a %H:%M"))
                      for o in self.caldav.occurrences(days, BERLIN))


def test_the_provider_syncs_in_full_once_then_only_what_changed(server, fresh_calendar):
    path = fresh_calendar.removeprefix(server.url)
    server.put(path + "a.ics", single("a@t", "A", "20260303T100000Z", "20260303T110000Z"))
    server.put(path + "b.ics", single("b@t", "B", "20260303T120000Z", "20260303T130000Z"))
    week = [date(2026, 3, 2) + timedelta(days=i) for i in range(7)]
    page = Page(server)
    account = run(page.caldav.add_account(fresh_calendar, USER, PASSWORD, False))
    assert [c.name for c in account.calendars] == ["Scratch"]
    assert page.sync(week) == ["calendar-query", "sync-collection"]
    assert page.shown(week) == [("A", "Tue 11:00"), ("B", "Tue 13:00")]
    assert page.changes == [False, True] and page.problems == []

    server.put(path + "a.ics", single("a@t", "A moved", "20260303T150000Z", "20260303T160000Z"))
    server.delete(path + "b.ics")
    assert page.sync(week) == ["sync-collection", "calendar-multiget"]
    assert page.shown(week) == [("A moved", "Tue 16:00")]
    next_week = [day + timedelta(days=7) for day in week]
    assert page.sync(next_week) == ["sync-collection"]  # a new week needs no query: nothing changed
    assert page.shown(next_week) == []

    again = Page(server, page.store)                    # a new tab: the password was for the session
    assert again.caldav.accounts()[0].needs_sign_in and again.shown(week) == [("A moved", "Tue 16:00")]
    run(again.caldav.add_account(fresh_calendar, USER, PASSWORD, True))
    assert again.sync(week) == ["sync-collection"]      # what was synced is kept


def test_the_provider_reports_a_wrong_password_as_needing_sign_in(server):
    page = Page(server)
    with pytest.raises(WrongCredentials) as caught:
        run(page.caldav.add_account(server.url + "/", USER, "nope", False))
    assert caught.value.needs_sign_in and page.caldav.accounts() == []


def test_the_cors_advice_allows_every_request_daypane_sends_and_no_write(server, monkeypatch):
    origin = "http://127.0.0.1:8001"
    advice = dict(caldav.cors_headers(origin))
    assert advice["Access-Control-Allow-Origin"] == origin
    allowed_methods = set(advice["Access-Control-Allow-Methods"].split(", "))
    allowed_headers = {name.lower() for name in advice["Access-Control-Allow-Headers"].split(", ")}
    assert not allowed_methods & {"PUT", "DELETE", "MKCALENDAR", "PROPPATCH", "MKCOL", "MOVE"}

    transport = UrllibTransport()  # everything Daypane sends: discovery, a first sync, an incremental one
    run(caldav.discover(transport, server.url + "/", AUTH))
    state, _ = run(caldav.first_sync(transport, server.url + "/alice/work/", AUTH))
    run(caldav.sync_calendar(transport, state, AUTH))
    assert {r.method for r in transport.requests} | {"OPTIONS"} <= allowed_methods
    assert {name.lower() for r in transport.requests for name, _ in r.headers} <= allowed_headers

    # A Radicale configured with exactly that advice answers a page's preflight, and a page can read
    # its 401 (the wrong-password problem).
    monkeypatch.setattr(radicale_server, "CORS_HEADERS",
                        {k: v for k, v in advice.items() if k != "Access-Control-Allow-Origin"})
    with Radicale(cors_origin=origin) as radicale:
        preflight = radicale.request("OPTIONS", "/alice/", auth=False, headers={
            "Origin": origin, "Access-Control-Request-Method": "PROPFIND",
            "Access-Control-Request-Headers": "authorization, depth, content-type"})
        refused = radicale.request("PROPFIND", "/", auth=False, headers={"Origin": origin})
    for status, headers, _ in (preflight, refused):
        assert headers.get("Access-Control-Allow-Origin") == origin
        assert "Depth" in headers.get("Access-Control-Allow-Headers", "")
        assert "REPORT" in headers.get("Access-Control-Allow-Methods", "")
    assert (preflight[0], refused[0]) == (200, 401)  # a browser page can read the 401
