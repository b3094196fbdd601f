"""Outlook: real MSAL.js in real Chromium against a faithful fake of Microsoft's cloud.

Only login.microsoftonline.com and graph.microsoft.com are faked (tests/browser/fakes); the app,
MSAL.js, Pyodide and the browser are the real ones. Fixed clock: Wednesday 4 March 2026 10:30,
Europe/Berlin.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, wait_back, wait_ready
from tests.support.fakes.microsoft import FakeAccount, FakeMicrosoft

CLIENT_ID = "0b8f3c9e-5d1a-4c2b-9a7e-6f4d3e2c1b0a"
LOGIN, GRAPH = "login.microsoftonline.com", "graph.microsoft.com"
# The shared Graph fixtures: an all-day offsite, an online meeting, a cancelled occurrence and a
# tentative lunch, in the week of 2 March 2026.
SHARED = [event for page in ("calendarView-page1.json", "calendarView-page2.json")
          for event in json.loads((ROOT / "tests" / "fixtures" / "graph" / page).read_text())["value"]]


def event(subject: str, start: str, end: str, **extra) -> dict:
    return {"id": f"ev-{subject}-{start}", "subject": subject, "isAllDay": False, "isCancelled": False,
            "showAs": "busy", "type": "singleInstance",
            "start": {"dateTime": start, "timeZone": "Europe/Berlin"},
            "end": {"dateTime": end, "timeZone": "Europe/Berlin"},
            "location": {"displayName": ""}, "onlineMeeting": None,
            "webLink": "https://outlook.office365.com/owa/?itemid=x", **extra}


def calendar(id: str, name: str, default: bool = False, color: str = "#0078d4") -> dict:
    return {"id": id, "name": name, "color": "auto", "hexColor": color, "isDefaultCalendar": default,
            "canEdit": True, "owner": {"name": "", "address": ""}}


def work_account() -> FakeAccount:
    return FakeAccount(
        oid="8f2c1e4a-0000-4000-8000-000000000001", tid="72f988bf-86f1-41af-91ab-2d7cd011db47",
        username="ada@contoso.com", name="Ada Lovelace",
        calendars=[calendar("cal-main", "Calendar", True, "#a4262c"), calendar("cal-team", "Team", False, "#038387")],
        events={"cal-main": SHARED + [event("Planning poker", "2026-03-06T14:00:00", "2026-03-06T15:00:00"),
                                      event("Quarterly review", "2026-04-15T11:00:00", "2026-04-15T12:00:00")],
                "cal-team": [event("Team retro", "2026-03-04T15:00:00", "2026-03-04T16:00:00")]})


def home_account() -> FakeAccount:
    return FakeAccount(
        oid="00000000-0000-0000-1111-222222222222", tid="9188040d-6c67-4c5b-b112-36a304b66dad",
        username="ada@outlook.com", name="Ada (personal)",
        calendars=[calendar("home-main", "Calendar", True)],
        events={"home-main": [event("Piano lesson", "2026-03-04T18:00:00", "2026-03-04T19:00:00")]})


@pytest.fixture
def microsoft(context, audit, site_url) -> FakeMicrosoft:
    fake = FakeMicrosoft(CLIENT_ID, [work_account(), home_account()], page_size=2)
    fake.install(context)
    audit.allow_hosts(LOGIN, GRAPH)
    config = {"microsoft": {"clientId": CLIENT_ID,
                            "authority": "https://login.microsoftonline.com/common"}}
    context.route(site_url + "config.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(config)))
    return fake


def connect(page: Page) -> None:
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Connect Outlook").click()
    popup.value.wait_for_event("close", timeout=30_000)


def shown(page: Page, name: str):
    return page.get_by_role("region", name="Calendar").get_by_role("button", name=re.compile("^" + re.escape(name)))


def test_not_configured_explains_and_links_to_settings(open_app):
    page = open_app()
    page.get_by_role("button", name="Connect Outlook").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("no Microsoft app registration")
    expect(alert.get_by_role("link", name="Open Settings")).to_have_attribute("href", "#/settings")


def test_popup_sign_in_shows_outlook_events_as_outlook_does(open_app, microsoft):
    page = open_app("#/week/2026-03-04")
    connect(page)
    accounts = page.get_by_role("list", name="Connected accounts")
    expect(accounts).to_contain_text("Ada Lovelace")
    expect(accounts).to_contain_text("Last synced 10:30")
    expect(page.get_by_role("checkbox", name="Show sample calendar")).not_to_be_checked()
    # All-day, out of office, over two days (exclusive end): Monday and Tuesday only.
    expect(page.locator(".allday-cell").nth(0)).to_contain_text("Team offsite")
    expect(page.locator(".allday-cell").nth(1)).to_contain_text("Team offsite")
    expect(page.locator(".allday-cell").nth(2)).not_to_contain_text("Team offsite")
    expect(shown(page, "Team offsite")).to_have_count(2)
    expect(shown(page, "Team offsite").first).to_have_accessible_name(re.compile("out of office"))
    expect(shown(page, "Design review, 10:00–11:00, Microsoft Teams Meeting")).to_be_visible()
    # Each calendar keeps its Outlook colour (hexColor #a4262c).
    expect(shown(page, "Design review")).to_have_css("border-left-color", "rgb(164, 38, 44)")
    expect(shown(page, "Cancelled: Standup, 09:15–09:30")).to_be_visible()
    expect(shown(page, "Lunch with Sam?, 12:30–13:30, Canteen")).to_have_accessible_name(re.compile("tentative"))
    # Only the default calendar is shown until the user picks more.
    expect(shown(page, "Team retro")).to_have_count(0)
    shown(page, "Design review").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("link", name="Join online meeting")).to_have_attribute(
        "href", re.compile(r"^https://teams\.microsoft\.com/"))
    expect(dialog.get_by_role("link", name="Open in Outlook")).to_have_attribute(
        "href", re.compile(r"^https://outlook\.office365\.com/"))


def test_read_only_scopes_pkce_and_tokens_only_to_graph(open_app, microsoft, audit):
    page = open_app()
    connect(page)
    # The name comes from the id_token, before any Graph call: wait for the sync itself.
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Last synced")
    expect(shown(page, "Cancelled: Standup")).to_have_count(0)  # Tuesday's; today is Wednesday
    for request in microsoft.authorize_requests():
        scopes = set(request["scope"].split())
        assert scopes <= {"Calendars.Read", "User.Read", "openid", "profile", "offline_access"}, scopes
        assert request["code_challenge_method"] == "S256"
    for request in microsoft.token_requests():
        assert not {s for s in request.get("scope", "").split() if "Write" in s}
    bearer = [entry for entry in microsoft.log if "authorization" in {k.lower() for k in entry.headers}]
    assert bearer and all(urlsplit(entry.url).netloc == GRAPH for entry in bearer)
    assert {urlsplit(url).netloc for url in audit.urls} <= audit.allowed


def test_calendars_are_fetched_in_one_batch_with_paging(open_app, microsoft):
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Lunch with Sam?")).to_be_visible()
    page.get_by_role("checkbox", name="Team").check()
    expect(shown(page, "Team retro")).to_be_visible()
    batches = [entry for entry in microsoft.graph_requests() if entry.url.endswith("/$batch")]
    assert batches, "calendarView requests go through $batch"
    # Page size 2 and 5 events in the shown weeks of the main calendar: three pages, the second
    # and third by @odata.nextLink, each fetched in a later $batch round.
    main_pages = [sub for entry in batches for sub in entry.sub_requests if "/cal-main/" in sub["url"]]
    assert len(main_pages) >= 3 and sum("skiptoken" in sub["url"].lower() for sub in main_pages) >= 2
    expect(shown(page, "Planning poker, 14:00–15:00")).to_be_visible()
    # Both calendars travelled in the same $batch (one POST, two calendarViews).
    assert any(len([s for s in entry.sub_requests if "skiptoken" not in s["url"].lower()]) >= 2
               for entry in batches)
    assert all("$select=" in sub["url"] for entry in batches for sub in entry.sub_requests
               if "calendarView" in sub["url"] and "skiptoken" not in sub["url"].lower())
    assert all('outlook.timezone="Europe/Berlin"' in sub["headers"].get("Prefer", "")
               for entry in batches for sub in entry.sub_requests if "calendarView" in sub["url"])
    # The pick is remembered.
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("checkbox", name="Team")).to_be_checked()
    expect(shown(page, "Team retro")).to_be_visible()


def test_throttling_waits_for_retry_after(open_app, microsoft):
    microsoft.throttle_graph("calendarView", retry_after=2, times=1)
    page = open_app()
    connect(page)
    expect(shown(page, "Design review")).to_have_count(0)  # Monday's; still loads the week
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Last synced")
    views = [entry for entry in microsoft.graph_requests() if entry.url.endswith("/$batch")]
    throttled = next(i for i, entry in enumerate(views) if entry.throttled)
    gap = views[throttled + 1].time - views[throttled].time
    # Times are taken when the test process handles each request: allow a few ms of jitter.
    assert gap >= 1.95, f"retried after {gap:.3f} s, Retry-After was 2 s"


def test_expired_access_token_is_renewed_silently_once(open_app, microsoft):
    page = open_app()
    connect(page)
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Last synced")
    microsoft.expire_access_tokens()
    page.goto(page.url.split("#")[0] + "#/day/2026-04-15")  # a week not in the cache
    expect(shown(page, "Quarterly review, 11:00–12:00")).to_be_visible()
    grants = [t.get("grant_type") for t in microsoft.token_requests()]
    assert grants == ["authorization_code", "refresh_token"], grants
    unauthorised = [e for e in microsoft.graph_requests() if e.status == 401]
    assert len(unauthorised) == 1  # one 401, one silent renewal, one retry
    expect(page.get_by_role("alert")).to_have_count(0)


def test_two_accounts_and_sign_out_removes_tokens_and_cached_events(open_app, microsoft):
    page = open_app()
    connect(page)
    expect(shown(page, "Lunch with Sam?")).to_have_count(0)  # Thursday's
    microsoft.signed_in_as = "ada@outlook.com"
    connect(page)
    accounts = page.get_by_role("list", name="Connected accounts")
    expect(accounts).to_contain_text("Ada (personal)")
    expect(shown(page, "Piano lesson, 18:00–19:00")).to_be_visible()
    page.get_by_role("button", name="Sign out Ada (personal)").click()
    expect(shown(page, "Piano lesson")).to_have_count(0)
    expect(accounts).not_to_contain_text("Ada (personal)")
    page.reload()
    wait_ready(page)
    expect(accounts).to_contain_text("Ada Lovelace")
    expect(accounts).not_to_contain_text("Ada (personal)")
    expect(shown(page, "Piano lesson")).to_have_count(0)


def test_microsoft_unreachable_keeps_the_last_synced_events(open_app, microsoft, context):
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Lunch with Sam?")).to_be_visible()
    context.route(f"https://{GRAPH}/**", lambda route: route.abort("internetdisconnected"))
    page.reload()
    wait_ready(page)
    expect(shown(page, "Lunch with Sam?")).to_be_visible()  # from IndexedDB, at once
    microsoft_view = page.get_by_role("list", name="Connected accounts")
    expect(microsoft_view).to_contain_text("Ada Lovelace")


def test_blocked_popup_falls_back_to_redirect_and_returns_to_the_app(open_app, microsoft):
    page = open_app("#/week/2026-03-04")
    # What a popup blocker does to the page: window.open answers null. (A click from Playwright's
    # evaluate is not blocked by Chromium: it runs with a user gesture, so this test once passed
    # by signing in through a popup without ever taking the redirect it is named for.)
    page.evaluate("window.open = () => null")
    wait_back(page, page.get_by_role("button", name="Connect Outlook").click)
    expect(page).to_have_url(re.compile(r"/#/week/2026-03-04$"))
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Ada Lovelace", timeout=20_000)
    expect(shown(page, "Lunch with Sam?")).to_be_visible()


def test_no_accessibility_violations_with_an_account_connected(open_app, microsoft):
    from tests.browser.test_accessibility import violations
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Last synced")
    expect(shown(page, "Lunch with Sam?")).to_be_visible()
    assert violations(page) == []
