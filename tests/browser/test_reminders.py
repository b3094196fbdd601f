"""Reminders while the app is open: a notification where the user allowed them (a granted
permission; the page's Notification is wrapped to record what was shown, since a headless browser
shows none), a role=status message where not; each event once, across reloads and tabs. The
sample's Wednesday 4 March has "Design review" at 14:00 in the Studio."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ZONE, wait_ready

BEFORE = datetime(2026, 3, 4, 13, 45, tzinfo=ZoneInfo(ZONE))   # 15 minutes before Design review
INSIDE = datetime(2026, 3, 4, 13, 51, tzinfo=ZoneInfo(ZONE))   # 9 minutes before

RECORD_NOTIFICATIONS = """
(() => {
  const Real = window.Notification;
  window.__shown = [];
  class Recorded extends Real {
    constructor(title, options) { super(title, options); window.__shown.push({title, body: options && options.body}); }
  }
  Object.defineProperty(Recorded, "permission", {get: () => Real.permission});
  Recorded.requestPermission = (...args) => Real.requestPermission(...args);
  window.Notification = Recorded;
})();
"""


def shown(page):
    return page.evaluate("window.__shown")


def turn_on(page, choice="10 minutes"):
    page.get_by_label("Remind me before events").select_option(label=choice)


def a_minute_passes(page, when):
    """The clock moves on and the app looks again (it does every 20 s, and on focus)."""
    page.clock.set_fixed_time(when)
    page.evaluate("window.dispatchEvent(new Event('focus'))")


@pytest.mark.now(BEFORE)
def test_a_notification_at_the_reminder_time_once(context, page, open_app):
    context.grant_permissions(["notifications"])
    context.add_init_script(RECORD_NOTIFICATIONS)
    open_app("#/settings")
    turn_on(page)
    page.wait_for_timeout(500)
    assert shown(page) == []  # 15 minutes away: not yet
    a_minute_passes(page, INSIDE)
    page.wait_for_function("window.__shown.length > 0")
    assert shown(page) == [{"title": "Design review", "body": "14:00–15:00, Studio"}]
    expect(page.locator(".reminder")).to_have_count(0)  # the notification was enough
    # Once: not again on the next look, after a reload, or in a second tab.
    a_minute_passes(page, INSIDE)
    page.reload()
    wait_ready(page)
    other = context.new_page()
    other.clock.set_fixed_time(INSIDE)
    other.goto(page.url)
    wait_ready(other)
    page.wait_for_timeout(1000)
    assert shown(page) == [] and shown(other) == []


@pytest.mark.now(INSIDE)
def test_without_permission_the_reminder_is_a_message_in_the_page(context, page, open_app):
    context.add_init_script("Object.defineProperty(Notification, 'permission', {get: () => 'denied'});")
    open_app("#/settings")
    turn_on(page)
    message = page.get_by_role("status", name="Reminders")
    expect(message).to_contain_text("Coming up: Design review at 14:00 (Studio)")
    message.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".reminder")).to_have_count(0)


@pytest.mark.now(INSIDE)
def test_reminders_are_off_until_turned_on(context, page, open_app):
    context.add_init_script("Object.defineProperty(Notification, 'permission', {get: () => 'denied'});")
    page = open_app()
    page.wait_for_timeout(500)
    expect(page.locator(".reminder")).to_have_count(0)
