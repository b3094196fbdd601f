"""Task lists on a real Radicale 3.9.0 (tests/support/servers): finding them, listing their to-dos,
and changing them with ETag preconditions (daypane.core.providers.caldav.writes).

One server per module, configured with the CORS headers for writes; every test that changes data
uses task lists of its own, so the tests stay independent of their order.
"""

from __future__ import annotations

import asyncio
import itertools

import pytest

from daypane.core.http import Request, Response
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import CalendarState, SyncTokenRefused, WrongCredentials
from daypane.core.providers.caldav.problems import cors_headers
from daypane.core.providers.caldav.writes import (
    ItemGone,
    PreconditionFailed,
    WriteRefused,
    delete_item,
    get_item,
    item_url,
    put_item,
)
from tests.support.servers import radicale_server
from tests.support.servers.radicale_server import PASSWORD, USER, Radicale
from tests.support.servers.urllib_transport import UrllibTransport

ORIGIN = "http://127.0.0.1:8001"
AUTH = caldav.basic_auth(USER, PASSWORD)
_names = itertools.count()


def run(coroutine):
    return asyncio.run(coroutine)


def todo(uid: str, summary: str) -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daypane tests//EN\r\nBEGIN:VTODO\r\n"
            f"UID:{uid}\r\nDTSTAMP:20260301T080000Z\r\nSUMMARY:{summary}\r\nSTATUS:NEEDS-ACTION\r\n"
            "END:VTODO\r\nEND:VCALENDAR\r\n")


class Recording(UrllibTransport):
    """The urllib Transport, keeping every answer too (to see the statuses writes got)."""

    def __init__(self) -> None:
        super().__init__()
        self.responses: list[Response] = []

    async def send(self, request: Request) -> Response:
        response = await super().send(request)
        self.responses.append(response)
        return response


@pytest.fixture(scope="module")
def server():
    with Radicale(cors_origin=ORIGIN, writes=True) as radicale:
        yield radicale


@pytest.fixture
def task_list(server):
    """A new, empty VTODO list of its own: its absolute URL."""
    return server.url + server.make_task_list(f"l{next(_names)}", "#00AA00FF")


# -- writing ----------------------------------------------------------------------------------
def test_a_todo_is_created_read_back_changed_and_deleted_with_its_etags(task_list):
    transport = Recording()
    url = item_url(task_list, "milk@daypane.test")
    etag = run(put_item(transport, url, AUTH, todo("milk@daypane.test", "Buy milk"), etag=None))
    assert transport.responses[-1].status in (201, 204) and etag.startswith('"')
    assert transport.requests[-1].header("If-None-Match") == "*"

    read = run(get_item(transport, url, AUTH))
    assert (read.href, read.etag) == (url, etag)  # Radicale's PUT ETag is the stored item's
    lines = read.ics.replace("\r\n", "\n").split("\n")  # Radicale may rewrite the text
    assert "UID:milk@daypane.test" in lines and "SUMMARY:Buy milk" in lines and "BEGIN:VTODO" in lines

    changed = run(put_item(transport, url, AUTH, todo("milk@daypane.test", "Buy oat milk"), etag=etag))
    assert transport.responses[-1].status in (200, 204) and changed and changed != etag
    assert transport.requests[-1].header("If-Match") == etag
    assert "SUMMARY:Buy oat milk" in run(get_item(transport, url, AUTH)).ics

    with pytest.raises(PreconditionFailed) as stale:  # the first ETag is stale now
        run(put_item(transport, url, AUTH, todo("milk@daypane.test", "Lost update"), etag=etag))
    assert stale.value.status == 412
    assert "SUMMARY:Buy oat milk" in run(get_item(transport, url, AUTH)).ics  # nothing overwritten

    with pytest.raises(PreconditionFailed):
        run(delete_item(transport, url, AUTH, etag))
    run(delete_item(transport, url, AUTH, changed))
    assert transport.responses[-1].status in (200, 204)
    with pytest.raises(ItemGone) as gone:
        run(get_item(transport, url, AUTH))
    assert gone.value.status == 404
    with pytest.raises(ItemGone):
        run(delete_item(transport, url, AUTH, changed))


def test_creating_over_an_existing_item_is_a_precondition_failure(task_list):
    transport = UrllibTransport()
    url = item_url(task_list, "bread")
    first = run(put_item(transport, url, AUTH, todo("bread", "Bread"), etag=None))
    with pytest.raises(PreconditionFailed, match="already an item") as caught:
        run(put_item(transport, url, AUTH, todo("bread", "Bread again"), etag=None))
    assert caught.value.status == 412
    assert run(get_item(transport, url, AUTH)).etag == first


def test_updating_an_item_deleted_meanwhile_is_a_precondition_failure(server, task_list):
    transport = UrllibTransport()
    url = item_url(task_list, "eggs")
    etag = run(put_item(transport, url, AUTH, todo("eggs", "Eggs"), etag=None))
    server.delete(url.removeprefix(server.url))
    with pytest.raises(PreconditionFailed):  # Radicale: If-Match on a missing item is 412, not 404
        run(put_item(transport, url, AUTH, todo("eggs", "Eggs"), etag=etag))


def test_a_second_item_with_the_same_uid_is_refused_for_good(task_list):
    transport = UrllibTransport()
    run(put_item(transport, item_url(task_list, "tea"), AUTH, todo("tea", "Tea"), etag=None))
    with pytest.raises(WriteRefused, match="same UID") as caught:
        run(put_item(transport, task_list + "other-name.ics", AUTH, todo("tea", "Tea"), etag=None))
    assert caught.value.status == 409


def test_writes_where_they_cannot_go_are_refused_for_good(server):
    transport = UrllibTransport()
    with pytest.raises(WriteRefused) as no_list:  # Radicale: 409 when the parent does not exist
        run(put_item(transport, server.url + "/alice/no-such-list/x.ics", AUTH, todo("x", "X"),
                     etag=None))
    assert no_list.value.status == 409
    with pytest.raises(WriteRefused) as elsewhere:  # rights owner_only: not alice's: 405 or 403
        run(put_item(transport, server.url + "/bob/tasks/x.ics", AUTH, todo("x", "X"), etag=None))
    assert elsewhere.value.status in (403, 405)


def test_a_wrong_password_on_a_write_is_the_sign_in_problem(task_list):
    with pytest.raises(WrongCredentials) as caught:
        run(put_item(UrllibTransport(), item_url(task_list, "x"), caldav.basic_auth(USER, "nope"),
                     todo("x", "X"), etag=None))
    assert caught.value.status == 401 and caught.value.needs_sign_in


def test_the_address_daypane_gives_a_todo_is_the_href_the_server_lists(task_list):
    transport = UrllibTransport()
    uids = ["plain", "1234-abcd@daypane.test", "with space+plus", "Müsli"]
    etags = {}
    for uid in uids:
        url = item_url(task_list, uid)
        etags[url] = run(put_item(transport, url, AUTH, todo(uid, uid), etag=None))
    _, listing = run(caldav.sync_calendar(transport, CalendarState(task_list), AUTH))
    assert {r.href: r.etag for r in listing.changed} == etags  # same hrefs, same ETags
    assert {r.href: r.ics.count("UID:") for r in listing.changed} == dict.fromkeys(etags, 1)


# -- listing ----------------------------------------------------------------------------------
def test_a_task_list_syncs_in_full_after_a_refused_token(server, task_list):
    path = task_list.removeprefix(server.url)
    kept = server.put_todo(path, "kept", todo("kept", "Kept"))
    transport = UrllibTransport()
    with pytest.raises(SyncTokenRefused):
        run(caldav.sync_changes(transport, task_list, AUTH, "http://radicale.org/ns/sync/bogus"))

    stale = CalendarState(task_list, "http://radicale.org/ns/sync/bogus",
                          etags={task_list + "vanished.ics": '"old"'})
    state, changes = run(caldav.sync_calendar(transport, stale, AUTH))
    assert changes.full
    assert [r.href for r in changes.changed] == [server.url + kept]
    assert "SUMMARY:Kept" in changes.changed[0].ics and "BEGIN:VTODO" in changes.changed[0].ics
    assert changes.deleted == (task_list + "vanished.ics",)
    assert state.etags == {server.url + kept: server.etag_of(kept)}

    server.put_todo(path, "new", todo("new", "New"))  # and incrementally from the new token
    _, delta = run(caldav.sync_calendar(transport, state, AUTH))
    assert [r.href for r in delta.changed] == [task_list + "new.ics"] and not delta.full


# -- discovery --------------------------------------------------------------------------------
def test_collections_are_found_by_the_kinds_they_hold(server):
    n = next(_names)
    both = server.url + server.make_task_list(f"both{n}", "#112233", ("VEVENT", "VTODO"))
    todos = server.url + server.make_task_list(f"todos{n}", None, ("VTODO",), displayname="Errands")
    events = server.url + server.make_calendar(f"events{n}", "Events", "#445566")
    transport = UrllibTransport()
    calendars = {c.url: c for c in run(caldav.discover(transport, server.url + "/", AUTH))}
    lists = {c.url: c for c in run(caldav.discover_task_lists(transport, server.url + "/", AUTH))}
    assert both in calendars and both in lists
    assert todos in lists and todos not in calendars
    assert events in calendars and events not in lists
    assert (lists[both].components, lists[both].color) == (("VEVENT", "VTODO"), "#112233")
    assert (lists[todos].name, lists[todos].color, lists[todos].components) == ("Errands", "", ("VTODO",))
    assert calendars[events].components == ("VEVENT",)
    assert all(c.writable for c in [*calendars.values(), *lists.values()])  # alice owns them all
    assert lists[todos].sync_token.startswith("http://radicale.org/ns/sync/")


def test_a_task_list_address_is_returned_as_is(server, task_list):
    transport = UrllibTransport()
    found = run(caldav.discover_task_lists(transport, task_list, AUTH))
    assert [(c.url, c.components, c.writable) for c in found] == [(task_list, ("VTODO",), True)]
    assert len(transport.requests) == 1


# -- CORS -------------------------------------------------------------------------------------
def test_the_write_cors_advice_is_what_the_test_server_sends_and_lets_a_page_write(server, task_list):
    advice = dict(cors_headers(ORIGIN, writes=True))
    assert {k: v for k, v in advice.items() if k != "Access-Control-Allow-Origin"} == \
        radicale_server.WRITE_CORS_HEADERS
    assert {k: v for k, v in dict(cors_headers(ORIGIN)).items()
            if k != "Access-Control-Allow-Origin"} == radicale_server.CORS_HEADERS  # read: unchanged

    url = item_url(task_list, "cors").removeprefix(server.url)
    status, headers, _ = server.request("OPTIONS", url, auth=False, headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type, if-none-match"})
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == ORIGIN
    assert {"PUT", "DELETE", "GET"} <= set(headers.get("Access-Control-Allow-Methods", "").split(", "))
    assert {"If-Match", "If-None-Match"} <= set(headers.get("Access-Control-Allow-Headers", "").split(", "))

    status, headers, _ = server.request("PUT", url, todo("cors", "CORS"), headers={
        "Origin": ORIGIN, "Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
    assert status == 201 and headers.get("ETag")  # readable by the page: exposed
    assert headers.get("Access-Control-Expose-Headers") == "ETag"


def test_the_default_test_server_still_allows_reading_only():
    with Radicale(cors_origin=ORIGIN) as radicale:
        status, headers, _ = radicale.request("OPTIONS", "/alice/", auth=False, headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": "PUT"})
    assert headers.get("Access-Control-Allow-Methods") == "OPTIONS, PROPFIND, REPORT"
    assert "If-Match" not in headers.get("Access-Control-Allow-Headers", "")
    assert headers.get("Access-Control-Expose-Headers") is None
