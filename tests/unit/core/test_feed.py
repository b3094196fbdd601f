"""Subscriptions: accepted addresses, conditional refreshes, and what each answer means."""

from datetime import datetime, timedelta, timezone

import pytest

from daypane.core import feed as feeds
from daypane.core.feed import Feed, FeedError
from daypane.core.http import MockTransport, NetworkError, Response

NOW = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
ICS = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nX-WR-CALNAME:Team\\, holidays\r\n"
       b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"
       b"BEGIN:VEVENT\r\nUID:a@t\r\nDTSTART:20260304T140000Z\r\nDTEND:20260304T150000Z\r\n"
       b"SUMMARY:Retro\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def run(coroutine):
    import asyncio
    return asyncio.run(coroutine)


@pytest.mark.parametrize("text, url", [
    ("https://example.com/team.ics", "https://example.com/team.ics"),
    ("  webcal://p01-calendars.icloud.com/published/2/abc  ", "https://p01-calendars.icloud.com/published/2/abc"),
    ("webcals://example.com/x.ics", "https://example.com/x.ics"),
    ("http://localhost:8080/cal.ics", "http://localhost:8080/cal.ics"),
    ("http://127.0.0.1:5232/alice/work/", "http://127.0.0.1:5232/alice/work/"),
])
def test_accepted_addresses(text, url):
    assert feeds.normalise_url(text) == url


@pytest.mark.parametrize("text, says", [
    ("", "Enter the calendar's address"),
    ("http://calendar.example.com/team.ics", "only over https://"),
    ("ftp://example.com/x.ics", "is not a calendar address"),
    ("example.com/team.ics", "is not a calendar address"),
])
def test_refused_addresses_say_why(text, says):
    with pytest.raises(FeedError, match=says):
        feeds.normalise_url(text)


def test_first_fetch_keeps_body_name_validators_and_the_feeds_own_interval():
    transport = MockTransport(lambda r: Response(200, (("ETag", '"v1"'), ("Last-Modified", "Tue, 03 Mar 2026 10:00:00 GMT")), ICS))
    feed, changed = run(feeds.refresh(transport, Feed("https://example.com/team.ics"), NOW))
    assert changed
    assert (feed.name, feed.etag, feed.interval) == ("Team, holidays", '"v1"', 3600)
    assert "Retro" in feed.ics and feed.fetched == NOW.isoformat(timespec="seconds")
    assert transport.requests[0].headers == ()


def test_refresh_is_conditional_and_a_304_keeps_the_body():
    old = Feed("https://example.com/team.ics", "Team", '"v1"', "Tue, 03 Mar 2026 10:00:00 GMT",
               "2026-03-04T08:00:00+00:00", 1800, ICS.decode())
    transport = MockTransport(lambda r: Response(304, (("ETag", '"v1"'),)))
    feed, changed = run(feeds.refresh(transport, old, NOW))
    sent = transport.requests[0]
    assert sent.header("If-None-Match") == '"v1"'
    assert sent.header("If-Modified-Since") == "Tue, 03 Mar 2026 10:00:00 GMT"
    assert sent.header("Cache-Control") is None  # would force a CORS preflight
    assert not changed and feed.ics == old.ics and feed.fetched == NOW.isoformat(timespec="seconds")


@pytest.mark.parametrize("status, says", [
    (401, "private"), (403, "private"), (404, "no calendar at this address"),
    (410, "no calendar at this address"), (503, "tries again later"), (302, "answered 302"),
])
def test_failures_say_what_to_do_and_keep_the_stored_feed(status, says):
    old = Feed("https://example.com/team.ics", "Team", ics=ICS.decode())
    with pytest.raises(FeedError, match=says):
        feeds.apply_response(old, Response(status), NOW)
    assert old.ics == ICS.decode()  # frozen: nothing to lose


def test_a_web_page_is_not_taken_for_a_calendar():
    page = b"<!doctype html><html><head><title>Sign in</title></head><body>Log in</body></html>"
    with pytest.raises(FeedError, match="does not give a calendar"):
        feeds.apply_response(Feed("https://example.com/x"), Response(200, (), page), NOW)


def test_no_answer_is_diagnosed_with_the_probe():
    transport = MockTransport(lambda r: (_ for _ in ()).throw(NetworkError("Failed to fetch")))
    with pytest.raises(feeds.FeedUnreachable):
        run(feeds.refresh(transport, Feed("https://example.com/x.ics"), NOW))
    blocked = feeds.diagnose(True, "https://example.com/x.ics", "https://you.github.io")
    assert "does not allow browser access" in str(blocked)
    assert "Access-Control-Allow-Origin: https://you.github.io" in blocked.details
    down = feeds.diagnose(False, "https://example.com/x.ics", "https://you.github.io")
    assert "cannot be reached" in str(down) and not isinstance(down, feeds.FeedBlocksBrowsers)


def test_due_after_the_interval_and_interval_clamped():
    fetched = Feed("https://e/x", fetched=NOW.isoformat(), interval=1800)
    assert not feeds.due(fetched, NOW + timedelta(minutes=29))
    assert feeds.due(fetched, NOW + timedelta(minutes=30))
    assert feeds.due(Feed("https://e/x"), NOW)
    assert feeds.refresh_interval("X-PUBLISHED-TTL:PT1M") == feeds.MIN_INTERVAL
    assert feeds.refresh_interval("X-PUBLISHED-TTL:P2W") == feeds.MAX_INTERVAL
    assert feeds.refresh_interval("REFRESH-INTERVAL;VALUE=DURATION:junk") == feeds.DEFAULT_INTERVAL


def test_record_round_trip_and_newer_records_refused():
    feed = Feed("https://e/x", "Team", '"v"', "d", NOW.isoformat(), 3600, "BEGIN:VCALENDAR")
    assert Feed.load(feed.dump()) == feed
    with pytest.raises(ValueError):
        Feed.load({**feed.dump(), "version": 2})
