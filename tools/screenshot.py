"""The README's pictures, made again from the built app: `python -m tools.screenshot` (the planned
day), `python -m tools.screenshot --readme` (the week at 1280 and 1920 px, the month, a phone).

Typed in as a user would (quick-add in "New task", "Plan my day", "Accept plan") on a fixed
Wednesday beside the sample calendar, so the picture shows what the app draws, not a mock-up.
Needs `make build` first (dist/) and Debian's Chromium.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright

from tools.bench.common import DIST, ROOT, launch, need_dist
from tools.serve import serve_in_thread

NOW = datetime(2026, 3, 4, 8, 40, tzinfo=ZoneInfo("Europe/Berlin"))  # a Wednesday morning
TASKS = (
    "Write the quarterly report today 2h !high #Work",
    "Reply to Sam today 20m #Work",
    "Prepare slides today 13:30 1h #Work",
    "Book the dentist today 15m #Home",
    "Paint the lighthouse today 9h #Home",
    "Call the bank tomorrow 11:00 30m",
    "Water the plants every monday #Home",
)


# --readme: (file, route, width, height, colour scheme, plan the day first)
READMES = (
    ("week-1280.png", "#/week/2026-03-04", 1280, 800, "light", True),
    ("week-1920.png", "#/week/2026-03-04", 1920, 1080, "dark", True),
    ("month-1280.png", "#/month/2026-03-04", 1280, 800, "light", False),
    ("phone-390.png", "#/day/2026-03-04", 390, 844, "dark", True),
)


def take(out: Path, *, width: int, scheme: str, route: str = "#/day/2026-03-04", height: int = 980,
         plan: bool = True) -> None:
    server, url = serve_in_thread(DIST)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", color_scheme=scheme,
                                          viewport={"width": width, "height": height}, service_workers="block")
            page = context.new_page()
            page.clock.set_fixed_time(NOW)
            page.goto(url + route)
            page.wait_for_selector("html[data-app-state=ready]", state="attached", timeout=120_000)
            if width <= 600:  # a phone shows one pane: the tasks are typed in there
                page.get_by_role("button", name="Tasks", exact=True).click()
            box = page.get_by_role("textbox", name="New task")
            for text in TASKS:
                box.fill(text)
                box.press("Enter")
                page.get_by_text(text.split(" today")[0].split(" tomorrow")[0].split(" every")[0],
                                 exact=True).first.wait_for()
            if width <= 600:
                page.get_by_role("button", name="Calendar", exact=True).click()
            if plan:
                page.get_by_role("button", name="Plan my day").click()
                page.get_by_role("button", name="Accept plan").click()
                page.get_by_role("button", name="Undo").wait_for()
            page.mouse.move(0, 0)
            page.screenshot(path=out)
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "planned-day.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--readme", action="store_true", help="the README's four pictures into docs/")
    args = parser.parse_args()
    need_dist()
    if args.readme:
        for name, route, width, height, scheme, plan in READMES:
            take(ROOT / "docs" / name, width=width, scheme=scheme, route=route, height=height, plan=plan)
            print(f"wrote docs/{name}")
        return
    take(args.out, width=args.width, scheme=args.scheme)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
