"""The CalDAV client core against MockTransport, answering with bodies captured from Radicale 3.9.0
(tests/fixtures/caldav/README.md): discovery order and fallback, problems, incremental sync and its
fallback, the cache state, occurrences. Request bodies and multistatus parsing: test_dav_xml.py."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from daypane.core.http import MockTransport, NetworkError, Response
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import (
    AccessDenied,
    CalendarState,
    DavResource,
    NoAnswer,
    NoCalendarHere,
    ServerFailed,
    SyncChanges,
    SyncTokenRefused,
    UnexpectedAnswer,
    WrongCredentials,
)
from daypane.core.providers.cors import BlocksBrowsers, Unreachable
from tests.unit.core.providers.caldav.fake_server import (
    AUTH,
    BASE,
    BERLIN,
    TOKEN0,
    TOKEN1,
    FakeRadicale,
    answer_multiget,
    calls,
    fixture,
    multiget_paths,
    multistatus,
    resources_of,
    stored_resources,
    sync_server,
)


def run(coroutine):
    return asyncio.run(coroutine)


# -- discovery --------------------------------------------------------------------------------
def test_discovery_goes_principal_then_home_set_then_lists_event_calendars_only():
    transport = MockTransport(FakeRadicale())
    found = run(caldav.discover(transport, f"{BASE}/", AUTH))
    assert calls(transport) == [("PROPFIND", "/", "0"), ("PROPFIND", "/alice/", "0"),
                                ("PROPFIND", "/alice/", "1")]
    assert all(r.header("Authorization") == AUTH for r in transport.requests)
    assert found == [caldav.DavCalendar(
        url=f"{BASE}/alice/work/", name="Work", color="#ff2968",
        ctag='"0efcc0ce99eb648c86f5b5ef79b87da2ed1687356a5eca9ff453d591965932d8"',
        sync_token=TOKEN0, components=("VEVENT",))]  # "Tasks" (VTODO only) and the home are left out


def test_a_calendar_url_is_returned_as_is_in_one_request():
    transport = MockTransport(FakeRadicale())
    found = run(caldav.discover(transport, f"{BASE}/alice/work/", AUTH))
    assert calls(transport) == [("PROPFIND", "/alice/work/", "0")]
    assert [(c.url, c.name) for c in found] == [(f"{BASE}/alice/work/", "Work")]


@pytest.mark.parametrize("answer", [Response(404), Response(403)])
def test_well_known_is_tried_only_when_the_given_url_leads_nowhere(answer):
    transport = MockTransport(FakeRadicale({("PROPFIND", "/dav/", "0"): answer}))
    found = run(caldav.discover(transport, f"{BASE}/dav/", AUTH))
    assert calls(transport) == [("PROPFIND", "/dav/", "0"), ("PROPFIND", "/.well-known/caldav", "0"),
                                ("PROPFIND", "/", "0"), ("PROPFIND", "/alice/", "0"),
                                ("PROPFIND", "/alice/", "1")]
    assert [c.name for c in found] == ["Work"]


def test_a_failing_well_known_never_hides_the_first_problem():
    # In a browser the redirected preflight of /.well-known/caldav fails like a network error.
    server = FakeRadicale()
    server.routes[("PROPFIND", "/.well-known/caldav", "0")] = NetworkError("Failed to fetch")
    with pytest.raises(NoCalendarHere) as caught:
        run(caldav.discover(MockTransport(server), f"{BASE}/dav/", AUTH))
    assert f"{BASE}/dav/" in str(caught.value)


@pytest.mark.parametrize("answer, problem", [
    (Response(401, (("WWW-Authenticate", 'Basic realm="Radicale"'),)), WrongCredentials),
    (NetworkError("Failed to fetch"), NoAnswer),
    (Response(503), ServerFailed),
])
def test_login_network_and_server_failures_stop_discovery_without_fallback(answer, problem):
    transport = MockTransport(FakeRadicale())
    transport.handler.routes[("PROPFIND", "/", "0")] = answer
    with pytest.raises(problem):
        run(caldav.discover(transport, f"{BASE}/", AUTH))
    assert calls(transport) == [("PROPFIND", "/", "0")]


def test_an_address_that_is_not_dav_is_an_unexpected_answer():
    page = Response(200, (("Content-Type", "text/html"),), b"<html>Welcome</html>")
    transport = MockTransport(lambda request: page)
    with pytest.raises(UnexpectedAnswer):
        run(caldav.discover(transport, "https://example.org/", AUTH))
    assert [r.url for r in transport.requests] == ["https://example.org/",
                                                   "https://example.org/.well-known/caldav"]


def test_a_calendar_without_a_component_set_holds_events_and_is_named_by_its_path():
    # RFC 4791: no supported-calendar-component-set means every component type.
    bare = ('<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response>'
            "<href>/alice/my%20cal/</href><propstat><prop><resourcetype><collection/><C:calendar/>"
            "</resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>"
            "</multistatus>").encode()
    transport = MockTransport(lambda request: Response(207, (), bare))
    found = run(caldav.discover(transport, f"{BASE}/alice/my%20cal/", AUTH))
    assert [(c.name, c.color, c.sync_token) for c in found] == [("my cal", "", "")]


def test_redirects_are_followed_to_the_final_url():
    server = FakeRadicale({("PROPFIND", "/dav/", "0"): Response(308, (("Location", "/alice/work/"),))})
    transport = MockTransport(server)
    found = run(caldav.discover(transport, f"{BASE}/dav/", AUTH))
    assert calls(transport) == [("PROPFIND", "/dav/", "0"), ("PROPFIND", "/alice/work/", "0")]
    assert [c.url for c in found] == [f"{BASE}/alice/work/"]


# -- problems ---------------------------------------------------------------------------------
@pytest.mark.parametrize("status, kind, words", [
    (401, WrongCredentials, "user name or password"),
    (403, AccessDenied, "no permission"),
    (404, NoCalendarHere, "no calendar at"),
    (500, ServerFailed, "try again later"),
    (502, ServerFailed, "try again later"),
    (400, UnexpectedAnswer, "CalDAV address"),
])
def test_statuses_become_problems_with_what_happened_and_what_to_do(status, kind, words):
    problem = caldav.problem_for_status(status, "https://cal.example.org/dav/alice/")
    assert type(problem) is kind and problem.status == status
    message = str(problem)
    assert words in message and "cal.example.org" in message
    assert message.endswith(".") and message.count(". ") >= 1  # two sentences at least


def test_no_answer_with_no_opaque_probe_answer_means_unreachable():
    problem = caldav.no_answer_problem("https://cal.example.org/dav/", False, "https://me.github.io")
    assert isinstance(problem, Unreachable) and isinstance(problem, NoAnswer)
    assert "no answer" in str(problem) and "Access-Control" not in str(problem)


def test_an_opaque_probe_answer_means_blocked_and_names_the_headers_to_send():
    origin = "http://127.0.0.1:8001"
    problem = caldav.no_answer_problem("https://cal.example.org/dav/", True, origin)
    assert isinstance(problem, BlocksBrowsers)
    headers = dict(problem.headers)
    assert headers["Access-Control-Allow-Origin"] == origin
    for needed in ("Authorization", "Depth", "Content-Type"):
        assert needed in headers["Access-Control-Allow-Headers"]
    assert "ETag" not in headers.get("Access-Control-Expose-Headers", "")  # ETags come in bodies
    assert f"Access-Control-Allow-Origin: {origin}" in str(problem)
    assert problem.details == ("\n".join(f"{name}: {value}" for name, value in problem.headers),)


def test_the_cors_advice_asks_only_for_what_daypane_sends_reading():
    headers = dict(caldav.cors_headers("https://me.github.io"))
    methods = set(headers["Access-Control-Allow-Methods"].split(", "))
    assert methods == {"OPTIONS", "PROPFIND", "REPORT"}   # never PUT, DELETE, MKCALENDAR
    assert "If-Match" not in headers["Access-Control-Allow-Headers"]  # a header for writes only
    assert "allow reading only" in str(caldav.no_answer_problem("https://cal.example.org/", True,
                                                                "https://me.github.io"))


SAFELISTED = {"accept", "accept-language", "content-language"}  # need no CORS permission


def test_the_cors_advice_allows_exactly_what_the_client_sends_and_reads():
    """Discovery, a range query, an incremental and a full sync: every method and request
    header the client uses is allowed, and nothing else is asked for."""
    held = stored_resources()

    def report(request):
        if b"sync-collection" in request.body:
            return multistatus("sync-initial.xml" if b"<D:sync-token></D:sync-token>" in request.body
                               else "sync-delta.xml")
        if b"calendar-query" in request.body:
            return multistatus("query.xml")
        return answer_multiget(request, held)

    transport = MockTransport(FakeRadicale({("REPORT", "/alice/work/", depth): report for depth in "01"}))
    run(caldav.discover(transport, f"{BASE}/", AUTH))
    run(caldav.first_sync(transport, f"{BASE}/alice/work/", AUTH))
    run(caldav.sync_calendar(transport, CalendarState(f"{BASE}/alice/work/", TOKEN0), AUTH))
    sent_methods = {r.method for r in transport.requests}
    sent_headers = {name.lower() for r in transport.requests for name, _ in r.headers} - SAFELISTED
    advice = dict(caldav.cors_headers("https://me.github.io"))
    assert sent_methods == {"PROPFIND", "REPORT"}
    # OPTIONS is the preflight itself; nothing that writes.
    assert set(advice["Access-Control-Allow-Methods"].split(", ")) == sent_methods | {"OPTIONS"}
    assert {h.lower() for h in advice["Access-Control-Allow-Headers"].split(", ")} == sent_headers
    # ETags come in the multistatus body (DAV:getetag), and the browser follows redirects itself:
    # no response header has to be exposed to the page.
    assert "Access-Control-Expose-Headers" not in advice


# -- reading events ---------------------------------------------------------------------------
def test_query_range_sends_a_depth_1_report_and_returns_data_with_etags():
    transport = MockTransport(FakeRadicale({("REPORT", "/alice/work/", "1"): multistatus("query.xml")}))
    found = run(caldav.query_range(transport, f"{BASE}/alice/work/", AUTH,
                                   datetime(2026, 3, 2, tzinfo=timezone.utc),
                                   datetime(2026, 3, 9, tzinfo=timezone.utc)))
    assert b"20260302T000000Z" in transport.requests[0].body
    assert [(r.href.rpartition("/")[2], r.etag[:9]) for r in found] == [
        ("dentist.ics", '"466d1b21'), ("standup.ics", '"7d81ee27')]
    assert all(r.ics.startswith("BEGIN:VCALENDAR") for r in found)


def test_a_recurring_resource_expands_with_its_exdate_and_override():
    start = datetime(2026, 3, 2, tzinfo=BERLIN)
    found = caldav.occurrences(resources_of("query.xml"), "work", start, start + timedelta(days=7),
                               floating_tz=BERLIN)
    assert [(o.title, o.start.astimezone(BERLIN).strftime("%d %H:%M")) for o in found] == [
        ("Stand-up", "02 09:30"), ("Stand-up", "03 09:30"), ("Dentist", "03 15:00"),
        ("Stand-up (moved)", "05 11:00"), ("Stand-up", "06 09:30")]  # the 4th is an EXDATE
    assert all(o.calendar_id == "work" for o in found)


def test_resources_without_events_are_skipped_not_fatal():
    todo = DavResource(f"{BASE}/alice/work/t.ics", '"t"',
                       "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:t\r\nSUMMARY:x\r\n"
                       "END:VTODO\r\nEND:VCALENDAR\r\n")
    start = datetime(2026, 3, 2, tzinfo=BERLIN)
    found = caldav.occurrences([todo, *resources_of("query.xml")], "work", start,
                               start + timedelta(days=2))
    assert caldav.parse_resource(todo) is None
    assert [o.title for o in found] == ["Stand-up", "Stand-up", "Dentist"]


# -- sync -------------------------------------------------------------------------------------
def test_incremental_sync_reports_changed_with_data_deleted_and_the_new_token():
    transport, multigets = sync_server(multistatus("sync-delta.xml"))
    changes = run(caldav.sync_changes(transport, f"{BASE}/alice/work/", AUTH, TOKEN0))
    assert TOKEN0.encode() in transport.requests[0].body
    assert transport.requests[0].header("Depth") == "0"
    assert multiget_paths(multigets) == [["/alice/work/dentist.ics"]]
    assert [r.href for r in changes.changed] == [f"{BASE}/alice/work/dentist.ics"]
    assert "Dentist (new time)" in changes.changed[0].ics
    assert changes.deleted == (f"{BASE}/alice/work/standup.ics",)
    assert (changes.token, changes.full) == (TOKEN1, False)


def test_the_initial_sync_ignores_earlier_deletions_listed_as_404():
    transport, multigets = sync_server(multistatus("sync-initial.xml"))
    changes = run(caldav.sync_changes(transport, f"{BASE}/alice/work/", AUTH, ""))
    assert multiget_paths(multigets) == [["/alice/work/dentist.ics", "/alice/work/standup.ics"]]
    assert changes.deleted == ()  # gone.ics was never ours
    assert changes.token == TOKEN0


def test_a_full_listing_fetches_only_what_changed_and_reports_what_vanished():
    known = {f"{BASE}/alice/work/standup.ics":
             '"7d81ee27c2f3e0d6de7b529f772109cc92560c05b9d170fa2a6be1657c4fc7c0"',
             f"{BASE}/alice/work/old.ics": '"x"'}
    transport, multigets = sync_server(multistatus("sync-initial.xml"))
    changes = run(caldav.sync_changes(transport, f"{BASE}/alice/work/", AUTH, "", known))
    assert multiget_paths(multigets) == [["/alice/work/dentist.ics"]]
    assert changes.deleted == (f"{BASE}/alice/work/old.ics",)


def test_a_resource_deleted_between_sync_and_multiget_counts_as_deleted():
    listing = ('<multistatus xmlns="DAV:"><sync-token>t2</sync-token><response>'
               "<href>/alice/work/missing.ics</href><propstat><prop><getetag>\"m\"</getetag>"
               "</prop><status>HTTP/1.1 200 OK</status></propstat></response></multistatus>")
    transport, _ = sync_server(Response(207, (), listing.encode()))
    changes = run(caldav.sync_changes(transport, f"{BASE}/alice/work/", AUTH, TOKEN0))
    assert changes.deleted == (f"{BASE}/alice/work/missing.ics",) and changes.changed == ()


@pytest.mark.parametrize("answer", [Response(403, (), fixture("sync-bogus.xml")),
                                    Response(409), Response(412)])
def test_a_refused_token_is_signalled_for_a_fresh_sync(answer):
    transport, _ = sync_server(answer)
    with pytest.raises(SyncTokenRefused):
        run(caldav.sync_changes(transport, f"{BASE}/alice/work/", AUTH, "bogus"))


def test_a_plain_403_on_sync_is_no_permission_not_a_token_problem():
    transport, _ = sync_server(Response(403, (), b"Access to the requested resource forbidden."))
    with pytest.raises(AccessDenied):
        run(caldav.sync_changes(transport, f"{BASE}/alice/work/", AUTH, TOKEN0))


def test_sync_calendar_falls_back_to_a_full_listing_and_updates_the_state():
    def sync(request):
        return (multistatus("sync-initial.xml") if b"<D:sync-token></D:sync-token>" in request.body
                else Response(403, (), fixture("sync-bogus.xml")))

    transport, _ = sync_server(sync)
    state = CalendarState(f"{BASE}/alice/work/", "bogus", etags={f"{BASE}/alice/work/old.ics": '"x"'})
    new_state, changes = run(caldav.sync_calendar(transport, state, AUTH))
    assert changes.full and changes.deleted == (f"{BASE}/alice/work/old.ics",)
    assert new_state.sync_token == TOKEN0
    assert set(new_state.etags) == {f"{BASE}/alice/work/dentist.ics", f"{BASE}/alice/work/standup.ics"}


# -- cache state ------------------------------------------------------------------------------
def test_state_applies_changes_and_round_trips_through_dump_and_load():
    state = CalendarState(f"{BASE}/alice/work/", TOKEN0, '"c"', {"a": '"1"', "b": '"2"'})
    changed = state.apply(SyncChanges((DavResource("c", '"3"', "ics"),), ("a",), TOKEN1))
    assert (changed.sync_token, dict(changed.etags)) == (TOKEN1, {"b": '"2"', "c": '"3"'})
    assert CalendarState.load(changed.dump()) == changed
    assert changed.dump()["version"] == 1


@pytest.mark.parametrize("record", [{"version": 2, "url": "x"}, {"version": 1}, [], None])
def test_state_from_a_newer_or_foreign_record_is_refused(record):
    with pytest.raises(ValueError):
        CalendarState.load(record)


# -- task lists -------------------------------------------------------------------------------
def _listing(*collections: tuple[str, str, str]) -> Response:
    """A Depth-1 home listing: (path, comps XML or None for no component set, privileges XML)."""
    entries = ["<response><href>/alice/</href><propstat><prop><resourcetype><collection/>"
               "</resourcetype></prop><status>HTTP/1.1 200 OK</status></propstat></response>"]
    for path, comps, privileges in collections:
        component_set = ("" if comps is None else
                         f"<C:supported-calendar-component-set>{comps}</C:supported-calendar-component-set>")
        entries.append(f"<response><href>{path}</href><propstat><prop><resourcetype><collection/>"
                       f"<C:calendar/></resourcetype>{component_set}{privileges}</prop>"
                       "<status>HTTP/1.1 200 OK</status></propstat></response>")
    body = ('<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f'{"".join(entries)}</multistatus>')
    return Response(207, (), body.encode())


READ_ONLY = ("<current-user-privilege-set><privilege><read/></privilege>"
             "</current-user-privilege-set>")
MIXED_HOME = _listing(
    ("/alice/events/", '<C:comp name="VEVENT"/>', ""),
    ("/alice/todos/", '<C:comp name="VTODO"/>', ""),
    ("/alice/both/", '<C:comp name="VTODO"/><C:comp name="VEVENT"/>', ""),
    ("/alice/any/", None, ""),
    ("/alice/journal/", '<C:comp name="VJOURNAL"/>', ""),
    ("/alice/shared/", '<C:comp name="VTODO"/>', READ_ONLY),
)


def test_task_list_discovery_takes_the_same_walk_and_keeps_collections_with_todos():
    transport = MockTransport(FakeRadicale())
    found = run(caldav.discover_task_lists(transport, f"{BASE}/", AUTH))
    assert calls(transport) == [("PROPFIND", "/", "0"), ("PROPFIND", "/alice/", "0"),
                                ("PROPFIND", "/alice/", "1")]
    assert found == [caldav.DavCalendar(
        url=f"{BASE}/alice/tasks/", name="Tasks", color="#00aa00",
        ctag='"c9cd2127540951459a05a4e53bdf2d28e15ad9cee55b8faf29be2aa40302df59"',
        sync_token="http://radicale.org/ns/sync/"
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        components=("VTODO",), writable=True)]  # "Work" (VEVENT only) is left out


def test_a_collection_for_both_kinds_is_in_both_discoveries_and_no_set_means_every_kind():
    routes = {("PROPFIND", "/alice/", "1"): MIXED_HOME}
    events = run(caldav.discover(MockTransport(FakeRadicale(routes)), f"{BASE}/", AUTH))
    tasks = run(caldav.discover_task_lists(MockTransport(FakeRadicale(routes)), f"{BASE}/", AUTH))
    assert [c.url.removeprefix(BASE) for c in events] == ["/alice/events/", "/alice/both/", "/alice/any/"]
    assert [c.url.removeprefix(BASE) for c in tasks] == ["/alice/todos/", "/alice/both/", "/alice/any/",
                                                         "/alice/shared/"]
    by_path = {c.url.removeprefix(BASE): c for c in tasks}
    assert by_path["/alice/both/"].components == ("VEVENT", "VTODO")  # sorted
    assert by_path["/alice/any/"].components == ()
    assert [c.writable for c in tasks] == [True, True, True, False]  # "shared" is read-only


def test_a_task_list_url_is_returned_as_is_and_an_event_calendar_url_leads_to_the_home():
    on_tasks = ('<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response>'
                "<href>/alice/tasks/</href><propstat><prop><current-user-principal><href>/alice/"
                "</href></current-user-principal><resourcetype><collection/><C:calendar/>"
                '</resourcetype><C:supported-calendar-component-set><C:comp name="VTODO"/>'
                f"</C:supported-calendar-component-set>{READ_ONLY}</prop>"
                "<status>HTTP/1.1 200 OK</status></propstat></response></multistatus>").encode()
    transport = MockTransport(FakeRadicale({("PROPFIND", "/alice/tasks/", "0"): Response(207, (), on_tasks)}))
    found = run(caldav.discover_task_lists(transport, f"{BASE}/alice/tasks/", AUTH))
    assert calls(transport) == [("PROPFIND", "/alice/tasks/", "0")]
    assert [(c.url, c.components, c.writable) for c in found] == [
        (f"{BASE}/alice/tasks/", ("VTODO",), False)]

    transport = MockTransport(FakeRadicale())  # /alice/work/ holds events only: walk on
    found = run(caldav.discover_task_lists(transport, f"{BASE}/alice/work/", AUTH))
    assert calls(transport) == [("PROPFIND", "/alice/work/", "0"), ("PROPFIND", "/alice/", "0"),
                                ("PROPFIND", "/alice/", "1")]
    assert [c.name for c in found] == ["Tasks"]


def test_task_list_discovery_falls_back_to_well_known_like_discover():
    transport = MockTransport(FakeRadicale({("PROPFIND", "/dav/", "0"): Response(404)}))
    found = run(caldav.discover_task_lists(transport, f"{BASE}/dav/", AUTH))
    assert calls(transport)[:2] == [("PROPFIND", "/dav/", "0"), ("PROPFIND", "/.well-known/caldav", "0")]
    assert [c.name for c in found] == ["Tasks"]


def test_a_calendar_whose_privileges_allow_no_writing_is_discovered_read_only():
    listing = _listing(("/alice/work/", '<C:comp name="VEVENT"/>', READ_ONLY))
    found = run(caldav.discover(MockTransport(FakeRadicale({("PROPFIND", "/alice/", "1"): listing})),
                                f"{BASE}/", AUTH))
    assert [(c.components, c.writable) for c in found] == [(("VEVENT",), False)]


def test_sync_lists_a_task_list_in_full_like_a_calendar():
    todo = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTODO\nUID:milk\nSUMMARY:Milk\nEND:VTODO\nEND:VCALENDAR\n"
    listing = ('<multistatus xmlns="DAV:"><sync-token>t1</sync-token><response>'
               "<href>/alice/tasks/milk.ics</href><propstat><prop><getetag>\"m\"</getetag></prop>"
               "<status>HTTP/1.1 200 OK</status></propstat></response></multistatus>").encode()
    held = {"/alice/tasks/milk.ics": DavResource(f"{BASE}/alice/tasks/milk.ics", '"m"', todo)}

    def report(request):
        return Response(207, (), listing) if b"sync-collection" in request.body else \
            answer_multiget(request, held)

    transport = MockTransport(FakeRadicale({("REPORT", "/alice/tasks/", d): report for d in "01"}))
    changes = run(caldav.sync_changes(transport, f"{BASE}/alice/tasks/", AUTH, ""))
    assert [(r.href, r.etag, r.ics) for r in changes.changed] == [
        (f"{BASE}/alice/tasks/milk.ics", '"m"', todo)]
    assert changes.token == "t1" and changes.deleted == ()


# -- CORS for task lists ----------------------------------------------------------------------
def test_the_cors_advice_for_task_lists_adds_exactly_what_writes_send_and_read():
    from daypane.core.providers.caldav import writes

    read = dict(caldav.cors_headers("https://me.github.io"))
    write = dict(caldav.cors_headers("https://me.github.io", writes=True))
    assert write["Access-Control-Allow-Methods"] == "OPTIONS, PROPFIND, REPORT, GET, PUT, DELETE"
    assert write["Access-Control-Allow-Headers"] == (
        "Authorization, Depth, Content-Type, If-Match, If-None-Match")
    assert write["Access-Control-Expose-Headers"] == "ETag"  # the PUT's and GET's new ETag
    assert {k: v for k, v in write.items() if not k.startswith("Access-Control-Allow-M")
            and not k.startswith("Access-Control-Allow-H") and k != "Access-Control-Expose-Headers"} == {
        k: v for k, v in read.items() if not k.startswith("Access-Control-Allow-M")
        and not k.startswith("Access-Control-Allow-H")}
    assert read == dict(caldav.cors_headers("https://me.github.io", writes=False))  # default: read

    ok = Response(204, (("ETag", '"e"'),), b"BEGIN:VCALENDAR")
    transport = MockTransport(lambda request: ok if request.method != "GET" else Response(200, (), b"x"))
    url = f"{BASE}/alice/tasks/milk.ics"
    run(writes.put_item(transport, url, AUTH, "BEGIN:VCALENDAR", etag=None))
    run(writes.put_item(transport, url, AUTH, "BEGIN:VCALENDAR", etag='"e"'))
    run(writes.delete_item(transport, url, AUTH, '"e"'))
    run(writes.get_item(transport, url, AUTH))
    allowed_methods = set(write["Access-Control-Allow-Methods"].split(", "))
    allowed_headers = {h.lower() for h in write["Access-Control-Allow-Headers"].split(", ")}
    assert {r.method for r in transport.requests} <= allowed_methods
    assert {n.lower() for r in transport.requests for n, _ in r.headers} - SAFELISTED <= allowed_headers
    assert not allowed_methods & {"MKCALENDAR", "PROPPATCH", "MKCOL", "MOVE"}


def test_a_server_blocking_a_task_list_names_the_write_headers():
    origin = "http://127.0.0.1:8001"
    problem = caldav.no_answer_problem("https://cal.example.org/", True, origin, writes=True)
    assert isinstance(problem, BlocksBrowsers)
    assert dict(problem.headers) == dict(caldav.cors_headers(origin, writes=True))
    assert "Access-Control-Expose-Headers: ETag" in str(problem) and "task lists" in str(problem)


def test_too_many_requests_is_a_passing_server_problem_not_an_unexpected_answer():
    problem = caldav.problem_for_status(429, "https://cal.example.org/dav/alice/")
    assert type(problem) is ServerFailed and problem.status == 429
    assert "busy" in str(problem) and "try again" in str(problem)
