"""Start-up: the page reaches `ready` on our own runtime, or says clearly that it could not."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ZONE, wait_ready


def test_reaches_ready_with_the_landmarks_enabled(open_app, audit):
    page = open_app()
    expect(page.get_by_role("region", name="Tasks")).to_be_visible()
    expect(page.get_by_role("region", name="Calendar")).to_be_visible()
    expect(page.get_by_role("textbox", name="New task")).to_be_enabled()
    expect(page.get_by_text("Starting Daypane")).to_be_hidden()


def test_the_runtime_comes_from_our_own_origin(open_app, audit, site_url):
    open_app()
    loaded = [url for url in audit.urls if url.startswith(site_url)]
    for part in ("pyodide.asm.wasm", "python_stdlib.zip", "site-packages.zip", "daypane.zip", "snapshot.bin.gz"):
        assert any(url.endswith(part) for url in loaded), f"{part} was not loaded from {site_url}"
    # The audit fixture also fails the test if anything went to another host.


def test_a_runtime_that_cannot_load_shows_an_error_state(context, page, site_url, audit):
    context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(site_url)
    wait_ready(page, expect="error")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Daypane could not start")
    expect(alert).to_contain_text("Reload the page")
    audit.page_errors.clear()  # the failure is the point of this test


def test_the_last_view_is_painted_before_python_read_only_until_it_takes_over(open_app, context, page):
    open_app("#/week/2026-03-04")
    box = page.get_by_role("textbox", name="New task")
    box.fill("Renew passport")
    box.press("Enter")
    expect(page.get_by_role("checkbox", name="Renew passport")).to_be_visible()
    page.wait_for_timeout(800)  # the app saves the view 0.3 s after it settles

    # Next visit, with the runtime held back: only our boot script can paint.
    held = []
    context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: held.append(route))
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("html[data-snapshot='painted']", state="attached", timeout=10_000)
    assert page.evaluate("document.documentElement.dataset.appState") == "loading"
    tasks = page.get_by_role("region", name="Tasks")
    expect(tasks.get_by_text("Renew passport")).to_be_visible()
    expect(page.locator("#agenda").get_by_text("Stand-up").first).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Showing your last view")).to_be_visible()
    # Read-only: the painted parts are inert, the inputs still disabled.
    assert page.evaluate("document.getElementById('task-list').inert") is True
    expect(page.get_by_role("textbox", name="New task")).to_be_disabled()

    for route in held:
        route.continue_()
    context.unroute(re.compile(r".*/pyodide\.asm\.wasm$"))
    wait_ready(page)
    assert page.evaluate("document.getElementById('task-list').inert") is False
    expect(page.get_by_role("checkbox", name="Renew passport")).to_be_enabled()
    assert page.evaluate("document.documentElement.dataset.snapshot") is None


# Whether boot.js painted a snapshot during this load (it marks <html data-snapshot="painted"> until
# Python takes over). Watched from the start, as the mark is gone once the app is ready; the
# performance mark is no witness here: with Playwright's clock installed it is not listed.
WATCH_PAINT = """
new MutationObserver(() => {
  if (document.documentElement.dataset.snapshot === "painted") window.__daypanePainted = true;
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-snapshot"]});
"""


def painted(page) -> bool:
    return page.evaluate("window.__daypanePainted === true")


def test_no_snapshot_is_painted_for_another_view(open_app, context, page):
    context.add_init_script(WATCH_PAINT)
    open_app("#/week/2026-03-04")
    page.wait_for_timeout(800)
    page.reload()
    wait_ready(page)
    assert painted(page)  # the watch sees a paint of the same view...
    # A new load straight into another view. (Not a hash change then a reload: the app saves the
    # view it shows 0.3 s after it settles, so on a busy machine the reload found a snapshot of
    # that very view, and painting it was right.)
    page_url = page.url
    page.goto("about:blank")
    page.goto(page_url.split("#")[0] + "#/week/2026-04-15")
    wait_ready(page)
    assert not painted(page)  # ...and none of another


KIRITIMATI = "Pacific/Kiritimati"  # UTC+14: thirteen hours ahead of the browser's Berlin


def save_today_shown_in(page, open_app, zone: str) -> None:
    """Pick a zone in settings, then show today's view (#/) and let the app save its snapshot."""
    open_app("#/settings")
    page.get_by_label("Time zone").select_option(zone)
    expect(page.get_by_role("status").filter(has_text=f"Times are now shown in {zone}")).to_be_visible()
    page.get_by_role("link", name="Back to the calendar").click()
    expect(page.get_by_role("region", name="Calendar")).to_be_visible()
    page.wait_for_timeout(800)  # the app saves the view 0.3 s after it settles


@pytest.mark.now(datetime(2026, 3, 3, 23, 30, tzinfo=ZoneInfo(ZONE)))  # Kiritimati: Wed 4 March 12:30
def test_todays_snapshot_is_painted_when_it_is_still_today_in_the_zone_picked_in_settings(
        open_app, context, page):
    save_today_shown_in(page, open_app, KIRITIMATI)
    # An hour later Berlin has passed midnight, Kiritimati has not: for the app it is the same day.
    page.clock.set_fixed_time(datetime(2026, 3, 4, 0, 30, tzinfo=ZoneInfo(ZONE)))
    held = []
    context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: held.append(route))
    page.reload(wait_until="domcontentloaded")
    page.wait_for_selector("html[data-snapshot='painted']", state="attached", timeout=10_000)
    for route in held:
        route.continue_()
    context.unroute(re.compile(r".*/pyodide\.asm\.wasm$"))
    wait_ready(page)
    expect(page.locator("#range-title")).to_contain_text("4 Mar")


@pytest.mark.now(datetime(2026, 3, 4, 10, 30, tzinfo=ZoneInfo(ZONE)))  # Kiritimati: Wed 4 March 23:30
def test_yesterdays_snapshot_is_not_painted_after_midnight_in_the_zone_picked_in_settings(
        open_app, context, page):
    context.add_init_script(WATCH_PAINT)
    save_today_shown_in(page, open_app, KIRITIMATI)
    # An hour later it is Thursday in Kiritimati (the app's today), still Wednesday in Berlin.
    page.clock.set_fixed_time(datetime(2026, 3, 4, 11, 30, tzinfo=ZoneInfo(ZONE)))
    page.reload()
    wait_ready(page)
    assert not painted(page)
    expect(page.locator("#range-title")).to_contain_text("5 Mar")
