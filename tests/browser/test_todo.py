"""Microsoft To Do: the task permission asked only from "Connect Microsoft To Do", To Do's lists
(flagged e-mail included) in region "Tasks", changes written back, and an organisation that needs
an administrator for it. Real MSAL.js and the real app against the faithful fakes
(tests/support/fakes/microsoft.py, todo.py)."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import NOW, audited_context, wait_back, wait_ready

from tests.browser.test_outlook import CLIENT_ID, connect, microsoft, shown  # noqa: F401 (microsoft: a fixture)
from tests.browser.tasks_support import add_task, until
from tests.browser.test_pwa import STANDALONE
from tests.support.fakes.microsoft import FakeAccount

CONFIG = {"microsoft": {"clientId": CLIENT_ID, "authority": "https://login.microsoftonline.com/common"}}


def tasks(page: Page):
    return page.get_by_role("region", name="Tasks")


def seeded(microsoft) -> tuple[object, str, str]:
    """Ada's To Do: her default list with one task, and the flagged e-mail list with one message."""
    ada: FakeAccount = microsoft.accounts[0]
    todo = microsoft.graph.todo(ada)
    default = todo.add_list("Tasks", wellknown="defaultList")
    flagged = todo.add_list("Flagged email", wellknown="flaggedEmails")
    todo.add_task(default, title="Renew passport", importance="high")
    todo.add_task(flagged, title="RE: Budget 2027", linkedResources=[{
        "id": "lr-1", "webUrl": "https://outlook.office365.com/owa/?ItemID=AAMkAD%3D&exvsurl=1",
        "applicationName": "Outlook", "displayName": "RE: Budget 2027"}])
    return todo, default, flagged


def connect_todo(page: Page) -> None:
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Connect Microsoft To Do").click()
    popup.value.wait_for_event("close", timeout=30_000)


def test_to_do_is_asked_for_only_when_connected_and_its_tasks_go_both_ways(open_app, microsoft):
    todo, default, flagged = seeded(microsoft)
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Planning poker")).to_be_visible(timeout=20_000)
    asked = " ".join(request.get("scope", "") for request in microsoft.authorize_requests())
    assert "Tasks" not in asked, "signing in for the calendar asks for no task permission"
    assert not [r for r in microsoft.graph_requests() if "/todo/" in r.url]
    expect(tasks(page).get_by_role("checkbox", name="Renew passport", exact=True)).to_have_count(0)

    connect_todo(page)
    assert "Tasks.ReadWrite" in microsoft.authorize_requests()[-1]["scope"]
    # The first sync is several round trips (token, lists, a delta per list), like an account's
    # first calendar sync: the same allowance as test_outlook gives that.
    expect(tasks(page).get_by_role("checkbox", name="Renew passport", exact=True)).to_be_visible(timeout=20_000)
    expect(tasks(page).get_by_role("checkbox", name="RE: Budget 2027", exact=True)).to_be_visible()
    flagged_item = tasks(page).get_by_role("listitem").filter(
        has=page.get_by_role("checkbox", name="RE: Budget 2027", exact=True))
    expect(flagged_item.get_by_role("link", name="Open the e-mail")).to_have_attribute(
        "href", "https://outlook.office365.com/owa/?ItemID=AAMkAD%3D&exvsurl=1")

    tasks(page).get_by_role("checkbox", name="RE: Budget 2027", exact=True).check()
    add_task(page, "Call the bank #Tasks", "Call the bank")
    until(page, lambda: any(t["title"] == "Call the bank" for t in todo.tasks(default)), "the new task reached To Do")
    until(page, lambda: todo.tasks(flagged)[0]["status"] == "completed", "the flagged e-mail was completed in To Do")
    expect(tasks(page).get_by_text("Not synced yet")).to_have_count(0)
    expect(shown(page, "Planning poker")).to_be_visible()  # the calendar, untouched


def test_an_organisation_that_needs_an_administrator_for_to_do_gets_the_admin_link(open_app, microsoft):
    seeded(microsoft)
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Planning poker")).to_be_visible()
    microsoft.fail_authorize("access_denied", "AADSTS90094: Admin consent is required for the permissions "
                             "requested by this application.")
    connect_todo(page)
    alert = page.get_by_role("alert").filter(has_text="Microsoft To Do was not connected")
    expect(alert).to_contain_text("administrator")
    link = alert.get_by_role("link", name="Admin consent link")
    expect(link).to_have_attribute("href", re.compile("Tasks.ReadWrite"))
    expect(shown(page, "Planning poker")).to_be_visible()  # the calendar keeps working
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Last synced")


def test_an_installed_app_connects_to_do_by_redirect_and_is_connected_when_it_comes_back(
        open_app, microsoft, context):
    # The answer of a redirect arrives in a new page load: what it was for must come back with it
    # (MSAL's state), not from this tab's memory of what it last asked.
    seeded(microsoft)
    context.add_init_script(STANDALONE)
    page = open_app("#/week/2026-03-04")
    wait_back(page, page.get_by_role("button", name="Connect Outlook").click)
    expect(shown(page, "Planning poker")).to_be_visible(timeout=20_000)
    wait_back(page, page.get_by_role("button", name="Connect Microsoft To Do").click)
    assert "Tasks.ReadWrite" in microsoft.authorize_requests()[-1]["scope"]
    expect(tasks(page).get_by_role("checkbox", name="Renew passport", exact=True)).to_be_visible(timeout=20_000)
    assert len(context.pages) == 1, "an installed app opens no sign-in window"


def test_a_block_planned_on_one_device_shows_on_another_and_an_offline_change_waits(
        open_app, microsoft, context, browser, audit, site_url):
    todo, default, _ = seeded(microsoft)
    page = open_app("#/day/2026-03-04")
    connect(page)
    connect_todo(page)
    expect(tasks(page).get_by_role("checkbox", name="Renew passport", exact=True)).to_be_visible(timeout=20_000)
    add_task(page, "Draft the agenda #Tasks 16:00 45m", "Draft the agenda")
    def planned() -> bool:
        found = [t for t in todo.tasks(default) if t["title"] == "Draft the agenda"]
        plan = found and todo.extension(default, found[0]["id"], "app.daypane.plan")
        return bool(plan) and plan.get("start") == "16:00"
    until(page, planned, "the task and its plan reached To Do")

    # Offline: the completion is kept, said so, survives a reload, and arrives once Graph answers.
    context.route("https://graph.microsoft.com/**", lambda route: route.abort("internetdisconnected"))
    tasks(page).get_by_role("checkbox", name="Renew passport", exact=True).check()
    renew = tasks(page).get_by_role("listitem").filter(has=page.get_by_role("checkbox", name="Renew passport"))
    expect(renew).to_contain_text("Not synced yet")
    page.reload()
    expect(renew).to_contain_text("Not synced yet")
    context.unroute("https://graph.microsoft.com/**")
    microsoft.install(context)
    page.reload()
    until(page, lambda: any(t["title"] == "Renew passport" and t["status"] == "completed" for t in todo.tasks(default)),
          "the offline completion reached To Do")

    # Another profile (another device), the same account: the block is on its calendar too.
    other = audited_context(browser, audit)
    microsoft.install(other)
    other.route(site_url + "config.json", lambda route: route.fulfill(status=200, content_type="application/json",
                                                                      body=json.dumps(CONFIG)))
    try:
        phone = other.new_page()
        phone.clock.set_fixed_time(NOW)
        phone.goto(site_url + "#/day/2026-03-04")
        wait_ready(phone)
        connect(phone)
        phone.get_by_role("button", name="Connect Microsoft To Do").click()  # consented already: no window
        expect(phone.get_by_role("region", name="Calendar").get_by_role(
            "group", name=re.compile("^Time block: Draft the agenda"))).to_contain_text("16:00–16:45", timeout=20_000)
        expect(tasks(phone).get_by_role("checkbox", name="Renew passport", exact=True)).to_be_checked()
    finally:
        other.close()
