"""On a phone (600 px and less, static/app.css) the page shows Tasks or Calendar, not both: the
"Show" buttons in the top bar switch, and so does any shortcut that acts on the other one."""

from __future__ import annotations

from daypane.browser.js.dom import by_id, closest, document, on, query

PANES = ("tasks", "calendar")


class Panes:
    def __init__(self) -> None:
        self.buttons = {name: by_id(f"pane-{name}") for name in PANES}

    def enable(self) -> None:
        for button in self.buttons.values():
            on(button, "click", self._on_click)

    def _on_click(self, event) -> None:
        button = closest(event, "button[data-pane]")
        if button is not None:
            self.show(str(button.dataset.pane))

    def show(self, name: str) -> None:
        """Show one pane (a no-op on a wide screen, where CSS shows both)."""
        document.body.dataset.pane = name
        for pane, button in self.buttons.items():
            button.setAttribute("aria-pressed", "true" if pane == name else "false")
        grid = query(document, ".timeline-scroll")  # None in the month view (JS null is not None)
        if name == "calendar" and grid is not None and grid.scrollTop == 0:
            # Drawn while hidden, the grid could not scroll: open it at the working day, as drawn.
            grid.scrollTop = int(grid.dataset.start or 0)
