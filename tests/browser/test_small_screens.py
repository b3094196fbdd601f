"""Legible on every screen (the overlap cascade is test_calendar's): short events keep their time
on one line, all-day titles wrap; on a phone (600 px and less) Tasks and Calendar are
two views with 44 px targets, and file pickers (import, restore) are buttons. The suite's clock: Wednesday
4 March 2026, 10:30; the sample has a stand-up of 15 minutes every weekday."""

import re

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}


def box(locator):
    return locator.bounding_box()


def test_a_short_event_shows_its_title_and_time_on_one_line(open_app):
    page = open_app()
    standup = page.locator(".day-col").get_by_role("button", name=re.compile(r"^Stand-up,"))
    title, when = standup.locator(".event-title"), standup.locator(".event-time")
    expect(title).to_have_text("Stand-up,")  # the comma is read, not seen (.sep)
    expect(when).to_be_visible()
    assert abs(box(title)["y"] - box(when)["y"]) < 4 and box(when)["x"] > box(title)["x"]


def test_all_day_titles_wrap_instead_of_being_cut(open_app):
    page = open_app("#/week/2026-03-04")
    focus = page.locator(".allday-cell").get_by_role("button", name=re.compile(r"^Focus day"))
    for part in focus.locator("span:not(.sep)").all():
        assert page.evaluate("(e) => e.scrollWidth <= e.clientWidth + 1", part.element_handle())


def test_a_phone_shows_calendar_or_tasks_with_44px_targets(page, open_app):
    page.set_viewport_size(PHONE)
    open_app()
    calendar, tasks = page.get_by_role("region", name="Calendar"), page.get_by_role("region", name="Tasks")
    expect(calendar).to_be_visible()
    expect(tasks).to_be_hidden()
    expect(page.locator("#range-title")).to_contain_text("Today")  # the day view by default
    for name in ("Today", "Next day", "Previous day", "Plan my day", "Tasks", "Calendar"):
        target = box(page.get_by_role("button", name=name, exact=True))
        assert target["height"] >= 44 and target["width"] >= 44, (name, target)
    page.get_by_role("button", name="Tasks", exact=True).click()
    expect(tasks).to_be_visible()
    expect(calendar).to_be_hidden()
    expect(page.get_by_role("button", name="Tasks", exact=True)).to_have_attribute("aria-pressed", "true")
    page.get_by_role("textbox", name="New task").fill("Added on the phone")
    page.get_by_role("textbox", name="New task").press("Enter")  # the hidden calendar is redrawn
    page.get_by_role("button", name="Calendar", exact=True).click()
    expect(tasks).to_be_hidden()
    # Redrawn while hidden, the grid still opens at the working day, not at midnight.
    assert page.locator(".timeline-scroll").evaluate("el => el.scrollTop") > 0
    # A shortcut for the other view shows it: "c" puts the cursor in New task.
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("c")
    expect(page.get_by_role("textbox", name="New task")).to_be_focused()


def lines_of(locator) -> int:
    """How many lines a block of text is laid out on."""
    return locator.evaluate("""el => { const range = document.createRange(); range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size; }""")


@pytest.mark.parametrize(("route", "title"), [("", "Today, Wed, 4 Mar 2026"), ("#/week/2026-03-04", "2–8 Mar 2026")])
def test_a_phone_shows_the_range_title_on_one_line_above_the_navigation(page, open_app, route, title):
    page.set_viewport_size(PHONE)
    open_app(route)
    heading = page.locator("#range-title")
    expect(heading).to_have_text(title)
    assert lines_of(heading) == 1
    assert box(heading)["y"] + box(heading)["height"] <= box(page.get_by_role("button", name="Today", exact=True))["y"]


@pytest.mark.parametrize(("route", "name"), [("", "Import .ics file"), ("#/settings", "Restore backup")])
def test_file_pickers_are_buttons_not_native_file_fields(page, open_app, route, name):
    page.set_viewport_size(PHONE)
    open_app(route)
    control = page.locator("label.file-button", has_text=name)
    expect(control).to_have_text(name)
    expect(control).to_be_visible()
    assert box(control)["height"] >= 44
    expect(page.get_by_text("No file chosen")).to_have_count(0)
    field = page.get_by_label(name)
    assert box(field)["width"] <= 1  # in the page, focusable, only visually hidden
    field.focus()
    expect(field).to_be_focused()
