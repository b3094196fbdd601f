"""Typing tasks into "New task", shared by the task, planning and time-block tests."""

from playwright.sync_api import Page, expect


def until(page: Page, holds, what: str, seconds: float = 15) -> None:
    """Wait until `holds()` (a check of a fake server's state, which Playwright cannot watch),
    polling every 100 ms; fail with `what` after `seconds`."""
    for _ in range(int(seconds * 10)):
        if holds():
            return
        page.wait_for_timeout(100)
    raise AssertionError(what)


def add_task(page: Page, text: str, title: str | None = None) -> None:
    """Quick-add `text` and wait until the task is listed: its checkbox is named by its title
    (`text` itself when quick-add finds nothing to read in it)."""
    box = page.get_by_role("textbox", name="New task")
    box.fill(text)
    box.press("Enter")
    expect(page.get_by_role("checkbox", name=title or text, exact=True)).to_be_visible()
