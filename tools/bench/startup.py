"""Start-up benchmark: Daypane against the stock PyScript recipe (the "peer"), in headless Chromium.

Measures, as medians of N runs (Daypane and peer runs interleaved):
- cold start: a fresh browser context on a new, empty profile (empty HTTP cache), navigation start ->
  data-app-state=ready;
- warm start: a second load in the same context. Daypane twice: served by its service worker
  (what a returning visitor gets), and with service workers blocked (HTTP cache only, on disk as
  for a real visitor), so the two warm paths are compared in the same run;
- the bytes a cold load transfers;
- the same cold and warm starts on a phone-class CPU (Chromium's 4x CPU throttling, 390 px wide, as
  a phone with 3x pixels), Daypane beside the peer.
Prints one table and writes everything (raw samples included) to bench/results/<UTC date>-<commit>.json.
See bench/README.md for what the figures mean and what exactly the peer is.

    python -m tools.bench.startup [--runs 5] [--warmup 1] [--no-save]

Needs a built dist/ (`make bench` builds first). The peer site is built into build/bench-peer/
(tools/bench/peers.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

from tools.bench import peers
from tools.bench.common import CHROMIUM, DIST, LAUNCH_ARGS, chromium_version, launch, need_dist, save
from tools.bench.startup_report import PHONE, PHONE_CPU_SLOWDOWN, make_report, print_table
from tools.serve import serve_in_thread

LOAD_TIMEOUT_MS = 180_000
CRASH_RETRIES = 2  # a sample whose renderer crashed is measured again, and the crash reported


class PageCrashed(Exception):
    """The tab's renderer died ("Page crashed"): see bench/README.md, "The renderer crash"."""


# Set before any page script: record performance.now() the moment data-app-state leaves "loading".
# MutationObserver callbacks run at the next microtask checkpoint, so this is not polling-limited.
READY_PROBE = """
(() => {
  performance.setResourceTimingBufferSize(2000);
  const mark = () => {
    const state = document.documentElement && document.documentElement.dataset.appState;
    if (state && state !== "loading" && window.__benchState === undefined) {
      window.__benchAt = performance.now();
      window.__benchState = state;
      document.documentElement.setAttribute("data-bench-state", state);
    }
  };
  new MutationObserver(mark).observe(document, {
    attributes: true, subtree: true, attributeFilter: ["data-app-state"],
  });
})();
"""

BYTES_PROBE = """
() => {
  const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
  const sum = (key) => entries.reduce((total, e) => total + (e[key] || 0), 0);
  return {transfer: sum("transferSize"), body: sum("encodedBodySize"), entries: entries.length};
}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per site (default 5)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="unrecorded rounds first, to warm the OS and Chromium (default 1)")
    parser.add_argument("--no-save", action="store_true", help="print the table, write no JSON")
    parser.add_argument("--incognito", action="store_true",
                        help="one browser, an incognito context per sample (its in-memory HTTP cache "
                             "never keeps the 9.6 MB pyodide.asm.wasm: see bench/README.md)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    need_dist()

    started = time.monotonic()
    wheels, micropip_wheel = peers.stock_pyscript()
    sites = {"daypane": DIST, "peer": peers.STOCK}
    servers, urls = {}, {}
    for name, root in sites.items():
        servers[name], urls[name] = serve_in_thread(root)
    # name -> (site, service workers, keep the unpacked snapshot, phone): the same Daypane build, warm
    # from its worker or HTTP cache, (the A/B of that lever) warm with its unpacked snapshot deleted,
    # and both sites on a phone-class CPU.
    variants = {"daypane": ("daypane", "allow", True, False), "daypane-http": ("daypane", "block", True, False),
                "daypane-unpack": ("daypane", "block", False, False), "peer": ("peer", "allow", True, False),
                "daypane-phone": ("daypane", "allow", True, True), "peer-phone": ("peer", "allow", True, True)}

    from playwright.sync_api import sync_playwright

    samples = {name: [] for name in variants}
    crashes: list[dict] = []  # renderer crashes ("Page crashed"), each sample measured again
    hosts: set[str] = set()
    try:
        with sync_playwright() as playwright:
            contexts = Contexts(playwright, args.incognito)
            try:
                total = args.warmup + args.runs
                for round_ in range(total):
                    # Alternate the order so drift in machine load hits both sites alike.
                    order = list(variants) if round_ % 2 == 0 else list(reversed(variants))
                    for name in order:
                        site, workers, keep_heap, phone = variants[name]
                        for _attempt in range(CRASH_RETRIES + 1):
                            try:
                                result = measure(contexts, urls[site], hosts, workers, keep_heap, phone)
                                break
                            except PageCrashed as crash:
                                crashes.append({"variant": name, "round": round_, "during": str(crash)})
                                print(f"  {name}: the renderer crashed during {crash}; measured again",
                                      file=sys.stderr, flush=True)
                        else:
                            sys.exit(f"{name}: the renderer crashed {CRASH_RETRIES + 1} times in a row")
                        label = "warm-up" if round_ < args.warmup else f"run {round_ - args.warmup + 1}/{args.runs}"
                        print(f"  {label:9} {name:12} cold {result['cold_ms']:7.0f} ms   "
                              f"warm {result['warm_ms']:7.0f} ms", file=sys.stderr, flush=True)
                        if round_ >= args.warmup:
                            samples[name].append(result)
            finally:
                contexts.close()
    finally:
        for server in servers.values():
            server.shutdown()

    report = make_report(samples, wheels, micropip_wheel, chromium_version(), hosts, args,
                         time.monotonic() - started)
    report["renderer_crashes"] = crashes
    print_table(report)
    if not args.no_save:
        save(report)
    return 0


# -- measuring ------------------------------------------------------------------------------------


class Contexts:
    """Fresh browser contexts, each with an empty HTTP cache.

    Default: a persistent context on a new, empty profile folder per sample (a Chromium launch each,
    not timed), so the HTTP cache is on disk as for a real visitor. Playwright's ordinary contexts
    are incognito: their in-memory HTTP cache refuses entries over 1/8 of its size, and
    pyodide.asm.wasm (9.6 MB) is re-downloaded and recompiled on every "warm" load. With
    incognito=True: one browser for the whole run and one such context per sample.
    """

    OPTIONS = {"timezone_id": "Europe/Berlin", "locale": "en-GB",
               "viewport": {"width": 1400, "height": 900}}

    def __init__(self, playwright, incognito: bool) -> None:
        self.playwright = playwright
        self.incognito = incognito
        self.browser = launch(playwright) if incognito else None
        self.profiles: list[tempfile.TemporaryDirectory] = []

    def new(self, workers: str = "allow", phone: bool = False):
        options = {**self.OPTIONS, **(PHONE if phone else {})}
        if self.browser:
            return self.browser.new_context(service_workers=workers, **options)
        profile = tempfile.TemporaryDirectory(prefix="daypane-bench-")
        self.profiles.append(profile)
        context = self.playwright.chromium.launch_persistent_context(
            profile.name, executable_path=CHROMIUM, args=LAUNCH_ARGS, service_workers=workers,
            **options)
        for page in context.pages:  # the start page of a persistent context
            page.close()
        time.sleep(1)  # let a new profile's own start-up disk work settle before timing
        return context

    def done(self, context) -> None:
        context.close()
        while self.profiles:
            self.profiles.pop().cleanup()

    def close(self) -> None:
        if self.browser:
            self.browser.close()


def measure(contexts: Contexts, url: str, hosts: set[str], workers: str = "allow",
            keep_heap: bool = True, phone: bool = False) -> dict:
    """One cold load in a fresh context, then one warm load in the same context. `phone`: a phone's
    screen, and each page's CPU slowed PHONE_CPU_SLOWDOWN times from before its navigation.

    Between the two, a site's service worker (if it has one and workers are allowed) finishes
    installing, as it would while a real visitor uses the page; the warm load then reports
    whether the worker served it."""
    context = contexts.new(workers, phone)
    context.add_init_script(READY_PROBE)
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
    during = "the cold load"
    try:
        slowdown = PHONE_CPU_SLOWDOWN if phone else 1
        cold = load(context, url, requests, errors, hosts, settle=workers == "allow", slowdown=slowdown)
        if not keep_heap:
            forget_heap(context, url)
        during = "the warm load"
        warm = load(context, url, requests, errors, hosts, slowdown=slowdown)
    except PlaywrightError as error:
        if "crashed" not in str(error):
            raise
        raise PageCrashed(during) from None
    finally:
        contexts.done(context)
    return {
        "cold_ms": cold["ms"], "warm_ms": warm["ms"],
        "cold_transfer_bytes": cold["transfer"], "cold_body_bytes": cold["body"],
        "cold_requests": cold["requests"],
        "warm_transfer_bytes": warm["transfer"], "warm_body_bytes": warm["body"],
        "warm_requests": warm["requests"],
        "warm_from_service_worker": warm["controlled"],
        "warm_painted_ms": warm["painted"],
    }


def forget_heap(context, url: str) -> None:
    """Delete what static/interpreter.mjs kept of the snapshot, so the next start unpacks it again."""
    page = context.new_page()
    try:
        page.goto(url + "manifest.webmanifest")  # any page of the origin: Cache Storage is per origin
        page.evaluate("caches.delete('unpacked-snapshot')")
    finally:
        page.close()


# A selector, not wait_for_function: that evaluates with eval(), which Daypane's CSP forbids.
STARTED = "html[data-bench-state]"
SETTLE_MS = 60_000


def load(context, url: str, requests: list[str], errors: list[str], hosts: set[str],
         settle: bool = False, slowdown: int = 1) -> dict:
    page = context.new_page()
    if slowdown > 1:  # DevTools' CPU throttling: the page's main thread and its workers
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    first = len(requests)
    try:
        page.goto(url)
        try:
            page.wait_for_selector(STARTED, state="attached", timeout=LOAD_TIMEOUT_MS)
        except Exception as error:
            if "crashed" in str(error):
                raise
            sys.exit(f"{url} did not leave 'loading' in {LOAD_TIMEOUT_MS / 1000:.0f} s; "
                     f"console:\n" + "\n".join(console[-20:]))
        state, ms = page.evaluate("[window.__benchState, window.__benchAt]")
        sizes = page.evaluate(BYTES_PROBE)
        controlled = page.evaluate("!!(navigator.serviceWorker && navigator.serviceWorker.controller)")
        # Daypane's boot script paints the last view before Python (the peer has no such thing).
        painted = page.evaluate("(performance.getEntriesByName('daypane:snapshot-painted')[0] || {}).startTime ?? null")
        if settle and page.evaluate("!!(navigator.serviceWorker && document.querySelector('script[src$=\"pwa.js\"]'))"):
            page.evaluate(f"Promise.race([navigator.serviceWorker.ready, new Promise(r => setTimeout(r, {SETTLE_MS}))])")
        page.wait_for_timeout(1000)  # as a user would: the app saves its view for the next start
        made = requests[first:]
        check_hosts(made, hosts)
        if state != "ready" or errors:
            detail = page.evaluate("document.documentElement.dataset.error || ''")
            sys.exit(f"{url} reached state {state!r} {detail} errors={errors}; console:\n"
                     + "\n".join(console[-20:]))
    finally:
        page.close()
    return {"ms": ms, "transfer": sizes["transfer"], "body": sizes["body"], "requests": len(made),
            "controlled": controlled, "painted": painted}


def check_hosts(urls: list[str], hosts: set[str]) -> None:
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            hosts.add(parts.hostname or "")
            if parts.hostname != "127.0.0.1":
                foreign.append(url)
    if foreign:
        sys.exit(f"ABORT: requests left 127.0.0.1: {foreign}")


if __name__ == "__main__":
    sys.exit(main())
