"""Syncing a range against a MockTransport that answers like Graph: batching, paging across
rounds, throttling waits, one silent token renewal, per-calendar failures."""

import asyncio
import json
from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from daypane.core.http import MockTransport, NetworkError, Response
from daypane.core.providers.microsoft.graph import GRAPH
from daypane.core.providers.microsoft.sync import GraphError, Stats, fetch_range, list_calendars

BERLIN = ZoneInfo("Europe/Berlin")
START, END = datetime(2026, 3, 2, tzinfo=BERLIN), datetime(2026, 3, 9, tzinfo=BERLIN)


def ev(i):
    return {"id": f"e{i}", "subject": f"Event {i}", "start": {"dateTime": "2026-03-04T09:00:00", "timeZone": "UTC"},
            "end": {"dateTime": "2026-03-04T10:00:00", "timeZone": "UTC"}}


class Tokens:
    def __init__(self):
        self.calls = []

    async def token(self, *, force_refresh=False):
        self.calls.append(force_refresh)
        return "fresh" if force_refresh else "old"


class FakeGraph:
    """Pages of 2 events; calendar "big" has 5 events (3 pages), "small" 1; "gone" is 404."""

    def __init__(self):
        self.events = {"big": [ev(i) for i in range(5)], "small": [ev(9)]}
        self.throttle_once = set()
        self.reject_tokens = set()

    def answer_one(self, url):
        parts = urlsplit(url)
        cid = parts.path.split("/")[3]
        if cid in self.throttle_once:
            self.throttle_once.discard(cid)
            return {"status": 429, "headers": {"Retry-After": "3"}, "body": {}}
        if cid not in self.events:
            return {"status": 404, "headers": {}, "body": {"error": {"message": "not found"}}}
        skip = int(parse_qs(parts.query).get("$skiptoken", ["0"])[0])
        body = {"value": self.events[cid][skip:skip + 2]}
        if skip + 2 < len(self.events[cid]):
            body["@odata.nextLink"] = f"{GRAPH}/me/calendars/{cid}/calendarView?$skiptoken={skip + 2}"
        return {"status": 200, "headers": {}, "body": body}

    def __call__(self, request):
        assert request.url.startswith(GRAPH)
        if request.header("Authorization") in self.reject_tokens:
            return Response(401, (), b'{"error": {"code": "InvalidAuthenticationToken"}}')
        if request.url.endswith("/$batch"):
            items = json.loads(request.body)["requests"]
            assert len(items) <= 20
            return Response(200, (), json.dumps({"responses": [
                {"id": item["id"], **self.answer_one(item["url"])} for item in items]}).encode())
        return Response(200, (), json.dumps({"value": [{"id": "big", "name": "Calendar", "isDefaultCalendar": True}]}).encode())


def run(graph, ids, tokens=None, stats=None):
    slept = []

    async def sleep(seconds):
        slept.append(seconds)

    transport = MockTransport(graph)
    results = asyncio.run(fetch_range(transport, tokens or Tokens(), ids, START, END, time_zone="Europe/Berlin",
                                      zone=BERLIN, sleep=sleep, stats=stats))
    return {r.calendar_id: r for r in results}, transport, slept


def test_pages_of_all_calendars_are_fetched_together_in_rounds():
    stats = Stats()
    results, transport, slept = run(FakeGraph(), ["big", "small"], stats=stats)
    assert len(results["big"].occurrences) == 5 and len(results["small"].occurrences) == 1
    assert stats.round_trips == 3 == len(transport.requests)  # pages 1, 2, 3 of "big"; "small" in round 1
    assert slept == []
    assert all(r.header("Authorization") == "Bearer old" for r in transport.requests)


def test_twenty_five_calendars_take_two_posts():
    graph = FakeGraph()
    graph.events = {f"c{i}": [ev(i)] for i in range(25)}
    results, transport, _ = run(graph, [f"c{i}" for i in range(25)])
    assert len(transport.requests) == 2 and all(len(r.occurrences) == 1 for r in results.values())


def test_a_throttled_calendar_waits_retry_after_then_retries():
    graph = FakeGraph()
    graph.throttle_once = {"small"}
    results, transport, slept = run(graph, ["small"])
    assert slept == [3.0] and len(transport.requests) == 2
    assert len(results["small"].occurrences) == 1


def test_401_renews_the_token_once_then_succeeds():
    graph, tokens = FakeGraph(), Tokens()
    graph.reject_tokens = {"Bearer old"}
    results, transport, _ = run(graph, ["small"], tokens=tokens)
    assert tokens.calls == [False, True]
    assert [r.header("Authorization") for r in transport.requests] == ["Bearer old", "Bearer fresh"]
    assert results["small"].error is None


def test_a_second_401_is_an_error_not_a_loop():
    graph = FakeGraph()
    graph.reject_tokens = {"Bearer old", "Bearer fresh"}
    with pytest.raises(GraphError) as failure:
        run(graph, ["small"])
    assert failure.value.status == 401


def test_one_missing_calendar_does_not_hide_the_others():
    results, _, _ = run(FakeGraph(), ["gone", "small"])
    assert "404" in results["gone"].error and results["small"].error is None


def test_network_failure_is_a_graph_error_with_guidance():
    def offline(request):
        raise NetworkError("Failed to fetch")
    with pytest.raises(GraphError, match="could not be reached"):
        run(offline, ["small"])


def test_list_calendars():
    async def sleep(_):
        pass
    found = asyncio.run(list_calendars(MockTransport(FakeGraph()), Tokens(), sleep=sleep))
    assert [(c.id, c.is_default) for c in found] == [("big", True)]
