"""The browser's views do not repeat each other or the core: one clipboard handler (ui/clipboard.py)
and dates worded only by core.calendar.format. Read from the source: these modules need a browser
to import."""

from __future__ import annotations

import re

from tests.support.fixtures import ROOT

BROWSER = ROOT / "py" / "daypane" / "browser"


def sources() -> dict[str, str]:
    return {str(path.relative_to(BROWSER)): path.read_text() for path in sorted(BROWSER.rglob("*.py"))}


def test_one_clipboard_handler_in_the_ui_layer():
    writers = [name for name, text in sources().items() if "clipboard.writeText" in text]
    assert writers == ["ui/clipboard.py"]


def test_days_are_worded_by_the_core_not_again_in_a_view():
    # core.calendar.format.short_day ("Wed 4 Mar"); a view that needs it imports it.
    short_day = re.compile(r"\{\w+:%a\}\s*\{\w+\.day\}\s*\{\w+:%b\}")
    assert [name for name, text in sources().items() if short_day.search(text)] == []
