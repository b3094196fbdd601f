"""CalDAV accounts in the page: the core's CalDav (core.providers.caldav) built with the browser's
pieces: the no-cors probe, the page's origin, and passwords kept for this tab only. Everything
that decides is there."""

from __future__ import annotations

import json

import js
from pyodide.ffi import JsException

from daypane.browser.js import tab_secrets
from daypane.browser.js.fetch import opaque_answer
from daypane.core.providers.caldav.provider import CalDav


class SessionPasswords:
    """The core's Passwords port on this tab's sessionStorage: {account: password} as JSON under
    one key, gone when the tab is closed. Kept in memory too, so a browser that refuses
    sessionStorage (a privacy setting) still keeps the password while the page is open."""

    KEY = "daypane.caldav.passwords"

    def __init__(self) -> None:
        try:
            raw = js.window.sessionStorage.getItem(self.KEY)
            stored = json.loads(raw) if isinstance(raw, str) else {}
        except (JsException, ValueError):
            stored = {}
        if not isinstance(stored, dict):
            stored = {}
        self.passwords = {k: v for k, v in stored.items() if isinstance(v, str)}

    def get(self, account_id: str) -> str:
        return self.passwords.get(account_id, "")

    def put(self, account_id: str, password: str) -> None:
        self.passwords[account_id] = password
        self._save()

    def forget(self, account_id: str) -> None:
        self.passwords.pop(account_id, None)
        self._save()

    def _save(self) -> None:
        if tab_secrets.memory_only():
            return
        try:
            js.window.sessionStorage.setItem(self.KEY, json.dumps(self.passwords))
        except JsException:
            pass  # kept in memory for this page only


def build(records, transport, *, ask_password, on_change, on_problem) -> CalDav:
    """The CalDAV provider. ``ask_password(url, user)`` opens the dialog to enter a password again."""
    return CalDav(records, transport, passwords=SessionPasswords(), probe=opaque_answer,
                  origin=str(js.location.origin), ask_password=ask_password,
                  on_change=on_change, on_problem=on_problem)
