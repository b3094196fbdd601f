"""Visibility and sync benchmark (issue 11's before/after figures (a) and (b)), in headless Chromium.

(a) toggle: an imported 10,000-event .ics (tools/gen_ics.py, seeded) on the week view of its anchor
    week, sample calendar hidden, page reloaded after the import (a returning user: index and
    text come from IndexedDB, no import garbage left). Then the calendar's show/hide checkbox in
    the Calendars panel (complementary "Calendars", checkbox named by the calendar) is un-ticked,
    and after the page settles ticked again. For each direction, from the checkbox's `change`
    event (a capturing listener installed by add_init_script, so before the app's own):
    - stored: the IndexedDB transaction of the last put (any key but "snapshot", the start-up
      snapshot saved 0.3 s after a redraw) issued in the toggle window has completed;
    - drawn: region "Calendar" no longer holds (hide) / holds again (show) both of the calendar's
      marker events (gen_ics.ANCHOR_SUMMARY, gen_ics.SERIES_SUMMARY): a MutationObserver, then
      painted = the frame after (requestAnimationFrame + setTimeout);
    - done: the later of stored and painted;
    - IndexedDB writes: every IDBObjectStore.prototype.put in the window (wrapped by the init
      script; the values are kept and sized afterwards: UTF-16 length and UTF-8 bytes of string
      values, JSON.stringify for others; pyscript.storage puts flatted strings), per key, the
      "snapshot" put included;
    - long tasks: PerformanceObserver('longtask', buffered) entries overlapping the window;
    - redraws: performance "daypane:render" measures in the window, with their durations.
    The window runs from the change event to done + SETTLE_S.
(b) sync: one Outlook account (tests/support/fakes/microsoft.py answers the identity platform and
    Graph through context.route, so the real MSAL.js signs in through its popup) on the week view
    of 2026-03-04 with a few events; after the connect's own sync has settled, "Refresh calendars"
    is clicked once; counted: "daypane:render" measures from the click until the sync is over (a
    new Graph request was answered, "Connected accounts" no longer says "Syncing" and says "Last
    synced") + SETTLE_S, plus the Graph requests of that sync and the time to the last redraw.

Each run uses a new browser and a fresh context per scenario (service workers blocked, as in the
browser tests). The app's CSP is left in force: waits use Playwright's expect and selectors, and
page.evaluate (no wait_for_function, which needs eval()).

    python -m tools.bench.visibility [--dist PATH] [--runs 3] [--events 10000] [--seed 1]
                                     [--only toggle|sync] [--label NAME] [--no-save]
    python -m tools.bench.visibility --dist BEFORE/dist --dist AFTER/dist   # interleaved A/B

Prints a table and writes bench/results/<UTC date>-<label or the dist's commit>-visibility.json
(the dist's commit: HEAD of the git work tree holding --dist, "-dirty" if its tracked files
outside tools/, tests/, bench/, docs/ changed; it assumes dist/ was built from that tree), one per
--dist. Times on a shared 2-core machine swing by 2x with the load: compare
timings of an interleaved A/B run; bytes, puts and redraw counts are exact.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from importlib import metadata
from pathlib import Path

from tools import gen_ics
from tools.serve import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
RESULTS = ROOT / "bench" / "results"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-default-apps"]  # as tests/browser/conftest.py
CONTEXT = {"timezone_id": "Europe/Berlin", "locale": "en-GB", "viewport": {"width": 1400, "height": 900},
           "service_workers": "block"}
STARTED = "html[data-app-state]:not([data-app-state='loading'])"
READY_TIMEOUT_MS = 180_000
STEP_TIMEOUT_S = 120.0
SETTLE_S = 1.5   # after a toggle / sync is done: the snapshot put (0.3 s later) and trailing work land
QUIET_S = 1.0    # before a toggle / sync: no put in flight for this long
POLL_S = 0.05

CLIENT_ID = "0b8f3c9e-5d1a-4c2b-9a7e-6f4d3e2c1b0a"
SYNC_WEEK = "2026-03-04"

# Installed before any page script, on every load of the context.
PROBE = r"""
(() => {
  const B = window.__vis = {puts: [], longtasks: [], changes: [], clicks: [], watch: null, longtaskError: null};
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (error) { B.longtaskError = String(error); }
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) {
    const entry = {at: performance.now(), key: String(key), value, doneAt: null, failed: false};
    B.puts.push(entry);
    const request = put.apply(this, arguments);
    try {
      const t = this.transaction;
      t.addEventListener("complete", () => { entry.doneAt = performance.now(); });
      t.addEventListener("abort", () => { entry.failed = true; entry.doneAt = performance.now(); });
    } catch (error) { /* no transaction */ }
    return request;
  };
  document.addEventListener("change", (event) => {
    const t = event.target;
    if (t && t.type === "checkbox") B.changes.push({at: performance.now(), id: t.id, checked: t.checked});
  }, true);
  document.addEventListener("click", (event) => {
    const t = event.target && event.target.closest && event.target.closest("button");
    if (t) B.clicks.push({at: performance.now(), text: (t.textContent || "").trim()});
  }, true);
  let region = null;
  const calendarRegion = () => {
    if (region && region.isConnected) return region;
    region = null;
    for (const el of document.querySelectorAll("section, [role=region]")) {
      const name = el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "").split(/\s+/)
        .map((id) => (document.getElementById(id) || {}).textContent || "").join(" ").trim();
      if (name === "Calendar") { region = el; break; }
    }
    return region;
  };
  const check = () => {
    const w = B.watch;
    if (!w || w.domAt !== null) return;
    const el = calendarRegion();
    const text = el ? el.textContent : "";
    const all = w.markers.every((m) => text.includes(m));
    const none = w.markers.every((m) => !text.includes(m));
    if (w.present ? all : none) {
      w.domAt = performance.now();
      requestAnimationFrame(() => setTimeout(() => { w.paintAt = performance.now(); }, 0));
    }
  };
  B.arm = (present, markers) => { B.watch = {present, markers, domAt: null, paintAt: null}; };
  new MutationObserver(check).observe(document, {childList: true, subtree: true, characterData: true});
})();
"""

STATE = """
() => {
  const B = window.__vis;
  return {now: performance.now(), puts: B.puts.map((p) => [p.key, p.at, p.doneAt]),
          changes: B.changes, clicks: B.clicks,
          watch: B.watch && {domAt: B.watch.domAt, paintAt: B.watch.paintAt},
          renders: performance.getEntriesByName("daypane:render").length};
}
"""

# Sizes of the puts in [from, to], computed after the window (TextEncoder on a 10 MB string costs
# milliseconds that must not land inside what is timed).
WINDOW = """
([from, to]) => {
  const B = window.__vis;
  const encoder = new TextEncoder();
  const size = (value) => {
    if (typeof value === "string") return [value.length, encoder.encode(value).length];
    let text = "";
    try { text = JSON.stringify(value) || ""; } catch (error) { text = ""; }
    return [text.length, encoder.encode(text).length];
  };
  const puts = B.puts.filter((p) => p.at >= from && p.at <= to).map((p) => {
    const [chars, bytes] = size(p.value);
    return {key: p.key, at: p.at - from, done: p.doneAt === null ? null : p.doneAt - from,
            failed: p.failed, chars, bytes};
  });
  const longtasks = B.longtasks.filter(([s, d]) => s + d >= from && s <= to).map(([s, d]) => [s - from, d]);
  const renders = performance.getEntriesByName("daypane:render")
    .filter((e) => e.startTime >= from && e.startTime <= to)
    .map((e) => [e.startTime - from, e.duration]);
  return {puts, longtasks, renders, longtaskError: B.longtaskError};
}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, action="append",
                        help="the built site to serve (default ROOT/dist); give it twice (before, after) "
                             "to interleave their runs in one session, one results file each")
    parser.add_argument("--runs", type=int, default=3, help="runs of each scenario (default 3)")
    parser.add_argument("--events", type=int, default=10_000, help="series in the imported file (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("toggle", "sync"), help="measure one scenario only")
    parser.add_argument("--label", action="append",
                        help="name in the results file instead of the dist's commit (once per --dist)")
    parser.add_argument("--no-save", action="store_true", help="print the table, write no JSON")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    dists = [d.resolve() for d in (args.dist or [DIST])]
    if args.label and len(args.label) != len(dists):
        parser.error("give --label once per --dist")
    for dist in dists:
        if not (dist / "index.html").exists():
            sys.exit(f"{dist} has no index.html: build it (`make build` in its work tree).")

    started = time.monotonic()
    scenarios = [args.only] if args.only else ["toggle", "sync"]
    samples = [{name: [] for name in scenarios} for _ in dists]
    anchor = gen_ics.DEFAULT_ANCHOR
    with tempfile.TemporaryDirectory(prefix="daypane-bench-visibility-") as tmp:
        ics = Path(tmp) / f"big-{args.events}-seed{args.seed}.ics"
        if "toggle" in scenarios:
            print(f"generating {args.events} events (seed {args.seed}) ...", file=sys.stderr, flush=True)
            ics.write_bytes(gen_ics.generate(args.events, args.seed, anchor).encode("utf-8"))
        ics_bytes = ics.stat().st_size if ics.exists() else None
        servers = [serve_in_thread(dist) for dist in dists]
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                for round_ in range(args.runs):
                    # With two sites, alternate which goes first: neither always gets the quieter slot.
                    order = list(range(len(dists)))
                    if round_ % 2:
                        order.reverse()
                    for i in order:
                        url = servers[i][1]
                        for name in scenarios:
                            if name == "toggle":
                                result = measure_toggle(playwright, url, ics, anchor, args)
                            else:
                                result = measure_sync(playwright, url)
                            samples[i][name].append(result)
                            site = f" [{dists[i]}]" if len(dists) > 1 else ""
                            print(f"  run {round_ + 1}/{args.runs} {name:6}{site} {summary_line(name, result)}",
                                  file=sys.stderr, flush=True)
        finally:
            for server, _url in servers:
                server.shutdown()

    seconds = time.monotonic() - started
    for i, dist in enumerate(dists):
        label = args.label[i] if args.label else None
        report = make_report(samples[i], dist, label, ics_bytes, args, seconds, len(dists) > 1)
        print_table(report)
        if not args.no_save:
            out = save(report)
            print(f"\nresults: {out}")
    return 0


# -- the browser ----------------------------------------------------------------------------------


def new_browser(playwright):
    # Chromium's popup blocker stays on (as in the browser tests): the sign-in popup comes from a click.
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS,
                                      ignore_default_args=["--disable-popup-blocking"])


def new_page(browser):
    context = browser.new_context(**CONTEXT)
    context.add_init_script(PROBE)
    page = context.new_page()
    page.bench_errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: page.bench_errors.append(str(error)))
    return context, page


def wait_ready(page) -> None:
    page.wait_for_selector(STARTED, state="attached", timeout=READY_TIMEOUT_MS)
    state = page.evaluate("document.documentElement.dataset.appState")
    if state != "ready":
        raise RuntimeError(f"app state is {state!r}: {page.inner_text('body')[:300]}")


def state(page) -> dict:
    return page.evaluate(STATE)


def wait_quiet(page, quiet_s: float = QUIET_S, timeout_s: float = STEP_TIMEOUT_S) -> None:
    """Until no IndexedDB put is in flight and none started for quiet_s seconds."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        s = state(page)
        pending = [p for p in s["puts"] if p[2] is None]
        last = max([p[1] for p in s["puts"]] + [p[2] for p in s["puts"] if p[2] is not None] + [0.0])
        if not pending and s["now"] - last >= quiet_s * 1000:
            return
        page.wait_for_timeout(POLL_S * 1000)
    raise TimeoutError("IndexedDB writes did not settle")


def wait_until(page, predicate, what: str, timeout_s: float = STEP_TIMEOUT_S):
    """Poll predicate; waiting through Playwright lets it answer routed requests (the fakes) meanwhile."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(POLL_S * 1000)
    raise TimeoutError(what)


# -- (a) show / hide an imported calendar ---------------------------------------------------------


def measure_toggle(playwright, url: str, ics: Path, anchor: date, args) -> dict:
    from playwright.sync_api import expect

    markers = [gen_ics.ANCHOR_SUMMARY, gen_ics.SERIES_SUMMARY]
    name = f"Big calendar: {args.events} events (seed {args.seed})"  # gen_ics's X-WR-CALNAME
    browser = new_browser(playwright)
    try:
        context, page = new_page(browser)
        page.goto(url + f"#/week/{anchor.isoformat()}")
        wait_ready(page)
        sample = page.get_by_role("checkbox", name="Show sample calendar")
        if sample.count() and sample.is_checked():
            sample.uncheck()
        page.get_by_label("Import .ics file").set_input_files(str(ics))
        region = page.get_by_role("region", name="Calendar", exact=True)
        expect(region).to_contain_text(gen_ics.ANCHOR_SUMMARY, timeout=STEP_TIMEOUT_S * 1000)
        # The app stores the calendar, then its index (after the week is shown): let all land.
        wait_quiet(page, quiet_s=2.0)
        page.reload()
        wait_ready(page)
        expect(region).to_contain_text(gen_ics.ANCHOR_SUMMARY, timeout=STEP_TIMEOUT_S * 1000)
        box = page.get_by_role("complementary", name="Calendars").get_by_role("checkbox", name=name, exact=True)
        expect(box).to_be_checked()
        result = {"status": "ok", "calendar": name}
        for direction, present in (("hide", False), ("show", True)):
            result[direction] = toggle(page, box, present, markers)
        result["page_errors"] = page.bench_errors
        context.close()
        return result
    except Exception as error:  # a failed run is a result, not the end of the bench
        return {"status": "error", "error": f"{type(error).__name__}: {error}"}
    finally:
        browser.close()


def toggle(page, box, present: bool, markers: list[str]) -> dict:
    wait_quiet(page)
    before = state(page)
    page.evaluate("([present, markers]) => window.__vis.arm(present, markers)", [present, markers])
    (box.check if present else box.uncheck)()
    change = wait_until(page, lambda: next((c for c in state(page)["changes"][len(before["changes"]):]), None),
                        "no change event on the checkbox")
    t0 = change["at"]
    painted = wait_until(page, lambda: state(page)["watch"]["paintAt"], "the grid was not redrawn")

    def stored():
        s = state(page)
        window = [p for p in s["puts"] if p[1] >= t0 and p[0] != "snapshot"]
        if not window:  # nothing stored by SETTLE_S after the paint: the change is not kept
            return "none" if s["now"] - painted > SETTLE_S * 1000 else None
        if any(p[2] is None for p in window):
            return None
        return max(p[2] for p in window)

    stored_at = wait_until(page, stored, "the change was not stored")
    if stored_at == "none":
        stored_at = None
    done = max(painted, stored_at or painted)
    page.wait_for_timeout(SETTLE_S * 1000)
    watch = state(page)["watch"]
    w = page.evaluate(WINDOW, [t0, done + SETTLE_S * 1000])
    by_key: dict[str, int] = {}
    for p in w["puts"]:
        by_key[p["key"]] = by_key.get(p["key"], 0) + p["bytes"]
    return {
        "stored_ms": None if stored_at is None else stored_at - t0,
        "drawn_ms": watch["domAt"] - t0,
        "painted_ms": painted - t0,
        "done_ms": done - t0,
        "idb_put_bytes": sum(p["bytes"] for p in w["puts"]),
        "idb_put_chars": sum(p["chars"] for p in w["puts"]),
        "idb_puts": len(w["puts"]),
        "idb_bytes_by_key": by_key,
        "longtask_max_ms": max((d for _s, d in w["longtasks"]), default=0.0),
        "longtasks_over_50ms": len(w["longtasks"]),
        "longtask_total_ms": sum(d for _s, d in w["longtasks"]),
        "redraws": len(w["renders"]),
        "redraw_ms": [round(d, 1) for _s, d in w["renders"]],
        "puts": w["puts"],
        "longtasks": w["longtasks"],
        "longtask_error": w["longtaskError"],
    }


# -- (b) redraws per sync -------------------------------------------------------------------------


def outlook_fake():
    from tests.support.fakes.microsoft import FakeAccount, FakeMicrosoft

    def event(subject: str, start: str, end: str) -> dict:
        return {"id": f"ev-{subject}-{start}", "subject": subject, "isAllDay": False, "isCancelled": False,
                "showAs": "busy", "type": "singleInstance",
                "start": {"dateTime": start, "timeZone": "Europe/Berlin"},
                "end": {"dateTime": end, "timeZone": "Europe/Berlin"},
                "location": {"displayName": "Room 1"}, "onlineMeeting": None,
                "webLink": "https://outlook.office365.com/owa/?itemid=x"}

    events = [event(f"Meeting {day}-{hour}", f"2026-03-0{day}T{hour:02}:00:00", f"2026-03-0{day}T{hour:02}:45:00")
              for day in range(2, 7) for hour in (9, 11, 14)]
    calendars = [{"id": "cal-main", "name": "Calendar", "color": "auto", "hexColor": "#a4262c",
                  "isDefaultCalendar": True, "canEdit": True, "owner": {"name": "", "address": ""}}]
    account = FakeAccount(oid="8f2c1e4a-0000-4000-8000-000000000001", tid="72f988bf-86f1-41af-91ab-2d7cd011db47",
                          username="ada@contoso.com", name="Ada Lovelace", calendars=calendars,
                          events={"cal-main": events})
    return FakeMicrosoft(CLIENT_ID, [account]), events[0]["subject"]


def measure_sync(playwright, url: str) -> dict:
    from playwright.sync_api import expect

    browser = new_browser(playwright)
    try:
        context, page = new_page(browser)
        fake, first = outlook_fake()
        fake.install(context)
        config = {"microsoft": {"clientId": CLIENT_ID, "authority": "https://login.microsoftonline.com/common"}}
        context.route(url + "config.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps(config)))
        page.goto(url + f"#/week/{SYNC_WEEK}")
        wait_ready(page)
        with page.expect_popup() as popup:
            page.get_by_role("button", name="Connect Outlook").click()
        popup.value.wait_for_event("close", timeout=60_000)
        accounts = page.get_by_role("list", name="Connected accounts")
        expect(accounts).to_contain_text("Last synced", timeout=STEP_TIMEOUT_S * 1000)
        expect(accounts).not_to_contain_text("Syncing", timeout=STEP_TIMEOUT_S * 1000)
        expect(page.get_by_role("region", name="Calendar", exact=True)).to_contain_text(first)
        wait_quiet(page, quiet_s=2.0)
        renders_before = state(page)["renders"]
        graph_before = len(fake.graph_requests())
        clicks_before = len(state(page)["clicks"])
        page.get_by_role("button", name="Refresh calendars").click()
        click = wait_until(page, lambda: next((c for c in state(page)["clicks"][clicks_before:]
                                         if c["text"] == "Refresh calendars"), None), "no click seen")
        t0 = click["at"]
        wait_until(page, lambda: len(fake.graph_requests()) > graph_before, "the sync made no Graph request")
        expect(accounts).not_to_contain_text("Syncing", timeout=STEP_TIMEOUT_S * 1000)
        expect(accounts).to_contain_text("Last synced")
        wait_quiet(page)
        page.wait_for_timeout(SETTLE_S * 1000)
        end = state(page)["now"]
        w = page.evaluate(WINDOW, [t0, end])
        renders_after = state(page)["renders"]
        result = {
            "status": "ok",
            "redraws": len(w["renders"]),
            "redraws_counted_by_total": renders_after - renders_before,
            "redraw_at_ms": [round(s, 1) for s, _d in w["renders"]],
            "redraw_ms": [round(d, 1) for _s, d in w["renders"]],
            "redraw_total_ms": sum(d for _s, d in w["renders"]),
            "last_redraw_ms": max((s + d for s, d in w["renders"]), default=None),
            "graph_requests": len(fake.graph_requests()) - graph_before,
            "idb_puts": len(w["puts"]),
            "idb_put_bytes": sum(p["bytes"] for p in w["puts"]),
            "idb_keys": [p["key"] for p in w["puts"]],
            "longtask_max_ms": max((d for _s, d in w["longtasks"]), default=0.0),
            "page_errors": page.bench_errors,
        }
        context.close()
        return result
    except Exception as error:
        return {"status": "error", "error": f"{type(error).__name__}: {error}"}
    finally:
        browser.close()


# -- reporting ------------------------------------------------------------------------------------

TOGGLE_KEYS = ["stored_ms", "drawn_ms", "painted_ms", "done_ms", "idb_put_bytes", "idb_puts",
               "longtask_max_ms", "longtasks_over_50ms", "redraws"]
SYNC_KEYS = ["redraws", "redraw_total_ms", "last_redraw_ms", "graph_requests", "idb_puts", "idb_put_bytes",
             "longtask_max_ms"]


def summary_line(name: str, r: dict) -> str:
    if r["status"] != "ok":
        return r["status"] + ": " + r.get("error", "")
    if name == "toggle":
        return "  ".join(f"{d}: done {r[d]['done_ms']:.0f} ms, {r[d]['idb_put_bytes'] / 1e6:.2f} MB put, "
                         f"longest task {r[d]['longtask_max_ms']:.0f} ms" for d in ("hide", "show"))
    return f"{r['redraws']} redraws, {r['graph_requests']} Graph requests"


def medians(runs: list[dict], keys: list[str]) -> dict:
    out = {}
    for key in keys:
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = statistics.median(values) if values else None
    return out


def git_info(path: Path) -> dict:
    def run(*args):
        done = subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None
    commit = run("rev-parse", "--short", "HEAD")
    return {"commit": commit, "commit_full": run("rev-parse", "HEAD"),
            # Changes to what never goes into dist/ (the benches, tests, results) do not count.
            "dirty": bool(run("status", "--porcelain", "--untracked-files=no", "--", ".", ":!tools", ":!tests",
                              ":!bench", ":!docs")) if commit else None,
            "work_tree": run("rev-parse", "--show-toplevel")}


def chromium_version() -> str:
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"\d+(?:\.\d+)+", out)
    return found.group() if found else out.strip()


def make_report(samples: dict, dist: Path, label: str | None, ics_bytes: int | None, args, seconds: float,
                interleaved: bool) -> dict:
    ok = {name: [r for r in runs if r["status"] == "ok"] for name, runs in samples.items()}
    dist_git = git_info(dist.parent)
    label = label or ((dist_git["commit"] or "unknown") + ("-dirty" if dist_git["dirty"] else ""))
    med = {}
    if "toggle" in ok:
        med["toggle"] = {d: medians([r[d] for r in ok["toggle"]], TOGGLE_KEYS) for d in ("hide", "show")}
    if "sync" in ok:
        med["sync"] = medians(ok["sync"], SYNC_KEYS)
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "label": label,
        "dist": str(dist),
        "dist_git": dist_git,
        "bench_git": git_info(ROOT),
        "machine": {"nproc": os.cpu_count(), "platform": platform.platform()},
        "versions": {"chromium": chromium_version(), "playwright": metadata.version("playwright"),
                     "host_python": platform.python_version()},
        "method": {
            "runs": args.runs,
            "events": args.events,
            "seed": args.seed,
            "interleaved_with": [str(d.resolve()) for d in args.dist if d.resolve() != dist] if interleaved else [],
            "ics_bytes": ics_bytes,
            "toggle": "import the file at #/week/<anchor> (sample hidden), wait for its writes, reload; "
                      "un-tick then tick its checkbox in the Calendars panel; times from the checkbox's "
                      "change event: stored = last non-snapshot IndexedDB put's transaction complete, drawn = "
                      "region Calendar without/with both markers (MutationObserver), painted = next frame, "
                      "done = later of stored and painted; bytes = UTF-8 size of every IDB put value in "
                      f"[change, done + {SETTLE_S} s]; long tasks overlapping that window",
            "sync": f"one faked Outlook account at #/week/{SYNC_WEEK}; after the connect's sync settled, one "
                    "click on 'Refresh calendars'; daypane:render measures from the click until the sync is "
                    f"over + {SETTLE_S} s",
            "seconds": round(seconds, 1),
        },
        "samples": samples,
        "medians": med,
    }


def print_table(report: dict) -> None:
    samples, med = report["samples"], report["medians"]
    print(f"\nVisibility / sync bench, {report['label']} ({report['dist']}), {report['method']['runs']} runs, "
          f"{report['machine']['nproc']} CPUs, Chromium {report['versions']['chromium']}")
    if "toggle" in med:
        runs = [r for r in samples["toggle"] if r["status"] == "ok"]
        print(f"\n(a) toggle an imported {report['method']['events']}-event calendar "
              f"(median, then every run)")
        rows = [("to stored, ms", "stored_ms", "{:.0f}"), ("to grid redrawn (DOM), ms", "drawn_ms", "{:.0f}"),
                ("to painted, ms", "painted_ms", "{:.0f}"),
                ("done (later of stored, painted), ms", "done_ms", "{:.0f}"),
                ("IndexedDB bytes put", "idb_put_bytes", "{:,.0f}"), ("IndexedDB puts", "idb_puts", "{:.0f}"),
                ("longest long task, ms", "longtask_max_ms", "{:.0f}"),
                ("long tasks (> 50 ms)", "longtasks_over_50ms", "{:.0f}"), ("redraws", "redraws", "{:.0f}")]
        cells = []
        for label, key, fmt in rows:
            row = [label]
            for d in ("hide", "show"):
                m = med["toggle"][d][key]
                all_ = ", ".join("none" if r[d][key] is None else fmt.format(r[d][key]) for r in runs)
                row.append(f"{fmt.format(m)}  [{all_}]" if m is not None else "none")
            cells.append(row)
        header = ["", "un-tick (hide)", "tick (show)"]
        widths = [max(len(r[i]) for r in [header, *cells]) for i in range(3)]
        for row in [header, *cells]:
            print("  ".join([row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]))
        keys = sorted({k for r in runs for d in ("hide", "show") for k in r[d]["idb_bytes_by_key"]})
        if runs:
            print("  bytes by key (run 1): " + "; ".join(
                f"{d}: " + ", ".join(f"{k} {runs[0][d]['idb_bytes_by_key'].get(k, 0):,}" for k in keys)
                for d in ("hide", "show")))
    if "sync" in med:
        runs = [r for r in samples["sync"] if r["status"] == "ok"]
        m = med["sync"]
        print("\n(b) one sync ('Refresh calendars') with one Outlook account, week view")
        if m["redraws"] is None:
            print("  no successful run")
        else:
            counts = ", ".join(str(r["redraws"]) for r in runs)
            print(f"  calendar redraws (daypane:render): {m['redraws']:.0f}  [{counts}]")
            totals = ", ".join(f"{r['redraw_total_ms']:.0f}" for r in runs)
            lasts = ", ".join(f"{r['last_redraw_ms']:.0f}" for r in runs)
            print(f"  redraw time, total ms: {m['redraw_total_ms']:.0f}  [{totals}]")
            print(f"  click to last redraw, ms: {m['last_redraw_ms']:.0f}  [{lasts}]")
            print(f"  Graph requests: {m['graph_requests']:.0f}; IndexedDB puts {m['idb_puts']:.0f} "
                  f"({m['idb_put_bytes']:,.0f} bytes); longest long task {m['longtask_max_ms']:.0f} ms")
    failed = [(n, r) for n, runs in samples.items() for r in runs if r["status"] != "ok"]
    for name, r in failed:
        print(f"FAILED run ({name}): {r.get('error')}")


def save(report: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{report['date'][:10]}-{report['label']}-visibility.json"
    partial = out.with_suffix(".tmp")
    partial.write_text(json.dumps(report, indent=2) + "\n")
    partial.replace(out)
    return out


if __name__ == "__main__":
    sys.exit(main())
