"""Google Calendar: the token flow for browser apps and Calendar API v3, against a faithful fake of
Google's endpoints (tests/browser/fakes/google.py). No Google script is loaded; the app, Pyodide
and the browser are the real ones. Fixed clock: Wednesday 4 March 2026 10:30, Europe/Berlin.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, wait_back, wait_ready
from tests.support.fakes.google import FakeGoogle, FakeGoogleAccount

CLIENT_ID = "1234567890-daypane.apps.googleusercontent.com"
ACCOUNTS, APIS = "accounts.google.com", "www.googleapis.com"
EVENTS = json.loads((ROOT / "tests" / "fixtures" / "google" / "events-primary.json").read_text())["items"]


def ada() -> FakeGoogleAccount:
    return FakeGoogleAccount(
        email="ada@example.com",
        calendars=[
            {"kind": "calendar#calendarListEntry", "id": "ada@example.com", "summary": "ada@example.com",
             "timeZone": "Europe/Berlin", "backgroundColor": "#9fe1e7", "foregroundColor": "#000000",
             "selected": True, "accessRole": "owner", "primary": True},
            {"kind": "calendar#calendarListEntry", "id": "team@group.calendar.google.com", "summary": "Team",
             "timeZone": "Europe/Berlin", "backgroundColor": "#f691b2", "foregroundColor": "#000000",
             "accessRole": "reader"},
        ],
        events={"ada@example.com": EVENTS, "team@group.calendar.google.com": [
            {"kind": "calendar#event", "id": "team1", "status": "confirmed", "summary": "Team offsite planning",
             "start": {"dateTime": "2026-03-05T11:00:00+01:00"}, "end": {"dateTime": "2026-03-05T12:00:00+01:00"},
             "htmlLink": "https://www.google.com/calendar/event?eid=team1"}]})


@pytest.fixture
def google(context, audit, site_url) -> FakeGoogle:
    fake = FakeGoogle(CLIENT_ID, [site_url + "redirect.html"], [ada()], page_size=3)
    fake.install(context)
    audit.allow_hosts(ACCOUNTS, APIS)
    config = {"google": {"clientId": CLIENT_ID}}
    context.route(site_url + "config.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(config)))
    return fake


def connect(page: Page, fragment: str = "#/week/2026-03-04") -> None:
    wait_back(page, page.get_by_role("button", name="Connect Google Calendar").click)
    expect(page).to_have_url(re.compile(re.escape(fragment) + "$"))


def shown(page: Page, name: str):
    return page.get_by_role("region", name="Calendar").get_by_role("button", name=re.compile("^" + re.escape(name)))


def test_connect_shows_google_events_as_google_does(open_app, google):
    page = open_app("#/week/2026-03-04")
    connect(page)
    accounts = page.get_by_role("list", name="Connected accounts")
    expect(accounts).to_contain_text("ada@example.com")
    expect(accounts).to_contain_text("Last synced 10:30")
    # A zone of its own (New York) shown in the viewer's zone; a UTC time; an all-day event.
    expect(shown(page, "Call with New York, 17:30")).to_be_visible()
    expect(shown(page, "Focus time, 14:00")).to_be_visible()
    expect(page.locator(".allday-cell").nth(0).get_by_role("button", name=re.compile("^Conference trip"))).to_be_visible()
    # Only the calendars ticked in Google are shown at first; "Team" can be picked.
    expect(shown(page, "Team offsite planning")).to_have_count(0)
    page.get_by_role("checkbox", name="Team").check()
    expect(shown(page, "Team offsite planning")).to_be_visible()
    # An event's link names where it leads: Google Calendar, not Outlook.
    shown(page, "Call with New York").click()
    dialog = page.get_by_role("dialog", name="Call with New York")
    expect(dialog.get_by_role("link", name="Open in Google Calendar")).to_have_attribute(
        "href", "https://www.google.com/calendar/event?eid=MGsxajJoM2c0ZjVkNnM3YThw")
    expect(dialog.get_by_role("link", name=re.compile("Outlook"))).to_have_count(0)
    dialog.get_by_role("button", name="Close").click()
    # The token never lands in the app's URL or history.
    assert "access_token" not in page.url
    assert page.evaluate("history.length") <= 4


def test_token_flow_is_read_only_with_state_and_no_google_script(open_app, google, audit):
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Call with New York")).to_be_visible()
    [authorize] = google.authorize_requests()
    assert authorize["response_type"] == "token"
    assert authorize["scope"] == "https://www.googleapis.com/auth/calendar.readonly"
    assert authorize["redirect_uri"] == page.url.split("#")[0] + "redirect.html"
    assert authorize["state"].startswith("google-") and len(authorize["state"]) > 30
    api = google.api_requests()
    assert api and all(entry.headers.get("authorization", "").startswith("Bearer ") for entry in api)
    events = [parse_qs(urlsplit(e.url).query) for e in api if "/events" in e.url]
    assert all(q["singleEvents"] == ["true"] and "timeMin" in q and "timeMax" in q for q in events)
    # Nothing from Google ran in our page: only the navigation went to accounts.google.com.
    google_scripts = [u for u in audit.urls if urlsplit(u).netloc == ACCOUNTS and not u.startswith(
        "https://accounts.google.com/o/oauth2/v2/auth")]
    assert not google_scripts


def test_expired_token_asks_again_with_one_click(open_app, google):
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Call with New York")).to_be_visible()
    google.expire_tokens()
    page.evaluate("location.hash = '#/week/2026-05-06'")  # an uncached week: a sync, a 401
    again = page.get_by_role("button", name="Sign in again for ada@example.com")
    expect(again).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("expired")
    requests_after_401 = len(google.api_requests())
    page.wait_for_timeout(1500)
    assert len(google.api_requests()) == requests_after_401, "no retry loop after a 401"
    wait_back(page, again.click)
    expect(page).to_have_url(re.compile(r"#/week/2026-05-06$"))
    assert google.authorize_requests()[-1]["login_hint"] == "ada@example.com"
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Last synced 10:30")
    expect(page.get_by_role("button", name="Sign in again for ada@example.com")).to_have_count(0)


def test_refused_consent_is_explained(open_app, google):
    google.deny()
    page = open_app("#/week/2026-03-04")
    connect(page)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Google Calendar was not connected")
    expect(alert).to_contain_text("administrator blocks this app")
    expect(page.get_by_role("list", name="Connected accounts")).not_to_contain_text("ada@example.com")


def test_sign_out_deletes_the_cached_events(open_app, google):
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Call with New York")).to_be_visible()
    page.get_by_role("button", name="Sign out ada@example.com").click()
    expect(shown(page, "Call with New York")).to_have_count(0)
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("list", name="Connected accounts")).not_to_contain_text("ada@example.com")
    expect(shown(page, "Call with New York")).to_have_count(0)


def test_not_configured_explains(open_app):
    page = open_app()
    page.get_by_role("button", name="Connect Google Calendar").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Google Calendar is not set up")
    expect(alert).to_contain_text("config.json")
