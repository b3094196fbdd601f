"""What the user hears when storing something of theirs works or does not (every change is
stored before it is shown): the browser refused (quota, private mode), the store was closed by a
newer version in another tab, or what is stored could not be read and is never overwritten."""

from __future__ import annotations

import js

from daypane.browser.js.dom import spawn
from daypane.browser.js.store import ask_persistence
from daypane.core.records import RecordError
from daypane.core.storage.usage import Usage, refused_text, usage
from daypane.core.store import StorageFailure, StoreClosed


class Storing:
    def __init__(self, records, alerts) -> None:
        self.records, self.alerts = records, alerts

    async def guarded(self, change, what: str) -> bool:
        """Await a change that stores something; on failure say so (nothing was changed)."""
        try:
            await change
        except RecordError as error:  # what is stored could not be read: it is never overwritten
            self.alerts.problem(f"Your {what} cannot be changed now", str(error), key="unreadable")
            return False
        except StorageFailure as error:  # quota exceeded, private mode, a closed database
            self.refused(error, what)
            return False
        self.stored()
        return True

    def refused(self, error: StorageFailure, what: str) -> None:
        """The browser refused to store `what`: say what happened, what is kept, what to do."""
        if isinstance(error, StoreClosed):
            self.store_closed(str(error))
            return
        title, message = refused_text(what, error.name, self.usage())
        self.alerts.problem(title, message, key="storage")

    def stored(self) -> None:
        """Something of the user's was stored: a refusal shown before is over, and the data is
        now worth keeping (the browser is asked once not to clear it under disk pressure)."""
        self.alerts.clear("storage")
        spawn(ask_persistence())

    def store_closed(self, message: str) -> None:
        self.alerts.problem("Reload to update", message, key="closed",
                            actions=[("Reload", lambda: js.location.reload())])

    def usage(self) -> Usage:
        return usage(self.records.store.sizes())
