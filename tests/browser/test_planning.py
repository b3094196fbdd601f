"""Plan my day with the user's working hours (Settings), and "Move to next working day" for
what does not fit. The clock is the suite's: Wednesday 4 March 2026, 10:30 in Berlin."""

import re

from playwright.sync_api import Page, expect

from tests.browser.tasks_support import add_task


def add(page: Page, *texts: str) -> None:
    """Quick-add each text; its title is what comes before the first "today"."""
    for text in texts:
        add_task(page, text, text.split(" today")[0])


def open_settings(page: Page) -> None:
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Working hours")).to_be_visible()


def planned_start(page: Page, title: str) -> str:
    """HH:MM of the proposed block of `title`, from its accessible name ("Proposed: T, 13:00–14:00")."""
    ghost = page.get_by_role("region", name="Calendar").get_by_role("button", name=re.compile(f"^Proposed: {title}, "))
    expect(ghost).to_be_visible()
    return re.search(r"(\d\d:\d\d)–", ghost.get_attribute("aria-label") or ghost.inner_text()).group(1)


def test_working_hours_in_settings_decide_where_plan_my_day_puts_blocks_and_survive_reload(open_app):
    page = open_app("#/day/2026-03-04")
    page.get_by_role("checkbox", name="Show sample calendar").uncheck()  # no meetings: the hours alone decide
    add(page, "Write the summary today 1h !high", "Tidy the inbox today 20m")
    page.get_by_role("button", name="Plan my day").click()
    assert planned_start(page, "Write the summary") == "10:30"  # now, inside the default 09:00-17:00
    page.get_by_role("region", name="Proposed plan").get_by_role("button", name="Discard plan").click()

    open_settings(page)
    page.get_by_role("textbox", name="Wednesday End").fill("09:00")
    page.get_by_role("button", name="Use these working hours").click()
    expect(page.get_by_role("alert")).to_contain_text("Wednesday: the end (09:00) must be after the start (09:00).")
    page.get_by_role("textbox", name="Wednesday Start").fill("13:00")
    page.get_by_role("textbox", name="Wednesday End").fill("18:00")
    page.get_by_label("Buffer between blocks").fill("15")
    page.get_by_label("Split long tasks around meetings").check()
    page.get_by_role("checkbox", name="Saturday", exact=True).check()
    page.get_by_role("button", name="Use these working hours").click()
    expect(page.get_by_role("status").filter(has_text="Saved. “Plan my day” uses these hours.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="working hours")).to_have_count(0)

    page.goto(page.url.split("#")[0] + "#/day/2026-03-04")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]")
    page.get_by_role("button", name="Plan my day").click()
    assert planned_start(page, "Write the summary") == "13:00"
    assert planned_start(page, "Tidy the inbox") == "14:15"  # 14:00 + the 15-minute buffer

    open_settings(page)
    expect(page.get_by_role("textbox", name="Wednesday Start")).to_have_value("13:00")
    expect(page.get_by_role("textbox", name="Wednesday End")).to_have_value("18:00")
    expect(page.get_by_label("Buffer between blocks")).to_have_value("15")
    expect(page.get_by_label("Split long tasks around meetings")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Saturday", exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Sunday", exact=True)).not_to_be_checked()


def task_row(page: Page, title: str):
    return page.locator("#task-list li").filter(has=page.get_by_role("checkbox", name=title, exact=True))


def test_move_to_next_working_day_moves_an_unplaced_task_and_undo_puts_it_back(open_app):
    page = open_app("#/day/2026-03-04")
    add(page, "Write the summary today 1h !high", "Paint the lighthouse today 9h", "Rebuild the pier today 8h")
    page.get_by_role("button", name="Plan my day").click()
    proposal = page.get_by_role("region", name="Proposed plan")
    expect(proposal).to_contain_text("Paint the lighthouse (9h) does not fit")
    expect(proposal.get_by_role("button", name="Move all to Thursday 5 March")).to_be_visible()
    move = proposal.get_by_role("button", name=re.compile(r"^Move to next working day \(Thursday 5 March\) Paint the lighthouse"))
    move.click()
    toast = page.locator("#toast")
    expect(toast).to_contain_text("Moved Paint the lighthouse to Thursday 5 March.")
    expect(task_row(page, "Paint the lighthouse")).to_contain_text("Thu 5 Mar")
    # The plan is made again without it; the other task that does not fit is still offered.
    expect(proposal).not_to_contain_text("Paint the lighthouse")
    expect(proposal).to_contain_text("Rebuild the pier (8h) does not fit")
    expect(proposal.get_by_role("button", name="Move all to Thursday 5 March")).to_have_count(0)

    toast.get_by_role("button", name="Undo").click()
    expect(toast).to_contain_text("Move undone.")
    expect(task_row(page, "Paint the lighthouse")).to_contain_text("Wed 4 Mar")
    expect(proposal).to_contain_text("Paint the lighthouse (9h) does not fit")

    page.reload()
    page.wait_for_selector("html[data-app-state=ready]")
    expect(task_row(page, "Paint the lighthouse")).to_contain_text("Wed 4 Mar")
