"""A hostile calendar cannot hurt the page: importing a file with a series that repeats every
minute still draws the week (the other events too), says which event is simplified, and the page
keeps answering (a task typed right after is added)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import FIXTURES

HOSTILE = FIXTURES.parent / "hostile" / "minutely.ics"


def test_a_minutely_series_is_one_block_per_day_with_a_notice_and_the_page_still_answers(open_app):
    page = open_app("#/week/2026-03-02")
    page.get_by_role("checkbox", name="Show sample calendar").uncheck()
    page.get_by_label("Import .ics file").set_input_files(str(HOSTILE))
    expect(page.get_by_role("status").filter(has_text="Imported")).to_contain_text("Imported 3 events")
    calendar = page.get_by_role("region", name="Calendar")
    # The other events of the file are drawn.
    expect(calendar.get_by_role("button", name=re.compile(r"^Design review, 14:00–15:00"))).to_have_count(1)
    expect(calendar.get_by_role("button", name=re.compile(r"^Team stand-up, 09:15–09:30"))).to_have_count(5)
    # The minutely series: one marked block per day of the week, and a notice naming it.
    expect(calendar.get_by_role("button", name=re.compile(r"^Server heartbeat \(repeats every minute\)"))
           ).to_have_count(7)
    expect(page.get_by_role("alert").filter(has_text="Server heartbeat")).to_contain_text(
        "“Server heartbeat” repeats every minute; Daypane shows it as one block per day.")
    # The page still answers.
    box = page.get_by_role("textbox", name="New task")
    box.fill("Check the server")
    box.press("Enter")
    expect(page.get_by_role("checkbox", name="Check the server", exact=True)).to_be_visible()
