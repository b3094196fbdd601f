"""The browser harness: one server and one Chromium per run, a fresh context per test.

- The built site (dist/) is served by tools/serve.py on an ephemeral port, with the caching
  headers a static host would send.
- Debian's Chromium (/usr/bin/chromium) is driven by Playwright; no browser is ever downloaded.
- Every test records every request its pages make, and fails if any goes to a host other than the
  site's origin (or a provider host the test allows explicitly with `allow_hosts`).
- Every test also fails on an uncaught page error, and on any Content-Security-Policy violation
  (the page's own CSP is in force in every test).
- Service workers are blocked unless a test is marked `service_worker`: every other test is about
  one page load, and precaching 19 MB per test would only slow the run.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, sync_playwright

from tools.serve import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
FIXTURES = ROOT / "tests" / "fixtures" / "ics"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
START_TIMEOUT_MS = 60_000
# A fixed zone and "now" make every expected time exact. Tests that need others say so.
ZONE = "Europe/Berlin"
LOCALE = "en-GB"
NOW = datetime(2026, 3, 4, 10, 30, tzinfo=ZoneInfo(ZONE))  # a Wednesday
STARTED = "html[data-app-state]:not([data-app-state='loading'])"
# Reports every CSP violation in every page and frame of a test to the audit.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => window.__daypaneCspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="session")
def site_server():
    if not (DIST / "index.html").exists():
        pytest.exit("dist/ is missing: run `make build` (make test does it for you).", returncode=2)
    server, url = serve_in_thread(DIST)
    server.url = url
    yield server
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(site_server) -> str:
    return site_server.url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            # Quiet Chromium's own background traffic: this machine has no internet.
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-default-apps",
                  # DAYPANE_CHROMIUM_LOG=<file>: Chromium's own log, for a renderer that crashed
                  # ("Page crashed"). Chromium also keeps a minidump of each crash in
                  # ~/.config/chromium/Crash Reports/pending/ (bench/README.md, "The renderer crash").
                  *(["--enable-logging", "--v=0", f"--log-file={os.environ['DAYPANE_CHROMIUM_LOG']}"]
                    if os.environ.get("DAYPANE_CHROMIUM_LOG") else [])],
            # Keep Chromium's popup blocker: a sign-in popup must come from a real click.
            ignore_default_args=["--disable-popup-blocking"],
        )
        yield browser
        browser.close()


class Audit:
    """Every request the test's pages made, and the hosts they may go to."""

    def __init__(self, origin: str) -> None:
        self.allowed = {urlsplit(origin).netloc}
        self.urls: list[str] = []
        self.page_errors: list[str] = []
        self.csp_violations: list[str] = []
        # The pages' console warnings and errors, printed when a test fails (a slow lock, a
        # snapshot that did not restore...): what a flaky failure in CI leaves to go on.
        self.console: list[str] = []

    def allow_hosts(self, *hosts: str) -> None:
        self.allowed.update(hosts)

    def foreign(self) -> list[str]:
        return [url for url in self.urls
                if urlsplit(url).scheme in ("http", "https", "ws", "wss")
                and urlsplit(url).netloc not in self.allowed]


@pytest.fixture
def audit(site_url) -> Audit:
    return Audit(site_url)


def audited_context(browser, audit: Audit, *, zone: str = ZONE, locale: str = LOCALE, workers: str = "block"):
    """A browser profile whose requests, page errors and CSP violations the audit sees: the
    test's own, or another device's in a test that needs two."""
    context = browser.new_context(timezone_id=zone, locale=locale, service_workers=workers,
                                  viewport={"width": 1400, "height": 900})
    context.on("request", lambda req: audit.urls.append(req.url))
    context.on("page", lambda page: page.on("pageerror", lambda err: audit.page_errors.append(str(err))))
    context.on("page", lambda page: page.on("console", lambda message: audit.console.append(
        f"{time.monotonic():.2f} {message.type}: {message.text[:300]}") if message.type in ("warning", "error") else None))
    context.expose_binding("__daypaneCspViolation",
                           lambda source, text: audit.csp_violations.append(f"{source['frame'].url}: {text}"))
    context.add_init_script(CSP_LISTENER)
    return context


@pytest.fixture
def context(browser, audit, request):
    marker = request.node.get_closest_marker("zone")
    zone = marker.args[0] if marker else ZONE
    workers = "allow" if request.node.get_closest_marker("service_worker") else "block"
    # The suite's locale is British English (Monday weeks, 24-hour clock); @pytest.mark.locale("en-US")
    # gives a test another.
    locale = request.node.get_closest_marker("locale")
    context = audited_context(browser, audit, zone=zone, locale=locale.args[0] if locale else LOCALE, workers=workers)
    yield context
    context.close()
    outcome = getattr(request.node, "rep_call", None)
    if outcome is not None and outcome.failed and audit.console:
        print("The pages' console (warnings and errors), last 40:", *audit.console[-40:], sep="\n  ")
    assert not audit.foreign(), f"requests left the allowed hosts {audit.allowed}: {audit.foreign()}"
    assert not audit.page_errors, f"uncaught errors in the page: {audit.page_errors}"
    assert not audit.csp_violations, f"Content-Security-Policy violations: {audit.csp_violations}"


@pytest.fixture
def page(context, request) -> Page:
    page = context.new_page()
    marker = request.node.get_closest_marker("now")
    page.clock.set_fixed_time(marker.args[0] if marker else NOW)
    return page


@pytest.fixture
def open_app(page, site_url):
    """Load the app (optionally at a route) and wait until it accepts input."""

    def open_(fragment: str = "", *, expect: str = "ready") -> Page:
        # No retry on a renderer crash: a crashed page cannot navigate again, so a retry here
        # never recovered (and would hide a crash the app causes). A crash fails the test.
        page.goto(site_url + fragment)
        wait_ready(page, expect)
        return page

    return open_


def origin_of(url: str) -> str:
    """scheme://host:port of a URL: what a server's CORS headers must name for the site."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def wait_ready(page: Page, expect: str = "ready") -> None:
    # A selector, not wait_for_function: that evaluates its predicate with eval(), which the
    # app's Content-Security-Policy forbids (as it should).
    page.wait_for_selector(STARTED, state="attached", timeout=START_TIMEOUT_MS)
    state = page.evaluate("document.documentElement.dataset.appState")
    assert state == expect, f"app state is {state!r}: {page.inner_text('body')[:500]}"


def wait_back(page: Page, leave, expect: str = "ready") -> None:
    """Run `leave`, which sends the page away (a sign-in by redirect), and wait until the app has
    loaded again and is ready. Waiting for the app's URL instead races: the page is still at that
    URL until the navigation away begins, so the wait can match the old page and the next call
    then runs while it is torn down. The old document is marked; only a new one lacks the mark."""
    page.evaluate("document.documentElement.dataset.left = 'yes'")
    leave()
    back = page.wait_for_selector(f"{STARTED}:not([data-left])", state="attached", timeout=START_TIMEOUT_MS)
    state = back.get_attribute("data-app-state")
    assert state == expect, f"app state is {state!r}: {page.inner_text('body')[:500]}"


def pytest_configure(config):
    config.addinivalue_line("markers", "zone(name): the browser's time zone for this test")
    config.addinivalue_line("markers", "now(datetime): the browser clock's fixed time for this test")
    config.addinivalue_line("markers", "service_worker: let the app install its service worker")
    config.addinivalue_line("markers", "locale(tag): the browser's locale for this test (the suite's is en-GB)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell that the test failed."""
    report = (yield).get_result()
    setattr(item, f"rep_{report.when}", report)
