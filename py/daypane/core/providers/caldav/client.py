"""A small CalDAV client: discovery, range queries, incremental sync, and failures people can act on.

Everything goes through the ``Transport`` port (the browser's fetch, urllib in tests), so this
module runs unchanged in Pyodide and CPython. Bodies and multistatus parsing live in dav_xml.py.
What the browser allows shaped it (see docs/facts/caldav.md): discovery starts from the URL the user
gives, because ``/.well-known/caldav`` redirects and browsers refuse redirected preflights; a
request that gets no answer may mean "server down" or "server refuses browsers" (CORS), which only
a no-cors probe by the caller can tell apart (core.providers.cors).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timezone, tzinfo
from urllib.parse import unquote, urljoin, urlsplit

from daypane.core.http import NetworkError, Request, Response, Transport
from daypane.core.ics.parse import IcsError, ParsedCalendar, parse_calendar
from daypane.core.model import Occurrence
from daypane.core.providers.caldav.dav_xml import (
    DavResponse,
    DavXmlError,
    Multistatus,
    calendar_query_body,
    calendars_body,
    error_conditions,
    home_set_body,
    multiget_body,
    parse_multistatus,
    principal_body,
    sync_collection_body,
)
from daypane.core.providers.caldav.problems import (
    AccessDenied,
    CalDavError,
    NoCalendarHere,
    ServerFailed,
    SyncTokenRefused,
    UnexpectedAnswer,
    WrongCredentials,
    cors_headers,
    no_answer_problem,
    problem_for_status,
)
from daypane.core.providers.cors import NoAnswer
from daypane.core.providers.problems import ServerProblem, host_of

MULTIGET_BATCH = 50  # hrefs per calendar-multiget: keeps each answer a moderate size
MAX_REDIRECTS = 3


def basic_auth(user: str, password: str) -> str:
    """The Authorization header value for HTTP Basic (RFC 7617: UTF-8, then base64)."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")


# -- plain values -----------------------------------------------------------------------------
@dataclass(frozen=True)
class DavCalendar:
    """A calendar collection found by discovery: an event calendar, or a task list."""

    url: str
    name: str
    color: str = ""  # "#rrggbb", or "" when the server has none
    ctag: str = ""
    sync_token: str = ""  # "" when the server does not offer RFC 6578 sync
    components: tuple[str, ...] = ()  # sorted: ("VEVENT", "VTODO"); () = every type (RFC 4791 5.2.3)
    writable: bool = True  # from current-user-privilege-set; True when the server does not say


@dataclass(frozen=True)
class DavResource:
    """One calendar object resource: one event with its overrides (one UID)."""

    href: str
    etag: str
    ics: str


@dataclass(frozen=True)
class SyncChanges:
    changed: tuple[DavResource, ...]
    deleted: tuple[str, ...]
    token: str
    full: bool = False  # a fresh listing replaced a refused token: ``deleted`` is computed


@dataclass(frozen=True)
class CalendarState:
    """What the cache keeps per calendar to sync incrementally next time."""

    url: str
    sync_token: str = ""
    ctag: str = ""
    etags: Mapping[str, str] = field(default_factory=dict)

    def apply(self, changes: SyncChanges) -> CalendarState:
        etags = dict(self.etags)
        for href in changes.deleted:
            etags.pop(href, None)
        etags.update((r.href, r.etag) for r in changes.changed)
        return replace(self, sync_token=changes.token, etags=etags)

    def dump(self) -> dict:
        return {"version": 1, "url": self.url, "syncToken": self.sync_token, "ctag": self.ctag,
                "etags": dict(sorted(self.etags.items()))}

    @classmethod
    def load(cls, data: Mapping) -> CalendarState:
        """Read dump()'s output; a newer or foreign record raises ValueError (never guessed at)."""
        if not isinstance(data, Mapping) or data.get("version") != 1 or not data.get("url"):
            raise ValueError("not a version-1 CalDAV calendar state")
        etags = data.get("etags") or {}
        return cls(str(data["url"]), str(data.get("syncToken", "")), str(data.get("ctag", "")),
                   {str(k): str(v) for k, v in etags.items()})


# -- sending ----------------------------------------------------------------------------------
async def _send(transport: Transport, method: str, url: str, auth: str, body: bytes,
                depth: str) -> tuple[Response, str]:
    """One DAV request (following up to MAX_REDIRECTS redirects); returns the answer and final URL."""
    for _ in range(MAX_REDIRECTS + 1):
        headers = [("Depth", depth), ("Content-Type", "application/xml; charset=utf-8")]
        if auth:
            headers.append(("Authorization", auth))
        try:
            response = await transport.send(Request(method, url, tuple(headers), body))
        except NetworkError as error:
            raise NoAnswer(
                f"Daypane could not read an answer from {host_of(url)}: the server is unreachable "
                "or does not allow browser access.", url=url) from error
        location = response.header("Location")
        if response.status not in (301, 302, 307, 308) or not location:
            return response, url
        url = urljoin(url, location)
    raise UnexpectedAnswer(f"The server at {host_of(url)} keeps redirecting. Check the address.",
                           url=url)


def _read(response: Response, url: str) -> Multistatus:
    if response.status != 207:
        raise problem_for_status(response.status, url)
    try:
        return parse_multistatus(response.body, url)
    except DavXmlError as error:
        raise UnexpectedAnswer(
            f"The server at {host_of(url)} did not answer like a CalDAV server. "
            "Check that the address is your provider's CalDAV address.", url=url) from error


async def _multistatus(transport: Transport, method: str, url: str, auth: str, body: bytes,
                       depth: str) -> tuple[Multistatus, str]:
    response, final = await _send(transport, method, url, auth, body, depth)
    return _read(response, final), final


# -- discovery --------------------------------------------------------------------------------
_COLOR = re.compile(r"^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$")


def _calendar(entry: DavResponse) -> DavCalendar:
    match = _COLOR.match(entry.props.get("{http://apple.com/ns/ical/}calendar-color", ""))
    slug = unquote(urlsplit(entry.href).path.rstrip("/").rpartition("/")[2])
    return DavCalendar(url=entry.href, name=entry.props.get("{DAV:}displayname") or slug,
                       color=f"#{match.group(1).lower()}" if match else "",
                       ctag=entry.props.get("{http://calendarserver.org/ns/}getctag", ""),
                       sync_token=entry.props.get("{DAV:}sync-token", ""),
                       components=tuple(sorted(entry.components)), writable=entry.writable)


def _holds(component: str) -> Callable[[DavResponse], bool]:
    def holds(entry: DavResponse) -> bool:
        # No supported-calendar-component-set means "every component type" (RFC 4791 5.2.3).
        return (entry.found and entry.is_calendar
                and (not entry.components or component in entry.components))
    return holds


_holds_events = _holds("VEVENT")
_holds_todos = _holds("VTODO")


def _same(a: str, b: str) -> bool:
    return urlsplit(a).path.rstrip("/") == urlsplit(b).path.rstrip("/")


async def _discover_from(transport: Transport, url: str, auth: str,
                         keep: Callable[[DavResponse], bool]) -> list[DavCalendar]:
    """The walk from ``url`` (itself, principal, home set, homes), keeping the collections ``keep``
    accepts."""
    status, url = await _multistatus(transport, "PROPFIND", url, auth, principal_body(), "0")
    entries = status.responses
    here = next((e for e in entries if _same(e.href, url)), entries[0] if entries else None)
    if here is not None and keep(here):
        return [_calendar(here)]
    principal = next((e.principal for e in entries if e.principal), "")
    if not principal:
        raise NoCalendarHere(f"There is no calendar at {url}. Check the address; your provider's "
                             "help pages give the CalDAV address to use.", url=url)
    homes_answer, principal = await _multistatus(transport, "PROPFIND", principal, auth,
                                                 home_set_body(), "0")
    homes = [h for e in homes_answer.responses for h in e.homes]
    if not homes:
        raise NoCalendarHere(f"The account at {host_of(url)} has no calendar home. "
                             "Check the address with your provider.", url=url)
    found: dict[str, DavCalendar] = {}
    for home in homes:
        listing, home = await _multistatus(transport, "PROPFIND", home, auth, calendars_body(), "1")
        for entry in listing.responses:
            if not _same(entry.href, home) and keep(entry):
                found.setdefault(entry.href, _calendar(entry))
    return list(found.values())


async def discover(transport: Transport, url: str, auth_header: str) -> list[DavCalendar]:
    """The event calendars reachable from the address the user typed (maybe an empty list).

    Order: the URL itself (a calendar is returned as is), its current-user-principal, the
    principal's calendar-home-set, a Depth-1 listing of each home (event calendars only).
    ``/.well-known/caldav`` is tried only when the URL leads nowhere (404, 403, not DAV, no
    principal), and its failure never hides the first problem. Raises a CalDavError subclass, or
    NoAnswer when no answer could be read (the caller diagnoses it: core.providers.cors).
    """
    return await _discover(transport, url, auth_header, _holds_events)


async def discover_task_lists(transport: Transport, url: str, auth_header: str) -> list[DavCalendar]:
    """The task lists reachable from the address the user typed: the same walk as ``discover``,
    keeping the collections that hold VTODO (or every component type). A collection for events
    and to-dos together is in both answers; ``writable`` says whether the user may change it."""
    return await _discover(transport, url, auth_header, _holds_todos)


async def _discover(transport: Transport, url: str, auth: str,
                    keep: Callable[[DavResponse], bool]) -> list[DavCalendar]:
    try:
        return await _discover_from(transport, url, auth, keep)
    except (NoCalendarHere, AccessDenied, UnexpectedAnswer) as first:
        # Radicale (rights owner_only) answers 403, not 404, for a path outside the user's own.
        well_known = urljoin(url, "/.well-known/caldav")
        if _same(well_known, url):
            raise
        try:
            return await _discover_from(transport, well_known, auth, keep)
        except ServerProblem:  # NoAnswer too: a browser refuses the redirected preflight
            raise first from None


# -- reading events ---------------------------------------------------------------------------
def _resources(status: Multistatus) -> list[DavResource]:
    return [DavResource(e.href, e.etag, e.calendar_data)
            for e in status.responses if e.found and e.calendar_data]


async def query_range(transport: Transport, calendar_url: str, auth_header: str,
                      start: datetime, end: datetime) -> list[DavResource]:
    """The resources with events overlapping [start, end) (recurring masters whole, not expanded)."""
    status, _ = await _multistatus(transport, "REPORT", calendar_url, auth_header,
                                   calendar_query_body(start, end), "1")
    return _resources(status)


async def multiget(transport: Transport, calendar_url: str, auth_header: str,
                   hrefs: Iterable[str]) -> list[DavResource]:
    """Data and ETags of these resources, in batches; ones that no longer exist are left out."""
    hrefs = list(hrefs)
    found: list[DavResource] = []
    for i in range(0, len(hrefs), MULTIGET_BATCH):
        status, _ = await _multistatus(transport, "REPORT", calendar_url, auth_header,
                                       multiget_body(hrefs[i:i + MULTIGET_BATCH]), "1")
        found += _resources(status)
    return found


async def sync_changes(transport: Transport, calendar_url: str, auth_header: str, token: str,
                       known: Mapping[str, str] | None = None) -> SyncChanges:
    """What changed since ``token`` (RFC 6578), changed resources fetched with multiget.

    ``token == ""`` lists everything: its 404 entries (Radicale's earlier deletions) are ignored,
    and with ``known`` ({href: etag} we hold) unchanged resources are not fetched again and
    hrefs we hold that are no longer listed are reported deleted. Raises SyncTokenRefused when
    the server has forgotten ``token``: call again with "" (what ``sync_calendar`` does).
    Any calendar collection works, a task list too: sync-collection and calendar-multiget do not
    look at component types (``first_sync``'s calendar-query does: it finds events only).
    """
    response, url = await _send(transport, "REPORT", calendar_url, auth_header,
                                sync_collection_body(token), "0")
    if response.status in (409, 412) or (
            response.status == 403 and "valid-sync-token" in error_conditions(response.body)):
        raise SyncTokenRefused(
            f"The calendar at {url} no longer knows where Daypane left off; it is read in full.",
            status=response.status, url=url)
    status = _read(response, url)
    known = known or {}
    listed = [e for e in status.responses if not _same(e.href, url)]
    present = {e.href: e.etag for e in listed if e.found}
    deleted = [] if not token else [e.href for e in listed if e.status in (404, 410)]
    if not token and known:
        deleted = sorted(set(known) - set(present))
    wanted = [href for href, etag in present.items() if not etag or known.get(href) != etag]
    fetched_all = await multiget(transport, url, auth_header, wanted) if wanted else []
    changed = [r for r in fetched_all if r.href in present]  # only what the listing announced
    fetched = {r.href for r in changed}
    deleted += [href for href in wanted if href not in fetched]  # deleted in between
    return SyncChanges(tuple(changed), tuple(deleted), status.sync_token)


async def sync_calendar(transport: Transport, state: CalendarState,
                        auth_header: str) -> tuple[CalendarState, SyncChanges]:
    """Bring ``state`` up to date: incremental when the token is accepted, else a full listing
    compared with what the state holds (``changes.full`` is then True)."""
    try:
        changes = await sync_changes(transport, state.url, auth_header, state.sync_token,
                                     state.etags)
    except SyncTokenRefused:
        changes = replace(await sync_changes(transport, state.url, auth_header, "", state.etags),
                          full=True)
    return state.apply(changes), changes


# The widest range a calendar-query is asked for: "everything" to any real calendar.
ALL_TIME = (datetime(1900, 1, 1, tzinfo=timezone.utc), datetime(2200, 1, 1, tzinfo=timezone.utc))


async def first_sync(transport: Transport, calendar_url: str,
                     auth_header: str) -> tuple[CalendarState, list[DavResource]]:
    """A calendar's resources and a sync token, in two requests whatever its size.

    A calendar-query brings every event in one answer; the sync-collection listing that follows
    is compared with it (``known``), so nothing is fetched twice: only a resource changed in
    between is fetched again. A plain ``sync_calendar`` from an empty state would instead list
    and then multiget every resource, in batches (measured on Radicale with 500 events: 12
    requests instead of 2; tools/bench/caldav.py).
    """
    found = {r.href: r for r in await query_range(transport, calendar_url, auth_header, *ALL_TIME)}
    changes = await sync_changes(transport, calendar_url, auth_header, "",
                                 {href: r.etag for href, r in found.items()})
    for href in changes.deleted:
        found.pop(href, None)
    found.update((r.href, r) for r in changes.changed)
    state = CalendarState(calendar_url, changes.token, "", {href: r.etag for href, r in found.items()})
    return state, list(found.values())


# -- occurrences ------------------------------------------------------------------------------
def parse_resource(resource: DavResource, floating_tz: tzinfo | None = None) -> ParsedCalendar | None:
    """The parsed resource, or None when it holds no showable event (a VTODO, a damaged file)."""
    try:
        return parse_calendar(resource.ics, floating_tz=floating_tz)
    except IcsError:
        return None


def occurrences(resources: Iterable[DavResource], calendar_id: str, start: datetime,
                end: datetime, floating_tz: tzinfo | None = None) -> list[Occurrence]:
    """Occurrences in [start, end) of all resources, recurrences expanded, sorted by start."""
    found: list[Occurrence] = []
    for resource in resources:
        parsed = parse_resource(resource, floating_tz)
        if parsed is not None:
            found += parsed.occurrences(calendar_id, start, end)
    return by_start(found, start.tzinfo)


def by_start(found: Iterable[Occurrence], zone: tzinfo | None) -> list[Occurrence]:
    """Occurrences sorted by start (all-day ones first on their day), then title."""
    def key(occurrence: Occurrence) -> tuple:
        value = occurrence.start
        moment = value if isinstance(value, datetime) else datetime.combine(value, time(), zone)
        return (moment, not occurrence.all_day, occurrence.title.casefold(), occurrence.uid)

    return sorted(found, key=key)


__all__ = [
    "AccessDenied", "CalDavError", "CalendarState", "DavCalendar", "DavResource", "NoAnswer",
    "NoCalendarHere", "ServerFailed", "SyncChanges", "SyncTokenRefused", "UnexpectedAnswer",
    "WrongCredentials", "basic_auth", "by_start", "cors_headers", "discover", "discover_task_lists",
    "first_sync", "multiget",
    "no_answer_problem", "occurrences", "parse_resource", "problem_for_status", "query_range",
    "sync_calendar", "sync_changes",
]
