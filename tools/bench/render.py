"""Calendar redraw time in the browser: a week holding 1,000 events, and moving between weeks.

Imports a generated, deterministic (seeded) .ics with 1,000 timed events in the week of
2 March 2026, then moves to the next week and back several times. Each redraw is timed by the
app's own User Timing measure "daypane:render" (query the calendars for the range + lay out +
build the DOM), read from the page. Targets (issue 3/7): a 1,000-event week renders in under
100 ms; moving to a cached day or week redraws in under 50 ms.

    python -m tools.bench.render [--moves 5] [--no-save]

Writes bench/results/<UTC date>-<short commit>-render.json (unless --no-save).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tools.bench.common import DIST, chromium_version, launch, need_dist, provenance, save
from tools.serve import serve_in_thread

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 2, tzinfo=ZONE)


def calendar_text(count: int = 1000, seed: int = 7) -> str:
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Daypane//bench//EN", "X-WR-CALNAME:Busy week"]
    for i in range(count):
        start = MONDAY + timedelta(days=rng.randrange(7), hours=rng.randrange(7, 20), minutes=rng.choice((0, 15, 30, 45)))
        end = start + timedelta(minutes=rng.choice((15, 30, 45, 60, 90, 120)))
        lines += ["BEGIN:VEVENT", f"UID:bench-{i}@daypane", "DTSTAMP:20260101T000000Z",
                  f"DTSTART:{start.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}",
                  f"DTEND:{end.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}",
                  f"SUMMARY:Meeting {i}", "LOCATION:Room 1", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# Each measure runs from "daypane:render-start" to the end of its stage, so a stage's own time is
# the difference from the one before: query the providers, lay out (core), describe the nodes
# (Python), build the DOM (one JS call), then the rest (titles, links).
STAGES = ("query", "layout", "describe", "build")
STAGES_PROBE = """[performance.getEntriesByName('daypane:render').at(-1).duration,
  ...%s.map((stage) => performance.getEntriesByName('daypane:render-' + stage).at(-1).duration)]""" % (
    list(STAGES),)


# Events drawn in the week's columns plus those counted by its "+N more" buttons.
SHOWN_PROBE = ("(document.querySelectorAll('.day-col .event').length + [...document.querySelectorAll('.day-col .more-button')]"
               ".reduce((sum, b) => sum + parseInt(b.textContent.slice(1)), 0))")


def stage_medians(samples: list[list[float]]) -> dict[str, float]:
    """Median time of each stage on its own (differences of the cumulative measures), and the total."""
    own = {stage: [] for stage in (*STAGES, "rest")}
    for total, *ends in samples:
        for stage, start, end in zip((*STAGES, "rest"), [0.0, *ends], [*ends, total]):
            own[stage].append(end - start)
    return {stage: round(statistics.median(values), 1) for stage, values in own.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--no-save", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)
    need_dist()
    from playwright.sync_api import sync_playwright

    server, url = serve_in_thread(DIST)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        ics = Path(tmp) / "busy-week.ics"
        ics.write_text(calendar_text())
        browser = launch(playwright)
        # bypass_csp: the bench polls with wait_for_function, which evaluates with eval(); the app's
        # CSP (rightly) forbids that, and the policy changes nothing in what is measured here.
        # en-GB, as the tests: a Monday week holds all seven days of the generated events (en-US
        # would start on Sunday the 1st and leave Sunday the 8th out).
        page = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", viewport={"width": 1400, "height": 900},
                                   bypass_csp=True).new_page()
        # No Playwright clock here: its fake replaces `performance`, and User Timing with it.
        page.goto(url + "#/week/2026-03-02")
        page.wait_for_function("document.documentElement.dataset.appState === 'ready'", timeout=120_000)
        page.get_by_role("checkbox", name="Show sample calendar").uncheck()
        page.get_by_label("Import .ics file").set_input_files(str(ics))
        page.locator(".day-col .event").first.wait_for(timeout=120_000)
        # Every event is drawn or counted behind a "+N more" (three side by side per day, then more).
        page.wait_for_function(SHOWN_PROBE + " === 1000", timeout=120_000)
        drawn = page.locator(".day-col .event").count()
        nodes = page.evaluate("document.querySelectorAll('#agenda *').length")
        page.evaluate("performance.clearMeasures('daypane:render')")
        full, empty = [], []
        for _ in range(args.moves):
            for target, bucket in (("#/week/2026-03-09", empty), ("#/week/2026-03-02", full)):
                count = page.evaluate("performance.getEntriesByName('daypane:render').length")
                page.evaluate(f"location.hash = '{target}'")
                page.wait_for_function(f"performance.getEntriesByName('daypane:render').length > {count}")
                bucket.append(page.evaluate(STAGES_PROBE))
        browser.close()
    server.shutdown()
    full_ms, empty_ms = statistics.median(s[0] for s in full), statistics.median(s[0] for s in empty)
    full_stages, empty_stages = stage_medians(full), stage_medians(empty)
    full_q, empty_q = full_stages["query"], empty_stages["query"]
    print(f"Calendar redraw, median of {args.moves} (User Timing 'daypane:render' = query the calendars "
          "for the range, then lay out and build the DOM; both weeks were shown before)")
    print(f"  week with 1,000 events:       {full_ms:7.1f} ms (of which query {full_q:.1f} ms)"
          f"   target < 100 ms: {'met' if full_ms < 100 else 'NOT MET'}")
    print(f"  move to an empty cached week: {empty_ms:7.1f} ms (of which query {empty_q:.1f} ms)"
          f"   target < 50 ms: {'met' if empty_ms < 50 else 'NOT MET'}")
    print(f"  the 1,000-event week draws {drawn} events (the rest behind '+N more'): {nodes} DOM nodes in the grid")
    for name, stages in (("1,000-event week", full_stages), ("empty week", empty_stages)):
        print(f"  stages, {name}: " + ", ".join(f"{stage} {ms:.1f} ms" for stage, ms in stages.items()))
    if not args.no_save:
        save({**provenance(), "versions": {"chromium": chromium_version()}, "moves": args.moves,
              "drawn_events": drawn, "grid_nodes": nodes,
              "medians_ms": {"full_week": full_ms, "full_week_query": full_q,
                             "empty_week": empty_ms, "empty_week_query": empty_q},
              "stage_medians_ms": {"full_week": full_stages, "empty_week": empty_stages},
              "samples_ms": {"full_week": full, "empty_week": empty}}, "render")
    return 0


if __name__ == "__main__":
    sys.exit(main())
