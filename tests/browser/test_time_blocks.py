"""Time blocks on the calendar, by mouse and by keyboard: a task dragged from the list becomes a
block; a block is moved (across days too), resized by its bottom edge, dragged back to the list,
nudged with Alt+arrows, completed by its own checkbox, and marked when it overlaps a meeting.

The drags are real pointer input (page.mouse), in small steps, as a hand makes them. The browser
clock is the suite's NOW: Wednesday 4 March 2026, 10:30 in Berlin."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_ready
from tests.browser.tasks_support import add_task as add

HOUR_PX = 52  # browser/ui/calendar.py: the grid's hour height


def block_button(page: Page, title: str):
    return page.get_by_role("region", name="Calendar").get_by_role("button", name=re.compile(rf"^{re.escape(title)}, "))


def column(page: Page, name: str):
    return page.get_by_role("region", name="Calendar").get_by_role("group", name=name, exact=True)


def drag(page: Page, source, to_x: float, to_y: float, *, grab_dy: float | None = None) -> None:
    box = source.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + (box["height"] / 2 if grab_dy is None else grab_dy)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 3, y + 3)  # under the threshold: still a click
    page.mouse.move(to_x, to_y, steps=6)
    page.mouse.up()


def at_time(page: Page, day_name: str, hour: float, *, below: float = 3) -> tuple[float, float]:
    """The point `below` px under `hour` in that day's column."""
    box = column(page, day_name).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + hour * HOUR_PX + below


def test_a_task_dragged_from_the_list_onto_the_day_view_becomes_a_block_that_survives_reload(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Write the report 45m", "Write the report")
    item = page.locator("#task-list li", has=page.get_by_role("checkbox", name="Write the report", exact=True))
    drag(page, item.locator(".task-title"), *at_time(page, "Wednesday 4 March", 14.5, below=10))
    # Dropped in the 14:30 slot: the block starts there and lasts its estimate.
    expect(block_button(page, "Write the report")).to_have_accessible_name(re.compile(r"^Write the report, 14:30–15:15"))
    expect(item).to_contain_text("14:30–15:15")
    expect(page.locator("#toast")).to_contain_text("Moved “Write the report” to Wed 4 Mar 14:30–15:15")
    page.reload()
    wait_ready(page)
    expect(block_button(page, "Write the report")).to_have_accessible_name(re.compile(r"^Write the report, 14:30–15:15"))


def test_a_block_moves_across_days_in_the_week_view_and_undo_puts_it_back(open_app):
    page = open_app("#/week/2026-03-02")
    add(page, "Call the bank today 11:00 30m", "Call the bank")
    block = block_button(page, "Call the bank")
    expect(block).to_have_accessible_name(re.compile(r"^Call the bank, 11:00–11:30"))
    # Grabbed 4 px below its top; dropped with that point 4 px below 15:00 on Friday.
    drag(page, block, *at_time(page, "Friday 6 March", 15, below=4), grab_dy=4)
    expect(column(page, "Friday 6 March").get_by_role("button", name=re.compile(r"^Call the bank, 15:00–15:30"))).to_be_visible()
    expect(column(page, "Wednesday 4 March").get_by_role("button", name=re.compile(r"^Call the bank"))).to_have_count(0)
    page.locator("#toast").get_by_role("button", name="Undo").click()
    expect(column(page, "Wednesday 4 March").get_by_role("button", name=re.compile(r"^Call the bank, 11:00–11:30"))).to_be_visible()


def test_dragging_the_bottom_edge_changes_how_long_a_block_lasts(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Review the draft today 16:00 30m", "Review the draft")
    edge = page.get_by_role("group", name="Time block: Review the draft").locator(".block-resize")
    box = edge.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    _, y = at_time(page, "Wednesday 4 March", 17.25, below=5)
    page.mouse.move(box["x"] + box["width"] / 2, y, steps=6)
    page.mouse.up()
    # The end snaps up to the next quarter hour under the pointer: 17:30.
    expect(block_button(page, "Review the draft")).to_have_accessible_name(re.compile(r"^Review the draft, 16:00–17:30"))


def test_a_block_dragged_back_onto_the_list_is_unscheduled_and_keeps_its_length_as_estimate(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Sort the receipts today 15:00 1h", "Sort the receipts")
    box = page.get_by_role("region", name="Tasks").bounding_box()
    drag(page, block_button(page, "Sort the receipts"), box["x"] + box["width"] / 2, box["y"] + 30)
    expect(block_button(page, "Sort the receipts")).to_have_count(0)
    item = page.locator("#task-list li", has=page.get_by_role("checkbox", name="Sort the receipts", exact=True))
    expect(item.get_by_title("Time estimate")).to_have_text("1 h")
    expect(item.get_by_title("Scheduled for")).to_have_count(0)


def test_a_click_on_a_block_opens_its_details_but_the_click_ending_a_drag_does_not(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Plan the trip today 13:00 30m", "Plan the trip")
    block_button(page, "Plan the trip").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Plan the trip")
    page.keyboard.press("Escape")
    drag(page, block_button(page, "Plan the trip"), *at_time(page, "Wednesday 4 March", 14, below=4), grab_dy=4)
    expect(block_button(page, "Plan the trip")).to_have_accessible_name(re.compile(r"^Plan the trip, 14:00–14:30"))
    expect(dialog).to_be_hidden()


def test_escape_during_a_drag_drops_it_nowhere(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Water the plants today 12:00 15m", "Water the plants")
    box = block_button(page, "Water the plants").bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 4)
    page.mouse.down()
    page.mouse.move(*at_time(page, "Wednesday 4 March", 16), steps=6)
    page.keyboard.press("Escape")
    page.mouse.up()
    expect(page.locator(".drop-preview")).to_have_count(0)
    expect(block_button(page, "Water the plants")).to_have_accessible_name(re.compile(r"^Water the plants, 12:00–12:15"))


def test_alt_arrows_move_and_resize_a_focused_block_and_the_keyboard_stays_on_it(open_app):
    page = open_app("#/week/2026-03-02")
    add(page, "Draft the agenda today 09:00 30m", "Draft the agenda")
    block = block_button(page, "Draft the agenda")
    block.focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(block).to_have_accessible_name(re.compile(r"^Draft the agenda, 09:15–09:45"))
    expect(block).to_be_focused()
    page.keyboard.press("Alt+ArrowRight")
    expect(column(page, "Thursday 5 March").get_by_role("button", name=re.compile(r"^Draft the agenda, 09:15–09:45"))).to_be_focused()
    page.keyboard.press("Alt+Shift+ArrowDown")
    expect(block).to_have_accessible_name(re.compile(r"^Draft the agenda, 09:15–10:00"))
    page.keyboard.press("Alt+ArrowUp")
    expect(block).to_have_accessible_name(re.compile(r"^Draft the agenda, 09:00–09:45"))
    expect(page.locator("#toast")).to_contain_text("Moved “Draft the agenda” to Thu 5 Mar 09:00–09:45")
    page.keyboard.press("Alt+ArrowLeft")  # the page's, not the browser's Back
    expect(column(page, "Wednesday 4 March").get_by_role("button", name=re.compile(r"^Draft the agenda, 09:00–09:45"))).to_be_focused()
    page.keyboard.press("Alt+ArrowRight")
    expect(column(page, "Thursday 5 March").get_by_role("button", name=re.compile(r"^Draft the agenda, 09:00–09:45"))).to_be_focused()
    expect(page).to_have_url(re.compile(r"#/week/2026-03-02$"))
    page.reload()
    wait_ready(page)
    expect(column(page, "Thursday 5 March").get_by_role("button", name=re.compile(r"^Draft the agenda, 09:00–09:45"))).to_be_visible()


def test_a_block_s_checkbox_completes_the_task_in_place(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Send the invoice today 14:00 30m", "Send the invoice")
    group = page.get_by_role("group", name="Time block: Send the invoice")
    group.get_by_role("checkbox", name="Done").click()  # click, not check(): the redraw replaces the box
    expect(page.get_by_role("checkbox", name="Send the invoice", exact=True)).to_be_checked()
    expect(block_button(page, "Done: Send the invoice")).to_be_visible()
    expect(page.get_by_role("group", name="Time block: Done: Send the invoice").get_by_role("checkbox", name="Done")).to_be_focused()
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("checkbox", name="Send the invoice", exact=True)).to_be_checked()


def test_a_block_overlapping_a_busy_event_is_marked_and_one_in_free_time_is_not(open_app):
    # The sample calendar's Wednesday: Stand-up 09:30-09:45, Design review 14:00-15:00 and
    # 1:1 with Sam 14:30-15:00; on Thursday a free all-day "Focus day", which blocks nothing.
    page = open_app("#/week/2026-03-02")
    calendar = page.get_by_role("region", name="Calendar")
    expect(calendar.get_by_role("button", name=re.compile(r"^Design review, 14:00–15:00"))).to_be_visible()
    add(page, "Prepare slides today 13:30 1h", "Prepare slides")
    add(page, "Rehearse today 14:45 30m", "Rehearse")
    add(page, "Read the paper today 15:00 30m", "Read the paper")
    add(page, "Think tomorrow 10:00 1h", "Think")
    expect(block_button(page, "Prepare slides")).to_have_accessible_name("Prepare slides, 13:30–14:30, overlaps Design review")
    expect(block_button(page, "Rehearse")).to_have_accessible_name("Rehearse, 14:45–15:15, overlaps 2 events")
    expect(block_button(page, "Read the paper")).to_have_accessible_name("Read the paper, 15:00–15:30")
    expect(block_button(page, "Think")).to_have_accessible_name("Think, 10:00–11:00")


def test_a_finger_drags_a_task_by_its_grip_onto_the_calendar(open_app):
    """Touch input through the DevTools protocol: Chromium turns it into pointer events of
    pointerType "touch", as on a phone."""
    page = open_app("#/day/2026-03-04")
    add(page, "Stretch 15m", "Stretch")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    item = page.locator("#task-list li", has=page.get_by_role("checkbox", name="Stretch", exact=True))
    grip = item.locator(".task-grip").bounding_box()
    x, y = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
    to_x, to_y = at_time(page, "Wednesday 4 March", 16, below=5)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 9):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {"x": x + (to_x - x) * step / 8, "y": y + (to_y - y) * step / 8}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(block_button(page, "Stretch")).to_have_accessible_name(re.compile(r"^Stretch, 16:00–16:15"))
