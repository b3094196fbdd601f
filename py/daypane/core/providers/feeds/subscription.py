"""Calendar subscriptions ("Subscribe to calendar URL"): which addresses are accepted, how a feed is
fetched again cheaply, what every answer means, and when a feed is due for a refresh.

A feed is a published .ics address, fetched whole. Its last good body is kept by the caller (a
record of its own, feeds.stored), so a failed refresh never loses what is shown: every failure is
raised as a `SubscriptionError` (a `ProviderProblem`) whose message is a complete user-facing
sentence (what happened, what to do), and the caller simply keeps the `Feed` and body it had. A
body that changed is parsed once, while it is checked, and handed back parsed (`Refreshed`).

Refreshes are conditional (`If-None-Match` / `If-Modified-Since` from the last answer's `ETag` /
`Last-Modified`), so an unchanged feed costs a 304. Those two request headers are not CORS-safelisted:
the browser sends a preflight (OPTIONS) first. A host that allows browser reads of GET but does not
answer the preflight (a common static-server set-up) would then look blocked, so `refresh` retries
such a failure once without them and, if that works, remembers to stay unconditional for that feed.
No `Cache-Control: no-store` is ever sent: it is not safelisted either and would force a preflight on
every request.

In a browser an unreachable host and a host that sends no CORS headers fail the same way ("Failed to
fetch"); `refresh` raises `cors.NoAnswer`, and the caller runs a `no-cors` probe and calls `diagnose`
(the same split as CalDAV's: core.providers.cors; docs/facts/caldav.md).

Pure: stdlib and icalendar only; I/O goes through `core.http.Transport`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

import icalendar

from daypane.core.http import NetworkError, Request, Response, Transport
from daypane.core.ics.parse import IcsError, ParsedCalendar, parse_calendar
from daypane.core.ics.sniff import decode, not_a_calendar
from daypane.core.providers import cors
from daypane.core.providers.problems import ServerProblem, host_of

__all__ = [
    "DEFAULT_INTERVAL", "MAX_INTERVAL", "MIN_INTERVAL",
    "Feed", "FeedGone", "FeedPrivate", "FeedServerFailed", "FeedUnexpectedAnswer", "NotACalendar",
    "Refreshed", "SubscriptionError",
    "after_failure", "apply_response", "clamp_interval", "cors_headers", "diagnose", "due",
    "feed_interval", "feed_name", "normalise_url", "refresh", "refresh_request",
]

DEFAULT_INTERVAL = 30 * 60      # seconds between refreshes when the feed does not say
MIN_INTERVAL = 5 * 60           # a feed asking for less is still read no more often than this
MAX_INTERVAL = 24 * 60 * 60     # a feed asking for more is still read daily ("Refresh" is always there)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})   # urlsplit gives [::1] as ::1


# -- failures ---------------------------------------------------------------------------------
class SubscriptionError(ServerProblem):
    """The address cannot be subscribed to, or a refresh failed. ``str(error)`` is a complete
    user-facing sentence; ``status`` is the HTTP status when there was one."""


class FeedPrivate(SubscriptionError):
    """401/403: the feed needs a sign-in; a browser subscription needs its secret (tokenised) address."""


class FeedGone(SubscriptionError):
    """404/410: nothing is published at this address (any more)."""


class FeedServerFailed(SubscriptionError):
    """5xx, or 429: the host's problem, worth trying again later."""


class FeedUnexpectedAnswer(SubscriptionError):
    """Any other status (e.g. a redirect the browser did not follow, 400, a 304 with nothing stored)."""


class NotACalendar(SubscriptionError):
    """A 200 whose body is not iCalendar: a sign-in page, a calendar's web view, JSON, a cut-off file."""


# -- the feed ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Feed:
    """One subscription: where it is, what its last good answer said, and whether its calendar is
    shown. Immutable: a refresh returns a new Feed and a failed one raises, so what is stored is
    never damaged. Its body is not here: it is stored apart (feeds.stored.TEXTS)."""

    url: str                               # as normalise_url returns it (https://, never webcal://)
    name: str = ""                         # X-WR-CALNAME, else the host; set by the first good answer
    etag: str = ""                         # the last answer's ETag ("" if none, or not exposed by CORS)
    last_modified: str = ""                # the last answer's Last-Modified, verbatim
    fetched: str = ""                      # ISO time of the last good answer (200 or 304); "" = never
    interval_seconds: int = DEFAULT_INTERVAL   # from the feed's REFRESH-INTERVAL / X-PUBLISHED-TTL
    attempted: str = ""                    # ISO time of the last attempt, good or failed
    conditional: bool = True               # False once the host proved unable to take validators
    shown: bool = True                     # the user may hide the feed's calendar, and show it again


@dataclass(frozen=True)
class Refreshed:
    """What a refresh brought: the feed after it and, when the body changed, the new body and the
    calendar parsed from it while it was checked (None: a calendar emptied by its publisher)."""

    feed: Feed
    text: str | None = None
    parsed: ParsedCalendar | None = None

    @property
    def changed(self) -> bool:
        return self.text is not None


# -- addresses --------------------------------------------------------------------------------
_WHERE = ("Copy the calendar's subscription address (often called “public address in iCal format”, "
          "“secret address in iCal format” or “ICS link”) and paste it here.")


def normalise_url(text: str) -> str:
    """The address to fetch for what the user typed or pasted. ``webcal://`` and ``webcals://``
    become ``https://`` (fetch refuses them); ``http://`` is accepted only for this computer
    (localhost, 127.0.0.1, [::1]). Raises SubscriptionError with what is wrong and what to do."""
    text = (text or "").strip()
    if not text:
        raise SubscriptionError(f"Enter the calendar's address, e.g. https://example.com/calendar.ics. {_WHERE}")
    if any(ch.isspace() for ch in text):
        raise SubscriptionError(f"“{text}” contains spaces, so it is not a whole address. {_WHERE}")
    scheme, sep, rest = text.partition("://")
    if not sep:
        hint = f" Did you mean https://{text}?" if "." in text.split("/")[0] and ":" not in text else ""
        raise SubscriptionError(f"“{text}” is not a calendar address: it does not start with https:// "
                                f"or webcal://.{hint} {_WHERE}")
    scheme = scheme.lower()
    if scheme in ("webcal", "webcals"):
        scheme = "https"
    if scheme not in ("https", "http"):
        raise SubscriptionError(f"Daypane cannot subscribe to {scheme}:// addresses. A calendar "
                                f"subscription starts with https:// or webcal://. {_WHERE}")
    try:
        parts = urlsplit(f"{scheme}://{rest}")
        host, port = parts.hostname or "", parts.port
    except ValueError:
        raise SubscriptionError(f"“{text}” is not a valid address (its host or port cannot be read). "
                                f"{_WHERE}") from None
    if not host:
        raise SubscriptionError(f"“{text}” has no host name after {scheme}://. {_WHERE}")
    if parts.username is not None or parts.password is not None:
        raise SubscriptionError("Daypane cannot use an address with a user name or password in it "
                                "(browsers refuse to fetch it). Use the calendar's secret or public "
                                "subscription address instead.")
    if scheme == "http" and host not in LOCAL_HOSTS:
        raise SubscriptionError(f"Daypane subscribes only to https:// addresses: an http:// calendar "
                                f"could be read or changed on the way, and browsers block it on a secure "
                                f"page. Try https://{rest.split('#')[0]} instead.")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


# -- what a calendar says about itself ----------------------------------------------------------
_UNFOLD = re.compile(r"\r?\n[ \t]")
_NAME = re.compile(r"^X-WR-CALNAME(?:;[^:\r\n]*)?:(.*?)\r?$", re.M | re.I)
_INTERVAL = re.compile(r"^(REFRESH-INTERVAL|X-PUBLISHED-TTL)(?:;[^:\r\n]*)?:\s*(\S+?)\s*\r?$", re.M | re.I)
_DURATION = re.compile(r"^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.I)


def _calendar_head(text: str) -> str:
    """The unfolded text before the first component: where calendar-level properties live."""
    text = _UNFOLD.sub("", text)
    cut = re.search(r"^BEGIN:(?!VCALENDAR)", text, re.M | re.I)
    return text[:cut.start()] if cut else text


def feed_name(url: str, calendar: str | bytes | ParsedCalendar | None) -> str:
    """The name to show for a feed: its X-WR-CALNAME if it has one, else the host of ``url``."""
    if isinstance(calendar, ParsedCalendar):
        name = calendar.summary.name
    elif calendar:
        found = _NAME.search(_calendar_head(decode(calendar)))
        name = found.group(1) if found else ""
        name = re.sub(r"\\([,;\\])", r"\1", name).replace("\\n", " ").replace("\\N", " ")
    else:
        name = ""
    return name.strip() or host_of(url)


def feed_interval(calendar: str | bytes) -> int:
    """Seconds between refreshes: the feed's REFRESH-INTERVAL (RFC 7986) or X-PUBLISHED-TTL (Apple,
    Google, Outlook), clamped to [MIN_INTERVAL, MAX_INTERVAL]; DEFAULT_INTERVAL when it says nothing
    usable. REFRESH-INTERVAL wins when both are present."""
    found = {m.group(1).upper(): m.group(2) for m in _INTERVAL.finditer(_calendar_head(decode(calendar)))}
    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        match = _DURATION.match(found.get(name, ""))
        if match and any(match.groups()):
            weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
            total = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
            return clamp_interval(int(total.total_seconds()))
    return DEFAULT_INTERVAL


def clamp_interval(seconds: int) -> int:
    return max(MIN_INTERVAL, min(MAX_INTERVAL, seconds))


# -- one refresh ------------------------------------------------------------------------------
def refresh_request(feed: Feed, text: str | None) -> Request:
    """The GET for a refresh, conditional on the last answer's validators. Validators are sent only
    when a body (``text``) is stored (a 304 must have something to keep) and the host takes them."""
    headers = []
    if text and feed.conditional:
        if feed.etag:
            headers.append(("If-None-Match", feed.etag))
        if feed.last_modified:
            headers.append(("If-Modified-Since", feed.last_modified))
    return Request("GET", feed.url, tuple(headers))


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")


def apply_response(feed: Feed, text: str | None, response: Response, now: datetime) -> Refreshed:
    """The feed after this answer, given the body stored for it (``text``). 304 keeps the stored
    body; 200 replaces it only with a body that is iCalendar, parsed once here. Every failure
    raises a SubscriptionError subclass, and ``feed`` (immutable) and ``text`` stay as they were."""
    url, host, status = feed.url, host_of(feed.url), response.status
    if status == 304:
        if not text:
            raise FeedUnexpectedAnswer(
                f"{host} answered “not modified” but Daypane has no copy of this calendar yet. "
                "Use “Refresh calendars” to fetch it again.", status=status, url=url)
        return Refreshed(replace(feed, fetched=_stamp(now), attempted=_stamp(now),
                                 etag=response.header("ETag") or feed.etag,
                                 last_modified=response.header("Last-Modified") or feed.last_modified))
    if status in (401, 403):
        raise FeedPrivate(
            f"{host} refused to share this calendar (HTTP {status}): it is private and needs a sign-in, "
            "which a subscription cannot give. Use the calendar's secret address (for example "
            "Google's “Secret address in iCal format”) or publish it and use its public address.",
            status=status, url=url)
    if status in (404, 410):
        raise FeedGone(
            f"There is no calendar at this address any more (HTTP {status} from {host}): it was moved, "
            "unpublished, or its secret address was reset. Check the address with the calendar's "
            "owner, or remove this subscription.", status=status, url=url)
    if status >= 500 or status == 429:
        what = "is busy" if status == 429 else "had an error"
        raise FeedServerFailed(
            f"{host} {what} (HTTP {status}); this is on its side. Daypane keeps showing the events from "
            "the last refresh and tries again later.", status=status, url=url)
    if status != 200:
        raise FeedUnexpectedAnswer(
            f"{host} answered HTTP {status} instead of the calendar. Check that the address is the "
            "calendar's subscription (iCal / .ics) address.", status=status, url=url)
    body = decode(response.body)
    changed = body != text or not text
    parsed = _check_calendar(response.body, body, host, url) if changed else None
    fresh = replace(feed, name=feed.name or feed_name(url, body),
                    etag=response.header("ETag") or "", last_modified=response.header("Last-Modified") or "",
                    fetched=_stamp(now), attempted=_stamp(now), interval_seconds=feed_interval(body))
    return Refreshed(fresh, body, parsed) if changed else Refreshed(fresh)


def _check_calendar(body: bytes, text: str, host: str, url: str) -> ParsedCalendar | None:
    """``body`` parsed, or NotACalendar when it is not an iCalendar calendar. A well-formed calendar
    with nothing in it is accepted (as None): a feed can be empty today (everything was deleted)."""
    sniffed = not_a_calendar(body)
    head = text.lstrip()[:2048].lower()
    if sniffed and head.startswith("<") and ("<html" in head or "<!doctype html" in head or "<body" in head):
        raise NotACalendar(
            f"{host} answered with a web page, not a calendar: probably a sign-in page or the "
            "calendar's page for people. Use the calendar's subscription address (“iCal”, “ICS” or "
            "“webcal” link) instead.", status=200, url=url)
    if sniffed and head.startswith(("{", "[")):
        raise NotACalendar(
            f"{host} answered with JSON data (an API answer), not an iCalendar calendar. Use the "
            "calendar's subscription address (“iCal”, “ICS” or “webcal” link) instead.", status=200, url=url)
    if sniffed and "BEGIN:VCALENDAR" in text.upper():     # cut off before END:VCALENDAR
        raise NotACalendar(
            f"The calendar from {host} arrived incomplete (it stops before END:VCALENDAR). Daypane keeps "
            "the events from the last refresh and tries again later.", status=200, url=url)
    if sniffed:
        kind = re.match(r"This file (?:is|contains) (.+?), not", sniffed)
        what = ("an empty page" if not body.strip() else kind.group(1) if kind
                else "text that is not iCalendar (no BEGIN:VCALENDAR)")
        raise NotACalendar(
            f"{host} answered with {what} instead of the calendar. Check that the address is the "
            "calendar's subscription (iCal / .ics) address; Daypane keeps the events it already has.",
            status=200, url=url)
    try:
        return parse_calendar(body)
    except IcsError as error:
        if _empty_calendar(text):
            return None
        raise NotACalendar(f"The calendar from {host} cannot be shown. {error}", status=200, url=url) from None


def _empty_calendar(text: str) -> bool:
    """A readable VCALENDAR holding no components other than time zones."""
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception:  # noqa: BLE001 - icalendar raises many types on bad input
        return False
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    return bool(calendars) and all(
        sub.name == "VTIMEZONE" for calendar in calendars for sub in calendar.subcomponents)


async def refresh(transport: Transport, feed: Feed, text: str | None, now: datetime) -> Refreshed:
    """Fetch ``feed`` once (conditionally, when its body ``text`` is stored) and apply the answer.
    Raises a SubscriptionError subclass, or cors.NoAnswer when no answer could be read (then probe
    and call ``diagnose``). A conditional request that gets no answer is retried once without
    validators (they make the browser send a CORS preflight some hosts do not answer); if that
    works, the feed stays unconditional from then on."""
    request = refresh_request(feed, text)
    try:
        response = await transport.send(request)
    except NetworkError:
        if not request.headers:
            raise cors.NoAnswer(f"No answer could be read from {host_of(feed.url)}.", url=feed.url) from None
        try:
            response = await transport.send(Request("GET", feed.url))
        except NetworkError:
            raise cors.NoAnswer(f"No answer could be read from {host_of(feed.url)}.", url=feed.url) from None
        feed = replace(feed, conditional=False)
    return apply_response(feed, text, response, now)


# What Daypane sends to a feed's host: a GET, conditional (hence a preflight); it reads the
# validators of the answer for the next refresh.
ADVICE = cors.Advice(
    methods=("GET", "OPTIONS"),
    request_headers=("If-None-Match", "If-Modified-Since"),
    exposed=("ETag", "Last-Modified"),
    unreachable="The calendar feed at {host} cannot be reached. Check the address and your internet "
                "connection; Daypane keeps showing the events from the last refresh and tries again later.",
    blocked="{host} is up but this feed does not allow browser access: it sends no CORS headers, so web "
            "pages such as Daypane may not read it. Google Calendar's secret addresses and iCloud's public "
            "calendars are like this. Download the .ics file and import it instead (it will not update by "
            "itself), or ask the feed's host to add these response headers: {headers}.",
)


def cors_headers(origin: str) -> tuple[tuple[str, str], ...]:
    """The response headers (on GET and on the OPTIONS preflight) a feed's host must send so a page
    on ``origin`` can read it and refresh it conditionally."""
    return ADVICE.headers(origin)


def diagnose(opaque_answer: bool, url: str, origin: str) -> cors.NoAnswer:
    """The real cause after cors.NoAnswer, given the caller's ``fetch(url, {mode: 'no-cors'})``
    probe: an opaque answer means the host is up but does not let browsers read the feed."""
    return ADVICE.diagnose(opaque_answer, url, origin)


# -- when ---------------------------------------------------------------------------------------
def _parse_time(text: str, like: datetime) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if (moment.tzinfo is None) != (like.tzinfo is None):   # mixed naive/aware: treat naive as UTC
        moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.replace(tzinfo=None)
    return moment


def after_failure(feed: Feed, now: datetime) -> Feed:
    """The feed to store after a failed refresh: the same body, with the attempt noted so that `due`
    waits a whole interval before trying again instead of retrying on every tick."""
    return replace(feed, attempted=_stamp(now))


def due(feed: Feed, now: datetime) -> bool:
    """Whether the periodic refresh should fetch ``feed`` now: never fetched, or ``interval_seconds``
    passed since the last attempt (or the clock went backwards past it)."""
    last = max(filter(None, (_parse_time(feed.fetched, now), _parse_time(feed.attempted, now))), default=None)
    if last is None:
        return True
    return last > now or now - last >= timedelta(seconds=feed.interval_seconds)
