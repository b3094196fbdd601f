"""Tasks, issue 13: the Edit form's notes, list, priority, due date and repeat (kept after a
reload), a repeating task's next one, the list filter, importing to-dos, and the export imported
into a fresh profile."""

import re

import icalendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIXTURES, NOW, ZONE, wait_ready
from tests.browser.test_tasks import add, expect_titles


def item(page: Page, title: str, done: bool | None = None):
    box = page.get_by_role("checkbox", name=title, exact=True)
    if done is not None:
        box = box.and_(page.locator(":checked" if done else ":not(:checked)"))
    return page.locator("#task-list li", has=box)


def edit(page: Page, title: str):
    page.get_by_role("button", name=f"Edit {title}", exact=True).click()
    return page.locator("#task-list form")


def import_file(page: Page, path) -> None:
    page.get_by_label("Import .ics file").set_input_files(str(path))


def status(page: Page, text: str):
    return page.get_by_role("status").filter(has_text=text)


def test_notes_list_priority_due_and_repeat_are_saved_and_kept_after_a_reload(open_app):
    page = open_app()
    add(page, "Water the plants")
    form = edit(page, "Water the plants")
    form.get_by_role("textbox", name="Notes").fill("The rain barrel first.\nThen the tap.")
    form.get_by_label("Scheduled for").fill("2026-03-06")  # a Friday: Repeat names it now
    form.get_by_label("Due").fill("2026-03-07")
    form.get_by_label("Priority").select_option(label="High")
    form.get_by_label("Repeat").select_option(label="Weekly on Friday")
    form.get_by_role("combobox", name="List", exact=True).fill("Home")
    form.get_by_role("combobox", name="List", exact=True).press("Enter")  # a single-line field saves
    line = item(page, "Water the plants")
    expect(line.get_by_title("List")).to_have_text("Home")
    expect(line.get_by_title("Priority")).to_have_text("High priority")
    expect(line.get_by_title("Due")).to_have_text("due Sat 7 Mar")
    expect(line.get_by_title("Repeat")).to_have_text("↻ Weekly")
    page.reload()
    wait_ready(page)
    form = edit(page, "Water the plants")
    expect(form.get_by_role("textbox", name="Notes")).to_have_value("The rain barrel first.\nThen the tap.")
    expect(form.get_by_role("combobox", name="List", exact=True)).to_have_value("Home")
    expect(form.get_by_label("Priority")).to_have_value("high")
    expect(form.get_by_label("Due")).to_have_value("2026-03-07")
    expect(form.get_by_label("Repeat").locator("option:checked")).to_have_text("Weekly on Friday")
    form.get_by_label("Priority").press("Escape")
    expect(page.locator("#task-list form")).to_have_count(0)


def test_a_repeat_without_a_day_is_refused_and_the_form_stays(open_app):
    page = open_app()
    add(page, "Someday")
    form = edit(page, "Someday")
    form.get_by_label("Repeat").select_option(label="Daily")
    form.get_by_role("textbox", name="Title").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("A repeating task needs a day")
    expect(form).to_be_visible()
    expect(page.get_by_role("checkbox", name="Someday", exact=True)).to_have_count(0)  # still editing


def test_an_other_rule_is_shown_as_custom_and_kept(open_app):
    page = open_app()
    box = page.get_by_role("textbox", name="New task")
    box.fill("Pay rent every month on the 15th")
    box.press("Enter")
    form = edit(page, "Pay rent")
    # The 15th is a Sunday: "Monthly on day 15" is the preset; change nothing but the notes.
    expect(form.get_by_label("Repeat").locator("option:checked")).to_have_text("Monthly on day 15")
    form.get_by_label("Scheduled for").fill("2026-03-16")
    expect(form.get_by_label("Repeat").locator("option:checked")).to_have_text(
        "Custom (FREQ=MONTHLY;BYMONTHDAY=15)")
    form.get_by_role("textbox", name="Title").press("Enter")
    expect(item(page, "Pay rent").get_by_title("Scheduled for")).to_have_text("Mon 16 Mar")
    form = edit(page, "Pay rent")
    expect(form.get_by_label("Repeat").locator("option:checked")).to_have_text(
        "Custom (FREQ=MONTHLY;BYMONTHDAY=15)")


def test_completing_a_repeating_task_from_the_form_creates_the_next_one(open_app):
    page = open_app()
    add(page, "Stand-up")
    form = edit(page, "Stand-up")
    form.get_by_label("Scheduled for").fill("2026-03-06")  # a Friday
    form.get_by_label("Repeat").select_option(label="Every weekday")
    form.get_by_label("Scheduled for").press("Enter")
    expect(item(page, "Stand-up").get_by_title("Repeat")).to_have_text("↻ Weekdays")
    # click(), not check(): check() looks at the box again after the click, when the redraw may
    # already show two boxes of that name (strict mode refuses).
    page.get_by_role("checkbox", name="Stand-up", exact=True).click()
    expect(page.get_by_role("checkbox", name="Stand-up", exact=True)).to_have_count(2)
    expect(item(page, "Stand-up", done=False).get_by_title("Scheduled for")).to_have_text("Mon 9 Mar")
    page.reload()
    wait_ready(page)
    expect(item(page, "Stand-up", done=True)).to_have_count(1)
    expect(item(page, "Stand-up", done=False).get_by_title("Repeat")).to_have_text("↻ Weekdays")


def test_the_list_filter_combines_with_the_tabs_and_the_search(open_app):
    page = open_app()
    box = page.get_by_role("textbox", name="New task")
    for text in ("Report today #Work", "Groceries today #Home", "Slides #Work", "Call mum"):
        box.fill(text)
        box.press("Enter")
    expect(page.get_by_role("checkbox", name="Call mum", exact=True)).to_be_visible()
    tasks = page.get_by_role("region", name="Tasks")
    lists = tasks.get_by_role("combobox", name="Filter by list")
    expect(lists.locator("option")).to_have_text(["All lists", "Inbox", "Work", "Home"])
    lists.select_option(label="Work")
    expect_titles(page, ["Report", "Slides"])
    page.get_by_role("tab", name="Today").click()
    expect_titles(page, ["Report"])
    page.get_by_role("tab", name="All tasks").click()
    tasks.get_by_role("searchbox", name="Search tasks").fill("s")
    expect_titles(page, ["Slides"])  # "Groceries" has an s too, but is in Home
    lists.select_option(label="All lists")
    expect_titles(page, ["Groceries", "Slides"])
    # The filter and the search share one line, on the desktop and at a phone's width.
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 844})
        if width <= 600:  # a phone shows Tasks or Calendar: Tasks, here
            page.get_by_role("button", name="Tasks", exact=True).click()
        search = tasks.get_by_role("searchbox", name="Search tasks").bounding_box()
        chosen = lists.bounding_box()
        assert abs(search["y"] - chosen["y"]) < chosen["height"], (width, search, chosen)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_importing_to_dos_makes_tasks_once_and_no_empty_calendar(open_app):
    page = open_app()
    import_file(page, FIXTURES / "thunderbird-tasks.ics")
    expect(status(page, "Imported")).to_have_text("Imported 4 tasks.")
    taxes = item(page, "Steuererklärung abgeben")
    expect(taxes.get_by_title("List")).to_have_text("Finanzen")
    expect(taxes.get_by_title("Priority")).to_have_text("High priority")
    expect(taxes.get_by_title("Time block")).to_have_text("09:00–11:00")
    expect(page.get_by_role("checkbox", name="Fahrrad zur Inspektion bringen", exact=True)).to_be_checked()
    expect(page.get_by_role("list", name="Your calendars").get_by_role("listitem")).to_have_count(0)
    import_file(page, FIXTURES / "thunderbird-tasks.ics")
    expect(status(page, "Imported")).to_have_text("Imported 0 tasks (4 already here).")
    page.reload()
    wait_ready(page)
    expect(page.locator("#task-list .task")).to_have_count(4)


def test_dropping_a_to_do_file_imports_its_tasks(open_app):
    page = open_app()
    text = (FIXTURES / "only-todos.ics").read_text()
    page.evaluate("""(text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], "chores.ics", {type: "text/calendar"}));
        for (const type of ["dragover", "drop"]) {
            document.body.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }
    }""", text)
    expect(status(page, "Imported")).to_have_text("Imported 2 tasks.")
    expect_titles(page, ["Buy milk", "Water plants"])
    expect(item(page, "Water plants").get_by_title("Due")).to_have_text("due Thu 5 Mar")
    expect(page.get_by_role("list", name="Your calendars").get_by_role("listitem")).to_have_count(0)


def test_a_file_with_events_and_to_dos_makes_a_calendar_and_tasks(open_app):
    page = open_app("#/week/2026-03-02")
    import_file(page, FIXTURES / "mixed-components.ics")
    expect(status(page, "Imported")).to_contain_text("Imported 2 events from “Work”.")
    expect(status(page, "Imported")).to_contain_text("Imported 1 task.")
    expect(status(page, "Imported")).not_to_contain_text("to-do (VTODO")  # it is a task now
    expect(page.get_by_role("list", name="Your calendars")).to_contain_text("Work")
    expect(page.get_by_role("checkbox", name="A to-do", exact=True)).to_be_visible()


def test_the_export_imported_into_a_fresh_profile_recreates_the_tasks(open_app, browser, site_url, tmp_path):
    page = open_app("#/day/2026-03-04")
    box = page.get_by_role("textbox", name="New task")
    for text in ("Stand-up today 09:15 15m every weekday !medium #Work", "Pay the invoice due fri !high #Office",
                 "Filed taxes"):
        box.fill(text)
        box.press("Enter")
    expect(page.get_by_role("checkbox", name="Filed taxes", exact=True)).to_be_visible()
    page.get_by_role("checkbox", name="Filed taxes", exact=True).check()
    expect(page.locator("#task-list li.done")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export tasks (.ics)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert len(icalendar.Calendar.from_ical(path.read_bytes()).walk("VTODO")) == 3

    fresh = browser.new_context(timezone_id=ZONE, locale="en-GB", service_workers="block",
                                viewport={"width": 1400, "height": 900})
    try:
        other = fresh.new_page()
        other.clock.set_fixed_time(NOW)
        other.goto(site_url + "#/day/2026-03-04")
        wait_ready(other)
        expect(other.locator("#task-list .task")).to_have_count(0)
        import_file(other, path)
        expect(status(other, "Imported")).to_have_text("Imported 3 tasks.")
        expect_titles(other, ["Stand-up", "Pay the invoice", "Filed taxes"])
        standup = item(other, "Stand-up")
        expect(standup.get_by_title("List")).to_have_text("Work")
        expect(standup.get_by_title("Priority")).to_have_text("Medium priority")
        expect(standup.get_by_title("Time block")).to_have_text("09:15–09:30")
        expect(standup.get_by_title("Repeat")).to_have_text("↻ Weekdays")
        invoice = item(other, "Pay the invoice")
        expect(invoice.get_by_title("Due")).to_have_text("due Fri 6 Mar")
        expect(invoice.get_by_title("List")).to_have_text("Office")
        expect(other.get_by_role("checkbox", name="Filed taxes", exact=True)).to_be_checked()
        calendar = other.get_by_role("region", name="Calendar")
        expect(calendar.get_by_role("button", name=re.compile(r"^Stand-up, 09:15–09:30"))).to_have_count(1)
        expect(other.get_by_role("list", name="Your calendars").get_by_role("listitem")).to_have_count(0)
    finally:
        fresh.close()


def test_the_edit_form_and_the_list_filter_have_no_accessibility_violations(open_app):
    from tests.browser.test_accessibility import violations
    page = open_app()
    add(page, "Check the form")
    edit(page, "Check the form")
    assert violations(page) == []
