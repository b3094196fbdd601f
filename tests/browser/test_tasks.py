"""Tasks: add, edit in place, complete, delete with undo, reorder, schedule; all survive reload."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_ready
from tests.browser.tasks_support import add_task


def add(page: Page, *titles: str) -> None:
    for title in titles:
        add_task(page, title)


def expect_titles(page: Page, expected: list[str]) -> None:
    # Polls: every change is stored before the list is redrawn, so the redraw comes a moment later.
    expect(page.locator("#task-list .task-title")).to_have_text(expected)


def test_add_complete_and_reload_keeps_everything(open_app):
    page = open_app()
    add(page, "Write report", "Call the dentist")
    expect(page.get_by_role("textbox", name="New task")).to_have_value("")
    page.get_by_role("checkbox", name="Write report", exact=True).check()
    # The item is redrawn as done only once the change is stored.
    expect(page.locator("#task-list li.done")).to_have_count(1)
    page.reload()
    wait_ready(page)
    expect_titles(page, ["Write report", "Call the dentist"])
    expect(page.get_by_role("checkbox", name="Write report", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Call the dentist", exact=True)).not_to_be_checked()


def test_empty_title_is_refused_with_a_message(open_app):
    page = open_app()
    box = page.get_by_role("textbox", name="New task")
    box.fill("   ")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("title")
    expect_titles(page, [])


def test_edit_title_schedule_and_estimate_in_place(open_app):
    page = open_app()
    add(page, "Draft budget")
    page.get_by_role("button", name="Edit Draft budget").click()
    page.get_by_role("textbox", name="Title").fill("Draft the 2027 budget")
    page.get_by_label("Scheduled for").fill("2026-03-04")
    page.get_by_role("textbox", name="Time estimate").fill("1h30")
    page.get_by_role("textbox", name="Title").press("Enter")
    task = page.get_by_role("checkbox", name="Draft the 2027 budget", exact=True)
    expect(task).to_be_visible()
    item = page.locator("#task-list li", has=task)
    expect(item).to_contain_text("1 h 30 min")
    expect(item.get_by_title("Scheduled for")).to_have_text("Wed 4 Mar")  # core.calendar.format.short_day
    # Scheduled for today: the calendar's day view lists it beside the day.
    calendar = page.get_by_role("region", name="Calendar")
    expect(calendar.get_by_role("list", name=re.compile("^Tasks for "))).to_contain_text(
        "Draft the 2027 budget (1 h 30 min)")


def test_escape_cancels_an_edit(open_app):
    page = open_app()
    add(page, "Keep me")
    page.get_by_role("button", name="Edit Keep me").click()
    title = page.get_by_role("textbox", name="Title")
    title.fill("Changed")
    title.press("Escape")
    expect_titles(page, ["Keep me"])


def test_delete_then_undo_restores_at_the_same_place(open_app):
    page = open_app()
    add(page, "One", "Two", "Three")
    page.get_by_role("button", name="Delete Two").click()
    expect_titles(page, ["One", "Three"])
    expect(page.get_by_role("status").filter(has_text="Deleted")).to_contain_text("Deleted “Two”")
    page.get_by_role("button", name="Undo").click()
    expect_titles(page, ["One", "Two", "Three"])


def test_delete_is_stored(open_app):
    page = open_app()
    add(page, "Gone soon", "Stays")
    page.get_by_role("button", name="Delete Gone soon").click()
    expect(page.get_by_role("checkbox", name="Gone soon", exact=True)).to_have_count(0)
    page.reload()
    wait_ready(page)
    expect_titles(page, ["Stays"])


def test_reorder_by_keyboard_keeps_focus_and_persists(open_app):
    page = open_app()
    add(page, "A", "B", "C")
    page.get_by_role("checkbox", name="C", exact=True).focus()
    page.keyboard.press("Alt+ArrowUp")
    expect_titles(page, ["A", "C", "B"])
    expect(page.get_by_role("checkbox", name="C", exact=True)).to_be_focused()
    page.keyboard.press("Alt+ArrowUp")
    expect_titles(page, ["C", "A", "B"])
    expect(page.get_by_role("checkbox", name="C", exact=True)).to_be_focused()
    page.get_by_role("button", name="Move A down").click()
    expect_titles(page, ["C", "B", "A"])
    page.reload()
    wait_ready(page)
    expect_titles(page, ["C", "B", "A"])


def test_reorder_by_drag(open_app):
    page = open_app()
    add(page, "First", "Second", "Third")
    page.locator("#task-list li", has_text="Third").drag_to(
        page.locator("#task-list li", has_text="First"), target_position={"x": 20, "y": 3})
    expect(page.locator("#task-list .task-title").first).to_have_text("Third")
    expect_titles(page, ["Third", "First", "Second"])


def test_task_titles_are_text_not_markup(open_app):
    page = open_app()
    # No double quotes: quick-add reads "…" as literal text and drops the quotes themselves.
    hostile = "<img src=x onerror=document.title='pwned'>"
    add(page, hostile)
    expect_titles(page, [hostile])
    assert page.locator("#task-list img").count() == 0
    assert page.title() == "Daypane"


def test_quick_add_understands_day_time_duration_priority_and_list(open_app):
    page = open_app("#/week/2026-03-02")
    box = page.get_by_role("textbox", name="New task")
    box.fill("Pay the invoice tomorrow 15:00 45m !high #Office")
    expect(page.locator("#quick-add-preview")).to_contain_text("Title: “Pay the invoice”")
    box.press("Enter")
    item = page.locator("#task-list li", has=page.get_by_role("checkbox", name="Pay the invoice", exact=True))
    expect(item).to_contain_text("Office")
    expect(item).to_contain_text("High priority")
    expect(item).to_contain_text("15:00–15:45")
    calendar = page.get_by_role("region", name="Calendar")
    expect(calendar.get_by_role("button", name=re.compile(r"^Pay the invoice, 15:00–15:45"))).to_be_visible()
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("checkbox", name="Pay the invoice", exact=True)).to_be_visible()


def test_the_edit_form_sets_a_time_block_from_the_keyboard(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Draft the plan")
    page.get_by_role("button", name="Edit Draft the plan").click()
    page.get_by_label("Scheduled for").fill("2026-03-04")
    page.get_by_label("Start time").fill("11:00")
    page.get_by_label("Time estimate").fill("1h")
    page.get_by_label("Time estimate").press("Enter")
    calendar = page.get_by_role("region", name="Calendar")
    expect(calendar.get_by_role("button", name=re.compile(r"^Draft the plan, 11:00–12:00"))).to_be_visible()


def test_export_tasks_downloads_vtodos_and_blocks_as_vevents(open_app, tmp_path):
    import icalendar
    page = open_app()
    add(page, "Plain task")
    box = page.get_by_role("textbox", name="New task")
    box.fill("Blocked task today 14:00 30m #Office")
    box.press("Enter")
    expect(page.get_by_role("checkbox", name="Blocked task", exact=True)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export tasks (.ics)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    todos = {str(c["SUMMARY"]): c for c in calendar.walk("VTODO")}
    assert set(todos) == {"Plain task", "Blocked task"}
    assert [str(c) for c in todos["Blocked task"]["CATEGORIES"].cats] == ["Office"]
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Blocked task"]
    assert str(events[0]["RELATED-TO"]) == str(todos["Blocked task"]["UID"])


def test_plan_my_day_proposes_blocks_then_accept_stores_them_with_undo(open_app):
    page = open_app("#/day/2026-03-04")
    box = page.get_by_role("textbox", name="New task")
    for text in ("Write the summary today 1h !high", "Tidy the inbox today 20m", "Paint the lighthouse today 9h"):
        box.fill(text)
        box.press("Enter")
    expect(page.get_by_role("checkbox", name="Paint the lighthouse", exact=True)).to_be_visible()
    page.get_by_role("button", name="Plan my day").click()
    proposal = page.get_by_role("region", name="Proposed plan")
    expect(proposal).to_contain_text("2 blocks")
    expect(proposal).to_contain_text("Paint the lighthouse (9h) does not fit")
    calendar = page.get_by_role("region", name="Calendar")
    expect(calendar.get_by_role("button", name=re.compile(r"^Proposed: Write the summary, "))).to_be_visible()
    proposal.get_by_role("button", name="Accept plan").click()
    expect(calendar.get_by_role("button", name=re.compile(r"^Write the summary, \d\d:\d\d–\d\d:\d\d"))).to_be_visible()
    expect(page.get_by_role("region", name="Proposed plan")).to_be_hidden()
    page.locator("#toast").get_by_role("button", name="Undo").click()
    expect(calendar.get_by_role("button", name=re.compile(r"^Write the summary, "))).to_have_count(0)
    page.get_by_role("button", name="Plan my day").click()
    page.get_by_role("region", name="Proposed plan").get_by_role("button", name="Discard plan").click()
    expect(calendar.get_by_role("button", name=re.compile(r"^Proposed: "))).to_have_count(0)


def test_tabs_show_today_upcoming_all_and_done_and_a_new_task_stays_where_it_was_added(open_app):
    page = open_app()
    box = page.get_by_role("textbox", name="New task")
    for text in ("Late report 2026-03-01", "Call the bank today", "Book flights 2026-03-06", "Sort the inbox"):
        box.fill(text)
        box.press("Enter")
    expect(page.locator("#overdue-count")).to_have_text("1 overdue")
    page.get_by_role("tab", name="Today").click()
    expect(page.get_by_role("tab", name="Today")).to_have_attribute("aria-selected", "true")
    expect_titles(page, ["Late report", "Call the bank", "Sort the inbox"])
    page.get_by_role("tab", name="Upcoming").click()
    expect_titles(page, ["Book flights"])
    add(page, "Water the garden")  # no day: not upcoming, but it stays where it was added
    expect_titles(page, ["Book flights", "Water the garden"])
    page.get_by_role("tab", name="All tasks").click()
    page.get_by_role("checkbox", name="Call the bank", exact=True).check()
    page.get_by_role("tab", name="Done").click()
    expect_titles(page, ["Call the bank"])
    page.get_by_role("searchbox", name="Search tasks").fill("flig")
    expect_titles(page, ["Book flights"])
