"""Python starts from the build's memory snapshot, and without it (missing, damaged) the ordinary way.

static/interpreter.mjs names the path it took on <html data-interpreter>: "restored" after a
restore, "started" after an ordinary start. Either way the app must be fully usable,
which the rest of the browser suite checks on the restored path.
"""

import gzip
import re

from playwright.sync_api import expect

SNAPSHOT = re.compile(r".*/vendor/snapshot\.bin\.gz$")


def started_by(page) -> str:
    return page.evaluate("document.documentElement.dataset.interpreter")


def add_and_see_a_task(page, title: str) -> None:
    box = page.get_by_role("textbox", name="New task")
    box.fill(f"{title} tomorrow 15:00")
    box.press("Enter")
    expect(page.get_by_role("checkbox", name=title, exact=True)).to_be_visible()


def test_python_starts_from_the_memory_snapshot_and_the_app_works(open_app):
    page = open_app("#/week/2026-03-04")
    assert started_by(page) == "restored"
    # Imports done lazily after the restore (quick-add's parser, zone data read from the
    # site-packages zip in place) work as after an ordinary start.
    add_and_see_a_task(page, "Call the plumber")
    # The sample's 09:30 Berlin stand-up: times are in the page's zone, not the build machine's UTC.
    expect(page.get_by_role("button", name=re.compile(r"^Stand-up, 09:30–09:45")).first).to_be_visible()


def test_a_missing_snapshot_means_an_ordinary_start(open_app, context):
    context.route(SNAPSHOT, lambda route: route.fulfill(status=404, body="missing"))
    page = open_app()
    assert started_by(page) == "started"
    add_and_see_a_task(page, "Water the plants")


def test_a_damaged_snapshot_means_an_ordinary_start(open_app, context):
    # A valid gzip whose content is not a snapshot (Pyodide checks its magic number and build id).
    context.route(SNAPSHOT, lambda route: route.fulfill(status=200, body=gzip.compress(b"\0" * 4096)))
    page = open_app()
    assert started_by(page) == "started"
    add_and_see_a_task(page, "Book the dentist")


def test_a_truncated_snapshot_download_means_an_ordinary_start(open_app, context):
    context.route(SNAPSHOT, lambda route: route.fulfill(status=200, body=gzip.compress(b"x" * 65536)[:100]))
    page = open_app()
    assert started_by(page) == "started"

