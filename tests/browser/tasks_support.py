"""Typing tasks into "New task", shared by the task, planning and time-block tests."""

from playwright.sync_api import Page, expect


def add_task(page: Page, text: str, title: str | None = None) -> None:
    """Quick-add `text` and wait until the task is listed: its checkbox is named by its title
    (`text` itself when quick-add finds nothing to read in it)."""
    box = page.get_by_role("textbox", name="New task")
    box.fill(text)
    box.press("Enter")
    expect(page.get_by_role("checkbox", name=title or text, exact=True)).to_be_visible()
