"""Subscribing to a published .ics address from the browser: local feeds served with and without
CORS headers and with an ETag (tests/servers/feed_server.py). Fixed clock: Wednesday 4 March 2026
10:30, Europe/Berlin.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIXTURES, origin_of, wait_ready
from tests.support.fixtures import fixture_path
from tests.support.servers.feed_server import FeedServer

TEAM = fixture_path("subscription", "team-holidays.ics").read_text()  # one feed, one event


@pytest.fixture
def feed(site_url, audit):
    with FeedServer(cors_origin=origin_of(site_url)) as server:
        server.body = TEAM
        audit.allow_hosts(server.netloc)
        yield server


def subscribe(page: Page, url: str) -> None:
    page.get_by_role("button", name="Subscribe to calendar URL").click()
    dialog = page.get_by_role("dialog", name="Subscribe to calendar URL")
    dialog.get_by_role("textbox", name="Calendar URL").fill(url)
    dialog.get_by_role("button", name="Subscribe").click()


def shown(page: Page, name: str):
    return page.get_by_role("region", name="Calendar").get_by_role("button", name=re.compile("^" + re.escape(name)))


def test_subscribe_shows_the_feed_and_refreshes_conditionally(open_app, feed):
    page = open_app("#/week/2026-03-04")
    subscribe(page, feed.url())
    expect(page.get_by_role("dialog", name="Subscribe to calendar URL")).to_be_hidden()
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Team holidays")
    expect(shown(page, "Sprint retro, 15:00")).to_be_visible()

    page.get_by_role("button", name="Refresh calendars").click()
    for _ in range(50):
        if len(feed.gets()) >= 2:
            break
        page.wait_for_timeout(100)
    second = feed.gets()[1][2]
    assert second.get("If-None-Match", "").startswith('"'), "the refresh is conditional"
    expect(shown(page, "Sprint retro")).to_be_visible()  # a 304 keeps what was shown

    feed.body = TEAM.replace("Sprint retro", "Sprint review")
    page.get_by_role("button", name="Refresh calendars").click()
    expect(shown(page, "Sprint review, 15:00")).to_be_visible()
    expect(shown(page, "Sprint retro")).to_have_count(0)

    page.reload()  # kept in the browser: shown at once, offline too
    wait_ready(page)
    expect(shown(page, "Sprint review")).to_be_visible()


def test_webcal_is_read_over_https_and_plain_http_only_for_this_machine(open_app):
    page = open_app()
    subscribe(page, "http://calendar.example.com/team.ics")
    problem = page.get_by_role("dialog", name="Subscribe to calendar URL").get_by_role("alert")
    expect(problem).to_contain_text("https://")


def test_a_feed_without_cors_is_diagnosed(open_app, audit):
    with FeedServer() as closed:
        closed.body = TEAM
        audit.allow_hosts(closed.netloc)
        page = open_app()
        subscribe(page, closed.url())
        problem = page.get_by_role("dialog", name="Subscribe to calendar URL").get_by_role("alert")
        expect(problem).to_contain_text("browser access")


def test_a_web_page_instead_of_a_calendar_is_refused(open_app, feed):
    feed.body = (FIXTURES / "web-page.html").read_text()
    feed.content_type = "text/html; charset=utf-8"
    page = open_app()
    subscribe(page, feed.url())
    problem = page.get_by_role("dialog", name="Subscribe to calendar URL").get_by_role("alert")
    expect(problem).to_contain_text("not")
    expect(page.get_by_role("list", name="Connected accounts")).not_to_contain_text("127.0.0.1")


def test_remove_forgets_the_feed(open_app, feed):
    page = open_app("#/week/2026-03-04")
    subscribe(page, feed.url())
    expect(shown(page, "Sprint retro")).to_be_visible()
    page.get_by_role("button", name="Remove Team holidays").click()
    expect(shown(page, "Sprint retro")).to_have_count(0)
    page.reload()
    wait_ready(page)
    expect(shown(page, "Sprint retro")).to_have_count(0)
