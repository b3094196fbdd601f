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
    # Kept off WebAssembly's switched stacks on this path too (test_allocation_sampling.py).
    assert page.evaluate("document.documentElement.dataset.stackSwitching") == "off"
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



def kept_version(page) -> str | None:
    """The ETag the kept (unpacked) snapshot was stored under, once stored."""
    return page.evaluate("""async () => {
        const kept = await (await caches.open("unpacked-snapshot")).match(new URL("static/vendor/snapshot.bin.gz", location.href).href);
        return kept ? kept.headers.get("X-Snapshot-ETag") : null;
    }""")


def test_a_warm_start_reads_the_unpacked_snapshot_it_kept_and_a_damaged_one_is_dropped(open_app, page):
    page = open_app()
    assert (started_by(page), page.evaluate("document.documentElement.dataset.heap")) == ("restored", "download")
    for _ in range(50):
        if kept_version(page):
            break
        page.wait_for_timeout(100)
    assert kept_version(page), "the unpacked snapshot was not kept"
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", state="attached")
    assert (started_by(page), page.evaluate("document.documentElement.dataset.heap")) == ("restored", "kept")
    add_and_see_a_task(page, "Fix the gate")
    # Damaged on disk (same version, other bytes): an ordinary start, and the copy is forgotten.
    page.evaluate("""async () => {
        const url = new URL("static/vendor/snapshot.bin.gz", location.href).href;
        const cache = await caches.open("unpacked-snapshot");
        const kept = await cache.match(url);
        await cache.put(url, new Response(new Uint8Array(4096), {headers: {"X-Snapshot-ETag": kept.headers.get("X-Snapshot-ETag")}}));
    }""")
    page.reload()
    page.wait_for_selector("html[data-app-state=ready]", state="attached")
    assert started_by(page) == "started"
    expect(page.get_by_role("checkbox", name="Fix the gate", exact=True)).to_be_visible()
    for _ in range(50):
        if not page.evaluate("caches.has('unpacked-snapshot')"):
            break
        page.wait_for_timeout(100)
    assert not page.evaluate("caches.has('unpacked-snapshot')")
