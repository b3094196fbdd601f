"""CalDAV from the browser against a real Radicale (tests/servers/radicale_server.py), started
with the CORS headers a page needs; a second one without them, to be diagnosed as such.
Fixed clock: Wednesday 4 March 2026 10:30, Europe/Berlin.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NOW, origin_of, wait_ready
from tests.support.servers.caldav_data import daily_series, single
from tests.support.servers.radicale_server import PASSWORD, USER, Radicale, free_port


@pytest.fixture
def radicale(site_url, audit):
    """A fresh Radicale per test (starting one takes ~0.5 s): tests change its data."""
    with Radicale(cors_origin=origin_of(site_url)) as server:
        server.make_calendar("work", "Work", "#FF2968FF")
        server.make_calendar("home", "Home & Family", "#1BADF8FF")
        server.make_calendar("todo", "Tasks", "#00AA00FF", ("VTODO",))
        server.put("/alice/work/standup.ics", daily_series("Daily sync"))
        server.put("/alice/work/review.ics",
                   single("review@daypane.test", "Architecture review", "20260306T130000Z", "20260306T140000Z"))
        server.put("/alice/home/piano.ics",
                   single("piano@daypane.test", "Piano lesson", "20260304T170000Z", "20260304T180000Z"))
        audit.allow_hosts(urlsplit(server.url).netloc)
        yield server


def add_account(page: Page, url: str, password: str = PASSWORD, remember: bool = False) -> None:
    page.get_by_role("button", name="Add CalDAV account").click()
    dialog = page.get_by_role("dialog", name="Add CalDAV account")
    dialog.get_by_role("textbox", name="Server URL").fill(url)
    dialog.get_by_role("textbox", name="User name").fill(USER)
    dialog.get_by_label("Password").fill(password)
    if remember:
        dialog.get_by_role("checkbox", name="Remember on this device").check()
    dialog.get_by_role("button", name="Connect").click()


def shown(page: Page, name: str):
    return page.get_by_role("region", name="Calendar").get_by_role("button", name=re.compile("^" + re.escape(name)))


def dav_requests(context, server) -> list[tuple[str, str, str]]:
    """Every PROPFIND/REPORT the page sends to server, recorded on its way (route, then continue):
    unlike request events, a route sees each request before it is answered."""
    found: list[tuple[str, str, str]] = []

    def record(route) -> None:
        request = route.request
        if request.method in ("PROPFIND", "REPORT"):
            found.append((request.method, request.url, request.post_data or ""))
        route.continue_()

    context.route(server.url + "/**", record)
    return found


def test_discovery_shows_both_calendars_and_expands_the_recurring_event(open_app, radicale):
    page = open_app("#/week/2026-03-04")
    add_account(page, radicale.url + "/")
    expect(page.get_by_role("dialog", name="Add CalDAV account")).to_be_hidden()
    accounts = page.get_by_role("list", name="Connected accounts")
    expect(accounts).to_contain_text(f"{USER} on 127.0.0.1")
    expect(page.get_by_role("checkbox", name="Work")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Home & Family")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Tasks")).to_have_count(0)  # a to-do list, not events
    # Daily Mon-Fri, except Wednesday (EXDATE); Thursday's moved to 11:00 (RECURRENCE-ID).
    expect(shown(page, "Daily sync, 09:30")).to_have_count(3)
    expect(shown(page, "Daily sync (moved), 11:00")).to_be_visible()
    expect(shown(page, "Piano lesson, 18:00")).to_be_visible()
    expect(shown(page, "Architecture review, 14:00")).to_be_visible()
    expect(accounts).to_contain_text("Last synced 10:30")


def test_refresh_asks_only_for_changes_and_shows_them(open_app, radicale, context):
    log = dav_requests(context, radicale)
    page = open_app("#/week/2026-03-04")
    add_account(page, radicale.url + "/")
    expect(shown(page, "Architecture review")).to_be_visible()
    radicale.put("/alice/work/new.ics", single("new@daypane.test", "Budget call", "20260305T080000Z", "20260305T083000Z"))
    radicale.delete("/alice/work/review.ics")
    before = len(log)
    page.get_by_role("button", name="Refresh calendars").click()
    expect(shown(page, "Budget call, 09:00")).to_be_visible()
    expect(shown(page, "Architecture review")).to_have_count(0)
    refresh = [entry for entry in log[before:] if "/alice/todo/" not in entry[1]]  # the calendars' requests
    syncs = [body for method, _, body in refresh if "sync-collection" in body]
    assert syncs and all(re.search(r"<D:sync-token>[^<]+</D:sync-token>", body) for body in syncs), refresh
    assert not [body for _, _, body in refresh if "calendar-query" in body], "a full query on refresh"
    # Only the new event's data was fetched again (multiget of one href).
    multigets = [body for _, _, body in refresh if "calendar-multiget" in body]
    assert len(multigets) == 1 and multigets[0].count("<D:href>") == 1


def test_the_password_field_is_found_by_its_label_and_has_no_role_of_its_own(open_app):
    page = open_app()
    page.get_by_role("button", name="Add CalDAV account").click()
    password = page.get_by_role("dialog", name="Add CalDAV account").get_by_label("Password")
    expect(password).to_have_attribute("type", "password")
    expect(password).to_have_attribute("autocomplete", "current-password")
    # ARIA in HTML: an <input type=password> has no role, and none may be given to it.
    assert password.get_attribute("role") is None


def test_a_wrong_password_is_said_plainly(open_app, radicale):
    page = open_app()
    add_account(page, radicale.url + "/", password="not-the-password")
    problem = page.get_by_role("dialog", name="Add CalDAV account").get_by_role("alert")
    expect(problem).to_contain_text("did not accept the user name or password")
    expect(page.get_by_role("list", name="Connected accounts")).not_to_contain_text(USER)


def test_a_server_without_cors_is_diagnosed_with_the_headers_to_add(open_app, audit, site_url):
    with Radicale() as closed:  # no [headers]: browsers may not read its answers
        audit.allow_hosts(urlsplit(closed.url).netloc)
        page = open_app()
        add_account(page, closed.url + "/")
        problem = page.get_by_role("dialog", name="Add CalDAV account").get_by_role("alert")
        expect(problem).to_contain_text("is up but does not allow web pages")
        expect(problem).to_contain_text(f"Access-Control-Allow-Origin: {origin_of(site_url)}")
        expect(problem).to_contain_text("Depth")


def test_an_unreachable_server_is_told_apart(open_app, audit):
    port = free_port()  # nothing listens there
    audit.allow_hosts(f"127.0.0.1:{port}")
    page = open_app()
    add_account(page, f"http://127.0.0.1:{port}/")
    problem = page.get_by_role("dialog", name="Add CalDAV account").get_by_role("alert")
    expect(problem).to_contain_text("got no answer")


def test_password_kept_for_the_session_unless_remembered_and_remove_deletes(open_app, radicale, context):
    page = open_app("#/week/2026-03-04")
    add_account(page, radicale.url + "/")
    expect(shown(page, "Piano lesson")).to_be_visible()
    # A new tab (another session): the events are there, but the password must be entered again.
    other = context.new_page()
    other.clock.set_fixed_time(NOW)
    other.goto(page.url)
    wait_ready(other)
    expect(shown(other, "Piano lesson")).to_be_visible()
    other.get_by_role("button", name=re.compile("^Enter password for")).click()
    dialog = other.get_by_role("dialog", name="Add CalDAV account")
    expect(dialog.get_by_role("textbox", name="Server URL")).to_have_value(radicale.url + "/")
    expect(dialog.get_by_role("textbox", name="User name")).to_have_value(USER)
    log = dav_requests(context, radicale)
    dialog.get_by_label("Password").fill(PASSWORD)
    dialog.get_by_role("button", name="Connect").click()
    expect(other.get_by_role("button", name=re.compile("^Enter password for"))).to_have_count(0)
    expect(other.get_by_role("list", name="Connected accounts")).to_contain_text("Last synced 10:30")
    # What was synced is kept: the refresh after the password is a sync with the stored token.
    for _ in range(50):
        if len([body for _, _, body in log if "sync-collection" in body]) >= 2:  # both calendars
            break
        other.wait_for_timeout(100)  # lets the route handlers run
    syncs = [body for _, _, body in log if "sync-collection" in body]
    assert syncs and all(re.search(r"<D:sync-token>[^<]+</D:sync-token>", body) for body in syncs), log
    other.close()
    page.get_by_role("button", name=re.compile(f"^Remove {USER} on")).click()
    expect(shown(page, "Piano lesson")).to_have_count(0)
    expect(page.get_by_role("list", name="Connected accounts")).not_to_contain_text(USER)
