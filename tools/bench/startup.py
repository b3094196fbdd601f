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
import platform
import statistics
import sys
import tempfile
import time
from importlib import metadata
from urllib.parse import urlsplit

from tools.bench import peers
from tools.bench.common import (
    CHROMIUM, DIST, LAUNCH_ARGS, chromium_version, launch, need_dist, print_columns, provenance, ratio,
    save,
)
from tools.build.common import npm_version
from tools.serve import serve_in_thread

LOAD_TIMEOUT_MS = 180_000

# The Performance issue's targets, as fractions of the stock recipe's own figures in the same run:
# warm: last view painted within 10% of the peer's warm start, interactive within 30% of it;
# cold: interactive at least 2x faster than the peer's cold start.
TARGET_PAINT_FRACTION = 0.10
TARGET_WARM_FRACTION = 0.30
TARGET_COLD_RATIO = 3.0
TARGET_FIRST_VISIT_MB = 12.0  # bytes of a cold load, as served (gzip where a static host applies it)
TARGET_PHONE_WARM_MS = 2000  # warm start on a phone-class CPU: people open a planner many times a day
PHONE_CPU_SLOWDOWN = 4  # Chromium DevTools' "4x slowdown", its own stand-in for a mid-range phone
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
         "has_touch": True}
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
                        result = measure(contexts, urls[site], hosts, workers, keep_heap, phone)
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
    try:
        slowdown = PHONE_CPU_SLOWDOWN if phone else 1
        cold = load(context, url, requests, errors, hosts, settle=workers == "allow", slowdown=slowdown)
        if not keep_heap:
            forget_heap(context, url)
        warm = load(context, url, requests, errors, hosts, slowdown=slowdown)
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
        except Exception:
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


# -- reporting ------------------------------------------------------------------------------------


def make_report(samples, wheels, micropip_wheel, chromium_version, hosts, args, seconds) -> dict:
    keys = list(next(iter(samples.values()))[0])
    medians = {name: {key: (statistics.median(values) if values else None)
                      for key in keys for values in [[s[key] for s in runs if s[key] is not None]]}
               for name, runs in samples.items()}
    ratios = {kind: medians["peer"][f"{kind}_ms"] / medians["daypane"][f"{kind}_ms"]
              for kind in ("cold", "warm")}
    ratios["warm_http_cache"] = medians["peer"]["warm_ms"] / medians["daypane-http"]["warm_ms"]
    for kind in ("cold", "warm"):
        ratios[f"{kind}_phone"] = medians["peer-phone"][f"{kind}_ms"] / medians["daypane-phone"][f"{kind}_ms"]
    return {
        **provenance(),
        "versions": {
            "pyodide": npm_version("pyodide"),
            "pyscript": npm_version("@pyscript/core"),
            "chromium": chromium_version,
            "playwright": metadata.version("playwright"),
            "host_python": platform.python_version(),
            "micropip": peers.MICROPIP[1],
            "wheels": sorted(w.name for w in wheels),
        },
        "method": {
            "runs": args.runs,
            "warmup_rounds": args.warmup,
            "interleaved": True,
            "contexts": ("incognito context per sample, one browser for the run" if args.incognito
                         else "persistent context on a new empty profile (disk HTTP cache) per sample"),
            "cold": "fresh browser context (empty HTTP cache); performance.now() when data-app-state "
                    "becomes ready (MutationObserver installed by add_init_script)",
            "warm": "second load in the same context (HTTP cache warm)",
            "bytes": "sum of transferSize / encodedBodySize of the navigation and resource timing "
                     "entries when ready",
            "request_hosts": sorted(hosts),
            "seconds": round(seconds, 1),
        },
        "sites": {
            "daypane": {"recipe": "dist/ as built by tools.build; warm load served by its service "
                                  "worker", "samples": samples["daypane"]},
            "daypane-http": {"recipe": "the same dist/ with service workers blocked: warm load from "
                                       "the HTTP cache", "samples": samples["daypane-http"]},
            "daypane-unpack": {"recipe": "as daypane-http, with the kept unpacked snapshot deleted "
                                         "before the warm load (the A/B of keeping it)",
                               "samples": samples["daypane-unpack"]},
            "peer": {"recipe": peers.stock_recipe(len(wheels)), "micropip_wheel": micropip_wheel.name,
                     "samples": samples["peer"]},
            "daypane-phone": {"recipe": f"as daypane, {PHONE['viewport']['width']} px wide at "
                                        f"{PHONE['device_scale_factor']}x, CPU slowed {PHONE_CPU_SLOWDOWN}x",
                              "samples": samples["daypane-phone"]},
            "peer-phone": {"recipe": "as peer, on the same phone", "samples": samples["peer-phone"]},
        },
        "medians": medians,
        "ratios_peer_over_daypane": ratios,
        "targets": targets(medians, ratios),
    }


def targets(medians: dict, ratios: dict) -> list[dict]:
    peer_warm = medians["peer"]["warm_ms"]
    painted = medians["daypane"]["warm_painted_ms"]
    rows = [
        ("warm: last view painted within 10% of the peer's warm start", painted,
         TARGET_PAINT_FRACTION * peer_warm),
        ("warm: interactive within 30% of the peer's warm start (service worker)",
         medians["daypane"]["warm_ms"], TARGET_WARM_FRACTION * peer_warm),
        ("warm: interactive within 30% of the peer's warm start (HTTP cache)",
         medians["daypane-http"]["warm_ms"], TARGET_WARM_FRACTION * peer_warm),
        ("cold: interactive at least 3x faster than the peer", medians["daypane"]["cold_ms"],
         medians["peer"]["cold_ms"] / TARGET_COLD_RATIO),
        (f"phone-class CPU ({PHONE_CPU_SLOWDOWN}x slower): warm start interactive within 2 s",
         medians["daypane-phone"]["warm_ms"], TARGET_PHONE_WARM_MS),
    ]
    found = [{"text": text, "ours_ms": ours, "limit_ms": limit, "unit": "ms",
              "met": ours is not None and ours <= limit} for text, ours, limit in rows]
    first_visit = medians["daypane"]["cold_transfer_bytes"] / 1e6
    return found + [{"text": "first visit: bytes transferred", "ours_ms": first_visit,
                     "limit_ms": TARGET_FIRST_VISIT_MB, "unit": "MB", "met": first_visit <= TARGET_FIRST_VISIT_MB}]


def print_table(report: dict) -> None:
    med, runs = report["medians"], {k: v["samples"] for k, v in report["sites"].items()}
    n = report["method"]["runs"]

    def ms(name, key):
        values = [s[key] for s in runs[name] if s[key] is not None]
        if not values:
            return "none"
        return f"{med[name][key]:6.0f} ({min(values):.0f}-{max(values):.0f})"

    def mb(name, key):
        return f"{med[name][key] / 1e6:6.2f} MB"

    ratios = report["ratios_peer_over_daypane"]
    rows = [
        ("cold start to ready, ms", ms("daypane", "cold_ms"), ms("peer", "cold_ms"), f"{ratios['cold']:.2f}x"),
        ("warm start to ready, ms (service worker)", ms("daypane", "warm_ms"), ms("peer", "warm_ms"),
         f"{ratios['warm']:.2f}x"),
        ("warm start to ready, ms (HTTP cache only)", ms("daypane-http", "warm_ms"), ms("peer", "warm_ms"),
         f"{ratios['warm_http_cache']:.2f}x"),
        ("warm start, unpacked snapshot not kept (A/B, HTTP cache)", ms("daypane-unpack", "warm_ms"),
         ms("daypane-http", "warm_ms"), "(kept)"),
        ("warm: last view painted, ms", ms("daypane", "warm_painted_ms"), "", ""),
        (f"phone ({PHONE_CPU_SLOWDOWN}x CPU): cold start to ready, ms", ms("daypane-phone", "cold_ms"),
         ms("peer-phone", "cold_ms"), f"{ratios['cold_phone']:.2f}x"),
        (f"phone ({PHONE_CPU_SLOWDOWN}x CPU): warm start to ready, ms", ms("daypane-phone", "warm_ms"),
         ms("peer-phone", "warm_ms"), f"{ratios['warm_phone']:.2f}x"),
        ("phone: warm, last view painted, ms", ms("daypane-phone", "warm_painted_ms"), "", ""),
        ("warm loads served by the service worker",
         f"{sum(s['warm_from_service_worker'] for s in runs['daypane'])}/{n}", "", ""),
        ("cold bytes transferred", mb("daypane", "cold_transfer_bytes"), mb("peer", "cold_transfer_bytes"),
         ratio(med['peer']['cold_transfer_bytes'], med['daypane']['cold_transfer_bytes'])),
        ("warm bytes transferred", mb("daypane", "warm_transfer_bytes"), mb("peer", "warm_transfer_bytes"), ""),
        ("cold requests", f"{med['daypane']['cold_requests']:6.0f}", f"{med['peer']['cold_requests']:6.0f}", ""),
    ]
    header = ("", "Daypane", "peer¹", "peer/Daypane")
    print(f"\nStart-up, median of {n} runs (min-max), {report['commit']}"
          f"{' (dirty)' if report['dirty'] else ''}, {report['machine']['nproc']} CPUs, "
          f"Chromium {report['versions']['chromium']}, {report['method']['contexts']}")
    print_columns([header, *rows])
    for target in report["targets"]:
        unit, digits = target.get("unit", "ms"), 0 if target.get("unit", "ms") == "ms" else 2
        ours = "none" if target["ours_ms"] is None else f"{target['ours_ms']:.{digits}f} {unit}"
        print(f"target: {target['text']}: {ours} vs <= {target['limit_ms']:.{digits}f} {unit} -> "
              f"{'MET' if target['met'] else 'NOT MET'}")
    print(f"¹ peer = {report['sites']['peer']['recipe']}.")
    print(f"  All requests went to: {', '.join(report['method']['request_hosts'])}.")


if __name__ == "__main__":
    sys.exit(main())
