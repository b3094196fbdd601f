"""Online meetings from an imported .ics (tests/fixtures/ics/online-meetings.ics): a "Join" link
in the details for CONFERENCE, X-MICROSOFT-SKYPETEAMSMEETINGURL and a meeting URL in LOCATION,
and on the block itself from 10 minutes before. (Outlook's joinUrl is test_outlook's, Google's
hangoutLink the unit tests'.) The suite's clock: Wednesday 4 March 2026, 10:30 in Berlin."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import FIXTURES

TEAMS = re.compile(r"^https://teams\.microsoft\.com/l/meetup-join/")


def imported(open_app):
    page = open_app()
    page.get_by_label("Import .ics file").set_input_files(str(FIXTURES / "online-meetings.ics"))
    expect(page.locator(".day-col").get_by_role("button", name=re.compile(r"^Zoom retro,"))).to_be_visible()
    return page


def details(page, title: str):
    page.locator(".day-col").get_by_role("button", name=re.compile(rf"^{re.escape(title)},")).click()
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    return dialog


def test_each_ics_way_of_naming_a_meeting_gives_a_join_link_in_the_details(open_app):
    page = imported(open_app)
    for title, href in (("Supplier call", TEAMS), ("Zoom retro", "https://example.zoom.us/j/123456789"),
                        ("Meet in the location", "https://meet.google.com/abc-defg-hij")):
        dialog = details(page, title)
        expect(dialog.get_by_role("link", name=re.compile(r"^Join"))).to_have_attribute("href", href)
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
    dialog = details(page, "Not a meeting")  # a look-alike host, javascript:, http:
    expect(dialog.get_by_role("link", name=re.compile(r"^Join"))).to_have_count(0)


def test_the_block_offers_join_only_from_ten_minutes_before(open_app):
    page = imported(open_app)
    # 10:35 is five minutes away: Join on the block. 16:00 is not.
    expect(page.get_by_role("link", name="Join Supplier call", exact=True)).to_have_attribute("href", TEAMS)
    expect(page.get_by_role("link", name="Join Zoom retro", exact=True)).to_have_count(0)
    # The block's own button still opens the details.
    expect(details(page, "Supplier call").get_by_role("link", name="Open link")).to_have_count(0)
