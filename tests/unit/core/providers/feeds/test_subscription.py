"""Calendar subscriptions (feeds/subscription.py): accepted addresses, conditional refreshes, what each
answer means (a changed body parsed once), the CORS diagnosis, intervals. Every failure must leave
the stored feed (and its body) as it was. The stored form is tested in test_provider.py."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from daypane.core.http import MockTransport, NetworkError, Request, Response
from daypane.core.ics.parse import parse_calendar
from daypane.core.providers import cors
from daypane.core.providers.feeds import subscription as sub
from daypane.core.providers.feeds.subscription import Feed, SubscriptionError
from daypane.core.providers.protocol import ProviderProblem
from tests.support import fixtures

FIXTURES = fixtures.FIXTURES
NOW = datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc)
URL = "https://calendar.example.com/team/holidays.ics"
ORIGIN = "https://daypane.example.org"
VALIDATORS = (("ETag", '"v1"'), ("Last-Modified", "Tue, 03 Mar 2026 10:00:00 GMT"))


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


PUBLISHED = fixture("subscription/published-feed.ics")
GOOGLE = fixture("ics/google-export.ics")


def run(coroutine):
    return asyncio.run(coroutine)


def stored(**changes) -> Feed:
    """A feed as the last good refresh left it: validators, name (its body is BODY)."""
    base = Feed(URL, "Family", '"v1"', "Tue, 03 Mar 2026 10:00:00 GMT", "2026-03-04T08:00:00+00:00", 1800)
    return Feed(**{**base.__dict__, **changes})


BODY = GOOGLE.decode()


def unreachable(request: Request) -> Response:
    raise NetworkError("TypeError: Failed to fetch")


# -- addresses ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, url", [
    ("https://calendar.example.com/team/holidays.ics", URL),
    ("  webcal://p01-calendars.icloud.com/published/2/abc  ", "https://p01-calendars.icloud.com/published/2/abc"),
    ("WEBCAL://Calendar.Example.com/x.ics", "https://calendar.example.com/x.ics"),
    ("webcals://example.com/x.ics?token=a%2Fb#frag", "https://example.com/x.ics?token=a%2Fb"),
    ("https://example.com", "https://example.com/"),
    ("http://localhost:8080/cal.ics", "http://localhost:8080/cal.ics"),
    ("http://127.0.0.1:5232/alice/work/", "http://127.0.0.1:5232/alice/work/"),
    ("http://[::1]:8000/feed.ics", "http://[::1]:8000/feed.ics"),
])
def test_accepted_addresses_become_what_fetch_takes(text, url):
    assert sub.normalise_url(text) == url


@pytest.mark.parametrize("text, says", [
    ("", "Enter the calendar's address"),
    ("   ", "Enter the calendar's address"),
    ("http://calendar.example.com/team.ics", "only to https://.*Try https://calendar.example.com/team.ics"),
    ("ftp://example.com/x.ics", "cannot subscribe to ftp:// addresses"),
    ("file:///home/me/cal.ics", "cannot subscribe to file:// addresses"),
    ("calendar.example.com/team.ics", "does not start with https://.*Did you mean https://calendar.example.com/team.ics"),
    ("https://", "has no host name"),
    ("https://example.com:99999/x.ics", "not a valid address"),
    ("https://me:secret@example.com/x.ics", "user name or password"),
    ("https://example.com/my calendar.ics", "contains spaces"),
])
def test_refused_addresses_say_what_is_wrong_and_what_to_do(text, says):
    with pytest.raises(SubscriptionError, match=says) as refused:
        sub.normalise_url(text)
    assert str(refused.value).endswith(".") or str(refused.value).endswith("?")


# -- names and intervals --------------------------------------------------------------------------
def test_name_is_the_unfolded_unescaped_calname_else_the_host():
    assert sub.feed_name(URL, PUBLISHED) == "Team holidays, Berlin office ; shared with the whole company"
    assert sub.feed_name(URL, parse_calendar(GOOGLE)) == "Family"
    assert sub.feed_name(URL, fixture("ics/apple-export.ics")) == "calendar.example.com"
    assert sub.feed_name("http://localhost:8080/x.ics", None) == "localhost:8080"


@pytest.mark.parametrize("text, seconds", [
    ("REFRESH-INTERVAL;VALUE=DURATION:PT2H\r\nX-PUBLISHED-TTL:PT1H", 7200),   # RFC 7986 wins
    ("X-PUBLISHED-TTL:PT1H", 3600),
    ("X-PUBLISHED-TTL:P1D", 86400),
    ("refresh-interval;value=duration:P1DT12H", sub.MAX_INTERVAL),
    ("X-PUBLISHED-TTL:PT1M", sub.MIN_INTERVAL),                              # not below 5 minutes
    ("X-PUBLISHED-TTL:P2W", sub.MAX_INTERVAL),
    ("REFRESH-INTERVAL;VALUE=DURATION:junk", sub.DEFAULT_INTERVAL),
    ("X-PUBLISHED-TTL:P", sub.DEFAULT_INTERVAL),
    ("X-PUBLISHED-TTL:-PT1H", sub.DEFAULT_INTERVAL),
    ("", sub.DEFAULT_INTERVAL),
    ("BEGIN:VEVENT\r\nX-PUBLISHED-TTL:PT6H\r\nEND:VEVENT", sub.DEFAULT_INTERVAL),  # not calendar-level
])
def test_interval_from_the_feed_clamped(text, seconds):
    assert sub.feed_interval("BEGIN:VCALENDAR\r\n" + text + "\r\nEND:VCALENDAR\r\n") == seconds


def test_interval_of_a_real_feed_ignores_text_that_mentions_the_property():
    assert sub.feed_interval(PUBLISHED) == 7200
    assert sub.feed_interval(GOOGLE) == sub.DEFAULT_INTERVAL == 30 * 60


# -- refreshing -----------------------------------------------------------------------------------
def test_first_fetch_stores_body_name_validators_and_the_feeds_interval():
    transport = MockTransport(lambda r: Response(200, VALIDATORS, PUBLISHED))
    refreshed = run(sub.refresh(transport, Feed(URL), None, NOW))
    feed = refreshed.feed
    assert refreshed.changed
    assert transport.requests == [Request("GET", URL)]          # nothing stored: unconditional
    assert feed.name == "Team holidays, Berlin office ; shared with the whole company"
    assert (feed.etag, feed.last_modified) == (VALIDATORS[0][1], VALIDATORS[1][1])
    assert (feed.interval_seconds, feed.fetched) == (7200, "2026-03-04T09:30:00+00:00")
    assert "Summer party" in refreshed.text and parse_calendar(refreshed.text).summary.events == 1
    assert refreshed.parsed.summary.events == 1                 # parsed once, while it was checked


def test_refresh_is_conditional_without_preflight_forcing_headers_and_a_304_keeps_the_body():
    old = stored()
    transport = MockTransport(lambda r: Response(304, (("ETag", '"v1"'),)))
    refreshed = run(sub.refresh(transport, old, BODY, NOW))
    feed, changed = refreshed.feed, refreshed.changed
    sent = transport.requests[0]
    assert sent.header("If-None-Match") == '"v1"'
    assert sent.header("If-Modified-Since") == "Tue, 03 Mar 2026 10:00:00 GMT"
    assert sent.header("Cache-Control") is None and sent.header("Pragma") is None
    assert not changed
    assert refreshed.text is None and feed.name == "Family" and feed.etag == '"v1"'
    assert feed.fetched == "2026-03-04T09:30:00+00:00"


def test_a_changed_feed_replaces_body_validators_and_interval():
    transport = MockTransport(lambda r: Response(200, (("ETag", '"v2"'),), PUBLISHED))
    refreshed = run(sub.refresh(transport, stored(), BODY, NOW))
    feed = refreshed.feed
    assert refreshed.changed and "Summer party" in refreshed.text and "grandparents" not in refreshed.text
    assert (feed.etag, feed.last_modified, feed.interval_seconds) == ('"v2"', "", 7200)
    assert feed.name == "Family"                                 # the name given at subscription stays


def test_a_200_with_the_same_body_is_not_a_change():
    refreshed = sub.apply_response(stored(etag=""), BODY, Response(200, (), GOOGLE), NOW)
    assert not refreshed.changed and refreshed.feed.fetched == "2026-03-04T09:30:00+00:00"


def test_a_feed_emptied_by_its_publisher_is_accepted_as_empty():
    refreshed = sub.apply_response(stored(), BODY, Response(200, (), fixture("subscription/emptied-feed.ics")), NOW)
    assert refreshed.changed and "VEVENT" not in refreshed.text and refreshed.parsed is None


def test_a_host_that_does_not_answer_the_preflight_is_read_without_validators_from_then_on():
    def host(request: Request) -> Response:    # ACAO on GET, but If-None-Match needs a preflight it fails
        if request.headers:
            raise NetworkError("TypeError: Failed to fetch")
        return Response(200, (("Last-Modified", "Wed, 04 Mar 2026 09:00:00 GMT"),), GOOGLE)

    transport = MockTransport(host)
    refreshed = run(sub.refresh(transport, stored(), BODY, NOW))
    assert [bool(r.headers) for r in transport.requests] == [True, False]
    assert not refreshed.changed and refreshed.feed.conditional is False
    assert sub.refresh_request(refreshed.feed, BODY).headers == ()


# -- failures: a message that says what to do, and nothing stored is lost ---------------------------
@pytest.mark.parametrize("status, error, says", [
    (401, sub.FeedPrivate, "private.*secret address"),
    (403, sub.FeedPrivate, "private.*secret address"),
    (404, sub.FeedGone, "no calendar at this address any more.*remove this subscription"),
    (410, sub.FeedGone, "no calendar at this address any more"),
    (500, sub.FeedServerFailed, "had an error \\(HTTP 500\\).*tries again later"),
    (503, sub.FeedServerFailed, "HTTP 503"),
    (429, sub.FeedServerFailed, "is busy"),
    (302, sub.FeedUnexpectedAnswer, "answered HTTP 302 instead of the calendar"),
])
def test_error_statuses(status, error, says):
    old = stored()
    transport = MockTransport(lambda r: Response(status, (), b"<html><body>Error</body></html>"))
    with pytest.raises(error, match=says) as failed:
        run(sub.refresh(transport, old, BODY, NOW))
    assert isinstance(failed.value, ProviderProblem) and not failed.value.needs_sign_in
    assert failed.value.status == status and "calendar.example.com" in str(failed.value)
    assert old == stored()


@pytest.mark.parametrize("name, says", [
    ("ics/web-page.html", "answered with a web page.*sign-in page"),
    ("ics/api-answer.json", "answered with JSON data"),
    ("ics/truncated.ics", "arrived incomplete"),
    ("ics/screenshot.png", "answered with a PNG image instead of the calendar"),
    ("ics/empty.ics", "answered with an empty page"),
    ("ics/event-without-vcalendar.ics", "answered with text that is not iCalendar"),
    ("ics/only-todos.ics", "cannot be shown.*contains no events"),
    ("ics/garbled-lines.ics", "cannot be shown"),
])
def test_a_body_that_is_not_a_calendar_is_refused_and_the_stored_body_kept(name, says):
    old = stored()
    transport = MockTransport(lambda r: Response(200, (("ETag", '"login"'),), fixture(name)))
    with pytest.raises(sub.NotACalendar, match=says):
        run(sub.refresh(transport, old, BODY, NOW))
    assert old == stored()


def test_a_304_with_nothing_stored_is_not_taken_as_unchanged():
    with pytest.raises(sub.FeedUnexpectedAnswer, match="no copy"):
        sub.apply_response(Feed(URL), None, Response(304), NOW)
    assert sub.refresh_request(Feed(URL, etag='"v1"'), None).headers == ()   # validators only with a body


def test_no_answer_is_diagnosed_with_the_no_cors_probe():
    transport = MockTransport(unreachable)
    with pytest.raises(cors.NoAnswer):
        run(sub.refresh(transport, stored(), BODY, NOW))
    assert len(transport.requests) == 2                        # conditional, then plain

    blocked = sub.diagnose(True, URL, ORIGIN)
    assert isinstance(blocked, cors.BlocksBrowsers)
    assert "this feed does not allow browser access" in str(blocked)
    assert "Access-Control-Allow-Origin: https://daypane.example.org" in str(blocked)
    assert ("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since") in blocked.headers
    assert ("Access-Control-Expose-Headers", "ETag, Last-Modified") in blocked.headers

    down = sub.diagnose(False, URL, ORIGIN)
    assert isinstance(down, cors.Unreachable) and not isinstance(down, cors.BlocksBrowsers)
    assert "cannot be reached" in str(down) and "calendar.example.com" in str(down)


def test_a_first_fetch_without_answer_sends_one_request():
    transport = MockTransport(unreachable)
    with pytest.raises(cors.NoAnswer):
        run(sub.refresh(transport, Feed(URL), None, NOW))
    assert len(transport.requests) == 1


# -- when -----------------------------------------------------------------------------------------
def test_due_after_the_interval_since_the_last_attempt():
    feed = Feed(URL, fetched=NOW.isoformat(), interval_seconds=1800)
    assert sub.due(Feed(URL), NOW)
    assert not sub.due(feed, NOW + timedelta(minutes=29))
    assert sub.due(feed, NOW + timedelta(minutes=30))
    failed = sub.after_failure(feed, NOW + timedelta(minutes=30))
    assert failed.fetched == feed.fetched and failed.etag == feed.etag
    assert not sub.due(failed, NOW + timedelta(minutes=31))     # no retry on every tick
    assert sub.due(failed, NOW + timedelta(minutes=60))
    assert sub.due(feed, NOW - timedelta(hours=2))              # the clock went backwards
    assert sub.due(Feed(URL, fetched="garbage"), NOW)
    assert not sub.due(Feed(URL, fetched="2026-03-04T09:30:00"), NOW + timedelta(minutes=1))  # naive = UTC
