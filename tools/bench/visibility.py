"""Hiding/showing a 10,000-event imported calendar, and calendar redraws per sync, in headless Chromium.

(a) toggle: a tools/gen_ics.py calendar (seeded) imported at its anchor week, sample hidden, page
    reloaded (a returning user); its checkbox in the Calendars panel is un-ticked, then ticked.
    From the checkbox's `change` event: stored (the last non-"snapshot" IndexedDB put's
    transaction completed), drawn (region "Calendar" without / with both marker events), painted
    (the frame after), done (later of stored and painted); in [change, done + SETTLE_S]: every
    IDBObjectStore.put (UTF-8 bytes, per key), long tasks, "daypane:render" measures.
(b) sync: one faked Outlook account (tests/support/fakes/microsoft.py through context.route, the
    real MSAL.js popup) at #/week/2026-03-04; after the connect's sync settled, one click on
    "Refresh calendars": "daypane:render" measures until the sync is over + SETTLE_S, its Graph
    requests and IndexedDB puts.

    python -m tools.bench.visibility [--dist PATH] [--runs 3] [--events 10000] [--seed 1]
                                     [--only toggle|sync] [--label NAME] [--no-save]
    python -m tools.bench.visibility --dist BEFORE/dist --dist AFTER/dist   # interleaved A/B

No outside peer: with two --dist the first (before) is the peer, in the same session, rounds
alternating. Writes bench/results/<UTC date>-<commit of dist's work tree>[-vs-<other>]-visibility.json
per --dist (or <label>). Timings on a shared 2-core machine swing 2x with the load; bytes, puts and
redraws are exact. Probe: tools/bench/visibility_probe.js; how to read the figures: bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from tools import gen_ics
from tools.bench.common import (DIST, chromium_version, git, launch, need_dist, print_columns, provenance,
                                ratio, save)
from tools.serve import serve_in_thread

CONTEXT = {"timezone_id": "Europe/Berlin", "locale": "en-GB", "viewport": {"width": 1400, "height": 900},
           "service_workers": "block"}
READY_TIMEOUT_MS = 180_000
STEP_TIMEOUT_S = 120.0
SETTLE_S = 1.5   # after a toggle / sync is done: the snapshot put (0.3 s later) and trailing work land
QUIET_S = 1.0    # before a toggle / sync: no put in flight for this long
POLL_S = 0.05

CLIENT_ID = "0b8f3c9e-5d1a-4c2b-9a7e-6f4d3e2c1b0a"
SYNC_WEEK = "2026-03-04"

# Installed before any page script, on every load of the context; defines window.__vis.
PROBE = (Path(__file__).resolve().parent / "visibility_probe.js").read_text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, action="append",
                        help="the built site to serve (default dist/); give it twice (before, after) "
                             "to interleave their runs in one session, one results file each")
    parser.add_argument("--runs", type=int, default=3, help="runs of each scenario (default 3)")
    parser.add_argument("--events", type=int, default=10_000, help="series in the imported file (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("toggle", "sync"), help="measure one scenario only")
    parser.add_argument("--label", action="append",
                        help="name in the results file instead of the dist's commit (once per --dist)")
    parser.add_argument("--no-save", action="store_true", help="print the table, write no JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    dists = [d.resolve() for d in (args.dist or [DIST])]
    if args.label and len(args.label) != len(dists):
        parser.error("give --label once per --dist")
    for dist in dists:
        need_dist(dist)
    trees = [dist_git(dist) for dist in dists]
    labels = args.label or [(t["commit"] or "unknown") + ("-dirty" if t["dirty"] else "") for t in trees]
    if len(set(labels)) < len(labels):
        parser.error(f"both sites would be saved as {labels[0]}: give --label twice")
    # An A/B file is not the site's own: <commit>-vs-<other commit> (a --label is the name as given).
    stems = args.label or [label + "".join(f"-vs-{o}" for o in labels if o != label) for label in labels]

    started = time.monotonic()
    scenarios = [args.only] if args.only else ["toggle", "sync"]
    samples = [{name: [] for name in scenarios} for _ in dists]
    with tempfile.TemporaryDirectory(prefix="daypane-bench-visibility-") as tmp:
        ics = Path(tmp) / f"big-{args.events}-seed{args.seed}.ics"
        if "toggle" in scenarios:
            print(f"generating {args.events} events (seed {args.seed}) ...", file=sys.stderr, flush=True)
            ics.write_bytes(gen_ics.generate(args.events, args.seed, gen_ics.DEFAULT_ANCHOR).encode("utf-8"))
        ics_bytes = ics.stat().st_size if ics.exists() else None
        servers = [serve_in_thread(dist) for dist in dists]
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                for round_ in range(args.runs):
                    # With two sites, alternate which goes first: neither always gets the quieter slot.
                    for i in list(range(len(dists)))[::-1 if round_ % 2 else 1]:
                        for name in scenarios:
                            how = (measure_toggle, ics, args) if name == "toggle" else (measure_sync,)
                            result = one_run(playwright, how[0], servers[i][1], *how[1:])
                            samples[i][name].append(result)
                            site = f" [{labels[i]}]" if len(dists) > 1 else ""
                            print(f"  run {round_ + 1}/{args.runs} {name:6}{site} {summary_line(name, result)}",
                                  file=sys.stderr, flush=True)
        finally:
            for server, _url in servers:
                server.shutdown()

    seconds = time.monotonic() - started
    reports = [make_report(samples[i], dists[i], trees[i], labels[i], [d for d in dists if d != dists[i]],
                           ics_bytes, args, seconds) for i in range(len(dists))]
    print_table(reports)
    if not args.no_save:
        for report, stem in zip(reports, stems):
            save(report, "visibility", name=stem)
    return 0


def dist_git(dist: Path) -> dict:
    """The git work tree holding dist/: its HEAD, and whether what goes into dist/ has changed."""
    try:
        commit = git("rev-parse", "--short", "HEAD", cwd=dist.parent)
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "commit_full": None, "dirty": None, "work_tree": None}
    # Changes to what never goes into dist/ (the benches, tests, results) do not count.
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!tools", ":!tests", ":!bench",
                ":!docs", cwd=dist.parent)
    return {"commit": commit, "commit_full": git("rev-parse", "HEAD", cwd=dist.parent), "dirty": bool(dirty),
            "work_tree": git("rev-parse", "--show-toplevel", cwd=dist.parent)}


# -- the browser ----------------------------------------------------------------------------------


def one_run(playwright, measure, *args) -> dict:
    """measure(context, page, *args) in a new browser; a failed run is a result, not the end of the bench."""
    # Chromium's popup blocker stays on (as in the browser tests): the sign-in popup comes from a click.
    browser = launch(playwright, ignore_default_args=["--disable-popup-blocking"])
    try:
        context = browser.new_context(**CONTEXT)
        context.add_init_script(PROBE)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        result = {"status": "ok", **measure(context, page, *args), "page_errors": errors}
        context.close()
        return result
    except Exception as error:  # noqa: BLE001
        return {"status": "error", "error": f"{type(error).__name__}: {error}"}
    finally:
        browser.close()


def wait_ready(page) -> None:
    page.wait_for_selector("html[data-app-state]:not([data-app-state='loading'])", state="attached",
                           timeout=READY_TIMEOUT_MS)
    if (state := page.evaluate("document.documentElement.dataset.appState")) != "ready":
        raise RuntimeError(f"app state is {state!r}: {page.inner_text('body')[:300]}")


def state(page) -> dict:
    return page.evaluate("window.__vis.state()")


def wait_until(page, predicate, what: str, timeout_s: float = STEP_TIMEOUT_S):
    """Poll predicate; waiting through Playwright lets it answer routed requests (the fakes) meanwhile."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        page.wait_for_timeout(POLL_S * 1000)
    raise TimeoutError(what)


def wait_quiet(page, quiet_s: float = QUIET_S) -> None:
    """Until no IndexedDB put is in flight and none started or finished for quiet_s seconds."""
    def quiet():
        s = state(page)
        last = max([p[1] for p in s["puts"]] + [p[2] for p in s["puts"] if p[2] is not None] + [0.0])
        return all(p[2] is not None for p in s["puts"]) and s["now"] - last >= quiet_s * 1000
    wait_until(page, quiet, "IndexedDB writes did not settle")


# -- (a) show / hide an imported calendar ---------------------------------------------------------


def measure_toggle(_context, page, url: str, ics: Path, args) -> dict:
    from playwright.sync_api import expect

    name = f"Big calendar: {args.events} events (seed {args.seed})"  # gen_ics's X-WR-CALNAME
    page.goto(url + f"#/week/{gen_ics.DEFAULT_ANCHOR.isoformat()}")
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
    return {"calendar": name, "hide": toggle(page, box, False), "show": toggle(page, box, True)}


def toggle(page, box, present: bool) -> dict:
    wait_quiet(page)
    changes = len(state(page)["changes"])
    page.evaluate("([present, markers]) => window.__vis.arm(present, markers)",
                  [present, [gen_ics.ANCHOR_SUMMARY, gen_ics.SERIES_SUMMARY]])
    (box.check if present else box.uncheck)()
    t0 = wait_until(page, lambda: next(iter(state(page)["changes"][changes:]), None),
                    "no change event on the checkbox")["at"]
    painted = wait_until(page, lambda: state(page)["watch"]["paintAt"], "the grid was not redrawn")

    def stored():
        s = state(page)
        window = [p for p in s["puts"] if p[1] >= t0 and p[0] != "snapshot"]
        if not window:  # nothing stored by SETTLE_S after the paint: the change is not kept
            return "none" if s["now"] - painted > SETTLE_S * 1000 else None
        return None if any(p[2] is None for p in window) else max(p[2] for p in window)

    stored_at = wait_until(page, stored, "the change was not stored")
    stored_at = None if stored_at == "none" else stored_at
    done = max(painted, stored_at or painted)
    page.wait_for_timeout(SETTLE_S * 1000)
    drawn = state(page)["watch"]["domAt"]
    w = page.evaluate("([from, to]) => window.__vis.window(from, to)", [t0, done + SETTLE_S * 1000])
    return {"stored_ms": None if stored_at is None else stored_at - t0, "drawn_ms": drawn - t0,
            "painted_ms": painted - t0, "done_ms": done - t0, "idb_put_bytes": w["bytes"], "idb_put_chars": w["chars"],
            "idb_puts": len(w["puts"]), "idb_bytes_by_key": w["byKey"], "longtask_max_ms": w["longtaskMax"],
            "longtasks_over_50ms": len(w["longtasks"]), "longtask_total_ms": w["longtaskTotal"],
            "redraws": len(w["renders"]), "redraw_ms": [round(d, 1) for _s, d in w["renders"]],
            "puts": w["puts"], "longtasks": w["longtasks"], "longtask_error": w["longtaskError"]}


# -- (b) redraws per sync -------------------------------------------------------------------------


def outlook_fake():
    from tests.support.fakes.microsoft import FakeAccount, FakeMicrosoft

    common = {"isAllDay": False, "isCancelled": False, "showAs": "busy", "type": "singleInstance",
              "location": {"displayName": "Room 1"}, "onlineMeeting": None,
              "webLink": "https://outlook.office365.com/owa/?itemid=x"}
    events = [{"id": f"ev-Meeting {day}-{hour}-{start}", "subject": f"Meeting {day}-{hour}", **common,
               "start": {"dateTime": start, "timeZone": "Europe/Berlin"},
               "end": {"dateTime": start[:-5] + "45:00", "timeZone": "Europe/Berlin"}}
              for day in range(2, 7) for hour in (9, 11, 14) for start in [f"2026-03-0{day}T{hour:02}:00:00"]]
    calendars = [{"id": "cal-main", "name": "Calendar", "color": "auto", "hexColor": "#a4262c",
                  "isDefaultCalendar": True, "canEdit": True, "owner": {"name": "", "address": ""}}]
    account = FakeAccount(oid="8f2c1e4a-0000-4000-8000-000000000001", tid="72f988bf-86f1-41af-91ab-2d7cd011db47",
                          username="ada@contoso.com", name="Ada Lovelace", calendars=calendars,
                          events={"cal-main": events})
    return FakeMicrosoft(CLIENT_ID, [account]), events[0]["subject"]


def measure_sync(context, page, url: str) -> dict:
    from playwright.sync_api import expect

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
    before = state(page)
    graph_before = len(fake.graph_requests())
    page.get_by_role("button", name="Refresh calendars").click()
    t0 = wait_until(page, lambda: next((c for c in state(page)["clicks"][len(before["clicks"]):]
                                        if c["text"] == "Refresh calendars"), None), "no click seen")["at"]
    wait_until(page, lambda: len(fake.graph_requests()) > graph_before, "the sync made no Graph request")
    expect(accounts).not_to_contain_text("Syncing", timeout=STEP_TIMEOUT_S * 1000)
    expect(accounts).to_contain_text("Last synced")
    wait_quiet(page)
    page.wait_for_timeout(SETTLE_S * 1000)
    w = page.evaluate("([from, to]) => window.__vis.window(from, to)", [t0, state(page)["now"]])
    return {"redraws": len(w["renders"]), "redraws_counted_by_total": state(page)["renders"] - before["renders"],
            "redraw_at_ms": [round(s, 1) for s, _d in w["renders"]],
            "redraw_ms": [round(d, 1) for _s, d in w["renders"]], "redraw_total_ms": w["renderTotal"],
            "last_redraw_ms": w["lastRender"],
            "graph_requests": len(fake.graph_requests()) - graph_before, "idb_puts": len(w["puts"]),
            "idb_put_bytes": w["bytes"], "idb_keys": [p["key"] for p in w["puts"]], "longtask_max_ms": w["longtaskMax"]}


# -- reporting ------------------------------------------------------------------------------------

# (label, key): every figure is printed as a whole number.
TOGGLE_ROWS = [("to stored, ms", "stored_ms"), ("to grid redrawn (DOM), ms", "drawn_ms"),
               ("to painted, ms", "painted_ms"), ("done (later of stored, painted), ms", "done_ms"),
               ("IndexedDB bytes put", "idb_put_bytes"), ("IndexedDB puts", "idb_puts"),
               ("longest long task, ms", "longtask_max_ms"), ("long tasks (> 50 ms)", "longtasks_over_50ms"),
               ("redraws", "redraws")]
SYNC_ROWS = [("calendar redraws (daypane:render)", "redraws"), ("redraw time, total ms", "redraw_total_ms"),
             ("click to last redraw, ms", "last_redraw_ms"), ("Graph requests", "graph_requests"),
             ("IndexedDB puts", "idb_puts"), ("IndexedDB bytes put", "idb_put_bytes"),
             ("longest long task, ms", "longtask_max_ms")]


def summary_line(name: str, r: dict) -> str:
    if r["status"] != "ok":
        return r["status"] + ": " + r.get("error", "")
    if name == "toggle":
        return "  ".join(f"{d}: done {r[d]['done_ms']:.0f} ms, {r[d]['idb_put_bytes'] / 1e6:.2f} MB put, "
                         f"longest task {r[d]['longtask_max_ms']:.0f} ms" for d in ("hide", "show"))
    return f"{r['redraws']} redraws, {r['graph_requests']} Graph requests"


def medians(runs: list[dict], rows: list[tuple]) -> dict:
    values = {key: [r[key] for r in runs if r.get(key) is not None] for _label, key in rows}
    return {key: statistics.median(v) if v else None for key, v in values.items()}


def ok_runs(samples: dict, name: str) -> list[dict]:
    return [r for r in samples.get(name, []) if r["status"] == "ok"]


def make_report(samples: dict, dist: Path, tree: dict, label: str, others: list[Path], ics_bytes: int | None,
                args, seconds: float) -> dict:
    med = {}
    if "toggle" in samples:
        med["toggle"] = {d: medians([r[d] for r in ok_runs(samples, "toggle")], TOGGLE_ROWS) for d in ("hide", "show")}
    if "sync" in samples:
        med["sync"] = medians(ok_runs(samples, "sync"), SYNC_ROWS)
    return {
        **provenance(),  # the bench's own tree; what was measured is dist / dist_git
        "label": label, "dist": str(dist), "dist_git": tree,
        "versions": {"chromium": chromium_version(), "playwright": metadata.version("playwright"),
                     "host_python": platform.python_version()},
        "method": {
            "runs": args.runs, "events": args.events, "seed": args.seed,
            "interleaved_with": [str(d) for d in others], "ics_bytes": ics_bytes, "context": CONTEXT,
            "toggle": "import at #/week/<anchor> (sample hidden), writes settled, reload; un-tick, then tick "
                      "its checkbox; from the change event: stored = last non-snapshot IDB put's transaction "
                      "complete, drawn = region Calendar without/with both markers, painted = next frame, done = "
                      f"later of both; bytes = UTF-8 size of every IDB put in [change, done + {SETTLE_S} s]",
            "sync": f"one faked Outlook account at #/week/{SYNC_WEEK}; after the connect's sync, one click on "
                    f"'Refresh calendars'; daypane:render measures from it until the sync is over + {SETTLE_S} s",
            "seconds": round(seconds, 1),
        },
        "samples": samples, "medians": med}


def print_table(reports: list[dict]) -> None:
    """One table per scenario, a column per site (median, then every run); before/after with two."""
    first, pair = reports[0], len(reports) == 2
    sites = " vs ".join(f"{r['label']} ({r['dist']})" for r in reports)
    print(f"\nVisibility / sync bench, {sites}, {first['method']['runs']} runs, {first['machine']['nproc']} CPUs, "
          f"Chromium {first['versions']['chromium']}")
    header = ["", *(r["label"] for r in reports)] + (["before/after"] if pair else [])

    def table(name: str, rows: list[tuple], part=lambda sample: sample, prefix: str = "") -> list[list[str]]:
        out = []
        for label, key in rows:
            cells, values = [prefix + label], []
            for r in reports:
                m = part(r["medians"][name])[key]
                every = ", ".join("none" if part(s)[key] is None else f"{part(s)[key]:,.0f}"
                                  for s in ok_runs(r["samples"], name))
                cells.append("none" if m is None else f"{m:,.0f}  [{every}]")
                values.append(m)
            out.append(cells + ([ratio(values[0], values[1]) or "-"] if pair else []))
        return out

    if "toggle" in first["medians"]:
        print(f"\n(a) un-tick (hide), then tick (show) an imported {first['method']['events']}-event calendar "
              "(median  [every run])")
        print_columns([header, *table("toggle", TOGGLE_ROWS, lambda s: s["hide"], "hide: "),
                       *table("toggle", TOGGLE_ROWS, lambda s: s["show"], "show: ")])
        for r in reports:
            for run in ok_runs(r["samples"], "toggle")[:1]:
                print(f"  bytes by key, run 1 of {r['label']}: " + "; ".join(
                    f"{d}: " + ", ".join(f"{k} {v:,}" for k, v in sorted(run[d]["idb_bytes_by_key"].items()))
                    for d in ("hide", "show")))
    if "sync" in first["medians"]:
        print("\n(b) one sync ('Refresh calendars') with one Outlook account, week view (median  [every run])")
        print_columns([header, *table("sync", SYNC_ROWS)])
    for r, name, s in [(r, n, s) for r in reports for n, runs in r["samples"].items() for s in runs]:
        if s["status"] != "ok":
            print(f"FAILED run ({r['label']}, {name}): {s.get('error')}")


if __name__ == "__main__":
    sys.exit(main())
