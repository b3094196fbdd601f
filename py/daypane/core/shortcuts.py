"""Keyboard shortcuts, as Google Calendar has them: which key does what, and when a key is typing.

The browser hands over the key event's values; this decides. A key is a shortcut only when no
modifier but Shift is held (Ctrl+C copies, Alt+arrows move time blocks) and the focus is not
somewhere the key would type or choose: a text field, a list box, an editable element.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shortcut:
    key: str          # KeyboardEvent.key
    action: str       # what the app does (browser/ui/shortcuts.py maps it to a control)
    words: str        # what the "Keyboard shortcuts" dialog says it does


SHORTCUTS = (
    Shortcut("?", "help", "Show these shortcuts"),
    Shortcut("c", "new-task", "New task"),
    Shortcut("t", "today", "Go to today"),
    Shortcut("d", "day", "Day view"),
    Shortcut("w", "week", "Week view"),
    Shortcut("m", "month", "Month view"),
    Shortcut("j", "next", "Next day, week or month"),
    Shortcut("k", "previous", "Previous day, week or month"),
    Shortcut("/", "search", "Search tasks"),
    Shortcut("p", "plan", "Plan my day"),
    Shortcut("Escape", "close", "Close a dialog"),
)
_BY_KEY = {s.key: s for s in SHORTCUTS if s.key != "Escape"}  # the dialog closes itself on Escape

# Focus on these takes keys as input (or, for a list box, as a choice).
_TYPING_TAGS = {"input", "textarea", "select"}
# Inputs that do not take characters: a key pressed on a checkbox or button is still a shortcut.
_NOT_TYPING_INPUTS = {"checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"}


def typing(tag: str, input_type: str = "", editable: bool = False) -> bool:
    """Whether focus on this element (its lower-case tag name, an input's type, isContentEditable)
    means a key press is text or a choice, never a shortcut."""
    if editable:
        return True
    if tag == "input":
        return (input_type or "text").lower() not in _NOT_TYPING_INPUTS
    return tag in _TYPING_TAGS


def action_for(key: str, *, ctrl: bool = False, meta: bool = False, alt: bool = False,
               focus_typing: bool = False, dialog_open: bool = False) -> str | None:
    """The action for a key press, or None when the key is left to the page."""
    if ctrl or meta or alt or focus_typing or dialog_open:
        return None
    # One character: Shift or Caps Lock on a letter is the same shortcut. Named keys stay as named.
    shortcut = _BY_KEY.get(key.lower() if len(key) == 1 else key)
    return shortcut.action if shortcut else None
