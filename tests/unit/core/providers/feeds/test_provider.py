"""Subscriptions as a Provider (feeds/provider.py) on MemoryStore and MockTransport: subscribing,
refusals with what to do, hiding a feed, the sync loop's redraws and problems, each body parsed
once, and the stored form (version 2: bodies under their own keys, upgraded from version 1 with
nothing lost)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daypane.core.http import MockTransport, NetworkError, Request, Response
from daypane.core.ics import parse as ics_parse
from daypane.core.providers import cors
from daypane.core.providers.feeds import provider as feeds_provider, subscription as sub
from daypane.core.providers.feeds.provider import Feeds
from daypane.core.providers.feeds.stored import FEEDS, TEXTS, upgrade
from daypane.core.providers.feeds.subscription import Feed
from daypane.core.providers.protocol import Provider, ProviderProblem
from daypane.core.records import Records
from daypane.core.store import MemoryStore

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
WEEK = [date(2026, 3, 2) + timedelta(days=i) for i in range(7)]
URL = "https://calendar.example.com/team.ics"
ORIGIN = "https://daypane.example.org"


def team(title: str = "Sprint retro") -> str:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daypane tests//EN\r\nX-WR-CALNAME:Team holidays\r\n"
            "BEGIN:VEVENT\r\nUID:retro@daypane.test\r\nDTSTART:20260304T140000Z\r\nDTEND:20260304T150000Z\r\n"
            f"SUMMARY:{title}\r\nEND:VEVENT\r\n"
            "BEGIN:VEVENT\r\nUID:floating@daypane.test\r\nDTSTART:20260305T090000\r\nDTEND:20260305T100000\r\n"
            "SUMMARY:Floating\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class Host:
    """A feed's host: an ETag, a 304 to a matching If-None-Match; `down` = no answer at all."""

    def __init__(self, body: str = "") -> None:
        self.body, self.down, self.status = body or team(), False, 200

    def __call__(self, request: Request) -> Response:
        if self.down:
            raise NetworkError("TypeError: Failed to fetch")
        if self.status != 200:
            return Response(self.status, (), b"<html><body>Unavailable</body></html>")
        etag = f'"{abs(hash(self.body))}"'
        if request.header("If-None-Match") == etag:
            return Response(304, (("ETag", etag),))
        return Response(200, (("ETag", etag),), self.body.encode())


class Probe:
    def __init__(self, opaque: bool = True) -> None:
        self.opaque, self.asked = opaque, []

    async def __call__(self, url: str) -> bool:
        self.asked.append(url)
        return self.opaque


class Harness:
    """A Feeds on a store, with what it said (redraws, problems); `restart()` = a new page load."""

    def __init__(self, store: MemoryStore | None = None, host: Host | None = None) -> None:
        self.store = store if store is not None else MemoryStore()
        self.host = host or Host()
        self.transport = MockTransport(self.host)
        self.probe = Probe()
        self.changes: list[bool] = []
        self.problems: list[ProviderProblem] = []
        self.feeds = self.restart()

    def restart(self) -> Feeds:
        self.feeds = Feeds(Records(self.store), self.transport, probe=self.probe, origin=ORIGIN,
                           on_change=self.changes.append, on_problem=self.problems.append)
        return self.feeds

    def subscribe(self, text: str = URL, now: datetime = NOW):
        return run(self.feeds.subscribe(text, now))

    def sync(self, now: datetime = NOW) -> None:
        run(self.feeds.sync(WEEK, BERLIN, now))

    def titles(self) -> list[str]:
        return sorted(o.title for o in self.feeds.occurrences(WEEK, BERLIN))


def run(coroutine):
    return asyncio.run(coroutine)


# -- subscribing ------------------------------------------------------------------------------
def test_subscribing_fetches_stores_and_shows_the_feed():
    app = Harness()
    assert isinstance(app.feeds, Provider)
    account = app.subscribe("webcal://calendar.example.com/team.ics")
    assert (account.home_id, account.label, account.provider) == (URL, "Team holidays", "feed")
    assert app.changes == [True]
    assert [s.account.home_id for s in app.feeds.accounts()] == [URL]
    (calendar,) = app.feeds.calendars()
    assert (calendar.key, calendar.name) == (f"feed:{URL}:{URL}", "Team holidays")
    assert app.titles() == ["Floating", "Sprint retro"]
    floating = next(o for o in app.feeds.occurrences(WEEK, BERLIN) if o.title == "Floating")
    assert floating.start == datetime(2026, 3, 5, 9, tzinfo=BERLIN)  # in the viewer's zone
    stored = app.store.get("feeds")
    assert stored["version"] == 2 and "ics" not in stored["feeds"][0]
    assert app.store.get(f"feed-text:{URL}") == {"version": 1, "text": team()}


def test_a_restart_shows_the_stored_feed_without_a_request():
    app = Harness()
    app.subscribe()
    app.restart()
    sent = len(app.transport.requests)
    assert app.titles() == ["Floating", "Sprint retro"]
    assert len(app.transport.requests) == sent
    assert not app.feeds.stale(WEEK, NOW + timedelta(minutes=5), 60)  # the feed's interval, not max_age


@pytest.mark.parametrize("text, says", [
    ("ftp://example.com/x.ics", "cannot subscribe to ftp://"),
    ("", "Enter the calendar's address"),
])
def test_a_refused_address_is_a_provider_problem_and_nothing_is_stored(text, says):
    app = Harness()
    with pytest.raises(ProviderProblem, match=says):
        app.subscribe(text)
    assert app.store.data == {} and app.transport.requests == []


def test_subscribing_twice_says_so():
    app = Harness()
    app.subscribe()
    with pytest.raises(ProviderProblem, match="already subscribed"):
        app.subscribe(URL.replace("https", "webcal"))


def test_subscriptions_stored_by_a_newer_version_are_never_overwritten():
    newer = {"version": 3, "feeds": [{"url": URL, "somethingNew": 1}]}
    app = Harness(MemoryStore({"feeds": newer}))
    assert app.feeds.accounts() == []
    with pytest.raises(ProviderProblem, match="newer version of Daypane.*Reload"):
        app.subscribe("https://other.example.com/x.ics")
    assert app.store.get("feeds") == newer


def test_a_host_that_blocks_browsers_is_diagnosed_with_the_headers_to_add():
    app = Harness()
    app.host.down = True
    with pytest.raises(cors.BlocksBrowsers) as caught:
        app.subscribe()
    assert app.probe.asked == [URL]
    assert "does not allow browser access" in str(caught.value)
    (lines,) = caught.value.details
    assert f"Access-Control-Allow-Origin: {ORIGIN}" in lines.splitlines()
    assert "Access-Control-Allow-Headers: If-None-Match, If-Modified-Since" in lines.splitlines()
    assert app.store.data == {}


def test_an_unreachable_host_is_told_apart_and_a_web_page_is_refused():
    app = Harness()
    app.host.down, app.probe.opaque = True, False
    with pytest.raises(cors.Unreachable, match="cannot be reached"):
        app.subscribe()
    app.host.down, app.host.body = False, "<!doctype html><html><body>Sign in</body></html>"
    with pytest.raises(sub.NotACalendar, match="web page"):
        app.subscribe()
    assert app.store.data == {}


# -- showing and hiding -----------------------------------------------------------------------
def test_a_feed_can_be_hidden_and_shown_again_and_that_is_kept():
    app = Harness()
    app.subscribe()
    run(app.feeds.set_selected(URL, URL, False))
    assert list(app.feeds.calendars()) == [] and app.titles() == []
    assert app.feeds.accounts()[0].account.calendars[0].selected is False
    assert app.changes[-1] is True
    app.restart()
    assert app.titles() == []
    run(app.feeds.set_selected(URL, URL, True))
    assert app.titles() == ["Floating", "Sprint retro"]
    app.restart()
    assert len(list(app.feeds.calendars())) == 1


def test_remove_forgets_the_feed_and_its_body():
    app = Harness()
    app.subscribe()
    run(app.feeds.remove(URL))
    assert app.feeds.accounts() == [] and app.titles() == []
    assert f"feed-text:{URL}" not in app.store.data
    assert app.restart().accounts() == []


# -- syncing ----------------------------------------------------------------------------------
def test_sync_redraws_the_accounts_first_and_the_grid_only_when_a_feed_changed():
    app = Harness()
    app.subscribe()
    app.changes.clear()
    app.sync()                                  # a 304: nothing changed
    assert app.changes == [False, False]
    assert app.transport.requests[-1].header("If-None-Match")
    app.host.body = team("Sprint review")
    app.sync()
    assert app.changes == [False, False, False, True]
    assert app.titles() == ["Floating", "Sprint review"]
    assert app.restart().occurrences(WEEK, BERLIN)[0].title == "Sprint review"


def test_a_failed_refresh_is_a_problem_about_the_feed_keeps_its_events_and_waits_an_interval():
    app = Harness()
    app.subscribe()
    app.host.status = 503
    later = NOW + timedelta(hours=1)
    app.sync(later)
    (problem,) = app.problems
    assert isinstance(problem, sub.FeedServerFailed) and problem.account.home_id == URL
    assert app.feeds.accounts()[0].error == str(problem)
    assert app.titles() == ["Floating", "Sprint retro"]
    assert not app.feeds.stale(WEEK, later + timedelta(minutes=1), 60)   # no retry on every tick
    assert app.feeds.stale(WEEK, later + timedelta(hours=1), 60)
    app.host.status = 200
    app.sync(later + timedelta(hours=1))
    assert app.feeds.accounts()[0].error is None


def test_a_feed_removed_while_it_was_being_fetched_stays_removed():
    app = Harness()
    app.subscribe()

    async def remove_then_answer(request):
        await app.feeds.remove(URL)
        return Response(200, (), team("Late").encode())

    app.transport.handler = remove_then_answer
    app.sync()
    assert app.feeds.accounts() == [] and app.restart().accounts() == []
    assert f"feed-text:{URL}" not in app.store.data


def test_each_body_is_parsed_once(monkeypatch):
    parsed = []

    def counting(data, **kwargs):
        parsed.append(1)
        return ics_parse.parse_calendar(data, **kwargs)

    monkeypatch.setattr(sub, "parse_calendar", counting)
    monkeypatch.setattr(feeds_provider, "parse_calendar", counting)
    app = Harness()
    app.subscribe()
    app.titles(), app.titles()
    assert len(parsed) == 1                     # checked and shown: one parse
    app.sync()                                  # 304
    app.titles()
    assert len(parsed) == 1
    app.host.body = team("Sprint review")
    app.sync()
    app.titles()
    assert len(parsed) == 2
    app.restart()
    app.titles(), app.titles()
    assert len(parsed) == 3                     # the stored body, once, when first shown


# -- the stored form --------------------------------------------------------------------------
def _version_1_store() -> dict:
    """What Daypane stored before bodies had their own records: each body inside the list."""
    item = {"version": 1, "url": URL, "name": "Team holidays", "etag": '"e1"', "lastModified": "",
            "fetched": NOW.isoformat(), "intervalSeconds": 1800, "ics": team(), "attempted": "",
            "conditional": True}
    other = {**item, "url": "https://other.example.com/x.ics", "name": "Other", "ics": team("Other")}
    return {"feeds": {"version": 1, "feeds": [item, other]}}


def test_a_version_1_store_is_shown_and_upgraded_with_nothing_lost():
    records = Records(MemoryStore(_version_1_store()))
    assert run(upgrade(records)) is True
    assert [f.url for f in records.get(FEEDS)] == [URL, "https://other.example.com/x.ics"]
    assert records.get(FEEDS)[0] == Feed(URL, "Team holidays", '"e1"', "", NOW.isoformat(), 1800)
    assert records.get(TEXTS, URL) == team()
    assert records.get(TEXTS, "https://other.example.com/x.ics") == team("Other")
    assert all("ics" not in item for item in records.store.get("feeds")["feeds"])
    assert run(upgrade(records)) is False       # done once


def test_a_version_1_store_opened_by_the_new_provider_loses_nothing():
    app = Harness(MemoryStore(_version_1_store()))
    assert app.titles() == ["Floating", "Floating", "Other", "Sprint retro"]   # before any write
    run(app.feeds.set_selected("https://other.example.com/x.ics", "", False))   # the first write upgrades
    assert app.store.get("feeds")["version"] == 2
    assert app.store.get(f"feed-text:{URL}")["text"] == team()
    app.restart()
    assert app.titles() == ["Floating", "Sprint retro"]
    app.sync()                                  # conditional on the body kept from version 1
    assert app.transport.requests[0].header("If-None-Match") == '"e1"'


def test_an_upgrade_cut_short_by_a_full_disk_keeps_the_version_1_list_and_finishes_next_time():
    store = MemoryStore(_version_1_store())
    records = Records(store)
    store.fail_with = OSError("QuotaExceededError")
    with pytest.raises(OSError):
        run(upgrade(records))
    assert store.get("feeds")["feeds"][0]["ics"] == team()
    store.fail_with = None
    assert run(upgrade(records)) is True and records.get(TEXTS, URL) == team()


@pytest.mark.parametrize("stored, says", [
    ({"version": 3, "feeds": []}, "newer version"),
    ({"version": 2, "feeds": [{"name": "no address"}]}, "damaged"),
    ({"version": 2, "feeds": "x"}, "damaged"),
    ({"version": 1, "feeds": [{"version": 2, "url": URL}]}, "another version"),
])
def test_unreadable_subscriptions_are_reported_not_guessed_at(stored, says):
    records = Records(MemoryStore({"feeds": stored}))
    assert records.get(FEEDS) == []
    assert says in records.unreadable["feeds"]


def test_the_stored_feed_round_trips_and_its_interval_is_clamped():
    feed = Feed(URL, "Team", '"v"', "Tue, 03 Mar 2026 10:00:00 GMT", NOW.isoformat(), 7200,
                NOW.isoformat(), conditional=False, shown=False)
    assert FEEDS.decode(FEEDS.encode([feed, Feed(URL)])) == [feed, Feed(URL)]
    assert FEEDS.decode({"version": 2, "feeds": [{"url": URL, "intervalSeconds": 1}]})[0].interval_seconds \
        == sub.MIN_INTERVAL
