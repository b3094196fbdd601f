"""Where this tab keeps its secrets for the session (CalDAV passwords not remembered, Google access
tokens): sessionStorage, so a reload keeps them, unless the user's data is encrypted. Then they
stay in the page's memory only: sessionStorage is written to disk in plain text like any web
storage, and encryption promises that nothing of the user's is readable there."""

from __future__ import annotations

import js

KEYS = ("daypane.caldav.passwords", "daypane.google.tokens")
_memory_only = False


def memory_only() -> bool:
    return _memory_only


def keep_in_memory(on: bool) -> None:
    """Encryption turned on (or found on at start): drop what this tab put in sessionStorage
    (what is in use stays in memory). Off: write to sessionStorage again from the next change."""
    global _memory_only
    _memory_only = on
    if on:
        for key in KEYS:
            js.window.sessionStorage.removeItem(key)
