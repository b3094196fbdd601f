"""Problems the user must notice (role=alert) and quiet confirmations (role=status, with Undo)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..dom import by_id, closest, query, h, on, replace_children


class Alerts:
    def __init__(self) -> None:
        self.root = by_id("alerts")
        self.toast = by_id("toast")
        self._undo: Callable[[], Awaitable[None]] | None = None
        on(self.root, "click", self._on_alert_click)
        on(self.toast, "click", self._on_toast_click)

    def problem(self, title: str, detail: str, key: str = "") -> None:
        """Show a problem; a newer problem with the same key replaces the older one."""
        if key:
            old = query(self.root, f'[data-key="{key}"]')
            if old is not None:
                old.remove()
        self.root.append(h("div",
                           h("p", h("strong", title), class_="alert-title"),
                           h("p", detail, class_="alert-detail"),
                           h("button", "Dismiss", type="button", data_action="dismiss",
                             aria_label=f"Dismiss: {title}"),
                           role="alert", class_="alert", data_key=key or None))

    def clear(self, key: str) -> None:
        old = query(self.root, f'[data-key="{key}"]')
        if old is not None:
            old.remove()

    def note(self, text: str, undo: Callable[[], Awaitable[None]] | None = None) -> None:
        """A confirmation in the polite status region, optionally with an Undo button."""
        self._undo = undo
        replace_children(self.toast, h("span", text),
                         h("button", "Undo", type="button", data_action="undo") if undo else None)

    def _on_alert_click(self, event) -> None:
        button = closest(event, '[data-action="dismiss"]')
        if button is not None:
            button.closest('[role="alert"]').remove()

    async def _on_toast_click(self, event) -> None:
        if closest(event, '[data-action="undo"]') is None or self._undo is None:
            return
        undo, self._undo = self._undo, None
        replace_children(self.toast)
        await undo()
