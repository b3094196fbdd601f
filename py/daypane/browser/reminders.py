"""Reminders while the app is open (core.reminders decides which are due): a notification where
the user allowed them, otherwise a message in the page (role=status). Each event is reminded
once across every tab: the key is claimed under a Web Lock in localStorage before anyone shows it.
"""

from __future__ import annotations

import asyncio
import json

import js
from pyodide.ffi import create_once_callable, create_proxy, to_js

from daypane.browser.js.dom import by_id, closest, h, on, spawn
from daypane.core import reminders
from daypane.core.calendar.format import safe_link

CHECK_SECONDS = 20   # how often the open app looks for a reminder that has come due
STORAGE_KEY = "daypane-reminded"
LOCK = "daypane-reminders"


def permission() -> str:
    """"granted", "denied", "default", or "unsupported" (no Notification API)."""
    notification = getattr(js, "Notification", None)
    return str(notification.permission) if notification is not None else "unsupported"


def ask_permission() -> None:
    """Called from the user's own change of the setting (browsers ask only on a user action)."""
    if permission() == "default":
        js.Notification.requestPermission()


class Reminders:
    """`app` gives settings (remind_minutes), occurrences for today, the zone and conventions."""

    def __init__(self, app) -> None:
        self.app = app
        self.area = by_id("reminders")
        on(self.area, "click", self._on_click)

    def enable(self) -> None:
        on(js.window, "focus", lambda event: spawn(self.check()))
        spawn(self._every())
        spawn(self.check())

    async def _every(self) -> None:
        while True:
            await asyncio.sleep(CHECK_SECONDS)
            await self.check()

    async def check(self) -> None:
        self.app.minute_passed()
        lead = self.app.prefs.settings.remind_minutes
        if not lead:
            return
        now = self.app.now()
        due = reminders.due(self.app.upcoming(), now, lead, _reminded())
        for occ in due:
            if await _claim(reminders.key(occ)):
                self._remind(occ)

    def _remind(self, occ) -> None:
        tz, conv = self.app.tz, self.app.conventions()
        join = safe_link(occ.join_url) if occ.join_url else None
        if permission() == "granted":
            title, body = reminders.message(occ, tz, conv)
            options = {"body": body, "tag": reminders.key(occ)}
            if join:
                options["data"] = join
            note = js.Notification.new(title, to_js(options, dict_converter=js.Object.fromEntries))
            note.onclick = create_proxy(lambda event: _open(join))
            return
        self.area.append(h("p", h("span", reminders.status_text(occ, tz, conv)),
                           " ", h("a", f"Join {occ.title or 'the meeting'}", href=join, target="_blank",
                                  rel="noopener noreferrer") if join else None,
                           " ", h("button", "Dismiss", type="button", data_action="dismiss"),
                           class_="reminder"))

    def _on_click(self, event) -> None:
        button = closest(event, 'button[data-action="dismiss"]')
        if button is not None:
            button.closest(".reminder").remove()


def _open(join: str | None) -> None:
    js.window.focus()
    if join:
        js.window.open(join, "_blank", "noopener")


def _reminded() -> list[str]:
    try:
        keys = json.loads(js.localStorage.getItem(STORAGE_KEY) or "[]")
    except (ValueError, TypeError):
        return []
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


async def _claim(key: str) -> bool:
    """True for the one tab that records `key` first; read and written under one Web Lock."""
    def inside(lock) -> bool:
        keys = _reminded()
        if key in keys:
            return False
        js.localStorage.setItem(STORAGE_KEY, json.dumps(reminders.remember(keys, key)))
        return True
    return bool(await js.navigator.locks.request(LOCK, create_once_callable(inside)))
