"""Syncing a range against the fake Graph (tests/support/fakes/graph.py) through a MockTransport:
batching, paging across rounds, throttling waits, one silent token renewal, per-calendar failures."""

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from daypane.core.http import MockTransport, NetworkError
from daypane.core.providers.microsoft.sync import GraphError, Stats, fetch_range, list_calendars
from tests.support.fakes.graph import FakeGraph, Mailbox

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


def make_graph(events: dict | None = None, *, accepted=("old", "fresh")) -> FakeGraph:
    """The shared fake Graph with pages of 2: calendar "big" has 5 events (3 pages), "small" 1;
    "gone" is unknown (404). Access tokens in ``accepted`` are valid."""
    mailbox = Mailbox(calendars=[{"id": "big", "name": "Calendar", "isDefaultCalendar": True}],
                      events={"big": [ev(i) for i in range(5)], "small": [ev(9)]} if events is None else events)
    graph = FakeGraph(page_size=2)
    for token in accepted:
        graph.grant(token, mailbox)
    return graph


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
    results, transport, slept = run(make_graph(), ["big", "small"], stats=stats)
    assert len(results["big"].occurrences) == 5 and len(results["small"].occurrences) == 1
    assert stats.round_trips == 3 == len(transport.requests)  # pages 1, 2, 3 of "big"; "small" in round 1
    assert slept == []
    assert all(r.header("Authorization") == "Bearer old" for r in transport.requests)


def test_twenty_five_calendars_take_two_posts():
    graph = make_graph({f"c{i}": [ev(i)] for i in range(25)})
    results, transport, _ = run(graph, [f"c{i}" for i in range(25)])
    assert len(transport.requests) == 2 and all(len(r.occurrences) == 1 for r in results.values())


def test_a_throttled_calendar_waits_retry_after_then_retries():
    graph = make_graph()
    graph.throttle("/small/", retry_after=3)
    results, transport, slept = run(graph, ["small"])
    assert slept == [3.0] and len(transport.requests) == 2
    assert len(results["small"].occurrences) == 1


def test_401_renews_the_token_once_then_succeeds():
    graph, tokens = make_graph(accepted=("fresh",)), Tokens()
    results, transport, _ = run(graph, ["small"], tokens=tokens)
    assert tokens.calls == [False, True]
    assert [r.header("Authorization") for r in transport.requests] == ["Bearer old", "Bearer fresh"]
    assert results["small"].error is None


def test_a_second_401_is_an_error_not_a_loop():
    graph = make_graph(accepted=())
    with pytest.raises(GraphError) as failure:
        run(graph, ["small"])
    assert failure.value.status == 401


def test_one_missing_calendar_does_not_hide_the_others():
    results, _, _ = run(make_graph(), ["gone", "small"])
    assert "404" in results["gone"].error and results["small"].error is None


def test_network_failure_is_a_graph_error_with_guidance():
    def offline(request):
        raise NetworkError("Failed to fetch")
    with pytest.raises(GraphError, match="could not be reached"):
        run(offline, ["small"])


def test_list_calendars():
    async def sleep(_):
        pass
    found = asyncio.run(list_calendars(MockTransport(make_graph()), Tokens(), sleep=sleep))
    assert [(c.id, c.is_default) for c in found] == [("big", True)]
