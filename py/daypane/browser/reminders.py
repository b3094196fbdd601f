"""Reminders while the app is open (core.reminders decides which are due): a notification where
the user allowed them, otherwise a message in the page (role=status). Each event is reminded
once across every tab and reload: its key is claimed in the "reminded" record, read and written
under the lock all tabs share (Records.update), before any tab shows it.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import js
from pyodide.ffi import create_proxy, to_js

from daypane.browser.js.dom import by_id, closest, h, on, spawn
from daypane.core import reminders
from daypane.core.calendar.format import safe_link
from daypane.core.records import RecordError
from daypane.core.store import StorageFailure

CHECK_SECONDS = 20   # how often the open app looks for a reminder that has come due


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
        self.shown: set[str] = set()  # this tab's, in case the record cannot be written
        on(self.area, "click", self._on_click)

    def enable(self) -> None:
        on(js.window, "focus", lambda event: spawn(self.check()))
        spawn(self._every())
        spawn(self.check())

    async def _every(self) -> None:
        while True:
            await asyncio.sleep(CHECK_SECONDS)
            try:
                await self.check()
            except Exception as error:  # one failed look must not end every later reminder
                js.console.warn(f"Daypane: reminders could not be checked ({error})")

    async def check(self) -> None:
        self.app.minute_passed()
        lead = self.app.prefs.settings.remind_minutes
        if not lead:
            return
        records = self.app.records
        due = reminders.due(self._upcoming(), self.app.now(), lead, {*records.get(reminders.RECORD), *self.shown})
        if not due:
            return
        mine: list[str] = []

        def change(stored):
            kept, claimed = reminders.claim(stored, [reminders.key(occ) for occ in due])
            mine[:] = claimed
            return kept
        try:
            await records.update(reminders.RECORD, change)
        except (StorageFailure, RecordError):
            # Not stored (a full disk, a closed database): remind anyway, once in this tab. A
            # reminder missed is worse than one another tab may also give.
            mine = [reminders.key(occ) for occ in due]
        for occ in due:
            key = reminders.key(occ)
            if key in mine and key not in self.shown:
                self.shown.add(key)
                self._remind(occ)

    def _upcoming(self):
        """Every provider's occurrences of today and tomorrow (what a reminder can be for)."""
        today = self.app.today()
        days = [today, today + timedelta(days=1)]
        return [occ for p in self.app.providers for occ in p.occurrences(days, self.app.tz)]

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
