"""The user's locale: the first day of the week, the clock and the words of dates come from the
browser's Intl (contexts with another `locale` and `timezone_id`), and Settings can override the
first two, applied at once and kept. The suite's clock: Wednesday 4 March 2026, 10:30 in Berlin;
the sample's stand-up is at 09:30 wherever the user is (floating times)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_ready


def calendar(page):
    return page.get_by_role("region", name="Calendar")


def columns(page):
    return page.locator(".day-col")


@pytest.mark.locale("en-US")
def test_an_american_week_starts_on_sunday_with_a_12_hour_clock(open_app):
    page = open_app("#/week/2026-03-04")
    expect(page.locator("#range-title")).to_have_text("Mar 1–7, 2026")
    expect(columns(page).first).to_have_attribute("aria-label", "Sunday, March 1")
    expect(columns(page).last).to_have_attribute("aria-label", "Saturday, March 7")
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up, 9:30 AM–9:45 AM"))).to_have_count(5)
    expect(page.locator(".hour-label").nth(13)).to_have_text("1 PM")
    page.get_by_role("link", name="Day", exact=True).click()
    expect(page.locator("#range-title")).to_have_text("Today, Wed, Mar 4, 2026")


@pytest.mark.locale("de-DE")
def test_german_dates_use_german_names_and_a_24_hour_clock(open_app):
    page = open_app()
    expect(page.locator("#range-title")).to_have_text("Today, Mi., 4. März 2026")
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up, 09:30–09:45"))).to_be_visible()
    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.locator("#range-title")).to_have_text("2.–8. März 2026")
    expect(columns(page).first).to_have_attribute("aria-label", "Montag, 2. März")


@pytest.mark.locale("ja-JP")
@pytest.mark.zone("Asia/Tokyo")
def test_japanese_dates_in_tokyo(open_app):
    page = open_app("#/week/2026-03-04")
    expect(page.locator("#range-title")).to_have_text("2026年3月1日–7日")
    expect(columns(page).first).to_have_attribute("aria-label", "3月1日日曜日")
    expect(page.locator(".day-link").nth(3)).to_have_text("4日(水)")


@pytest.mark.locale("en-US")
def test_settings_override_the_week_start_and_clock_at_once_and_keep_them(open_app):
    page = open_app("#/settings")
    week_start, time_format = page.get_by_label("Week starts on"), page.get_by_label("Time format")
    expect(week_start.locator("option").first).to_have_text("Locale default (Sunday)")
    expect(time_format.locator("option").first).to_have_text("Locale default (12-hour)")
    week_start.select_option(label="Monday")
    time_format.select_option(label="24-hour")
    page.get_by_role("link", name="Back to the calendar").click()
    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.locator("#range-title")).to_have_text("Mar 2–8, 2026")
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up, 09:30–09:45"))).to_have_count(5)
    page.reload()
    wait_ready(page)
    expect(columns(page).first).to_have_attribute("aria-label", "Monday, March 2")
    page.goto(page.url.split("#")[0] + "#/settings")
    expect(page.get_by_label("Week starts on")).to_have_value("monday")
    page.get_by_label("Week starts on").select_option(label="Saturday")
    page.get_by_label("Time format").select_option(label="12-hour")
    page.get_by_role("link", name="Back to the calendar").click()
    page.get_by_role("link", name="Week", exact=True).click()
    expect(page.locator("#range-title")).to_have_text("Feb 28 – Mar 6, 2026")
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up, 9:30 AM–9:45 AM"))).to_have_count(5)


@pytest.mark.locale("en-US")
def test_the_painted_snapshot_is_in_the_chosen_clock(open_app, context, page):
    """What boot.js paints before Python is the last view as drawn: in the user's conventions."""
    page = open_app("#/settings")
    page.get_by_label("Time format").select_option(label="24-hour")
    page.goto(page.url.split("#")[0] + "#/week/2026-03-04")
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up, 09:30"))).to_have_count(5)
    page.wait_for_timeout(800)  # the app saves the view 0.3 s after it settles
    held = []
    context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: held.append(route))
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("html[data-snapshot='painted']", state="attached", timeout=10_000)
    expect(page.locator("#agenda").get_by_text("09:30–09:45").first).to_be_visible()
    expect(page.locator("#range-title")).to_have_text("Mar 1–7, 2026")
    for route in held:
        route.continue_()
    context.unroute(re.compile(r".*/pyodide\.asm\.wasm$"))
    wait_ready(page)
