"""Plan my day and time blocks: the planner's time for 40 tasks around 30 events (CPython and
Pyodide in the real app page), and redrawing a week of 200 time blocks beside a week of 200
ordinary events.

One seeded data set, put into the page as a user would: a backup restored ("Replace") holds the
tasks, an imported .ics the events. All dates lie ahead of the real clock (the bench cannot fake
it: Playwright's fake clock replaces `performance`, and the User Timing measures with it), so
"now" never cuts a planned day short:

- week 1 (the next Monday but one): 200 time blocks (tasks with a start time);
- week 2: 200 events at the same wall-clock times as those blocks (the peer of week 1);
- the Monday after: 30 events and 40 tasks to plan; an empty week after that to move through.

Figures, each beside its peer in the same run:
- **planner, Pyodide**: the app's User Timing measure "daypane:plan" (only the `plan_day` call,
  in `PlanActions.propose`) after a click on "Plan my day", beside **the same call under
  CPython** on the same tasks and events (parsed from the same file by the same core), and beside
  the day's redraw that follows it in the page ("daypane:render");
- **week of 200 blocks**: "daypane:render" when moving to week 1, beside moving to week 2.

    python -m tools.bench.planning [--runs 9] [--no-save]

Writes bench/results/<UTC date>-<short commit>-planning.json (unless --no-save).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tools.bench.common import DIST, chromium_version, launch, need_dist, print_columns, provenance, ratio, save
from tools.serve import serve_in_thread

ZONE = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


def dates(today: date) -> dict[str, date]:
    week1 = today + timedelta(days=7 - today.weekday() + 7)  # a Monday 8-14 days ahead
    return {"blocks": week1, "events": week1 + timedelta(days=7), "plan": week1 + timedelta(days=14),
            "empty": week1 + timedelta(days=28)}


def week_slots(rng: random.Random, monday: date, count: int) -> list[tuple[date, time, int]]:
    """(day, start, minutes) for `count` stretches in one week, 08:00-18:00 local."""
    return [(monday + timedelta(days=rng.randrange(7)), time(rng.randrange(8, 18), rng.choice((0, 15, 30, 45))),
             rng.choice((15, 30, 45, 60, 90))) for _ in range(count)]


def data(today: date, seed: int = 13):
    """(TaskList, .ics text, the dates): the same on every run for the same `today`."""
    from daypane.core.tasks.model import TaskList
    when, rng = dates(today), random.Random(seed)
    blocks = week_slots(rng, when["blocks"], 200)
    tasks = TaskList()
    for i, (day, start, minutes) in enumerate(blocks):
        tasks = tasks.add(f"Block {i}", id=f"block-{i}", scheduled=day, start=start, duration_minutes=minutes)
    for i in range(40):
        tasks = tasks.add(f"Task {i}", id=f"task-{i}", scheduled=when["plan"], estimate_minutes=rng.choice(
            (10, 15, 20, 30, 45, 60)), priority=rng.choice(("none", "low", "medium", "high")))
    events = [(day + timedelta(days=7), start, minutes) for day, start, minutes in blocks]
    events += [(when["plan"], time(rng.randrange(8, 18), rng.choice((0, 10, 20, 30, 40, 50))),
                rng.choice((5, 10, 15))) for _ in range(30)]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Daypane//bench planning//EN", "X-WR-CALNAME:Meetings"]
    for i, (day, at, minutes) in enumerate(events):
        start = datetime.combine(day, at, tzinfo=ZONE)
        lines += ["BEGIN:VEVENT", f"UID:plan-bench-{i}@daypane", "DTSTAMP:20260101T000000Z",
                  f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
                  f"DTEND:{(start + timedelta(minutes=minutes)).astimezone(UTC):%Y%m%dT%H%M%SZ}",
                  f"SUMMARY:Meeting {i}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return tasks, "\r\n".join(lines) + "\r\n", when


def cpython_planner(tasks, ics: str, day: date, runs: int) -> tuple[list[float], int]:
    """The page's planner call, here: (ms per run, blocks placed)."""
    from daypane.core.ics.parse import parse_calendar
    from daypane.core.planning import plan_day
    from daypane.core.tasks import plan as task_plan
    start = datetime.combine(day, time(0), tzinfo=ZONE)
    events = parse_calendar(ics, floating_tz=ZONE).occurrences("meetings", start, start + timedelta(days=1))
    today = datetime.now(ZONE).date()
    samples, placed = [], 0
    for _ in range(runs):
        began = clock.perf_counter()
        plan = plan_day(task_plan.to_plan(tasks, day, today), day=day, tz=ZONE, now=datetime.now(ZONE),
                        events=events, existing_blocks=task_plan.existing_blocks(tasks, day, ZONE))
        samples.append((clock.perf_counter() - began) * 1000)
        placed = len(plan.blocks)
    return samples, placed


LAST = "performance.getEntriesByName('{0}').length ? performance.getEntriesByName('{0}').at(-1).duration : null"
COUNT = "performance.getEntriesByName('daypane:render').length"


def in_page(url: str, tasks, ics: str, when: dict, runs: int, tmp: Path) -> dict:
    from playwright.sync_api import expect, sync_playwright

    from daypane.core.storage.backup.file import to_file
    from daypane.core.tasks.model import RECORD
    backup, calendar = tmp / "plan-bench-backup.json", tmp / "meetings.ics"
    backup.write_bytes(to_file({RECORD.key(): RECORD.encode(tasks)}, datetime.now(UTC)))
    calendar.write_text(ics)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        # bypass_csp: wait_for_function evaluates with eval(), which the app's CSP forbids.
        page = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", bypass_csp=True,
                                   viewport={"width": 1400, "height": 900}).new_page()
        ready = "document.documentElement.dataset.appState === 'ready'"
        page.goto(url + "#/settings")
        page.wait_for_function(ready, timeout=120_000)
        page.get_by_label("Restore backup").set_input_files(str(backup))
        with page.expect_navigation(wait_until="load", timeout=60_000):
            page.get_by_role("group", name="Restore backup").get_by_role(
                "button", name="Replace this device's data").click()
        page.wait_for_function(ready, timeout=120_000)
        page.evaluate(f"location.hash = '#/week/{when['events']}'")
        page.get_by_role("checkbox", name="Show sample calendar").uncheck()
        page.get_by_label("Import .ics file").set_input_files(str(calendar))
        page.locator(".day-col .event").nth(199).wait_for(timeout=120_000)

        def go(fragment: str) -> tuple[float, float]:
            """Move there; the redraw's (whole, query) ms."""
            count = page.evaluate(COUNT)
            page.evaluate(f"location.hash = '{fragment}'")
            page.wait_for_function(f"{COUNT} > {count}")
            return page.evaluate(f"[{LAST.format('daypane:render')}, {LAST.format('daypane:render-query')}]")

        weeks = {"blocks": [], "events": []}
        for run in range(runs):
            # Alternating which goes first, so drift in the machine's load hits both.
            for name in ("blocks", "events") if run % 2 == 0 else ("events", "blocks"):
                go(f"#/week/{when['empty']}")
                weeks[name].append(go(f"#/week/{when[name]}"))
        assert page.locator(".day-col .event").count() == 200

        go(f"#/day/{when['plan']}")
        proposal = page.get_by_role("region", name="Proposed plan")
        plans, redraws, summary = [], [], ""
        for _ in range(runs):
            count = page.evaluate(COUNT)
            page.get_by_role("button", name="Plan my day").click()
            expect(proposal).to_contain_text("Proposed for")
            page.wait_for_function(f"{COUNT} > {count}")
            plans.append(page.evaluate(LAST.format("daypane:plan")))
            redraws.append(page.evaluate(LAST.format("daypane:render")))  # the day with the ghosts
            summary = proposal.locator("p").first.inner_text()
            proposal.get_by_role("button", name="Discard plan").click()
            expect(proposal).to_be_hidden()
        browser.close()
    return {"weeks": weeks, "plan": plans, "day_redraw": redraws, "summary": summary}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-save", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)
    need_dist()
    tasks, ics, when = data(datetime.now(ZONE).date())
    cpython, placed = cpython_planner(tasks, ics, when["plan"], max(args.runs, 50))
    server, url = serve_in_thread(DIST)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            page = in_page(url, tasks, ics, when, args.runs, Path(tmp))
    finally:
        server.shutdown()
    if f": {placed} block" not in page["summary"]:
        sys.exit(f"the page planned something else than CPython ({placed} blocks): {page['summary']!r}")
    med = {"planner_pyodide": statistics.median(page["plan"]), "planner_cpython": statistics.median(cpython),
           "day_redraw": statistics.median(page["day_redraw"]),
           **{f"week_200_{name}{part}": statistics.median(sample[i] for sample in page["weeks"][name])
              for name in ("blocks", "events") for i, part in enumerate(("", "_query"))}}
    print(f"Plan my day and time blocks, medians ({args.runs} page runs; CPython {len(cpython)} runs); "
          f"planned {when['plan']}: {page['summary']}")
    print_columns([
        ("figure", "ms", "peer", "peer ms", "ratio"),
        ("planner, 40 tasks / 30 events, Pyodide", f"{med['planner_pyodide']:.1f}", "same call, CPython",
         f"{med['planner_cpython']:.2f}", ratio(med["planner_pyodide"], med["planner_cpython"], 1)),
        ("planner, Pyodide", f"{med['planner_pyodide']:.1f}", "that day's redraw, same page",
         f"{med['day_redraw']:.1f}", ratio(med["planner_pyodide"], med["day_redraw"])),
        ("week with 200 time blocks, redraw", f"{med['week_200_blocks']:.1f}", "200 ordinary events",
         f"{med['week_200_events']:.1f}", ratio(med["week_200_blocks"], med["week_200_events"])),
        ("  of which asking for the week", f"{med['week_200_blocks_query']:.1f}", "",
         f"{med['week_200_events_query']:.1f}", ratio(med["week_200_blocks_query"], med["week_200_events_query"])),
    ])
    if not args.no_save:
        save({**provenance(), "versions": {"chromium": chromium_version()}, "runs": args.runs,
              "dates": {k: v.isoformat() for k, v in when.items()}, "blocks_placed": placed,
              "page_summary": page["summary"], "medians_ms": med,
              "samples_ms": {"planner_cpython": cpython, "planner_pyodide": page["plan"],
                             "day_redraw": page["day_redraw"], "week_200_blocks": page["weeks"]["blocks"],
                             "week_200_events": page["weeks"]["events"]}}, "planning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
