"""Problems the user must notice (role=alert) and quiet confirmations (role=status, with Undo)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from daypane.browser.js.dom import by_id, closest, h, on, query, replace_children
from daypane.browser.ui.clipboard import copy_buttons


class Alerts:
    def __init__(self) -> None:
        self.root = by_id("alerts")
        self.toast = by_id("toast")
        self._undo: Callable[[], Awaitable[None]] | None = None
        self._actions: dict[str, Callable[[], None]] = {}
        on(self.root, "click", self._on_alert_click)
        copy_buttons(self.root, self.note)
        on(self.toast, "click", self._on_toast_click)

    def problem(self, title: str, detail: str, key: str = "", links=(), extra=(), copy=(),
                actions=()) -> None:
        """Show a problem; a newer problem with the same key replaces the older one.

        links: (text, href); extra: more nodes; copy: (button label, text to copy[, a name
        for the button, so the text can be updated later]);
        actions: (button label, callback), called synchronously from the click (so a callback
        may open a sign-in popup)."""
        if key:
            old = query(self.root, f'[data-key="{key}"]')
            if old is not None:
                old.remove()
        self.root.append(h("div",
                           h("p", h("strong", title), class_="alert-title"),
                           h("p", detail, class_="alert-detail"),
                           h("p", *[(h("a", text, href=href), " ") for text, href in links],
                             class_="alert-links") if links else None,
                           *extra,
                           h("p", *[h("button", label, type="button", data_copy=text, data_copy_what=what)
                                    for label, text, what in ((*c, None)[:3] for c in copy)],
                             *[h("button", label, type="button", data_run=self._register(label, run))
                               for label, run in actions],
                             class_="alert-actions") if copy or actions else None,
                           h("button", "Dismiss", type="button", data_action="dismiss"),
                           role="alert", class_="alert", data_key=key or None))

    def clear(self, key: str) -> None:
        old = query(self.root, f'[data-key="{key}"]')
        if old is not None:
            old.remove()

    def note(self, text: str, undo: Callable[[], Awaitable[None]] | None = None) -> None:
        """A confirmation in the polite status region, optionally with an Undo button."""
        self._undo = undo
        if not text:
            replace_children(self.toast)
            return
        replace_children(self.toast, h("span", text),
                         h("button", "Undo", type="button", data_action="undo") if undo else None)

    def _register(self, label: str, run: Callable[[], None]) -> str:
        name = f"{label}-{len(self._actions)}"
        self._actions[name] = run
        return name

    def _on_alert_click(self, event) -> None:
        button = closest(event, "button")
        if button is None:
            return
        # getAttribute, not dataset.action: a JS property that is not there raises AttributeError
        # through the FFI, so an action button (which has data-run instead) never ran.
        if button.getAttribute("data-action") == "dismiss":
            button.closest('[role="alert"]').remove()
        elif button.hasAttribute("data-run"):
            run = self._actions.get(button.dataset.run)
            if run is not None:
                run()

    async def _on_toast_click(self, event) -> None:
        if closest(event, '[data-action="undo"]') is None or self._undo is None:
            return
        undo, self._undo = self._undo, None
        replace_children(self.toast)
        await undo()
