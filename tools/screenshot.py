"""The README's picture of a planned day, made again from the built app: `python -m tools.screenshot`.

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


def take(out: Path, *, width: int, scheme: str) -> None:
    server, url = serve_in_thread(DIST)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            context = browser.new_context(timezone_id="Europe/Berlin", locale="en-GB", color_scheme=scheme,
                                          viewport={"width": width, "height": 980}, service_workers="block")
            page = context.new_page()
            page.clock.set_fixed_time(NOW)
            page.goto(url + "#/day/2026-03-04")
            page.wait_for_selector("html[data-app-state=ready]", state="attached", timeout=120_000)
            box = page.get_by_role("textbox", name="New task")
            for text in TASKS:
                box.fill(text)
                box.press("Enter")
                page.get_by_text(text.split(" today")[0].split(" tomorrow")[0].split(" every")[0],
                                 exact=True).first.wait_for()
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
    args = parser.parse_args()
    need_dist()
    take(args.out, width=args.width, scheme=args.scheme)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
