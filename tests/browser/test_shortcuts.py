"""Keyboard shortcuts, Google Calendar style, and never while typing in a field.
The suite's clock: Wednesday 4 March 2026, 10:30 in Berlin."""

import re

from playwright.sync_api import expect

from tests.browser.tasks_support import add_task


def leave_the_field(page) -> None:
    page.evaluate("document.activeElement.blur()")


def test_question_mark_lists_the_shortcuts_and_escape_closes_the_dialog(open_app, page):
    open_app()
    page.locator("body").press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    for words in ("New task", "Go to today", "Next day, week or month", "Search tasks", "Plan my day"):
        expect(dialog.get_by_text(words, exact=True)).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_views_and_moves_by_key(open_app, page):
    open_app("#/day/2026-03-04")
    body = page.locator("body")
    body.press("w")
    expect(page).to_have_url(re.compile(r"#/week/2026-03-04$"))
    body.press("j")
    expect(page).to_have_url(re.compile(r"#/week/2026-03-11$"))
    body.press("k")
    body.press("k")
    expect(page).to_have_url(re.compile(r"#/week/2026-02-25$"))
    body.press("d")
    expect(page).to_have_url(re.compile(r"#/day/2026-02-25$"))
    body.press("t")
    expect(page).to_have_url(re.compile(r"#/day/2026-03-04$"))


def test_c_and_slash_put_the_cursor_in_new_task_and_search(open_app, page):
    open_app()
    page.locator("body").press("c")
    expect(page.get_by_role("textbox", name="New task")).to_be_focused()
    leave_the_field(page)
    page.locator("body").press("/")
    search = page.get_by_role("searchbox", name="Search tasks")
    expect(search).to_be_focused()
    expect(search).to_have_value("")  # the slash opened search; it was not typed into it


def test_no_shortcut_while_typing(open_app, page):
    open_app("#/day/2026-03-04")
    box = page.get_by_role("textbox", name="New task")
    box.click()
    page.keyboard.type("Draft the kwt plan")  # d, w, t, k, p, c: all letters of a title here
    expect(box).to_have_value("Draft the kwt plan")
    expect(page).to_have_url(re.compile(r"#/day/2026-03-04$"))
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()


def test_p_plans_the_day_as_the_button_does(open_app, page):
    open_app("#/day/2026-03-04")
    add_task(page, "Write the summary 45m", "Write the summary")
    leave_the_field(page)
    page.locator("body").press("p")
    expect(page.get_by_role("region", name="Proposed plan")).to_be_visible()
