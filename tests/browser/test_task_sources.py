"""CalDAV task lists in the page, against a real Radicale that lets browsers write to-dos: two
browser profiles on one account, changes made with the server unreachable, and a conflict.
Fixed clock: Wednesday 4 March 2026 10:30, Europe/Berlin.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NOW, audited_context, origin_of, wait_ready
from tests.browser.tasks_support import add_task
from tests.browser.test_caldav import add_account
from tests.support.servers.radicale_server import Radicale

PLANTS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
          "BEGIN:VTODO\r\nUID:plants@test\r\nDTSTAMP:20260301T080000Z\r\nSUMMARY:{title}\r\n"
          "X-MOZ-GENERATION:{generation}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")


@pytest.fixture
def radicale(site_url, audit):
    with Radicale(cors_origin=origin_of(site_url), writes=True) as server:
        server.make_task_list("chores", "#16A34AFF", displayname="Home errands")
        server.put_todo("/alice/chores/", "plants@test", PLANTS.format(title="Water plants", generation=1))
        audit.allow_hosts(urlsplit(server.url).netloc)
        yield server


def tasks(page: Page):
    return page.get_by_role("region", name="Tasks")


def item(page: Page, title: str):
    return tasks(page).get_by_role("listitem").filter(has=page.get_by_role("checkbox", name=title, exact=True))


def on_server(page: Page, radicale: Radicale, holds) -> None:
    """Wait (up to 15 s) until the to-dos stored on the server satisfy `holds(texts)`."""
    for _ in range(150):
        listing = radicale.request("PROPFIND", "/alice/chores/", headers={"Depth": "1"})[2].decode()
        hrefs = re.findall(r"<href>([^<]+\.ics)</href>", listing)
        texts = [radicale.request("GET", href)[2].decode() for href in hrefs]
        if holds(texts):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the server holds {texts}")


def connect(page: Page, radicale: Radicale) -> None:
    add_account(page, radicale.url + "/", remember=True)
    expect(tasks(page).get_by_role("checkbox", name="Water plants", exact=True)).to_be_visible()


def test_two_browser_profiles_share_the_task_list(open_app, radicale, browser, audit, site_url):
    page = open_app("#/day/2026-03-04")
    connect(page, radicale)
    expect(item(page, "Water plants")).to_contain_text("Home errands")
    add_task(page, "Buy bulbs #Home errands 15:00 45m", "Buy bulbs")
    expect(item(page, "Buy bulbs")).to_contain_text("Home errands")
    tasks(page).get_by_role("checkbox", name="Water plants", exact=True).check()
    on_server(page, radicale, lambda texts: any("STATUS:COMPLETED" in t for t in texts)
              and any("SUMMARY:Buy bulbs" in t for t in texts))
    expect(tasks(page).get_by_text("Not synced yet")).to_have_count(0)

    # Another profile (another device): the same account shows the same tasks, done and planned.
    other = audited_context(browser, audit)
    try:
        phone = other.new_page()
        phone.clock.set_fixed_time(NOW)
        phone.goto(site_url + "#/day/2026-03-04")
        wait_ready(phone)
        connect(phone, radicale)
        expect(tasks(phone).get_by_role("checkbox", name="Water plants", exact=True)).to_be_checked()
        expect(item(phone, "Buy bulbs")).to_contain_text("Home errands")
        # The block rode along in the to-do: it is on the other device's calendar at 15:00.
        expect(phone.get_by_role("region", name="Calendar").get_by_role(
            "group", name=re.compile("^Time block: Buy bulbs"))).to_contain_text("15:00–15:45")
    finally:
        other.close()


def test_changes_made_while_the_server_is_unreachable_survive_a_reload_and_arrive_later(open_app, radicale,
                                                                                       context):
    page = open_app("#/day/2026-03-04")
    connect(page, radicale)
    context.route(radicale.url + "/**", lambda route: route.abort())
    add_task(page, "Post the letter #Home errands", "Post the letter")
    expect(item(page, "Post the letter")).to_contain_text("Not synced yet")
    page.reload()
    wait_ready(page)
    expect(item(page, "Post the letter")).to_contain_text("Not synced yet")
    context.unroute(radicale.url + "/**")
    page.reload()
    wait_ready(page)
    expect(item(page, "Post the letter")).not_to_contain_text("Not synced yet")
    on_server(page, radicale, lambda texts: len(texts) == 2 and any("SUMMARY:Post the letter" in t for t in texts))


def test_a_task_changed_here_and_on_the_server_keeps_both_titles_and_names_it(open_app, radicale, context):
    page = open_app("#/day/2026-03-04")
    connect(page, radicale)
    # The server's copy changes (another client) while this page is offline and edits it too.
    context.route(radicale.url + "/**", lambda route: route.abort())
    radicale.put_todo("/alice/chores/", "plants@test", PLANTS.format(title="Water the ferns", generation=2))
    tasks(page).get_by_role("button", name="Edit Water plants").click()
    form = tasks(page).locator("form.task-editor")
    form.get_by_label("Title").fill("Water plants and herbs")
    form.get_by_label("Title").press("Enter")
    expect(item(page, "Water plants and herbs")).to_contain_text("Not synced yet")
    context.unroute(radicale.url + "/**")
    page.get_by_role("button", name="Refresh calendars").click()
    expect(tasks(page).get_by_role("checkbox", name="Water the ferns", exact=True)).to_be_visible()
    expect(tasks(page).get_by_role("checkbox", name="Water plants and herbs", exact=True)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="changed both here and on the server")).to_contain_text(
        "Water the ferns")


def test_a_task_moved_from_this_device_to_a_server_list_arrives_there_with_its_block(open_app, radicale):
    page = open_app("#/day/2026-03-04")
    connect(page, radicale)
    add_task(page, "Repot the fern 16:00 30m", "Repot the fern")
    tasks(page).get_by_role("button", name="Edit Repot the fern").click()
    form = tasks(page).locator("form.task-editor")
    # The choices are the lists a task can go to, each saying where it lives.
    offered = form.locator("datalist option[value='Home errands']")
    expect(offered).to_have_attribute("label", re.compile("CalDAV"))
    form.get_by_label("List").fill("Home errands")
    form.get_by_label("List").press("Enter")
    expect(item(page, "Repot the fern")).to_contain_text("Home errands")
    on_server(page, radicale, lambda texts: any(
        "SUMMARY:Repot the fern" in t and re.search(r"X-DAYPANE-START[^:\r]*:1600", t) for t in texts))
    expect(item(page, "Repot the fern")).not_to_contain_text("Not synced yet")
    expect(tasks(page).get_by_role("checkbox", name="Repot the fern", exact=True)).to_have_count(1)
