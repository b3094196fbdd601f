"""daypane.core.providers.feeds (the Feeds provider on a MemoryStore) against a real HTTP feed host on
127.0.0.1 (tests/support/servers/feed_server.py): subscribing, a conditional refresh answered 304,
a changed feed, a host that fails."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daypane.core.providers.feeds import subscription
from daypane.core.providers.feeds.provider import Feeds
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from tests.support.fixtures import fixture_path
from tests.support.servers.feed_server import FeedServer
from tests.support.servers.urllib_transport import UrllibTransport

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
WEEK = [date(2026, 3, 2) + timedelta(days=i) for i in range(7)]
TEAM = fixture_path("subscription", "team-holidays.ics").read_text()  # one feed, one event


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture
def host():
    with FeedServer() as server:
        server.body = TEAM
        yield server


def feeds_on(store: MemoryStore, changes: list, problems: list) -> Feeds:
    async def probe(url: str) -> bool:
        return True

    return Feeds(Records(store), UrllibTransport(), probe=probe, origin="http://127.0.0.1:8001",
                 on_change=changes.append, on_problem=problems.append)


def test_subscribe_refresh_conditionally_and_see_a_change(host):
    store, changes, problems = MemoryStore(), [], []
    feeds = feeds_on(store, changes, problems)
    account = run(feeds.subscribe(host.url(), NOW))
    assert account.label == "Team holidays"
    assert [o.title for o in feeds.occurrences(WEEK, BERLIN)] == ["Sprint retro"]

    run(feeds.sync(WEEK, BERLIN, NOW + timedelta(hours=1)))
    (_, _, headers), = host.gets()[1:]
    assert headers.get("If-None-Match", "").startswith('"')     # conditional: answered 304
    assert changes[-2:] == [False, False]

    host.body = TEAM.replace("Sprint retro", "Sprint review")
    run(feeds.sync(WEEK, BERLIN, NOW + timedelta(hours=2)))
    assert changes[-2:] == [False, True]
    again = feeds_on(store, [], [])                              # the next start: shown at once
    assert [o.title for o in again.occurrences(WEEK, BERLIN)] == ["Sprint review"]


def test_a_failing_host_is_a_problem_and_the_last_good_events_stay(host):
    store, changes, problems = MemoryStore(), [], []
    feeds = feeds_on(store, changes, problems)
    run(feeds.subscribe(host.url(), NOW))
    host.status = 404
    run(feeds.sync(WEEK, BERLIN, NOW + timedelta(hours=1)))
    (problem,) = problems
    assert isinstance(problem, subscription.FeedGone) and problem.account.label == "Team holidays"
    assert [o.title for o in feeds.occurrences(WEEK, BERLIN)] == ["Sprint retro"]
