"""CalDAV on the wire: the XML request bodies Daypane sends and the multistatus answers it reads.

Pure functions on bytes and plain values, so every shape a server may send (any namespace
prefix, default namespaces, relative or absolute hrefs, 404 entries) is unit-tested without a
network. ElementTree resolves prefixes to Clark names (``{DAV:}href``), so parsing never
depends on the prefixes a server picked. The async steps that use these live in caldav.py.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape as html_escape
from urllib.parse import urljoin, urlsplit

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CS = "http://calendarserver.org/ns/"  # getctag
ICAL = "http://apple.com/ns/ical/"  # calendar-color

_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
_NS = f'xmlns:D="{DAV}" xmlns:C="{CALDAV}" xmlns:CS="{CS}" xmlns:I="{ICAL}"'

def escape(text: str) -> str:
    """XML character data: &, < and > escaped, as xml.sax.saxutils.escape does. Not that module:
    importing it imports urllib.request, http.client and the email package, which the page would
    carry in its start-up heap for nothing."""
    return html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    """An XML attribute value in double quotes, its quotes escaped too."""
    return f'"{html_escape(text, quote=True)}"'


# What Daypane asks about a calendar collection, on the given URL and on each child of the home.
CALENDAR_PROPS = ("D:resourcetype", "D:displayname", "I:calendar-color",
                  "C:supported-calendar-component-set", "CS:getctag", "D:sync-token",
                  "D:current-user-privilege-set")


# RFC 3744 privileges that let the user create or change a collection's items (3.1: "all" holds
# every one; "write" holds write-content and bind; bind adds members, write-content changes them).
WRITE_PRIVILEGES = frozenset(f"{{{DAV}}}{name}" for name in ("write", "write-content", "bind", "all"))


class DavXmlError(ValueError):
    """The answer is not a readable DAV multistatus."""


def _propfind(props: Iterable[str]) -> bytes:
    inner = "".join(f"<{name}/>" for name in props)
    return f"{_HEAD}<D:propfind {_NS}><D:prop>{inner}</D:prop></D:propfind>".encode()


def principal_body() -> bytes:
    """Depth-0 PROPFIND on the user's URL: who is logged in, and is this URL itself a calendar?"""
    return _propfind(("D:current-user-principal",) + CALENDAR_PROPS)


def home_set_body() -> bytes:
    """Depth-0 PROPFIND on the principal: where the user's calendars live."""
    return _propfind(("C:calendar-home-set",))


def calendars_body() -> bytes:
    """Depth-1 PROPFIND on the calendar home: each child collection's name, colour, kind, tokens
    and what the user may do in it (RFC 3744 current-user-privilege-set)."""
    return _propfind(CALENDAR_PROPS)


def utc_stamp(moment: datetime) -> str:
    """An aware datetime as the UTC form CalDAV time-ranges use: 20260302T000000Z."""
    if moment.tzinfo is None:
        raise ValueError("CalDAV time ranges need timezone-aware datetimes")
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar_query_body(start: datetime, end: datetime) -> bytes:
    """calendar-query REPORT: the VEVENT resources overlapping [start, end), with data and ETag.

    Servers return whole resources (a recurring master with its overrides), not occurrences;
    the expansion happens in Daypane with recurring-ical-events.
    """
    return (
        f"{_HEAD}<C:calendar-query {_NS}><D:prop><D:getetag/><C:calendar-data/></D:prop>"
        '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">'
        f"<C:time-range start={quoteattr(utc_stamp(start))} end={quoteattr(utc_stamp(end))}/>"
        "</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>"
    ).encode()


def sync_collection_body(token: str) -> bytes:
    """sync-collection REPORT (RFC 6578): what changed since ``token`` ("" = everything)."""
    return (
        f"{_HEAD}<D:sync-collection {_NS}><D:sync-token>{escape(token)}</D:sync-token>"
        "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"
    ).encode()


def href_path(url: str) -> str:
    """The path part of an absolute URL, as sent inside <D:href> (what every server accepts)."""
    return urlsplit(url).path or "/"


def multiget_body(hrefs: Iterable[str]) -> bytes:
    """calendar-multiget REPORT: the data and ETag of these resources (URLs or paths)."""
    inner = "".join(f"<D:href>{escape(href_path(h))}</D:href>" for h in hrefs)
    return (
        f"{_HEAD}<C:calendar-multiget {_NS}><D:prop><D:getetag/><C:calendar-data/></D:prop>"
        f"{inner}</C:calendar-multiget>"
    ).encode()


@dataclass(frozen=True)
class DavResponse:
    """One <D:response> of a multistatus, reduced to plain values.

    ``status`` is the response's own status when it has one (404 = deleted, in sync-collection),
    else 200. ``props`` holds the text of every property found (2xx propstat) by Clark name;
    the structured ones Daypane needs are parsed into their own fields.
    """

    href: str  # absolute URL, resolved against the request URL
    status: int = 200
    props: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    calendar_data: str = ""
    resource_types: frozenset[str] = frozenset()  # Clark names: {DAV:}collection, {…caldav}calendar
    components: frozenset[str] = frozenset()  # supported-calendar-component-set: VEVENT, VTODO…
    principal: str = ""  # current-user-principal, absolute
    homes: tuple[str, ...] = ()  # calendar-home-set, absolute
    # current-user-privilege-set as Clark names ({DAV:}read, {DAV:}write-content…); None = not sent
    privileges: frozenset[str] | None = None

    @property
    def is_calendar(self) -> bool:
        return f"{{{CALDAV}}}calendar" in self.resource_types

    @property
    def found(self) -> bool:
        return 200 <= self.status < 300

    @property
    def writable(self) -> bool:
        """May the user add and change items here? A server that does not say is trusted (the
        write itself then tells); a privilege set without a writing privilege means read-only."""
        return self.privileges is None or bool(self.privileges & WRITE_PRIVILEGES)


@dataclass(frozen=True)
class Multistatus:
    responses: tuple[DavResponse, ...]
    sync_token: str = ""  # the multistatus-level token of a sync-collection answer


def status_code(line: str) -> int:
    """ "HTTP/1.1 404 Not Found" -> 404; anything unreadable -> 0."""
    parts = line.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _hrefs(element: ET.Element, base: str) -> tuple[str, ...]:
    return tuple(urljoin(base, _text(h)) for h in element.iter(f"{{{DAV}}}href") if _text(h))


def _parse_response(node: ET.Element, base: str) -> DavResponse:
    href = urljoin(base, _text(node.find(f"{{{DAV}}}href")))
    own_status = node.find(f"{{{DAV}}}status")
    status = status_code(_text(own_status)) if own_status is not None else 200
    values: dict[str, object] = {"props": {}}
    for propstat in node.iter(f"{{{DAV}}}propstat"):
        if not 200 <= status_code(_text(propstat.find(f"{{{DAV}}}status"))) < 300:
            continue  # 404 propstat = "this property is not set": leave it out
        prop = propstat.find(f"{{{DAV}}}prop")
        for item in prop if prop is not None else ():
            values["props"][item.tag] = _text(item)
            if item.tag == f"{{{DAV}}}getetag":
                values["etag"] = _text(item)
            elif item.tag == f"{{{CALDAV}}}calendar-data":
                values["calendar_data"] = "".join(item.itertext())
            elif item.tag == f"{{{DAV}}}resourcetype":
                values["resource_types"] = frozenset(child.tag for child in item)
            elif item.tag == f"{{{CALDAV}}}supported-calendar-component-set":
                values["components"] = frozenset(
                    c.get("name", "").upper() for c in item.iter(f"{{{CALDAV}}}comp"))
            elif item.tag == f"{{{DAV}}}current-user-privilege-set":
                values["privileges"] = frozenset(
                    child.tag for privilege in item.iter(f"{{{DAV}}}privilege") for child in privilege)
            elif item.tag == f"{{{DAV}}}current-user-principal":
                values["principal"] = next(iter(_hrefs(item, base)), "")
            elif item.tag == f"{{{CALDAV}}}calendar-home-set":
                values["homes"] = _hrefs(item, base)
    return DavResponse(href=href, status=status, **values)


def parse_multistatus(body: bytes | str, base: str) -> Multistatus:
    """Read a 207 body. Relative hrefs are resolved against ``base`` (the request URL)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise DavXmlError(f"not XML: {error}") from error
    if root.tag != f"{{{DAV}}}multistatus":
        raise DavXmlError(f"expected DAV:multistatus, got {root.tag}")
    responses = tuple(_parse_response(node, base) for node in root.findall(f"{{{DAV}}}response"))
    return Multistatus(responses, _text(root.find(f"{{{DAV}}}sync-token")))


def error_conditions(body: bytes | str) -> frozenset[str]:
    """Local names of the preconditions in a <D:error> body (e.g. "valid-sync-token"); may be empty."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return frozenset()
    if not root.tag.endswith("}error"):
        return frozenset()
    return frozenset(child.tag.rpartition("}")[2] for child in root)
