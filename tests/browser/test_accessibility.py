"""axe-core (dev dependency, injected by the test, never shipped) finds no violations on each
screen, and the main flows work from the keyboard alone."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import FIXTURES, ROOT, ZONE

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text()


# WCAG 2.0, 2.1 and 2.2 at levels A and AA: 2.2 adds target size (24 px, or spacing).
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page: Page, tags: list[str] | None = None) -> list[str]:
    # evaluate() runs through the DevTools protocol, outside the page's CSP (an inline script
    # tag would be refused, as it should be).
    page.evaluate(AXE)
    result = page.evaluate("async (tags) => (await axe.run(document, tags ? {runOnly: {type: 'tag', values: tags}} : {})).violations",
                           tags)
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result]


def in_each_scheme(page: Page, tags: list[str]) -> dict[str, list[str]]:
    """axe's findings in the light and the dark scheme: the page redraws its colours at once."""
    found = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found[scheme] = violations(page, tags)
    return found


@pytest.mark.parametrize("width", [1280, 1920, 390])
def test_wcag_22_aa_holds_on_every_screen_at_each_width_in_light_and_dark(open_app, page, width):
    """The day, week and month with the sample, quarter-hour events and a planned day's blocks (each
    with its "Done" box), the task list, and the settings: nothing found, WCAG 2.2 rules on, in
    either colour scheme (one page, both schemes checked on each screen)."""
    page.set_viewport_size({"width": width, "height": 800 if width > 600 else 844})
    phone = width <= 600
    open_app("#/day/2026-03-04")
    if phone:
        page.get_by_role("button", name="Tasks", exact=True).click()
    for text in ("Write the report today 2h !high #Work", "Reply to Sam today 20m", "Book the dentist today 15m",
                 "Call the bank tomorrow 11:00 30m"):
        page.get_by_role("textbox", name="New task").fill(text)
        page.get_by_role("textbox", name="New task").press("Enter")
    expect(page.get_by_role("checkbox", name="Call the bank", exact=True)).to_be_visible()
    if phone:
        page.get_by_role("button", name="Calendar", exact=True).click()
    page.get_by_role("button", name="Plan my day").click()
    page.get_by_role("button", name="Accept plan").click()
    expect(page.get_by_role("group", name="Time block: Reply to Sam")).to_be_visible()
    found = {}
    for route, shown in (("#/day/2026-03-04", "Time block: Reply to Sam"), ("#/week/2026-03-04", "Time block: Reply to Sam"),
                         ("#/month/2026-03-04", None), ("#/settings", None)):
        page.evaluate("route => { location.hash = route }", route)
        if shown:
            expect(page.get_by_role("group", name=shown)).to_be_visible()
        elif route == "#/settings":
            expect(page.get_by_role("button", name="Export backup")).to_be_visible()
        else:
            expect(page.get_by_role("button", name="Month", exact=True)).to_have_attribute("aria-pressed", "true")
        found[route] = in_each_scheme(page, WCAG_22_AA)
        if phone and route != "#/settings":
            page.get_by_role("button", name="Tasks", exact=True).click()
            found[route + " tasks"] = in_each_scheme(page, WCAG_22_AA)
            page.get_by_role("button", name="Calendar", exact=True).click()
    assert found == {screen: {"light": [], "dark": []} for screen in found}


@pytest.mark.parametrize("fragment", ["", "#/week/2026-03-04", "#/settings"])
def test_no_violations_on_each_screen(open_app, fragment):
    page = open_app(fragment)
    page.get_by_role("textbox", name="New task").fill("Check accessibility")
    page.get_by_role("textbox", name="New task").press("Enter")
    expect(page.get_by_role("checkbox", name="Check accessibility")).to_be_visible()
    assert violations(page) == []


def test_no_violations_with_an_alert_and_the_event_dialog(open_app, tmp_path):
    page = open_app()
    bad = tmp_path / "bad.ics"
    bad.write_text("not a calendar")
    page.get_by_label("Import .ics file").set_input_files(str(bad))
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_role("region", name="Calendar").get_by_role("button", name=re.compile("^Stand-up")).click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert violations(page) == []


def test_keyboard_only_add_complete_and_navigate(open_app):
    page = open_app()
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the two page links: the New task box
    expect(page.get_by_role("textbox", name="New task")).to_be_focused()
    page.keyboard.type("Typed only")
    page.keyboard.press("Enter")
    checkbox = page.get_by_role("checkbox", name="Typed only", exact=True)
    expect(checkbox).to_be_visible()
    page.keyboard.press("Tab")
    expect(checkbox).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#task-list li.done")).to_have_count(1)
    page.get_by_role("button", name="Next day").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#/day/2026-03-05$"))


def test_no_violations_on_the_admin_page_and_the_consent_landing(context, open_app, site_url, page):
    import json as _json
    config = {"microsoft": {"clientId": "0b8f3c9e-5d1a-4c2b-9a7e-6f4d3e2c1b0a"}}
    context.route(site_url + "config.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=_json.dumps(config)))
    open_app("#/admin")
    page.get_by_role("textbox", name="Tenant ID or domain").fill("contoso.com")
    expect(page.get_by_role("link", name="Grant consent for your organization")).to_be_visible()
    assert violations(page) == []
    open_app("?admin_consent=True&tenant=72f988bf-86f1-41af-91ab-2d7cd011db47")
    expect(page.get_by_role("heading", name="Admin consent granted")).to_be_visible()
    assert violations(page) == []


@pytest.mark.parametrize("opener", ["Add CalDAV account", "Subscribe to calendar URL"])
def test_no_violations_in_an_open_provider_dialog(open_app, opener):
    page = open_app()
    page.get_by_role("button", name=opener).click()
    page.get_by_role("dialog", name=opener).wait_for()
    assert violations(page) == []


def accessible_buttons(context, page: Page) -> set[str]:
    """The names of the buttons in Chromium's own accessibility tree (what assistive technology
    is given), leaving out the nodes Chromium ignores (behind a modal dialog, hidden...)."""
    cdp = context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return {node["name"]["value"] for node in nodes
            if not node.get("ignored") and node.get("role", {}).get("value") == "button" and node.get("name")}


@pytest.mark.parametrize("opener, submit", [("Add CalDAV account", "Connect"),
                                            ("Subscribe to calendar URL", "Subscribe")])
def test_a_provider_dialog_is_modal_and_hides_nothing(open_app, context, opener, submit):
    page = open_app()
    page.get_by_role("button", name=opener).click()
    dialog = page.get_by_role("dialog", name=opener)
    expect(dialog.get_by_role("button", name=submit, exact=True)).to_be_visible()
    # A real modal: showModal() makes the page behind inert, so assistive technology is offered
    # only the dialog's own buttons, and the keyboard stays in it.
    assert dialog.evaluate("d => d.matches(':modal')")
    assert accessible_buttons(context, page) == {submit, "Cancel"}
    for _ in range(10):  # past the last control, Tab goes to the browser's own UI, not the page
        page.keyboard.press("Tab")
        assert dialog.evaluate("d => d.contains(document.activeElement) || document.activeElement === document.body")
    # Nothing is marked aria-hidden to get there: the page behind is reported as it is (the hour
    # labels, the weekday letters over the month grids and the fold buttons' arrows are decoration,
    # hidden always).
    decoration = ":not(.hours):not(.mini-weekday):not(.month-head):not(.fold-arrow)"
    assert page.locator(f"main [aria-hidden]{decoration}").count() == 0
    expect(page.get_by_role("button", name="Connect Outlook")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert {"Connect Outlook", opener} <= accessible_buttons(context, page)


@pytest.mark.parametrize("fragment", ["#/day/2026-03-04", "#/week/2026-03-02"])
def test_no_violations_with_time_blocks_an_overlap_a_proposed_plan_and_a_task_being_edited(open_app, fragment):
    page = open_app(fragment)
    box = page.get_by_role("textbox", name="New task")
    for text in ("Prepare slides today 13:30 1h #Work !high", "Done block today 16:00 30m", "Write the summary today 1h",
                 "Paint the lighthouse today 9h"):
        box.fill(text)
        box.press("Enter")
    expect(page.get_by_role("checkbox", name="Paint the lighthouse", exact=True)).to_be_visible()
    page.get_by_role("group", name="Time block: Done block").get_by_role("checkbox", name="Done").click()  # click, not check(): the redraw replaces the box
    expect(page.get_by_role("checkbox", name="Done block", exact=True)).to_be_checked()
    page.get_by_role("button", name="Plan my day").click()
    expect(page.get_by_role("region", name="Proposed plan")).to_contain_text("does not fit")
    page.get_by_role("button", name="Edit Write the summary").click()
    expect(page.get_by_label("Scheduled for")).to_be_visible()
    assert violations(page) == []


def test_no_violations_in_settings_working_hours(open_app):
    page = open_app("#/settings")
    expect(page.get_by_role("button", name="Use these working hours")).to_be_visible()
    assert violations(page) == []


@pytest.mark.now(datetime(2026, 3, 4, 10, 28, tzinfo=ZoneInfo(ZONE)))
@pytest.mark.locale("en-US")
def test_no_violations_on_a_phone_with_a_reminder_and_a_join_link(context, page, open_app):
    """The phone layout (Tasks/Calendar switch), an in-app reminder and a block's Join link."""
    context.add_init_script("Object.defineProperty(Notification, 'permission', {get: () => 'denied'});")
    page.set_viewport_size({"width": 390, "height": 844})
    open_app("#/settings")
    page.get_by_label("Remind me before events").select_option(label="10 minutes")
    page.get_by_label("Import .ics file").set_input_files(str(FIXTURES / "online-meetings.ics"))
    expect(page.locator(".reminder").first).to_be_visible()  # Supplier call, 10:35 (7 minutes)
    assert violations(page) == []
    page.get_by_role("link", name="Back to the calendar").click()
    expect(page.locator("#agenda").get_by_role("link", name="Join Supplier call", exact=True)).to_be_visible()
    expect(page.get_by_role("status", name="Reminders").get_by_role("link", name="Join Supplier call")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("button", name="Tasks", exact=True).click()
    assert violations(page) == []
