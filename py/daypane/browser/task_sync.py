"""Syncing the task sources: when, and telling the user what happened. What a sync does is the
core's (core.tasks.sources); here is only when it runs and which alert says what.

Each source syncs on its own task, so a slow or unreachable server never holds up the page or
another source. A start-up, a click on "Refresh calendars" and coming back online send every
change waiting in the outbox at once; otherwise a failed change waits out its backoff.
"""

from __future__ import annotations

import js

from daypane.browser.js.dom import spawn
from daypane.core.tasks.sources.runs import Runs


class TaskSync:
    def __init__(self, book, alerts, *, now, changed, ask_again=None) -> None:
        # changed(): redraw what shows tasks (never push_soon: a change still waiting out its
        # backoff would start the next sync at once, and so on). ask_again: {source kind: (what
        # to say, the button's name, what it does)} when an account must be asked again.
        self.book, self.alerts, self.now, self.changed = book, alerts, now, changed
        self.ask_again = ask_again or {}
        self.runs = Runs()

    def sync_all(self, force: bool = False) -> None:
        if not js.navigator.onLine:
            return
        for source in self.book.sources:
            self._start(source, force)

    def push_soon(self) -> None:
        """A change was stored: send it now if its source is not busy (else after that sync)."""
        if self.book.outbox.due(self.now()):
            self.sync_all()

    def _start(self, source, force: bool) -> None:
        if self.runs.start(source.kind, force):  # else it runs right after the current sync
            spawn(self._sync(source, force))

    async def _sync(self, source, force: bool) -> None:
        try:
            self._tell(source, await source.sync(self.now(), force=force))
        finally:
            after = self.runs.finish(source.kind)
        if after is not None:
            self._start(source, after)

    def _tell(self, source, report) -> None:
        """Show what a sync did: the tasks, and an alert for what needs the user."""
        shown = (self.book.tasks, self.book.outbox)
        self.book.reload()
        if report.changed or (self.book.tasks, self.book.outbox) != shown:
            self.changed()  # not otherwise: a redraw refills an Edit form the user is typing in
        if report.needs_sign_in and source.kind in self.ask_again:
            text, button, act = self.ask_again[source.kind]
            self.alerts.problem(text, "Your changes are kept here and sent once you have.",
                                key=f"ask-again-{source.kind}", actions=[(button, act)])
        elif source.kind in self.ask_again:
            self.alerts.clear(f"ask-again-{source.kind}")
        for text in report.conflicts:
            self.alerts.problem("A task was changed in two places", text, key=f"task-conflict-{hash(text)}")
        if report.problems:
            self.alerts.problem("Your task lists could not be synced", " ".join(report.problems),
                                key="task-sync")
        else:
            self.alerts.clear("task-sync")
        self.show_refused()

    def show_refused(self) -> None:
        """One alert per change a server refused for good, kept until the user chooses."""
        for pending in self.book.outbox.refused_items():
            title = pending.task.title if pending.task is not None else "A deleted task"
            task_id = pending.task_id
            actions = [("Send this change again", lambda i=task_id: spawn(self._outbox(i, lambda o: o.retry(i), True)))]
            if pending.task is not None:
                actions.append(("Keep it on this device", lambda i=task_id: spawn(self._keep_here(i))))
            actions.append(("Drop this change", lambda i=task_id: spawn(self._outbox(i, lambda o: o.discard(i)))))
            self.alerts.problem(f"“{title}” could not be saved on its server",
                                f"{pending.refused} Your change is kept here until you choose what to do.",
                                key=f"refused-{task_id}", actions=actions)

    async def _outbox(self, task_id: str, change, sync: bool = False) -> None:
        await self.book.change_outbox(change)
        self.alerts.clear(f"refused-{task_id}")
        self.changed()
        if sync:
            self.sync_all(force=True)

    async def _keep_here(self, task_id: str) -> None:
        await self.book.keep_here(task_id)
        self.alerts.clear(f"refused-{task_id}")
        self.changed()

