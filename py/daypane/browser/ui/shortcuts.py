"""Keyboard shortcuts (core.shortcuts decides which key does what) and the "Keyboard shortcuts"
dialog. Each action presses or focuses the control a mouse user would, so a shortcut does exactly
what that control does, disabled controls included."""

from __future__ import annotations

from daypane.browser.js.dom import by_id, document, h, nullable, on, query, replace_children
from daypane.core.shortcuts import SHORTCUTS, action_for, typing

# action -> (what to do, the element's id)
_CONTROLS = {
    "new-task": ("focus", "new-task"), "search": ("focus", "task-search"),
    "today": ("click", "nav-today"), "day": ("click", "view-day"), "week": ("click", "view-week"),
    "month": ("click", "view-month"),
    "next": ("click", "nav-next"), "previous": ("click", "nav-prev"), "plan": ("click", "plan-day"),
}


# The pane (ui.panes, on a phone) that holds each action's control.
_PANE = {"new-task": "tasks", "search": "tasks"}


class Shortcuts:
    def __init__(self, panes) -> None:
        self.panes = panes
        self.dialog = by_id("shortcuts-dialog")
        replace_children(by_id("shortcuts-list"), [
            (h("dt", h("kbd", shortcut.key)), h("dd", shortcut.words)) for shortcut in SHORTCUTS])

    def enable(self) -> None:
        on(document, "keydown", self._on_key)

    def _on_key(self, event) -> None:
        target = nullable(event.target)
        tag = str(target.tagName).lower() if target is not None and hasattr(target, "tagName") else ""
        focus_typing = tag != "" and typing(tag, str(getattr(target, "type", "") or ""),
                                            bool(getattr(target, "isContentEditable", False)))
        action = action_for(str(event.key), ctrl=bool(event.ctrlKey), meta=bool(event.metaKey),
                            alt=bool(event.altKey), focus_typing=focus_typing,
                            dialog_open=query(document, "dialog[open]") is not None)
        if action is None or event.defaultPrevented:
            return
        event.preventDefault()  # "/" must not also be typed into the search box it focuses
        if action == "help":
            self.dialog.showModal()
            return
        how, element_id = _CONTROLS[action]
        self.panes.show(_PANE.get(action, "calendar"))  # a hidden control takes no focus
        element = by_id(element_id)
        if how == "focus":
            element.focus()
        elif not getattr(element, "disabled", False):
            element.click()
