"""The user's task list as stored: every change is computed by the pure TaskList operations,
stored, and only then kept, so what the app shows is always what is stored.

A change that fails (the operation refuses it, or the store does) raises and leaves the list as
it was; the caller tells the user. Kept apart from the browser so the order "store, then show"
is tested under CPython, and so merging changes from other tabs has one place to live.
"""

from __future__ import annotations

from collections.abc import Callable

from daypane.core.records import Records
from daypane.core.tasks.model import RECORD, TaskList


class TaskBook:
    def __init__(self, records: Records) -> None:
        self.records = records
        self.tasks: TaskList = records.get(RECORD)

    @property
    def readable(self) -> bool:
        """False when the stored list could not be read: then it is never overwritten."""
        return self.records.readable(RECORD)

    async def apply(self, change: Callable[[TaskList], TaskList]) -> TaskList:
        """Apply `change` (ValueError: refused) to the list as stored now, store the result, then
        keep it. Under the tabs' lock, on a fresh read: a task another tab added a moment ago is
        changed along, never written over."""
        self.tasks = await self.records.update(RECORD, change)
        return self.tasks

    def reload(self) -> None:
        """Another tab changed the stored list: show it."""
        self.tasks = self.records.get(RECORD)
