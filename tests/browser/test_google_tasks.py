"""Google Tasks: asked for only from "Connect Google Tasks" (the tasks scope added to the Google
sign-in), its lists in region "Tasks", changes written back, and what Google Tasks cannot hold (a
time block) kept on this device and said so. Real app, faithful fakes (tests/support/fakes/google.py
with google_tasks.py)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_back
from tests.browser.tasks_support import add_task, until
from tests.browser.test_google import ACCOUNTS, APIS, CLIENT_ID, ada, connect, shown
from tests.support.fakes.google import FakeGoogle
from tests.support.fakes.google_tasks import FakeGoogleTasks

TASKS_HOST = "tasks.googleapis.com"


@pytest.fixture
def google(context, audit, site_url) -> FakeGoogle:
    tasks = FakeGoogleTasks("ada@example.com")
    errands = tasks.add_list("Errands")
    stamps = tasks.add_task(errands, title="Buy stamps", notes="At the post office", due="2026-03-05T00:00:00.000Z")
    tasks.add_task(errands, title="Return the library books", status="completed")
    tasks.add_task(errands, title="Ask for the 95 cent ones", parent=stamps["id"])
    fake = FakeGoogle(CLIENT_ID, [site_url + "redirect.html"], [ada()], page_size=3).with_tasks(tasks)
    fake.install(context)
    audit.allow_hosts(ACCOUNTS, APIS, TASKS_HOST)
    config = {"google": {"clientId": CLIENT_ID}}
    context.route(site_url + "config.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(config)))
    fake.errands = errands
    return fake


def tasks(page: Page):
    return page.get_by_role("region", name="Tasks")


def item(page: Page, title: str):
    return tasks(page).get_by_role("listitem").filter(has=page.get_by_role("checkbox", name=title, exact=True))


def test_google_tasks_is_asked_for_only_when_connected_and_goes_both_ways(open_app, google):
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Call with New York")).to_be_visible()
    assert "tasks" not in google.authorize_requests()[-1]["scope"]
    assert not google.tasks.requests, "no request to Google Tasks before the user connects it"

    wait_back(page, page.get_by_role("button", name="Connect Google Tasks").click)
    assert "https://www.googleapis.com/auth/tasks" in google.authorize_requests()[-1]["scope"].split()
    expect(tasks(page).get_by_role("checkbox", name="Buy stamps", exact=True)).to_be_visible(timeout=20_000)
    expect(item(page, "Buy stamps")).to_contain_text("Errands")
    expect(tasks(page).get_by_role("checkbox", name="Return the library books", exact=True)).to_be_checked()
    # A sub-task is listed right under its parent, indented.
    titles = tasks(page).locator("li.task .task-title").all_inner_texts()
    assert titles.index("Ask for the 95 cent ones") == titles.index("Buy stamps") + 1, titles
    expect(item(page, "Ask for the 95 cent ones")).to_have_class(re.compile(r"\bsubtask\b"))

    tasks(page).get_by_role("checkbox", name="Buy stamps", exact=True).check()
    add_task(page, "Water the garden #Errands 17:00 30m", "Water the garden")
    until(page, lambda: any(t.get("title") == "Water the garden" for t in google.tasks.tasks(google.errands)),
          "the new task reached Google Tasks")
    until(page, lambda: any(t.get("title") == "Buy stamps" and t.get("status") == "completed"
                            for t in google.tasks.tasks(google.errands)), "the completion reached Google Tasks")
    expect(tasks(page).get_by_text("Not synced yet")).to_have_count(0)
    # Google Tasks has no time of day: the block stays, on this device, and the task says so.
    expect(item(page, "Water the garden")).to_contain_text("Kept on this device only: ")
    expect(item(page, "Water the garden")).to_contain_text("time block")
    page.reload()
    expect(item(page, "Water the garden")).to_contain_text("17:00–17:30")
    expect(page.get_by_role("region", name="Calendar").get_by_role(
        "group", name=re.compile("^Time block: Water the garden"))).to_be_visible()


def test_a_lapsed_google_token_stops_the_task_sync_and_asks_once_with_one_click(open_app, google):
    page = open_app("#/week/2026-03-04")
    connect(page)
    wait_back(page, page.get_by_role("button", name="Connect Google Tasks").click)
    expect(tasks(page).get_by_role("checkbox", name="Buy stamps", exact=True)).to_be_visible(timeout=20_000)
    google.expire_tokens()
    add_task(page, "Fetch the parcel #Errands", "Fetch the parcel")
    again = page.get_by_role("button", name="Sign in to Google Tasks again")
    expect(again).to_be_visible(timeout=20_000)
    expect(item(page, "Fetch the parcel")).to_contain_text("Not synced yet")
    asked = len(google.tasks.requests)
    page.wait_for_timeout(1500)
    assert len(google.tasks.requests) == asked, "no retry loop while the token is refused"
    wait_back(page, again.click)
    until(page, lambda: any(t.get("title") == "Fetch the parcel" for t in google.tasks.tasks(google.errands)),
          "the change that waited reached Google Tasks after signing in again")
    expect(page.get_by_role("button", name="Sign in to Google Tasks again")).to_have_count(0)
