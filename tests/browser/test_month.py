"""The month view: its route, the "Month" button and `m`, whole weeks of days with their first
events as chips, "+N more" listing the rest, and a day that opens its day view."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_import import hide_sample, import_file


def crowded_ics(tmp_path, day: str = "20260312", count: int = 6):
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:crowd-{n}@test\r\nDTSTAMP:20260301T000000Z\r\nSUMMARY:Meeting {n}\r\n"
        f"DTSTART;TZID=Europe/Berlin:{day}T{8 + n:02d}0000\r\nDTEND;TZID=Europe/Berlin:{day}T{8 + n:02d}3000\r\n"
        "END:VEVENT\r\n" for n in range(count))
    path = tmp_path / "crowded.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daypane tests//EN\r\n" + events + "END:VCALENDAR\r\n")
    return path


def calendar(page: Page):
    return page.get_by_role("region", name="Calendar")


def test_the_month_button_route_and_shortcut_show_whole_weeks_and_a_day_opens_its_day_view(open_app):
    page = open_app("#/week/2026-03-04")
    page.get_by_role("button", name="Month").click()
    expect(page).to_have_url(re.compile(r"#/month/2026-03-04$"))
    expect(page.locator("#range-title")).to_have_text("March 2026")
    # Whole weeks from Monday (en-GB): 23 February to 5 April.
    expect(calendar(page).get_by_role("group", name="Monday 23 February")).to_be_visible()
    expect(calendar(page).get_by_role("group", name="Sunday 5 April")).to_be_visible()
    page.get_by_role("button", name="Next month").click()
    expect(page).to_have_url(re.compile(r"#/month/2026-04-04$"))
    page.keyboard.press("d")
    expect(page).to_have_url(re.compile(r"#/day/2026-04-04$"))
    page.keyboard.press("m")
    expect(page).to_have_url(re.compile(r"#/month/2026-04-04$"))
    calendar(page).get_by_role("link", name="Thursday 16 April").click()
    expect(page).to_have_url(re.compile(r"#/day/2026-04-16$"))


def test_a_crowded_day_shows_its_first_events_and_more_lists_the_rest(open_app, tmp_path):
    page = open_app("#/month/2026-03-04")
    hide_sample(page)
    import_file(page, crowded_ics(tmp_path))
    day = calendar(page).get_by_role("group", name="Thursday 12 March")
    expect(day.get_by_role("button", name=re.compile("^Meeting 0"))).to_be_visible()
    expect(day.get_by_role("button", name=re.compile("^Meeting 5"))).to_have_count(0)
    more = day.get_by_role("button", name=re.compile("more"))
    expect(more).to_have_text("+3 more")
    more.click()
    listed = page.get_by_role("dialog", name="Thursday 12 March")
    expect(listed.get_by_role("button", name=re.compile("^Meeting"))).to_have_count(3)
    listed.get_by_role("button", name=re.compile("^Meeting 5")).click()
    expect(page.get_by_role("dialog", name="Meeting 5")).to_contain_text("13:00")


def test_a_crowded_slot_in_the_week_keeps_the_first_columns_and_more_lists_the_rest(open_app, tmp_path):
    page = open_app("#/week/2026-03-09")
    hide_sample(page)
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:slot-{n}@test\r\nDTSTAMP:20260301T000000Z\r\nSUMMARY:Workshop {n}\r\n"
        "DTSTART;TZID=Europe/Berlin:20260311T100000\r\nDTEND;TZID=Europe/Berlin:20260311T110000\r\n"
        "END:VEVENT\r\n" for n in range(5))
    path = tmp_path / "slot.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daypane tests//EN\r\n" + events + "END:VCALENDAR\r\n")
    import_file(page, path)
    day = calendar(page).get_by_role("group", name="Wednesday 11 March")
    expect(day.get_by_role("button", name=re.compile("^Workshop"))).to_have_count(2)
    more = day.get_by_role("button", name=re.compile("more"))
    expect(more).to_have_text("+3 more")
    box = more.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24, box  # a target one can hit (WCAG 2.2 target size)
    more.click()
    expect(page.get_by_role("dialog", name="Wednesday 11 March").get_by_role(
        "button", name=re.compile("^Workshop"))).to_have_count(3)


def test_the_mini_month_jumps_to_a_day_by_click_or_keyboard_and_marks_today(open_app):
    page = open_app("#/week/2026-03-04")
    picker = page.get_by_role("group", name="Pick a date")
    expect(picker.get_by_role("button", name="4 March 2026", exact=True)).to_have_attribute("aria-current", "date")
    picker.get_by_role("button", name="19 March 2026").click()
    expect(page).to_have_url(re.compile(r"#/day/2026-03-19$"))
    # The keyboard: one stop in the tab order; arrows move by a day or a week, into the next month too.
    picker.get_by_role("button", name="19 March 2026").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    expect(picker.get_by_role("button", name="3 April 2026", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/day/2026-04-03$"))
    picker.get_by_role("button", name="Show later dates").click()
    picker.get_by_role("button", name="24 May 2026").click()
    expect(page).to_have_url(re.compile(r"#/day/2026-05-24$"))
