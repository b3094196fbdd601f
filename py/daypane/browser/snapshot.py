"""The start-up snapshot: what static/boot.js paints on the next visit before Python is ready
(the task list, the calendar grid and its title, taken by `window.daypaneSnapshot.take()`).

Saved shortly after a redraw settles (one write per burst of redraws), and only a convenience:
a full disk never raises an alert for it.
"""

from __future__ import annotations

import asyncio

import js

from daypane.browser.js.dom import spawn
from daypane.core.records import Records, text_record

# A bare string: boot.js reads it straight from IndexedDB; its JSON carries its own version ("v").
RECORD = text_record("snapshot", "start-up snapshot", disposable=True, bare=True)
DELAY = 0.3  # seconds after a redraw before the view is saved


class Snapshot:
    def __init__(self, records: Records) -> None:
        self.records = records
        self._saved: str | None = records.get(RECORD)
        self._pending = False

    def later(self) -> None:
        if self._pending or js.document.documentElement.dataset.appState != "ready":
            return
        self._pending = True
        spawn(self._save())

    async def _save(self) -> None:
        await asyncio.sleep(DELAY)
        self._pending = False
        text = str(js.daypaneSnapshot.take())
        if text != self._saved:
            self._saved = text
            try:
                await self.records.put(RECORD, text)
            except Exception as error:
                js.console.warn(f"Daypane: start-up snapshot not saved ({error})")

    async def forget(self) -> None:
        """After an account is removed: its events must not be painted at the next start."""
        self._saved = None
        await self.records.delete(RECORD)
