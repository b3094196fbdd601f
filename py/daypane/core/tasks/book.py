"""The user's tasks, wherever they live: this device's `tasks` record and every task source, shown
as one TaskList. Every change is computed by the pure TaskList operations on that combined list,
split by home (`sources.route`), stored (this device's tasks and the outbox of changes for the
sources, in one transaction), and only then kept, so what the app shows is always what is stored.

A change that fails (the operation refuses it, or the store does) raises and leaves everything as
it was; the caller tells the user. Kept apart from the browser so the order "store, then show"
is tested under CPython, and so merging changes from other tabs has one place to live.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from collections.abc import Callable, Iterable
from datetime import datetime

from daypane.core.records import Records
from daypane.core.tasks.model import RECORD, TaskList
from daypane.core.tasks.sources.outbox import OUTBOX, Outbox
from daypane.core.tasks.sources.protocol import LOCAL, LOCAL_NAME, SourceList, TaskSource, resolve_home
from daypane.core.tasks.sources.route import route

NOT_SYNCED = "Not synced yet"
# How a field a source cannot hold is named on the task ("Kept on this device only: time block").
KEPT_WORDS = {"scheduled": "planned day", "start": "time block", "duration_minutes": "time block",
              "estimate_minutes": "estimate", "priority": "priority", "recurrence": "repeat"}


class TaskBook:
    def __init__(self, records: Records, sources: Iterable[TaskSource] = (), *,
                 new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
                 now: Callable[[], datetime] | None = None) -> None:
        self.records, self.sources, self.new_id = records, list(sources), new_id
        self.now = now or (lambda: datetime.now().astimezone())
        self.local: TaskList = records.get(RECORD)
        self.outbox: Outbox = records.get(OUTBOX)
        self.tasks: TaskList = self._combined(self.local, self.outbox)

    @property
    def readable(self) -> bool:
        """False when the stored list could not be read: then it is never overwritten."""
        return self.records.readable(RECORD)

    def lists(self) -> list[SourceList]:
        return [source_list for source in self.sources for source_list in source.lists()]

    def where(self, name: str) -> str:
        """Where a task named into list `name` would live, in words (quick-add's preview)."""
        home = resolve_home(name, self.lists(), self.local.list_names())
        return next((source_list.where for source_list in self.lists() if source_list.id == home), LOCAL_NAME)

    def list_choices(self) -> list[tuple[str, str]]:
        """(name, where it lives) of every list a task can be moved into: this device's lists, then
        every source's writable list (the Edit form's "List" choices; a read-only list is not one)."""
        choices = [(name, LOCAL_NAME) for name in self.local.list_names()]
        taken = {name.casefold() for name, _ in choices}
        for source_list in self.lists():
            if source_list.writable and source_list.name.casefold() not in taken:
                taken.add(source_list.name.casefold())
                choices.append((source_list.name, source_list.where))
        return choices

    def _combined(self, local: TaskList, outbox: Outbox) -> TaskList:
        """This device's tasks, then each source's as last synced with the outbox's changes on top
        (a change shows at once, before its server has it)."""
        tasks, ids = list(local.tasks), {task.id for task in local.tasks}
        names = {name for name, _ in local.lists}
        lists = list(local.lists)
        for source_list in self.lists():
            if source_list.name not in names:
                names.add(source_list.name)
                lists.append((source_list.name, source_list.color))
        for source in self.sources:
            for task in source.tasks():
                pending = outbox.get(task.id)
                if pending is not None and pending.op == "delete":
                    continue
                shown = pending.task if pending is not None and pending.task is not None else task
                if shown.id not in ids:
                    ids.add(shown.id)
                    tasks.append(shown)
        for pending in outbox.items:  # created here, or changed here but gone from the mirror
            if pending.task is not None and pending.task.id not in ids:
                ids.add(pending.task.id)
                tasks.append(pending.task)
        return TaskList(tuple(tasks), tuple(lists))

    def _base(self, task_id: str):
        return next((base for source in self.sources if (base := source.base(task_id)) is not None), None)

    async def apply(self, change: Callable[[TaskList], TaskList]) -> TaskList:
        """Apply `change` (ValueError: refused) to every task as stored now, store the result, then
        keep it. Under the tabs' locks, on a fresh read: a task another tab added a moment ago is
        changed along, never written over."""
        stamp = self.now().isoformat(timespec="seconds")

        def both(values: list) -> list:
            local, outbox = values
            before = self._combined(local, outbox)
            routed = route(before, change(before), lists=self.lists(), local_names=local.list_names(),
                           base_of=self._base, new_id=self.new_id, now=stamp)
            for pending in routed.changes:
                outbox = outbox.add(pending)
            return [routed.local, outbox]

        self.local, self.outbox = await self.records.update_many([(RECORD, None), (OUTBOX, None)], both)
        self.tasks = self._combined(self.local, self.outbox)
        return self.tasks

    async def change_outbox(self, change: Callable[[Outbox], Outbox]) -> None:
        """Retry or discard a refused change (the user's choice in its alert)."""
        self.outbox = await self.records.update(OUTBOX, change)
        self.tasks = self._combined(self.local, self.outbox)

    async def keep_here(self, task_id: str) -> None:
        """A change its server refused, kept as a task on this device instead (a new id, so it
        never hides the server's own task), and out of the outbox, in one transaction."""
        def both(values: list) -> list:
            local, outbox = values
            pending = outbox.get(task_id)
            if pending is None or pending.task is None:
                return [local, outbox.discard(task_id)]
            kept = replace(pending.task, id=self.new_id(), home=LOCAL, next_id="")
            return [TaskList(local.tasks + (kept,), local.lists)._known(kept.list), outbox.discard(task_id)]

        self.local, self.outbox = await self.records.update_many([(RECORD, None), (OUTBOX, None)], both)
        self.tasks = self._combined(self.local, self.outbox)

    def kept_here(self) -> dict[str, str]:
        """{task id: what its item says} for tasks at a source that cannot hold some of what they
        have (a Google task's time block): those fields are kept on this device only."""
        keeps = {source_list.id: source_list.keeps_locally for source_list in self.lists() if source_list.keeps_locally}
        found = {}
        for task in self.tasks.tasks:
            kept = keeps.get(task.home, ())
            names = [words for name, words in KEPT_WORDS.items()
                     if name in kept and getattr(task, name) not in (None, "", "none")]
            if names:
                found[task.id] = "Kept on this device only: " + ", ".join(dict.fromkeys(names))
        return found

    def sync_state(self) -> dict[str, str]:
        """{task id: what its item says} for tasks whose change the server has not accepted yet."""
        return {p.task_id: (f"Not synced: {p.refused}" if p.refused else NOT_SYNCED)
                for p in self.outbox.items if p.task is not None}

    def reload(self, keys: Iterable[str] = ()) -> None:
        """Another tab changed what is stored (or a source synced): show it."""
        for source in self.sources:
            source.reload(keys)
        self.local = self.records.get(RECORD)
        self.outbox = self.records.get(OUTBOX)
        self.tasks = self._combined(self.local, self.outbox)

    def watches(self, keys: Iterable[str]) -> bool:
        """Whether any of these stored keys is shown in the task list."""
        mine = {RECORD.key(), OUTBOX.key()}
        return any(key in mine or any(key in source.keys() for source in self.sources) for key in keys)
