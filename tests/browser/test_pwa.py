"""Installable and offline: the manifest, the service worker, updates, offline use, the CSP, and
serving under a sub-path as GitHub Pages does.

These tests let the app install its service worker (the `service_worker` marker); the real built
site is served, or a copy of it changed the way a deployment changes it (tools/build/service_worker.py's
write_service_worker regenerates the precache list), switched in under the running server.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DIST, wait_back, wait_ready
from tests.browser.test_outlook import CLIENT_ID, GRAPH, LOGIN, connect, shown, work_account
from tests.support.fakes.microsoft import FakeMicrosoft
from tools.build.service_worker import write_service_worker

pytestmark = pytest.mark.service_worker


def version_of(site: Path) -> str:
    return re.search(r'"version":"([0-9a-f]+)"', (site / "sw.js").read_text()).group(1)


def make_build(folder: Path, *, config: dict | None = None, stamp: str = "") -> Path:
    """A copy of the built site as another deployment would produce it."""
    shutil.copytree(DIST, folder)
    if config is not None:
        (folder / "config.json").write_text(json.dumps(config))
    if stamp:
        css = folder / "static" / "app.css"
        css.write_text(css.read_text() + f"\n/* {stamp} */\n")
    write_service_worker(folder)
    return folder


@contextmanager
def serving(server, root: Path | None = None, base: str | None = None):
    """Switch what the shared server serves (a deployment), and switch it back afterwards."""
    old_root, old_base = server.root, server.base
    server.root = root or old_root
    server.base = base or old_base
    try:
        yield
    finally:
        server.root, server.base = old_root, old_base


def installed(page: Page) -> str:
    """Wait until a service worker is active (precaching done); return its script URL."""
    return page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)")


def controlled(page: Page) -> bool:
    return page.evaluate("!!navigator.serviceWorker.controller")


def cache_names(page: Page) -> list[str]:
    """The service worker's caches ("daypane-<version>"); interpreter.mjs keeps the unpacked
    snapshot in a cache of its own (test_memory_snapshot), which no version replaces."""
    return [name for name in page.evaluate("caches.keys()") if name != "unpacked-snapshot"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_manifest_is_valid_and_its_icons_load(open_app, site_url):
    page = open_app()
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    response = page.request.get(site_url + href)
    assert response.ok
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["name"].startswith("Daypane") and manifest["short_name"] == "Daypane"
    assert manifest["start_url"] == "./" and manifest["scope"] == "./"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    sizes = {}
    for icon in manifest["icons"]:
        body = page.request.get(site_url + icon["src"])
        assert body.ok, icon["src"]
        assert body.headers["content-type"].startswith(icon["type"])
        if icon["type"] == "image/png":
            width, height = png_size(body.body())
            assert f"{width}x{height}" == icon["sizes"], icon["src"]
            sizes.setdefault(icon.get("purpose", "any"), set()).add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes["any"]
    assert "512x512" in sizes["maskable"]
    # Light and dark themes colour the browser's frame too.
    metas = page.locator('meta[name="theme-color"]')
    assert {metas.nth(i).get_attribute("media") for i in range(metas.count())} == {
        "(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"}


def test_service_worker_controls_the_page_after_reload(open_app, site_url):
    page = open_app()
    assert installed(page) == site_url + "sw.js"
    assert not controlled(page)  # the first visit is never switched under the user
    page.reload()
    wait_ready(page)
    assert controlled(page)
    assert cache_names(page) == [f"daypane-{version_of(DIST)}"]


def test_offline_reload_shows_tasks_and_events_and_says_so(open_app, context):
    page = open_app("#/day/2026-03-04")
    box = page.get_by_role("textbox", name="New task")
    box.fill("Pack the charger")
    box.press("Enter")
    expect(page.get_by_role("checkbox", name="Pack the charger")).to_be_visible()
    installed(page)
    notice = page.locator("#connectivity")
    expect(notice).to_be_hidden()

    context.set_offline(True)
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("checkbox", name="Pack the charger")).to_be_visible()
    expect(page.get_by_role("region", name="Calendar").get_by_role(
        "button", name=re.compile(r"^Stand-up, 09:30"))).to_be_visible()
    expect(notice).to_be_visible()
    expect(notice).to_have_text(re.compile(r"^Offline\. Everything you see is stored in this browser"))
    # Still usable: a task added offline is kept.
    box.fill("Buy a plug adapter")
    box.press("Enter")
    expect(page.get_by_role("checkbox", name="Buy a plug adapter")).to_be_visible()

    context.set_offline(False)
    expect(notice).to_be_hidden()


@pytest.fixture
def configured_site(site_server, tmp_path):
    """The site deployed with a Microsoft client ID in config.json (precached like any file)."""
    config = {"microsoft": {"clientId": CLIENT_ID, "authority": "https://login.microsoftonline.com/common"}}
    with serving(site_server, make_build(tmp_path / "site", config=config)):
        yield


def test_offline_reload_shows_the_last_synced_outlook_events_then_resumes(
        open_app, context, audit, configured_site):
    fake = FakeMicrosoft(CLIENT_ID, [work_account()], page_size=2)
    fake.install(context)
    audit.allow_hosts(LOGIN, GRAPH)
    page = open_app("#/week/2026-03-04")
    connect(page)
    expect(shown(page, "Planning poker")).to_be_visible()
    installed(page)
    expect(page.get_by_text("Last synced 10:30")).to_be_visible()

    context.set_offline(True)
    page.reload()
    wait_ready(page)
    expect(shown(page, "Planning poker")).to_be_visible()
    notice = page.locator("#connectivity")
    expect(notice).to_have_text(re.compile(r"Outlook \(Ada Lovelace\): last synced 10:30"))
    graph_calls = len(fake.graph_requests())

    # The network returns: the app syncs at once, without a reload or a click.
    context.set_offline(False)
    expect(notice).to_be_hidden()
    for _ in range(100):
        if len(fake.graph_requests()) > graph_calls:
            break
        page.wait_for_timeout(100)  # lets the fake's route handlers run
    assert len(fake.graph_requests()) > graph_calls, "no Graph request after the network returned"


def test_a_new_deployment_is_offered_not_forced(open_app, site_server, site_url, tmp_path):
    first = make_build(tmp_path / "first")
    second = make_build(tmp_path / "second", stamp="second deployment")
    assert version_of(first) != version_of(second)
    with serving(site_server, first):
        page = open_app()
        installed(page)
        page.reload()
        wait_ready(page)
        assert controlled(page)
        update = page.get_by_role("status").filter(has_text="Update available")
        expect(update).to_be_hidden()

        site_server.root = second  # deployed while the app is open
        site_server.requested.clear()
        page.reload()  # any navigation makes the browser look for a new worker
        wait_ready(page)
        expect(update).to_be_visible(timeout=30_000)
        # Still the old version until the user says so.
        assert "second deployment" not in page.evaluate(
            "fetch('./static/app.css').then(r => r.text())")
        # Only what changed was downloaded; the 10 MB runtime came from the previous cache.
        fetched = " ".join(site_server.requested)
        assert "app.css" in fetched and "sw.js" in fetched
        assert "pyodide.asm.wasm" not in fetched and "site-packages.zip" not in fetched

        # The click only asks the waiting worker to take over; the page reloads once it has
        # (controllerchange), which may be after click() returns. Until then the old page is still
        # loaded and ready, so wait for the reload itself to begin before waiting for the app.
        page.evaluate("window.beforeReload = true")
        main = page.main_frame
        navigations = []
        page.on("framenavigated", lambda frame: frame == main and navigations.append(frame.url))
        with page.expect_event("framenavigated", lambda frame: frame == main):
            update.get_by_role("button", name="Reload").click()
        page.wait_for_load_state("load")
        wait_ready(page)
        assert page.evaluate("window.beforeReload") is None  # a new document, not the old one
        assert "second deployment" in page.evaluate("fetch('./static/app.css').then(r => r.text())")
        assert cache_names(page) == [f"daypane-{version_of(second)}"]  # the old cache is gone
        expect(update).to_be_hidden()
        assert len(navigations) == 1, f"Reload must reload the page once, not {navigations}"


def test_works_under_a_sub_path_including_offline(page, site_server, site_url, context):
    url = site_url + "daypane/"
    with serving(site_server, base="/daypane/"):
        page.goto(url)
        wait_ready(page)
        box = page.get_by_role("textbox", name="New task")
        box.fill("Water the plants")
        box.press("Enter")
        expect(page.get_by_role("checkbox", name="Water the plants")).to_be_visible()
        expect(page.get_by_role("region", name="Calendar").get_by_role(
            "button", name=re.compile(r"^Stand-up, 09:30"))).to_be_visible()
        assert installed(page) == url + "sw.js"

        context.set_offline(True)
        page.reload()
        wait_ready(page)
        assert controlled(page)
        expect(page.get_by_role("checkbox", name="Water the plants")).to_be_visible()
        expect(page.locator("#connectivity")).to_be_visible()


def test_csp_is_strict_and_a_violation_would_be_caught(open_app, audit):
    page = open_app()
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["frame-src"] == ["https://login.microsoftonline.com"]
    assert "'unsafe-inline'" not in policy
    # An injected inline script does not run, and the harness sees the attempt.
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "window.injected = true";
        document.body.append(s);
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected") is None
    assert any("script-src" in v for v in audit.csp_violations)
    audit.csp_violations.clear()  # expected here; every other test fails on one


# Headless Chromium cannot be installed as an app, and DevTools cannot emulate `display-mode`;
# this answers the app's one question about it ("am I running installed?") the way an installed
# window would. Everything else, sign-in included, is real.
STANDALONE = """
const realMatchMedia = window.matchMedia.bind(window);
window.matchMedia = (query) => realMatchMedia(query.includes("display-mode: standalone") ? "all" : query);
"""


def test_installed_app_signs_in_by_redirect_and_comes_back(open_app, context, audit, configured_site):
    fake = FakeMicrosoft(CLIENT_ID, [work_account()], page_size=2)
    fake.install(context)
    audit.allow_hosts(LOGIN, GRAPH)
    context.add_init_script(STANDALONE)
    page = open_app("#/week/2026-03-04")
    installed(page)
    page.reload()
    wait_ready(page)
    assert controlled(page)  # redirect.html and the app itself come from the service worker
    wait_back(page, page.get_by_role("button", name="Connect Outlook").click)  # a real click: a popup would open
    expect(page).to_have_url(re.compile(r"/#/week/2026-03-04$"))
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Ada Lovelace", timeout=20_000)
    expect(shown(page, "Planning poker")).to_be_visible()
    assert len(context.pages) == 1, "an installed app must not open sign-in popups"
    assert fake.authorize_requests(), "the sign-in went through Microsoft's authorize endpoint"
