"""Which panes are in sight. On a phone (600 px and less, static/app.css) the page shows Tasks or
Calendar, not both: the "Show" buttons in the top bar switch, and so does any shortcut that acts on
the other one. On a wide screen (981 px and more) each side panel folds to a narrow rail and its
width goes to the calendar; what is folded is a setting of this device (core.settings.PANELS)."""

from __future__ import annotations

from collections.abc import Callable

import js

from daypane.browser.js.dom import by_id, closest, document, on, query

PANES = ("tasks", "calendar")
SIDES = {"tasks": "left", "sources": "right"}  # a folding panel: the side it sits on
# The arrow points where the panel goes: away to its edge, or back out of it.
_ARROWS = {("left", False): "«", ("left", True): "»", ("right", False): "»", ("right", True): "«"}


class Panes:
    def __init__(self, fold: Callable[[str, bool], None]) -> None:
        """`fold(panel, folded)` stores the choice and then calls `show_folded`."""
        self.buttons = {name: by_id(f"pane-{name}") for name in PANES}
        self.fold = fold
        self.folded: frozenset[str] = frozenset()

    def enable(self) -> None:
        for button in self.buttons.values():
            on(button, "click", self._on_click)
        for panel in SIDES:
            on(by_id(f"fold-{panel}"), "click", lambda event, panel=panel: self.fold(panel, panel not in self.folded))

    def _on_click(self, event) -> None:
        button = closest(event, "button[data-pane]")
        if button is not None:
            self.show(str(button.dataset.pane))

    def show(self, name: str) -> None:
        """Show one pane: the only one on a phone; unfolded, if it was, on a wide screen."""
        if name in self.folded and js.window.matchMedia("(min-width: 981px)").matches:
            self.show_folded(self.folded - {name})  # at once: the caller may focus a control in it
            self.fold(name, False)
        document.body.dataset.pane = name
        for pane, button in self.buttons.items():
            button.setAttribute("aria-pressed", "true" if pane == name else "false")
        grid = query(document, ".timeline-scroll")  # None in the month view (JS null is not None)
        if name == "calendar" and grid is not None and grid.scrollTop == 0:
            # Drawn while hidden, the grid could not scroll: open it at the working day, as drawn.
            grid.scrollTop = int(grid.dataset.start or 0)

    def show_folded(self, folded: frozenset[str]) -> None:
        """Fold (CSS, wide screens only) what is folded; each rail keeps a button to unfold it."""
        self.folded = folded
        document.body.dataset.folded = " ".join(sorted(folded))
        for panel, side in SIDES.items():
            is_folded = panel in folded
            button = by_id(f"fold-{panel}")
            button.querySelector(".fold-arrow").textContent = _ARROWS[side, is_folded]
            name = f"{'Expand' if is_folded else 'Collapse'} {side} panel"
            button.querySelector(".fold-name").textContent = name
            button.title = name  # the arrow alone, to a mouse
