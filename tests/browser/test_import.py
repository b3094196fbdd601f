"""Importing .ics files: real exports land on the right days and times, bad files change nothing.

Fixtures are real-world shaped exports (tests/fixtures/ics). The browser's zone is fixed per test.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIXTURES, wait_ready


def import_file(page: Page, path) -> None:
    page.get_by_label("Import .ics file").set_input_files(str(path))


def event(page: Page, label_start: str):
    return page.get_by_role("region", name="Calendar").get_by_role(
        "button", name=re.compile("^" + re.escape(label_start)))


def hide_sample(page: Page) -> None:
    page.get_by_role("checkbox", name="Show sample calendar").uncheck()


def test_outlook_export_windows_zones_exceptions_and_exdate(open_app):
    page = open_app("#/week/2026-01-12")
    hide_sample(page)
    import_file(page, FIXTURES / "outlook-export.ics")
    expect(page.get_by_role("status").filter(has_text="Imported")).to_contain_text(
        "Imported 2 events")  # a series (with its moved occurrence) and a meeting
    expect(page.get_by_role("list", name="Your calendars")).to_contain_text("Work")
    # 09:30 "GMT Standard Time" is 10:30 in Berlin.
    expect(event(page, "Weekly planning, 10:30–11:00, Room 2.14")).to_have_count(1)
    expect(event(page, "Tentative: vendor demo, 17:00–18:00")).to_contain_text("tentative")
    # The week of 26 January: the occurrence moved to Tuesday 15:00 Berlin.
    page.goto(page.url.split("#")[0] + "#/week/2026-01-26")
    expect(page.locator('.day-col[data-day="2026-01-27"]').get_by_role(
        "button", name=re.compile(r"^Weekly planning \(moved\), 15:00–15:30"))).to_be_visible()
    expect(event(page, "Weekly planning, ")).to_have_count(0)
    # 2 February is excluded (EXDATE).
    page.goto(page.url.split("#")[0] + "#/week/2026-02-02")
    expect(event(page, "Weekly planning")).to_have_count(0)


@pytest.mark.zone("America/Chicago")
@pytest.mark.now(datetime(2026, 1, 20, 9, 0, tzinfo=ZoneInfo("America/Chicago")))
def test_google_export_with_x_wr_timezone_all_day_and_cancelled(open_app):
    page = open_app("#/week/2026-01-12")
    hide_sample(page)
    import_file(page, FIXTURES / "google-export.ics")
    expect(page.get_by_role("list", name="Your calendars")).to_contain_text("Family")
    # 01:00 UTC on Monday is Sunday 19:00 in Chicago.
    expect(page.locator('.day-col[data-day="2026-01-18"]').get_by_role(
        "button", name=re.compile(r"^Sunday call with grandparents, 19:00–20:00"))).to_be_visible()
    # The instance of 1 February is cancelled: shown as cancelled, not as a meeting.
    page.goto(page.url.split("#")[0] + "#/week/2026-02-01")
    cancelled = page.locator('.day-col[data-day="2026-02-01"] .event')
    expect(cancelled).to_have_count(1)
    expect(cancelled).to_have_accessible_name(re.compile(r"^Cancelled: Sunday call with grandparents, 19:00"))
    expect(cancelled).to_have_class(re.compile(r"\bcancelled\b"))
    # The multi-day all-day event covers Friday to Sunday.
    page.goto(page.url.split("#")[0] + "#/week/2026-02-13")
    for index in (4, 5, 6):
        expect(page.locator(".allday-cell").nth(index)).to_contain_text("Ski weekend")
    expect(page.locator(".allday-cell").nth(3)).not_to_contain_text("Ski weekend")


def test_apple_export_with_duration(open_app):
    page = open_app("#/day/2026-01-21")
    import_file(page, FIXTURES / "apple-export.ics")
    # 15:00 in Tokyo is 07:00 in Berlin; DURATION:PT45M.
    expect(event(page, "Dentist, 07:00–07:45, Shibuya")).to_be_visible()


def test_imported_calendar_survives_reload_can_be_hidden_and_removed(open_app):
    page = open_app("#/day/2026-01-21")
    import_file(page, FIXTURES / "apple-export.ics")
    expect(event(page, "Dentist")).to_be_visible()
    page.reload()
    wait_ready(page)
    expect(event(page, "Dentist")).to_be_visible()
    calendars = page.get_by_role("list", name="Your calendars")
    calendars.get_by_role("checkbox").uncheck()
    expect(event(page, "Dentist")).to_have_count(0)
    calendars.get_by_role("checkbox").check()
    expect(event(page, "Dentist")).to_be_visible()
    calendars.get_by_role("button", name=re.compile("^Remove")).click()
    expect(event(page, "Dentist")).to_have_count(0)
    page.reload()
    wait_ready(page)
    expect(event(page, "Dentist")).to_have_count(0)
    expect(calendars.get_by_role("listitem")).to_have_count(0)


@pytest.mark.parametrize("name, content, says", [
    ("notes.ics", b"Shopping list: milk, eggs", "not an iCalendar"),
    ("page.ics", b"<!doctype html><html><body>Sign in</body></html>", "web page"),
    ("empty.ics", b"", "empty"),
    ("cut.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Half", "incomplete"),
])
def test_a_bad_file_is_explained_and_nothing_is_lost(open_app, tmp_path, name, content, says):
    page = open_app("#/day/2026-01-21")
    page.get_by_role("textbox", name="New task").fill("Precious task")
    page.get_by_role("textbox", name="New task").press("Enter")
    import_file(page, FIXTURES / "apple-export.ics")
    expect(event(page, "Dentist")).to_be_visible()
    bad = tmp_path / name
    bad.write_bytes(content)
    import_file(page, bad)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"“{name}” was not imported")
    expect(alert).to_contain_text(re.compile(says, re.I))
    # Nothing lost, nothing added.
    expect(page.get_by_role("checkbox", name="Precious task")).to_be_visible()
    expect(event(page, "Dentist")).to_be_visible()
    expect(page.get_by_role("list", name="Your calendars").get_by_role("listitem")).to_have_count(1)


def test_hostile_event_text_is_shown_as_text_and_runs_nothing(open_app, tmp_path):
    hostile = '<img src=x onerror="document.title=\'pwned\'">'
    path = tmp_path / "hostile.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:x1\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20260304T120000Z\r\nDTEND:20260304T130000Z\r\n"
        f"SUMMARY:{hostile}\r\nLOCATION:<script>document.title='pwned'</script>\r\n"
        f"DESCRIPTION:<b>bold?</b> {hostile}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    page = open_app()
    import_file(page, path)
    block = page.locator(".day-col .event", has_text="onerror")
    expect(block).to_have_accessible_name(re.compile("^" + re.escape(hostile) + ", 13:00–14:00"))
    block.click()
    expect(page.get_by_role("dialog")).to_contain_text("<b>bold?</b>")
    assert page.locator("#agenda img, #event-dialog img, #event-dialog b").count() == 0
    assert page.title() == "Daypane"


def test_drop_a_file_anywhere_to_import(open_app):
    page = open_app("#/day/2026-01-21")
    text = (FIXTURES / "apple-export.ics").read_text()
    page.evaluate("""(text) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], "dropped.ics", {type: "text/calendar"}));
        for (const type of ["dragover", "drop"]) {
            document.body.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }
    }""", text)
    expect(event(page, "Dentist, 07:00–07:45")).to_be_visible()


# Real exports from the test corpora of recurring-ical-events and icalendar
# (see tests/fixtures/ics/README.md for where each comes from).
@pytest.mark.parametrize("fixture, fragment, day, label", [
    # Google export with X-WR-TIMEZONE:America/New_York, seen from New York.
    pytest.param("rie-x_wr_timezone_simple_events_issue_59.ics", "#/day/2021-12-22", "2021-12-22",
                 "Google Calendar says this is noon to 1PM on 12/22/2021, 12:00–13:00",
                 marks=pytest.mark.zone("America/New_York"), id="google-x-wr-timezone"),
    # Outlook's unquoted Windows TZID "Eastern Standard Time": 17:00 there is 22:00 in Berlin.
    pytest.param("icalendar-issue_836_do_not_quote_tzid.ics", "#/day/2024-10-28", "2024-10-28",
                 "Anonymous Test Event for TZID, 22:00", id="outlook-windows-tzid"),
    # A recurring event with one occurrence moved (17 Dec 2021), in Berlin.
    pytest.param("rie-issue_62_moved_event.ics", "#/week/2021-12-17", "2021-12-17",
                 "Karaoke, 21:30", id="moved-occurrence"),
    # Apple-created event in a Google export, Europe/Zurich, daily on weekdays.
    pytest.param("icalendar-x_location.ics", "#/day/2016-11-02", "2016-11-02",
                 "Daily Sync, 14:00–14:30", id="apple-via-google"),
])
def test_corpus_exports_land_on_the_right_day_and_time(open_app, fixture, fragment, day, label):
    page = open_app(fragment)
    hide_sample(page)
    import_file(page, FIXTURES / fixture)
    # A string name matches a part of the accessible name (a regex with "/" trips Playwright).
    expect(page.locator(f'.day-col[data-day="{day}"]').get_by_role("button", name=label)).to_have_count(1)


def test_an_imported_events_url_is_a_plain_link_not_outlook(open_app, tmp_path):
    page = open_app("#/day/2026-03-04")
    hide_sample(page)
    path = tmp_path / "talks.ics"
    path.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                    "UID:talk@daypane.test\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:20260304T120000Z\r\n"
                    "DTEND:20260304T130000Z\r\nSUMMARY:Lightning talks\r\n"
                    "URL:https://talks.example.org/2026/lightning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    import_file(page, path)
    event(page, "Lightning talks, 13:00–14:00").click()
    dialog = page.get_by_role("dialog", name="Lightning talks")
    expect(dialog.get_by_role("link", name="Open link")).to_have_attribute(
        "href", "https://talks.example.org/2026/lightning")
    expect(dialog.get_by_role("link", name=re.compile("Outlook"))).to_have_count(0)
