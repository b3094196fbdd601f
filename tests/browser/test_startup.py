"""Start-up: the page reaches `ready` on our own runtime, or says clearly that it could not."""

from playwright.sync_api import expect

from conftest import wait_ready


def test_reaches_ready_with_the_landmarks_enabled(open_app, audit):
    page = open_app()
    expect(page.get_by_role("region", name="Tasks")).to_be_visible()
    expect(page.get_by_role("region", name="Calendar")).to_be_visible()
    expect(page.get_by_role("textbox", name="New task")).to_be_enabled()
    expect(page.get_by_text("Starting Daypane")).to_be_hidden()


def test_the_runtime_comes_from_our_own_origin(open_app, audit, site_url):
    open_app()
    loaded = [url for url in audit.urls if url.startswith(site_url)]
    for part in ("pyodide.asm.wasm", "python_stdlib.zip", "site-packages.zip", "daypane.zip"):
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
