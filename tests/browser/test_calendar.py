"""The calendar: sample week, day/week routes and navigation, all-day row, overlaps, now line.

The browser's clock is fixed (conftest.NOW: Wednesday 4 March 2026, 10:30 in Europe/Berlin).
The sample calendar's times are floating (local to the viewer), so its stand-up is 09:30 wherever
the user is.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import wait_ready


def calendar(page):
    return page.get_by_role("region", name="Calendar")


def test_no_fragment_is_todays_day_view_with_the_sample(open_app):
    page = open_app()
    expect(page.locator("#range-title")).to_have_text("Today, Wed, 4 Mar 2026")
    expect(page.get_by_role("checkbox", name="Show sample calendar")).to_be_checked()
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up, 09:30–09:45"))).to_be_visible()
    expect(page.get_by_role("link", name="Day", exact=True)).to_have_attribute("aria-current", "page")


def test_the_sample_fills_this_week(open_app):
    page = open_app("#/week/2026-03-04")
    cal = calendar(page)
    expect(cal.get_by_role("button", name=re.compile(r"^Stand-up,"))).to_have_count(5)
    expect(cal.get_by_role("button", name=re.compile(r"^Weekly planning,"))).to_have_count(1)
    expect(cal.get_by_text("All day", exact=True)).to_be_visible()
    # The weekly all-day "Focus day" is in Thursday's cell of the all-day row.
    thursday_cell = page.locator(".allday-cell").nth(3)
    expect(thursday_cell.get_by_role("button", name=re.compile(r"^Focus day"))).to_be_visible()


def test_the_sample_has_events_in_a_far_week_too(open_app):
    page = open_app("#/week/2031-06-18")
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up,"))).to_have_count(5)


def test_hiding_the_sample_is_remembered(open_app):
    page = open_app()
    page.get_by_role("checkbox", name="Show sample calendar").uncheck()
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up"))).to_have_count(0)
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("checkbox", name="Show sample calendar")).not_to_be_checked()
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Stand-up"))).to_have_count(0)


def test_previous_next_and_today(open_app):
    page = open_app()
    page.get_by_role("button", name="Next day").click()
    expect(page).to_have_url(re.compile(r"#/day/2026-03-05$"))
    expect(page.locator("#range-title")).to_have_text("Thu, 5 Mar 2026")
    page.get_by_role("button", name="Previous day").click()
    page.get_by_role("button", name="Previous day").click()
    expect(page).to_have_url(re.compile(r"#/day/2026-03-03$"))
    page.get_by_role("button", name="Today").click()
    expect(page).to_have_url(re.compile(r"#/day/2026-03-04$"))
    page.get_by_role("link", name="Week", exact=True).click()
    expect(page).to_have_url(re.compile(r"#/week/2026-03-04$"))
    page.get_by_role("button", name="Next week").click()
    expect(page).to_have_url(re.compile(r"#/week/2026-03-11$"))
    expect(page.locator("#range-title")).to_contain_text("9–15 Mar 2026")


def test_deep_links_and_back_button(open_app):
    page = open_app("#/day/2026-03-09")
    expect(page.locator("#range-title")).to_have_text("Mon, 9 Mar 2026")
    expect(calendar(page).get_by_role("button", name=re.compile(r"^Weekly planning, 10:00–11:00"))).to_be_visible()
    page.get_by_role("button", name="Next day").click()
    expect(page.locator("#range-title")).to_have_text("Tue, 10 Mar 2026")
    page.go_back()
    expect(page.locator("#range-title")).to_have_text("Mon, 9 Mar 2026")


def test_a_bad_fragment_falls_back_to_today(open_app):
    page = open_app("#/day/2026-02-31")
    expect(page.locator("#range-title")).to_have_text("Today, Wed, 4 Mar 2026")


def test_overlapping_events_cascade_so_both_titles_read(open_app):
    """Design review (14:00–15:00) and 1:1 with Sam (14:30): the later is indented and on top;
    the earlier keeps the whole width above it (core.calendar.layout's cascade)."""
    page = open_app()
    review_button = calendar(page).get_by_role("button", name=re.compile(r"^Design review,"))
    review = review_button.bounding_box()
    one_to_one = calendar(page).get_by_role("button", name=re.compile(r"^1:1 with Sam,")).bounding_box()
    assert review["x"] + 0.2 * review["width"] < one_to_one["x"] < review["x"] + review["width"]
    assert review["y"] < one_to_one["y"] < review["y"] + review["height"]  # they overlap in time
    title = review_button.locator(".event-title").bounding_box()
    assert title["y"] + title["height"] <= one_to_one["y"] + 1  # the earlier title is not covered
    expect(review_button).to_have_attribute("title", re.compile(r"^Design review, 14:00–15:00"))


def test_the_current_time_line_is_on_today_only(open_app):
    page = open_app("#/week/2026-03-04")
    lines = page.locator(".now-line")
    expect(lines).to_have_count(1)
    wednesday = page.locator('.day-col[data-day="2026-03-04"]')
    expect(wednesday.locator(".now-line")).to_have_count(1)
    stand_up = wednesday.get_by_role("button", name=re.compile(r"^Stand-up,")).bounding_box()
    assert lines.bounding_box()["y"] > stand_up["y"]  # 10:30 is below 09:30


def test_event_details_open_in_a_dialog(open_app):
    page = open_app()
    calendar(page).get_by_role("button", name=re.compile(r"^Stand-up,")).click()
    dialog = page.get_by_role("dialog", name="Stand-up")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Team room")
    expect(dialog).to_contain_text("Sample calendar")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_settings_route_and_time_zone_override(open_app):
    page = open_app("#/settings")
    expect(page.get_by_role("region", name="Settings")).to_be_visible()
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("link", name="Back to the calendar").click()
    # The sample is floating, so it stays at 09:30 local; "now" moves to Tokyo's 18:30.
    expect(page.locator(".now-line")).to_have_attribute("title", "Now, 18:30")
