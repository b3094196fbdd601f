"""Record what static/locale.js reads from Chromium's Intl for the locales the unit tests cover.

    python -m tools.locale_fixtures        # rewrites tests/fixtures/locale/<tag>.json

The unit tests of daypane.core.locale format with these answers, so what a user in each locale
sees is tested under CPython with the browser's own data, not with hand-written expectations of
it. Run again after a Chromium upgrade changes Intl (ICU) data.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "static" / "locale.js"
OUT = ROOT / "tests" / "fixtures" / "locale"
LOCALES = ("en-US", "en-GB", "de-DE", "fr-FR", "ja-JP")


def dumps(answer: dict) -> str:
    """One top-level key per line: small enough to read, and a diff shows which pattern moved."""
    lines = [f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in answer.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def record(chromium: str = os.environ.get("CHROMIUM", "/usr/bin/chromium")) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        for tag in LOCALES:
            context = browser.new_context(locale=tag)
            page = context.new_page()
            page.add_script_tag(content=SCRIPT.read_text())
            answer = page.evaluate("window.daypaneLocale()")
            path = OUT / f"{tag}.json"
            path.write_text(dumps(answer))
            written.append(path)
            context.close()
        browser.close()
    return written


if __name__ == "__main__":
    for path in record():
        print(path.relative_to(ROOT))
