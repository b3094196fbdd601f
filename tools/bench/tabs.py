"""Data you can trust, timed in headless Chromium: a change reaching another tab, and unlocking.

(a) tabs: two pages of one profile at today's view; a task typed into tab A's "New task" and
    Enter. From the Enter keydown in A: drawn in B (a MutationObserver in each page, clocks made
    comparable with performance.timeOrigin). Peer, same run: the same task drawn in A itself.
(b) unlock: data encrypted in Settings (passphrase, one task, the sample's snapshot), page
    reloaded, the passphrase typed: the app's "daypane:unlock" measure (PBKDF2 with 600,000
    iterations, unwrapping the data key, opening every record). Peer, same run and page: WebCrypto
    deriving one PBKDF2-SHA-256 key with the same iterations from JS alone.

    python -m tools.bench.tabs [--runs 15] [--no-save]

Writes bench/results/<UTC date>-<commit>-tabs.json. Timings on a shared 2-core machine swing
with the load; the peer is measured beside ours for that reason.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from playwright.sync_api import expect, sync_playwright

from tools.bench.common import DIST, chromium_version, launch, need_dist, print_columns, provenance, ratio, save
from tools.serve import serve_in_thread

READY = "html[data-app-state='ready']"
PASSPHRASE = "correct horse battery staple"
SEEN = """(title) => { window.__seen = null; new MutationObserver(() => {
    if (window.__seen === null && [...document.querySelectorAll("#task-list .task-title")]
          .some((e) => e.textContent === title)) window.__seen = performance.timeOrigin + performance.now();
  }).observe(document.body, {childList: true, subtree: true}); }"""
KEYDOWN = """() => document.addEventListener("keydown", (e) => {
    if (e.key === "Enter") window.__enter = performance.timeOrigin + performance.now(); }, {once: true})"""
DERIVE = """async (iterations) => {
    const started = performance.now();
    const material = await crypto.subtle.importKey("raw", new TextEncoder().encode("a passphrase"), "PBKDF2",
                                                   false, ["deriveKey"]);
    await crypto.subtle.deriveKey({name: "PBKDF2", salt: crypto.getRandomValues(new Uint8Array(16)), iterations,
                                   hash: "SHA-256"}, material, {name: "AES-GCM", length: 256}, false, ["wrapKey"]);
    return performance.now() - started; }"""


def cross_tab(browser, url: str, runs: int) -> dict:
    context = browser.new_context(service_workers="block")
    a, b = context.new_page(), context.new_page()
    for page in (a, b):
        page.goto(url)
        page.wait_for_selector(READY, state="attached", timeout=120_000)
    other, same = [], []
    for i in range(runs):
        title = f"Bench task {i}"
        a.evaluate(SEEN, title)
        b.evaluate(SEEN, title)
        a.evaluate(KEYDOWN)
        box = a.get_by_role("textbox", name="New task")
        box.fill(title)
        box.press("Enter")
        expect(b.locator("#task-list .task-title", has_text=title)).to_have_count(1)
        expect(a.locator("#task-list .task-title", has_text=title)).to_have_count(1)
        enter = a.evaluate("window.__enter")
        other.append(b.evaluate("window.__seen") - enter)
        same.append(a.evaluate("window.__seen") - enter)
    context.close()
    return {"other_tab_ms": other, "same_tab_ms": same}


def unlock(browser, url: str, runs: int) -> dict:
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    page.get_by_role("textbox", name="New task").fill("Encrypted task")
    page.get_by_role("textbox", name="New task").press("Enter")
    page.goto(url + "#/settings")
    page.get_by_role("button", name="Encrypt data on this device").click()
    page.get_by_label("New passphrase").fill(PASSPHRASE)
    page.get_by_label("Repeat passphrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Encrypt", exact=True).click()
    expect(page.get_by_role("button", name="Stop encrypting")).to_be_visible(timeout=30_000)
    ours, peer = [], []
    for _ in range(runs):
        page.reload()
        page.wait_for_selector("html[data-app-state='locked']", state="attached", timeout=120_000)
        page.get_by_label("Passphrase").fill(PASSPHRASE)
        page.get_by_role("button", name="Unlock").click()
        page.wait_for_selector(READY, state="attached", timeout=60_000)
        ours.append(page.evaluate("performance.getEntriesByName('daypane:unlock')[0].duration"))
        peer.append(page.evaluate(DERIVE, 600_000))
    context.close()
    return {"unlock_ms": ours, "pbkdf2_alone_ms": peer}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    need_dist()
    server, url = serve_in_thread(DIST)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            tabs = cross_tab(browser, url, args.runs)
            locked = unlock(browser, url, max(3, args.runs // 3))
            browser.close()
    finally:
        server.shutdown()
    med = statistics.median
    rows = [("figure", "Daypane (median ms)", "max", "peer, same run (median ms)", "ratio"),
            ("Enter in tab A -> drawn in tab B", f"{med(tabs['other_tab_ms']):.0f}", f"{max(tabs['other_tab_ms']):.0f}",
             f"drawn in tab A: {med(tabs['same_tab_ms']):.0f}", ratio(med(tabs["other_tab_ms"]), med(tabs["same_tab_ms"]))),
            ("unlock (PBKDF2 600k + open every record)", f"{med(locked['unlock_ms']):.0f}",
             f"{max(locked['unlock_ms']):.0f}", f"PBKDF2 600k alone: {med(locked['pbkdf2_alone_ms']):.0f}",
             ratio(med(locked["unlock_ms"]), med(locked["pbkdf2_alone_ms"])))]
    print_columns(rows)
    if not args.no_save:
        save({**provenance(), "chromium": chromium_version(), "runs": args.runs, **tabs, **locked}, "tabs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
