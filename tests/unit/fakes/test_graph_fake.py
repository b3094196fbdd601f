"""The fake Graph (tests/support/fakes/graph.py) answers in Graph's shapes, driven directly through its
pure answer(method, url, headers, body), and the core's own request plans are what it expects."""

import asyncio
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from daypane.core.http import MockTransport, Request
from daypane.core.providers.microsoft.graph import (
    GRAPH,
    batch_requests,
    calendar_view_path,
    calendars_request,
    parse_batch,
    parse_calendars,
)
from tests.support.fakes.graph import FakeGraph, Mailbox

BERLIN = ZoneInfo("Europe/Berlin")
START, END = datetime(2026, 3, 2, tzinfo=BERLIN), datetime(2026, 3, 9, tzinfo=BERLIN)
AUTH = {"Authorization": "Bearer t"}


def ev(i, day=4, **extra):
    return {"id": f"e{i}", "subject": f"Event {i}", "bodyPreview": "x" * 50,
            "start": {"dateTime": f"2026-03-0{day}T09:00:00.0000000", "timeZone": "UTC"},
            "end": {"dateTime": f"2026-03-0{day}T10:00:00.0000000", "timeZone": "UTC"}, **extra}


def fake(page_size=2, clock=lambda: 100.0):
    mailbox = Mailbox(calendars=[{"id": "a", "name": "A", "hexColor": "#123456", "isDefaultCalendar": True}],
                      events={"a": [ev(i) for i in range(5)] + [ev(9, day=1)]})
    graph = FakeGraph(page_size=page_size, clock=clock)
    graph.grant("t", mailbox, expires=200.0)
    return graph


def view(calendar="a"):
    return GRAPH + calendar_view_path(calendar, START, END)


def test_calendar_view_pages_by_next_link_with_select_and_zone():
    graph = fake()
    headers = {**AUTH, "Prefer": 'outlook.timezone="Europe/Berlin"'}
    url, seen, pages = view(), [], 0
    while url:
        answer = graph.answer("GET", url, headers)
        assert answer.status == 200 and answer.headers["Preference-Applied"] == 'outlook.timezone="Europe/Berlin"'
        seen += answer.body["value"]
        url, pages = answer.body.get("@odata.nextLink"), pages + 1
    assert pages == 3 and [e["id"] for e in seen] == [f"e{i}" for i in range(5)]  # e9 is outside the week
    assert seen[0]["start"] == {"dateTime": "2026-03-04T10:00:00.0000000", "timeZone": "Europe/Berlin"}
    assert "bodyPreview" in seen[0] and seen[0]["@odata.etag"].startswith('W/"')
    narrow = graph.answer("GET", view().replace("bodyPreview", "isAllDay"), AUTH).body["value"][0]
    assert "bodyPreview" not in narrow and narrow["start"]["timeZone"] == "UTC"  # no Prefer: UTC


def test_page_size_is_the_smallest_of_top_maxpagesize_and_the_servers():
    graph = fake(page_size=50)
    assert len(graph.answer("GET", view(), AUTH).body["value"]) == 5  # $top=100
    small = {**AUTH, "Prefer": "odata.maxpagesize=3"}
    assert len(graph.answer("GET", view(), small).body["value"]) == 3
    bare = GRAPH + "/me/calendars/a/calendarView?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-03-09T00:00:00Z"
    assert len(graph.answer("GET", bare, AUTH).body["value"]) == 6  # Graph's default page of 10


def test_batch_answers_each_request_with_its_own_status_and_refuses_more_than_20():
    graph = fake()
    graph.throttle("/a/", retry_after=7)
    (request,) = batch_requests([calendar_view_path("a", START, END), calendar_view_path("gone", START, END),
                                 calendar_view_path("a", START, END)], "Europe/Berlin")
    answer = graph.answer("POST", request.url, AUTH, request.body)
    throttled, gone, fine = parse_batch(answer.body)
    assert answer.status == 200 and answer.throttled and len(answer.sub_requests) == 3
    assert (throttled.status, throttled.headers["retry-after"]) == (429, "7")
    assert gone.status == 404 and gone.body["error"]["code"] == "ErrorItemNotFound"
    assert fine.status == 200 and len(fine.body["value"]) == 2
    (too_many,) = batch_requests([calendar_view_path("a", START, END)] * 20, "UTC")
    body = json.loads(too_many.body)
    body["requests"].append({**body["requests"][0], "id": "20"})
    assert graph.answer("POST", too_many.url, AUTH, json.dumps(body)).status == 400


def test_tokens_unknown_or_expired_get_401_and_a_window_is_required():
    now = [100.0]
    graph = fake(clock=lambda: now[0])
    assert graph.answer("GET", view(), {"Authorization": "Bearer nope"}).status == 401
    assert graph.answer("GET", view(), AUTH).status == 200
    now[0] = 300.0  # past the grant's expiry
    answer = graph.answer("POST", GRAPH + "/$batch", AUTH, b'{"requests": []}')
    assert answer.status == 401 and answer.body["error"]["code"] == "InvalidAuthenticationToken"
    graph.grant("t2", Mailbox())
    graph.expire_tokens()
    assert graph.answer("GET", GRAPH + "/me", {"Authorization": "Bearer t2"}).status == 401
    now[0] = 100.0
    graph.grant("t", Mailbox(calendars=[{"id": "a"}]))
    assert graph.answer("GET", GRAPH + "/me/calendars/a/calendarView", AUTH).status == 400


def test_the_core_reads_the_calendar_list_through_a_mock_transport():
    transport = MockTransport(fake())
    request = calendars_request()
    response = asyncio.run(transport.send(Request(request.method, request.url, (("Authorization", "Bearer t"),))))
    assert response.status == 200 and response.header("Content-Type") == "application/json"
    assert [(c.id, c.color, c.is_default) for c in parse_calendars(response.json())] == [("a", "#123456", True)]
