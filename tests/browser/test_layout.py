"""The layout at a laptop's 1280 x 800: the calendar gets the room, the page itself does not
scroll (each panel scrolls inside), the task views stay above a long list, and a task is one or
two lines. Measured on boxes, not pixels of screenshots."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.tasks_support import add_task

LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def laptop(page: Page) -> Page:
    page.set_viewport_size(LAPTOP)
    return page


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def test_the_calendar_takes_most_of_a_laptops_width_and_the_page_does_not_scroll(open_app, laptop):
    open_app("#/week/2026-03-04")
    calendar = box(laptop, "#calendar")
    assert calendar["width"] >= 0.55 * LAPTOP["width"], calendar
    sizes = laptop.evaluate("[document.documentElement.scrollHeight, innerHeight, document.documentElement.scrollWidth, innerWidth]")
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3], f"the page scrolls: {sizes}"
    # The grid scrolls inside itself, opened at the start of the working day, and shows the afternoon.
    grid = box(laptop, ".timeline-scroll")
    assert grid["y"] + grid["height"] <= LAPTOP["height"]
    assert grid["height"] >= 9 * 44, grid  # at least nine hours of the day in sight
    assert laptop.locator(".timeline-scroll").evaluate("el => el.scrollHeight > el.clientHeight")


def test_thirty_tasks_show_at_least_twelve_rows_under_their_views_which_stay_in_sight(open_app, laptop):
    page = open_app("#/week/2026-03-04")
    page.get_by_role("checkbox", name="Show sample calendar").uncheck()
    for n in range(30):
        add_task(page, f"Task number {n} #Work", f"Task number {n}")
    tasks = box(page, "#tasks")
    rows = page.locator("#task-list > li.task")
    visible = sum(1 for i in range(rows.count())
                  if (b := rows.nth(i).bounding_box()) and b["y"] >= tasks["y"] and b["y"] + b["height"] <= tasks["y"] + tasks["height"])
    assert visible >= 12, f"{visible} task rows in sight"
    one = rows.nth(0).bounding_box()
    assert one["height"] <= 60, one  # a title and a line of chips, the actions over the row's end
    # Scrolled to the end of the list, the views and search are still in sight, above it.
    page.locator("#tasks").evaluate("el => el.scrollTo(0, el.scrollHeight)")
    search = page.get_by_role("searchbox", name="Search tasks")
    expect(search).to_be_in_viewport()
    assert search.bounding_box()["y"] < rows.nth(rows.count() - 1).bounding_box()["y"]
    # A row's actions come with hover and keyboard focus.
    last = rows.nth(rows.count() - 1)
    last.get_by_role("checkbox").focus()
    page.keyboard.press("Tab")
    expect(last.get_by_role("button", name="Move Task number 29 up")).to_be_focused()
    assert last.locator(".task-actions").evaluate("el => getComputedStyle(el).opacity") == "1"


def test_side_panels_fold_to_give_the_calendar_their_width_and_stay_folded_on_this_device(open_app, laptop, page):
    open_app("#/week/2026-03-04")
    unfolded = box(page, "#calendar")["width"]
    page.get_by_role("button", name="Collapse left panel").click()
    page.get_by_role("button", name="Collapse right panel").click()
    expect(page.get_by_role("button", name="Expand right panel")).to_be_visible()
    expect(page.get_by_role("textbox", name="New task")).to_be_hidden()
    expect(page.get_by_role("button", name="Connect Outlook")).to_be_hidden()
    folded = box(page, "#calendar")["width"]
    assert folded >= 0.85 * LAPTOP["width"] and folded > unfolded + 350, (unfolded, folded)
    # Remembered on this device: a reload opens folded.
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", state="attached")
    expect(page.get_by_role("button", name="Expand left panel")).to_be_visible()
    assert box(page, "#calendar")["width"] == folded
    # A shortcut that needs the task panel brings it back, with the focus where it asked.
    page.keyboard.press("c")
    expect(page.get_by_role("textbox", name="New task")).to_be_focused()
    expect(page.get_by_role("button", name="Collapse left panel")).to_be_visible()
    page.get_by_role("button", name="Expand right panel").click()
    expect(page.get_by_role("button", name="Connect Outlook")).to_be_visible()
    assert box(page, "#calendar")["width"] == unfolded
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", state="attached")
    expect(page.get_by_role("button", name="Collapse right panel")).to_be_visible()
    expect(page.get_by_role("button", name="Collapse left panel")).to_be_visible()
