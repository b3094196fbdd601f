"""CalDAV's XML (caldav/dav_xml.py): the request bodies Daypane sends, and multistatus answers as
Radicale 3.9.0 sent them (tests/fixtures/caldav/README.md) or as other servers spell them."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.dav_xml import (
    CALDAV,
    DAV,
    DavXmlError,
    calendar_query_body,
    calendars_body,
    error_conditions,
    multiget_body,
    parse_multistatus,
    principal_body,
    sync_collection_body,
)
from tests.unit.core.providers.caldav.fake_server import AUTH, BASE, BERLIN, TOKEN0, TOKEN1, fixture


def tags(body: bytes) -> set[str]:
    return {element.tag for element in ET.fromstring(body).iter()}


# -- request bodies ---------------------------------------------------------------------------
def test_principal_body_asks_for_the_principal_and_whether_the_url_is_a_calendar():
    asked = tags(principal_body())
    assert {f"{{{DAV}}}current-user-principal", f"{{{DAV}}}resourcetype",
            f"{{{CALDAV}}}supported-calendar-component-set", f"{{{DAV}}}sync-token",
            "{http://calendarserver.org/ns/}getctag", "{http://apple.com/ns/ical/}calendar-color",
            f"{{{DAV}}}displayname"} <= asked


def test_calendars_body_is_a_propfind_of_name_colour_kind_and_tokens():
    root = ET.fromstring(calendars_body())
    assert root.tag == f"{{{DAV}}}propfind"
    assert {child.tag for child in root.find(f"{{{DAV}}}prop")} == {
        f"{{{DAV}}}resourcetype", f"{{{DAV}}}displayname", "{http://apple.com/ns/ical/}calendar-color",
        f"{{{CALDAV}}}supported-calendar-component-set", "{http://calendarserver.org/ns/}getctag",
        f"{{{DAV}}}sync-token", f"{{{DAV}}}current-user-privilege-set"}


def test_calendar_query_filters_vevents_by_a_utc_time_range():
    root = ET.fromstring(calendar_query_body(datetime(2026, 3, 2, tzinfo=BERLIN),
                                             datetime(2026, 3, 9, tzinfo=BERLIN)))
    outer = root.find(f"{{{CALDAV}}}filter/{{{CALDAV}}}comp-filter")
    inner = outer.find(f"{{{CALDAV}}}comp-filter")
    assert (outer.get("name"), inner.get("name")) == ("VCALENDAR", "VEVENT")
    time_range = inner.find(f"{{{CALDAV}}}time-range")
    assert (time_range.get("start"), time_range.get("end")) == ("20260301T230000Z", "20260308T230000Z")
    assert {f"{{{DAV}}}getetag", f"{{{CALDAV}}}calendar-data"} <= tags(ET.tostring(root))


def test_calendar_query_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        calendar_query_body(datetime(2026, 3, 2), datetime(2026, 3, 9))


@pytest.mark.parametrize("token", ["", TOKEN0, "http://x/sync?a=1&b=<2>"])
def test_sync_collection_carries_the_token_exactly(token):
    root = ET.fromstring(sync_collection_body(token))
    assert root.tag == f"{{{DAV}}}sync-collection"
    assert (root.findtext(f"{{{DAV}}}sync-token") or "") == token
    assert root.findtext(f"{{{DAV}}}sync-level") == "1"


def test_multiget_sends_paths_for_absolute_and_relative_hrefs():
    root = ET.fromstring(multiget_body([f"{BASE}/alice/work/a%20b.ics", "/alice/work/c&d.ics"]))
    assert root.tag == f"{{{CALDAV}}}calendar-multiget"
    assert [h.text for h in root.findall(f"{{{DAV}}}href")] == ["/alice/work/a%20b.ics",
                                                                "/alice/work/c&d.ics"]


def test_basic_auth_is_utf8_then_base64():
    assert AUTH == "Basic YWxpY2U6c2VjcmV0"
    encoded = caldav.basic_auth("jürgen", "pä:ss").removeprefix("Basic ")
    assert base64.b64decode(encoded).decode("utf-8") == "jürgen:pä:ss"


# -- multistatus ------------------------------------------------------------------------------
def test_calendar_listing_from_radicale_parses_into_plain_values():
    listing = parse_multistatus(fixture("calendars.xml"), f"{BASE}/alice/")
    home, tasks, work = listing.responses
    assert home.href == f"{BASE}/alice/" and not home.is_calendar
    assert "{DAV:}displayname" not in home.props  # a 404 propstat is "not set", not ""
    assert (tasks.is_calendar, tasks.components) == (True, frozenset({"VTODO"}))
    assert work.href == f"{BASE}/alice/work/"
    assert work.props["{DAV:}displayname"] == "Work"
    assert work.props["{http://apple.com/ns/ical/}calendar-color"] == "#FF2968FF"
    assert work.components == frozenset({"VEVENT"})
    assert work.props["{DAV:}sync-token"] == TOKEN0


def test_principal_and_home_hrefs_are_resolved_to_absolute_urls():
    assert parse_multistatus(fixture("principal.xml"), f"{BASE}/").responses[0].principal == \
        f"{BASE}/alice/"
    assert parse_multistatus(fixture("home-set.xml"), f"{BASE}/alice/").responses[0].homes == \
        (f"{BASE}/alice/",)


def test_deletions_in_sync_collection_are_404_entries_with_the_new_token():
    answer = parse_multistatus(fixture("sync-delta.xml"), f"{BASE}/alice/work/")
    assert answer.sync_token == TOKEN1
    gone, changed = answer.responses
    assert (gone.href, gone.status, gone.found) == (f"{BASE}/alice/work/standup.ics", 404, False)
    assert (changed.status, changed.etag) == (
        200, '"51390c8c23c894163f5bab8dead42041bf4ab8a8544a26904483ed82cd03ddae"')


ONE_ENTRY_VARIANTS = {
    "default namespace": '<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
                         "<response><href>{href}</href><propstat><prop><getetag>\"e1\"</getetag>"
                         "<C:calendar-data>BEGIN:VCALENDAR</C:calendar-data></prop>"
                         "<status>HTTP/1.1 200 OK</status></propstat></response></multistatus>",
    "lowercase prefixes": '<d:multistatus xmlns:d="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">'
                          "<d:response><d:href>{href}</d:href><d:propstat><d:prop>"
                          "<d:getetag>\"e1\"</d:getetag><cal:calendar-data>BEGIN:VCALENDAR"
                          "</cal:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status>"
                          "</d:propstat></d:response></d:multistatus>",
    "per-element declarations": '<x:multistatus xmlns:x="DAV:"><x:response><x:href>{href}</x:href>'
                                '<x:propstat><x:prop><x:getetag>"e1"</x:getetag>'
                                '<y:calendar-data xmlns:y="urn:ietf:params:xml:ns:caldav">'
                                "BEGIN:VCALENDAR</y:calendar-data></x:prop>"
                                "<x:status>HTTP/1.1 200 OK</x:status></x:propstat></x:response>"
                                "</x:multistatus>",
}


@pytest.mark.parametrize("variant", sorted(ONE_ENTRY_VARIANTS))
@pytest.mark.parametrize("href", ["/alice/work/e.ics", f"{BASE}/alice/work/e.ics", "e.ics"])
def test_parsing_ignores_prefixes_and_resolves_any_href_form(variant, href):
    body = ONE_ENTRY_VARIANTS[variant].format(href=href)
    (entry,) = parse_multistatus(body, f"{BASE}/alice/work/").responses
    assert (entry.href, entry.etag, entry.calendar_data) == (
        f"{BASE}/alice/work/e.ics", '"e1"', "BEGIN:VCALENDAR")


@pytest.mark.parametrize("body", [b"<html><body>Hello</body></html>", b"not xml at all",
                                  b'<error xmlns="DAV:"><valid-sync-token/></error>'])
def test_anything_but_a_multistatus_is_refused(body):
    with pytest.raises(DavXmlError):
        parse_multistatus(body, BASE)


def test_error_conditions_read_the_dav_error_body():
    assert error_conditions(fixture("sync-bogus.xml")) == {"valid-sync-token"}
    assert error_conditions(b"Access to the requested resource forbidden.") == frozenset()


# -- privileges (current-user-privilege-set, RFC 3744) ---------------------------------------
def _with_privileges(privileges: str) -> bytes:
    return ('<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response>'
            "<href>/alice/tasks/</href><propstat><prop><resourcetype><collection/><C:calendar/>"
            f"</resourcetype>{privileges}</prop><status>HTTP/1.1 200 OK</status></propstat>"
            "</response></multistatus>").encode()


RADICALE_OWNER = ("<current-user-privilege-set><privilege><read /></privilege><privilege>"
                  "<C:read-free-busy /></privilege><privilege><all /></privilege><privilege><write />"
                  "</privilege><privilege><write-properties /></privilege><privilege><write-content />"
                  "</privilege></current-user-privilege-set>")  # Radicale 3.9.0, the owner's list


def test_the_calendar_listing_asks_for_the_users_privileges():
    assert f"{{{DAV}}}current-user-privilege-set" in tags(calendars_body())
    assert f"{{{DAV}}}current-user-privilege-set" in tags(principal_body())


def test_privileges_parse_into_clark_names():
    (entry,) = parse_multistatus(_with_privileges(RADICALE_OWNER), f"{BASE}/alice/").responses
    assert entry.privileges == {f"{{{DAV}}}{name}" for name in
                                ("read", "all", "write", "write-properties", "write-content")} | {
        f"{{{CALDAV}}}read-free-busy"}
    assert entry.writable


@pytest.mark.parametrize("privileges, writable", [
    ("", True),                                                    # not sent: trusted
    ("<current-user-privilege-set/>", False),                      # sent, empty: nothing allowed
    ("<current-user-privilege-set><privilege><read/></privilege>"
     "<privilege><C:read-free-busy/></privilege></current-user-privilege-set>", False),
    ("<current-user-privilege-set><privilege><read/></privilege><privilege><write-properties/>"
     "</privilege></current-user-privilege-set>", False),          # renaming is not writing items
    ("<current-user-privilege-set><privilege><write-content/></privilege>"
     "</current-user-privilege-set>", True),
    ("<current-user-privilege-set><privilege><bind/></privilege></current-user-privilege-set>", True),
    ("<current-user-privilege-set><privilege><write/></privilege></current-user-privilege-set>", True),
    ("<current-user-privilege-set><privilege><all/></privilege></current-user-privilege-set>", True),
])
def test_a_collection_is_writable_with_a_writing_privilege_or_when_the_server_does_not_say(
        privileges, writable):
    (entry,) = parse_multistatus(_with_privileges(privileges), f"{BASE}/alice/").responses
    assert entry.writable is writable
    assert entry.privileges is (None if not privileges else entry.privileges)


def test_a_privilege_set_in_a_404_propstat_is_not_sent():
    body = ('<multistatus xmlns="DAV:"><response><href>/alice/tasks/</href><propstat><prop>'
            "<current-user-privilege-set/></prop><status>HTTP/1.1 404 Not Found</status></propstat>"
            "</response></multistatus>")
    (entry,) = parse_multistatus(body, f"{BASE}/alice/").responses
    assert entry.privileges is None and entry.writable


def test_privileges_in_another_prefix_or_namespace_spelling_parse_the_same():
    body = ('<d:multistatus xmlns:d="DAV:"><d:response><d:href>/alice/tasks/</d:href><d:propstat>'
            "<d:prop><d:current-user-privilege-set><d:privilege><d:read/></d:privilege>"
            '<d:privilege><x:write-content xmlns:x="DAV:"/></d:privilege>'
            "</d:current-user-privilege-set></d:prop><d:status>HTTP/1.1 200 OK</d:status>"
            "</d:propstat></d:response></d:multistatus>")
    (entry,) = parse_multistatus(body, f"{BASE}/alice/").responses
    assert entry.privileges == {f"{{{DAV}}}read", f"{{{DAV}}}write-content"} and entry.writable


def test_a_server_token_or_href_with_markup_characters_is_sent_escaped_and_reads_back_unchanged():
    token = 'http://example.com/sync/<1>&"a"'
    body = ET.fromstring(sync_collection_body(token))
    assert body.find(f"{{{DAV}}}sync-token").text == token
    hrefs = ET.fromstring(multiget_body(["https://dav.example.com/cal/a&b<c>.ics"])).findall(f"{{{DAV}}}href")
    assert [h.text for h in hrefs] == ["/cal/a&b<c>.ics"]
