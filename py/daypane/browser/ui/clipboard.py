"""Copy buttons: any <button data-copy="text"> under a root copies its text to the clipboard.

The one clipboard handler of the app: alerts (consent links, details) and the admin page use it.
"""

from __future__ import annotations

from collections.abc import Callable

import js

from daypane.browser.js.dom import closest, on

COPIED = "Copied to the clipboard."


def copy_buttons(root, confirm: Callable[[str], None]) -> None:
    """Delegate clicks on root's copy buttons; confirm(COPIED) tells the user it was done."""
    def on_click(event) -> None:
        button = closest(event, "button[data-copy]")
        if button is not None:
            js.navigator.clipboard.writeText(button.dataset.copy)
            confirm(COPIED)
    on(root, "click", on_click)
