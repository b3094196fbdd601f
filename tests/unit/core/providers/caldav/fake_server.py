"""A CalDAV server made of answers captured from Radicale 3.9.0 (tests/fixtures/caldav/README.md),
for the client's and the provider's unit tests: discovery from the root, the "work" calendar's
calendar-query, sync-collection (initial and after a change and a deletion) and multiget."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from daypane.core.http import MockTransport, Request, Response
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import DavResource
from daypane.core.providers.caldav.dav_xml import CALDAV, DAV, parse_multistatus
from tests.support import fixtures

FIXTURES = fixtures.FIXTURES / "caldav"
BASE = "http://127.0.0.1:5232"
AUTH = caldav.basic_auth("alice", "secret")
BERLIN = ZoneInfo("Europe/Berlin")
TOKEN0 = "http://radicale.org/ns/sync/c4f7b552dd1dad3c47a9a88bdbb2d62cae5001ded1d89edddb69462a5ecf82cc"
TOKEN1 = "http://radicale.org/ns/sync/8b24bfad1529ab8ecee859d2d39a24e7772c01f352022f3c4b9490ad99da9f7b"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def multistatus(name: str) -> Response:
    return Response(207, (("Content-Type", "text/xml; charset=utf-8"),), fixture(name))


class FakeRadicale:
    """Answers (method, path, Depth) with captured Radicale bodies; anything else is 404."""

    def __init__(self, overrides: dict | None = None):
        self.routes = {
            ("PROPFIND", "/", "0"): multistatus("principal.xml"),
            ("PROPFIND", "/alice/work/", "0"): multistatus("principal-on-calendar.xml"),
            ("PROPFIND", "/alice/", "0"): multistatus("home-set.xml"),
            ("PROPFIND", "/alice/", "1"): multistatus("calendars.xml"),
            ("PROPFIND", "/.well-known/caldav", "0"): Response(301, (("Location", "/"),)),
        }
        self.routes.update(overrides or {})

    def __call__(self, request: Request):
        path = request.url.removeprefix(BASE)
        answer = self.routes.get((request.method, path, request.header("Depth")),
                                 Response(404, (), b"The requested resource could not be found."))
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer


def calls(transport):
    return [(r.method, r.url.removeprefix(BASE), r.header("Depth")) for r in transport.requests]


def resources_of(name: str) -> list[DavResource]:
    answer = parse_multistatus(fixture(name), f"{BASE}/alice/work/")
    return [DavResource(e.href, e.etag, e.calendar_data) for e in answer.responses if e.found]


def stored_resources() -> dict[str, DavResource]:
    """What the fake server holds: standup.ics as first captured, dentist.ics after its change."""
    held = {r.href: r for r in resources_of("query.xml")}
    held.update({r.href: r for r in resources_of("multiget.xml")})
    return {urlsplit(href).path: r for href, r in held.items()}


def answer_multiget(request: Request, held: dict[str, DavResource]) -> Response:
    """A calendar-multiget answered like Radicale: data for known hrefs, a 404 entry for others."""
    entries = []
    for href in (h.text for h in ET.fromstring(request.body).iter(f"{{{DAV}}}href")):
        if href in held:
            entries.append(f"<response><href>{href}</href><propstat><prop><getetag>"
                           f"{escape(held[href].etag)}</getetag><C:calendar-data>"
                           f"{escape(held[href].ics)}</C:calendar-data></prop>"
                           "<status>HTTP/1.1 200 OK</status></propstat></response>")
        else:
            entries.append(f"<response><href>{href}</href><status>HTTP/1.1 404 Not Found</status>"
                           "</response>")
    body = f'<multistatus xmlns="DAV:" xmlns:C="{CALDAV}">{"".join(entries)}</multistatus>'
    return Response(207, (), body.encode())


def sync_server(sync_answer):
    """sync-collection answered by ``sync_answer``, multiget from stored_resources()."""
    seen_multiget = []
    held = stored_resources()

    def report(request):
        if b"sync-collection" in request.body:
            return sync_answer(request) if callable(sync_answer) else sync_answer
        seen_multiget.append(request)
        return answer_multiget(request, held)

    server = FakeRadicale({("REPORT", "/alice/work/", "0"): report,
                           ("REPORT", "/alice/work/", "1"): report})
    return MockTransport(server), seen_multiget


def multiget_paths(requests):
    return [[h.text for h in ET.fromstring(r.body).findall(f"{{{DAV}}}href")] for r in requests]
