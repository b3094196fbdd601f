"""Subscriptions to published .ics addresses ("Subscribe to calendar URL"): which addresses are
accepted, how a feed is fetched again cheaply, what each answer means, and when it is due.

A feed is fetched whole; the last good body is kept, so a failed refresh never loses what is shown.
Refreshes are conditional (If-None-Match / If-Modified-Since): an unchanged feed costs a 304.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from .http import NetworkError, Request, Response, Transport
from .ics import IcsError, parse_calendar

SCHEMA_VERSION = 1
DEFAULT_INTERVAL = 30 * 60   # seconds between refreshes when the feed does not say
MIN_INTERVAL = 5 * 60        # a feed asking for less is read no more often than this
MAX_INTERVAL = 24 * 3600
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


class FeedError(Exception):
    """The feed cannot be subscribed to or refreshed; the message says what happened and what to do."""


class FeedUnreachable(FeedError):
    """No answer could be read: the caller probes (no-cors) and calls `diagnose`."""


class FeedBlocksBrowsers(FeedError):
    def __init__(self, message: str, details: tuple[str, ...]) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class Feed:
    url: str
    name: str = ""
    etag: str = ""
    last_modified: str = ""
    fetched: str = ""            # ISO time of the last good answer (200 or 304)
    interval: int = DEFAULT_INTERVAL
    ics: str = ""                # the last good body

    def dump(self) -> dict:
        return {"version": SCHEMA_VERSION, "url": self.url, "name": self.name, "etag": self.etag,
                "lastModified": self.last_modified, "fetched": self.fetched, "interval": self.interval,
                "ics": self.ics}

    @classmethod
    def load(cls, data: dict) -> "Feed":
        if not isinstance(data, dict) or data.get("version") != SCHEMA_VERSION or not data.get("url"):
            raise ValueError("not a version-1 feed record")
        return cls(url=data["url"], name=data.get("name", ""), etag=data.get("etag", ""),
                   last_modified=data.get("lastModified", ""), fetched=data.get("fetched", ""),
                   interval=int(data.get("interval") or DEFAULT_INTERVAL), ics=data.get("ics", ""))


def normalise_url(text: str) -> str:
    """The address to fetch: webcal(s):// become https://; plain http only for this machine."""
    text = text.strip()
    if not text:
        raise FeedError("Enter the calendar's address, e.g. https://example.com/calendar.ics.")
    scheme, _, rest = text.partition("://")
    scheme = scheme.lower()
    if scheme in ("webcal", "webcals"):
        text, scheme = "https://" + rest, "https"
    parts = urlsplit(text)
    if scheme not in ("https", "http") or not parts.netloc:
        raise FeedError(f"“{text}” is not a calendar address. It starts with https:// or webcal://, "
                        "as in the “public address in iCal format” your calendar shows.")
    if scheme == "http" and (parts.hostname or "") not in LOCAL_HOSTS:
        raise FeedError(f"Daypane reads calendars only over https:// (an http:// address could be "
                        f"read or changed on the way). Try https://{parts.netloc}{parts.path}.")
    return urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))


def refresh_request(feed: Feed) -> Request:
    """A conditional GET. No Cache-Control: that header is not CORS-safelisted and would add a
    preflight; the validators already make the server answer 304 when nothing changed."""
    headers = []
    if feed.etag:
        headers.append(("If-None-Match", feed.etag))
    if feed.last_modified:
        headers.append(("If-Modified-Since", feed.last_modified))
    return Request("GET", feed.url, tuple(headers))


def apply_response(feed: Feed, response: Response, now: datetime) -> tuple[Feed, bool]:
    """(the feed after this answer, whether its events changed); raises FeedError and then the
    stored feed stays as it was."""
    host = urlsplit(feed.url).netloc
    if response.status == 304 and feed.ics:
        return replace(feed, fetched=now.isoformat(timespec="seconds")), False
    if response.status in (401, 403):
        raise FeedError(f"{host} refused to share this calendar ({response.status}): it is private. "
                        "Use its secret or public address (often “Secret address in iCal format”).")
    if response.status in (404, 410):
        raise FeedError(f"There is no calendar at this address any more ({response.status} from {host}). "
                        "Check the address, or remove the subscription.")
    if response.status >= 500:
        raise FeedError(f"{host} failed to answer ({response.status}). Daypane tries again later; "
                        "the events from the last refresh are still shown.")
    if response.status != 200:
        raise FeedError(f"{host} answered {response.status} instead of the calendar. Check the address.")
    try:
        parsed = parse_calendar(response.body, floating_tz=None)
    except IcsError as error:
        raise FeedError(f"The address does not give a calendar: {error}") from None
    text = response.body.decode("utf-8", errors="replace")
    fresh = replace(feed, name=feed.name or calendar_name(text) or host,
                    etag=response.header("ETag") or "", last_modified=response.header("Last-Modified") or "",
                    fetched=now.isoformat(timespec="seconds"), interval=refresh_interval(text), ics=text)
    del parsed  # only parsed to validate: the app parses for the zone it shows
    return fresh, fresh.ics != feed.ics


async def refresh(transport: Transport, feed: Feed, now: datetime) -> tuple[Feed, bool]:
    try:
        response = await transport.send(refresh_request(feed))
    except NetworkError:
        raise FeedUnreachable(f"No answer could be read from {urlsplit(feed.url).netloc}.") from None
    return apply_response(feed, response, now)


def diagnose(opaque_answer: bool, url: str, origin: str) -> FeedError:
    """After FeedUnreachable: the no-cors probe's result tells "down" from "blocks browsers"."""
    host = urlsplit(url).netloc
    if not opaque_answer:
        return FeedError(f"{host} cannot be reached. Check the address and your connection, then try again.")
    headers = (f"Access-Control-Allow-Origin: {origin}",
               "Access-Control-Allow-Headers: If-None-Match, If-Modified-Since",
               "Access-Control-Expose-Headers: ETag, Last-Modified")
    return FeedBlocksBrowsers(
        f"{host} is up but does not allow browser access to this calendar: web pages such as Daypane "
        "may not read it (the server sends no CORS headers). Google's secret addresses and iCloud's "
        "public calendars are like this. Import the .ics file instead, or ask the calendar's host "
        "to send these headers:", headers)


def due(feed: Feed, now: datetime) -> bool:
    if not feed.fetched:
        return True
    return now - datetime.fromisoformat(feed.fetched) >= timedelta(seconds=feed.interval)


_NAME = re.compile(r"^X-WR-CALNAME(?:;[^:\r\n]*)?:(.*)$", re.M)
_TTL = re.compile(r"^(?:REFRESH-INTERVAL;VALUE=DURATION|X-PUBLISHED-TTL)(?:;[^:\r\n]*)?:(\S+)", re.M)
_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def calendar_name(text: str) -> str:
    found = _NAME.search(text)
    return found.group(1).strip().replace("\\,", ",").replace("\\;", ";") if found else ""


def refresh_interval(text: str) -> int:
    """The feed's own REFRESH-INTERVAL / X-PUBLISHED-TTL (RFC 7986), clamped; else the default."""
    found = _TTL.search(text)
    match = _DURATION.match(found.group(1)) if found else None
    if not match or not any(match.groups()):
        return DEFAULT_INTERVAL
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    total = int(timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds).total_seconds())
    return max(MIN_INTERVAL, min(MAX_INTERVAL, total))
