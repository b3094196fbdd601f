"""Writing to-dos (caldav/writes.py) against MockTransport: the conditional headers sent, every
status as the problem a caller must tell apart, no answer, and the address a new to-do gets.
The same against a real Radicale: tests/integration/test_caldav_tasks_radicale.py."""

from __future__ import annotations

import asyncio

import pytest

from daypane.core.http import MockTransport, NetworkError, Response
from daypane.core.providers.caldav import writes
from daypane.core.providers.caldav.client import DavResource
from daypane.core.providers.caldav.problems import (
    AccessDenied,
    ServerFailed,
    UnexpectedAnswer,
    WrongCredentials,
)
from daypane.core.providers.caldav.writes import (
    ItemGone,
    PreconditionFailed,
    WriteRefused,
    delete_item,
    get_item,
    item_url,
    put_item,
)
from daypane.core.providers.cors import NoAnswer
from tests.unit.core.providers.caldav.fake_server import AUTH, BASE

URL = f"{BASE}/alice/tasks/milk.ics"
ETAG = '"a9ab6bb5d4c88e37c00e8cc1103e8c11b36718dc2156c92861e7288a94980932"'
TODO = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daypane//EN\r\nBEGIN:VTODO\r\nUID:milk\r\n"
        "DTSTAMP:20260301T000000Z\r\nSUMMARY:Buy milk – 2 l\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
UID_CONFLICT = (b"<?xml version='1.0' encoding='utf-8'?>\n<error xmlns=\"DAV:\" "
                b'xmlns:C="urn:ietf:params:xml:ns:caldav"><C:no-uid-conflict /></error>')  # Radicale 3.9.0


def run(coroutine):
    return asyncio.run(coroutine)


def answering(*responses: Response | Exception) -> MockTransport:
    queue = list(responses)

    def handler(request):
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return MockTransport(handler)


# -- what is sent -----------------------------------------------------------------------------
def test_a_new_todo_is_put_with_if_none_match_star_and_its_etag_returned():
    transport = answering(Response(201, (("ETag", ETAG),)))
    assert run(put_item(transport, URL, AUTH, TODO, etag=None)) == ETAG
    (request,) = transport.requests
    assert (request.method, request.url) == ("PUT", URL)
    assert request.header("If-None-Match") == "*" and request.header("If-Match") is None
    assert request.header("Content-Type") == "text/calendar; charset=utf-8"
    assert request.header("Authorization") == AUTH
    assert request.body == TODO.encode("utf-8")


@pytest.mark.parametrize("etag", [ETAG, 'W/"weak-1"', "unquoted"])
def test_a_change_is_put_with_if_match_and_the_etag_exactly_as_the_server_gave_it(etag):
    transport = answering(Response(204, (("etag", '"new"'),)))  # header names are case-insensitive
    assert run(put_item(transport, URL, AUTH, TODO, etag=etag)) == '"new"'
    (request,) = transport.requests
    assert request.header("If-Match") == etag and request.header("If-None-Match") is None


def test_a_put_answered_without_an_etag_returns_empty_for_the_caller_to_read_it_back():
    assert run(put_item(answering(Response(200)), URL, AUTH, TODO, etag=ETAG)) == ""


def test_nothing_but_what_cors_allows_is_sent_and_no_cache_control():
    transport = answering(Response(201, (("ETag", ETAG),)), Response(204),
                          Response(200, (("ETag", ETAG),), TODO.encode()))
    run(put_item(transport, URL, AUTH, TODO, etag=None))
    run(delete_item(transport, URL, AUTH, ETAG))
    run(get_item(transport, URL, AUTH))
    sent = {name.lower() for r in transport.requests for name, _ in r.headers}
    assert sent == {"authorization", "content-type", "if-none-match", "if-match"}
    assert {r.method for r in transport.requests} == {"PUT", "DELETE", "GET"}


def test_delete_sends_if_match_and_no_body():
    transport = answering(Response(204))
    assert run(delete_item(transport, URL, AUTH, ETAG)) is None
    (request,) = transport.requests
    assert (request.method, request.header("If-Match"), request.body) == ("DELETE", ETAG, None)


@pytest.mark.parametrize("status", [200, 202, 204])
def test_delete_succeeds_on_every_success_status(status):
    run(delete_item(answering(Response(status)), URL, AUTH, ETAG))


def test_get_reads_text_etag_and_keeps_the_address():
    body = "\ufeff".encode() + TODO.encode()  # a BOM is dropped
    transport = answering(Response(200, (("ETag", ETAG), ("Content-Type", "text/calendar")), body))
    assert run(get_item(transport, URL, AUTH)) == DavResource(URL, ETAG, TODO)
    (request,) = transport.requests
    assert request.method == "GET" and request.header("Authorization") == AUTH
    assert request.header("If-Match") is None


def test_get_without_an_etag_header_gives_an_empty_etag():
    assert run(get_item(answering(Response(200, (), TODO.encode())), URL, AUTH)).etag == ""


# -- statuses ---------------------------------------------------------------------------------
@pytest.mark.parametrize("status, body, kind, words", [
    (412, b"", PreconditionFailed, "changed on the server"),
    (404, b"", ItemGone, "no longer exists"),
    (410, b"", ItemGone, "no longer exists"),
    (403, b"", WriteRefused, "no permission"),
    (405, b"", WriteRefused, "read-only"),
    (409, UID_CONFLICT, WriteRefused, "same UID"),
    (409, b"", WriteRefused, "conflict"),
    (415, b"", WriteRefused, "does not accept this kind"),
    (400, b"", WriteRefused, "not accept the to-do's data"),
    (413, b"", WriteRefused, "larger than"),
    (507, b"", WriteRefused, "no room"),
    (422, b"", WriteRefused, "refused to save"),
    (401, b"", WrongCredentials, "user name or password"),
    (500, b"", ServerFailed, "try again later"),
    (503, b"", ServerFailed, "try again later"),
    (429, b"", ServerFailed, "busy"),
    (207, b"", UnexpectedAnswer, "HTTP 207"),
])
def test_a_refused_change_is_the_problem_a_caller_must_tell_apart(status, body, kind, words):
    with pytest.raises(kind) as caught:
        run(put_item(answering(Response(status, (), body)), URL, AUTH, TODO, etag=ETAG))
    problem = caught.value
    assert type(problem) is kind and problem.status == status and problem.url == URL
    assert words in str(problem) and "127.0.0.1:5232" in str(problem)
    assert str(problem).endswith(".") and str(problem).count(". ") >= 1  # what, then what to do


def test_a_507_is_refused_for_good_not_a_server_failure():
    # 5xx is passing, but 507 Insufficient Storage will not pass by itself.
    with pytest.raises(WriteRefused) as caught:
        run(put_item(answering(Response(507)), URL, AUTH, TODO, etag=None))
    assert caught.value.status == 507


def test_a_create_over_an_existing_item_says_so():
    with pytest.raises(PreconditionFailed, match="already an item"):
        run(put_item(answering(Response(412)), URL, AUTH, TODO, etag=None))


@pytest.mark.parametrize("status, kind", [(412, PreconditionFailed), (404, ItemGone),
                                          (410, ItemGone), (403, WriteRefused),
                                          (405, WriteRefused), (503, ServerFailed),
                                          (401, WrongCredentials)])
def test_delete_statuses(status, kind):
    with pytest.raises(kind) as caught:
        run(delete_item(answering(Response(status)), URL, AUTH, ETAG))
    assert caught.value.status == status
    if status == 412:
        assert "not deleted" in str(caught.value)


@pytest.mark.parametrize("status, kind", [(404, ItemGone), (410, ItemGone), (403, AccessDenied),
                                          (401, WrongCredentials), (500, ServerFailed),
                                          (429, ServerFailed), (301, UnexpectedAnswer)])
def test_get_statuses(status, kind):
    with pytest.raises(kind):
        run(get_item(answering(Response(status)), URL, AUTH))


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirected_write_is_reported_not_followed(status):
    transport = answering(Response(status, (("Location", "/elsewhere/milk.ics"),)))
    with pytest.raises(WriteRefused) as caught:
        run(put_item(transport, URL, AUTH, TODO, etag=ETAG))
    assert len(transport.requests) == 1 and caught.value.status == status
    assert f"{BASE}/elsewhere/milk.ics" in str(caught.value) and "nothing was changed" in str(caught.value)


@pytest.mark.parametrize("call", [
    lambda t: put_item(t, URL, AUTH, TODO, etag=None),
    lambda t: put_item(t, URL, AUTH, TODO, etag=ETAG),
    lambda t: delete_item(t, URL, AUTH, ETAG),
    lambda t: get_item(t, URL, AUTH),
])
def test_no_answer_at_all_is_no_answer_for_the_cors_probe(call):
    with pytest.raises(NoAnswer) as caught:
        run(call(answering(NetworkError("Failed to fetch"))))
    assert caught.value.url == URL and "127.0.0.1:5232" in str(caught.value)
    assert isinstance(caught.value.__cause__, NetworkError)


def test_every_write_problem_is_a_caldav_problem_a_provider_raises_as_is():
    from daypane.core.providers.caldav.problems import CalDavError

    assert all(issubclass(kind, CalDavError) for kind in (PreconditionFailed, ItemGone, WriteRefused))
    assert not issubclass(WriteRefused, ServerFailed)  # never taken for a passing failure


# -- addresses --------------------------------------------------------------------------------
@pytest.mark.parametrize("uid, name", [
    ("milk", "milk.ics"),
    ("A-z_0.9", "A-z_0.9.ics"),
    ("123@daypane.test", "123%40daypane.test.ics"),
    ("a b/c?d#e%f", "a%20b%2Fc%3Fd%23e%25f.ics"),
    ("~tilde+plus", "%7Etilde%2Bplus.ics"),
    ("Müsli", "M%C3%BCsli.ics"),
])
def test_a_new_todo_is_named_by_its_uid_percent_encoded(uid, name):
    assert item_url(f"{BASE}/alice/tasks/", uid) == f"{BASE}/alice/tasks/{name}"
    assert item_url(f"{BASE}/alice/tasks", uid) == f"{BASE}/alice/tasks/{name}"  # slash added


def test_a_uid_a_file_server_would_hide_or_refuse_gets_a_hashed_name():
    hidden = item_url(f"{BASE}/alice/tasks/", ".hidden")
    long = item_url(f"{BASE}/alice/tasks/", "x" * (writes.MAX_NAME_BYTES + 1))
    for url in (hidden, long):
        name = url.rpartition("/")[2]
        assert len(name) == 64 + 4 and name.endswith(".ics") and not name.startswith(".")
    assert hidden == item_url(f"{BASE}/alice/tasks/", ".hidden") != long  # the same for the same UID
    assert item_url(f"{BASE}/alice/tasks/", "x" * writes.MAX_NAME_BYTES).endswith("x.ics")


def test_an_empty_uid_has_no_address():
    with pytest.raises(ValueError):
        item_url(f"{BASE}/alice/tasks/", "")
