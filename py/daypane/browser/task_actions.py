"""The Tasks region's actions: each change goes through the core's TaskBook (stored first, then
shown); a refused or failed change is an alert and leaves the list as it was."""

from __future__ import annotations

import js

from daypane.core.records import RecordError
from daypane.core.store import StorageFailure
from daypane.browser.js.download import download
from daypane.core.tasks import drag, edit_form, ical, ical_import, import_merge, model as tasks_mod, quickadd
from daypane.core.tasks.book import TaskBook


class TaskActions:
    """`redraw(focus, focus_action)` redraws what shows tasks; `now()` is the app's clock;
    `refused(failure, what)` tells the user the browser refused to store something; `stored()`
    after a change was stored."""

    def __init__(self, book: TaskBook, alerts, *, redraw, now, refused, stored, conventions) -> None:
        self.book, self.alerts, self.redraw, self.now = book, alerts, redraw, now
        self.refused, self.stored, self.conventions = refused, stored, conventions

    async def _apply(self, change, *, focus: str | None = None, focus_action: str | None = None) -> bool:
        try:
            await self.book.apply(change)
        except RecordError as error:  # what is stored could not be read: never overwritten
            self.alerts.problem("Your tasks cannot be changed now", str(error), key="unreadable-tasks")
            return False
        except ValueError as error:
            self.alerts.problem("That change was not made", str(error), key="task-input")
            return False
        except KeyError:  # deleted meanwhile, here or in another tab
            self.alerts.problem("That task is no longer there",
                                "It was deleted, perhaps in another tab. Nothing was changed.", key="task-input")
            self.redraw()
            return False
        except StorageFailure as error:  # quota exceeded, private mode, a closed database
            self.refused(error, "your tasks")
            return False
        self.alerts.clear("task-input")
        self.stored()
        self.redraw(focus=focus, focus_action=focus_action)
        return True

    async def apply(self, change) -> bool:
        """A change from elsewhere (the planner): stored, then shown, or an alert."""
        return await self._apply(change)

    def redraw_tasks(self, focus: str | None = None, focus_action: str | None = None) -> None:
        self.redraw(focus=focus, focus_action=focus_action)

    def export(self) -> None:
        """"Export tasks (.ics)": every task as a VTODO, every time block as a VEVENT."""
        now = self.now()
        data = ical.export_tasks(self.book.tasks.tasks, now, now.tzinfo)
        download(f"daypane-tasks-{now.date().isoformat()}.ics", data, "text/calendar")
        self.alerts.note(f"Exported {len(self.book.tasks.tasks)} tasks.")

    async def add_task(self, text: str) -> str | None:
        """Add what the "New task" box says, quick-add understood (core.tasks.quickadd); its id."""
        task_id = str(js.crypto.randomUUID())
        created = self.now().isoformat(timespec="seconds")
        today = self.now().date()
        parsed = self._parse(text, today)
        fields = quickadd.task_fields(parsed, today)
        stored = await self._apply(lambda t: t.add(parsed.title, id=task_id, created=created, **fields))
        return task_id if stored else None

    def _parse(self, text: str, today):
        return quickadd.parse(text, today, week_starts_on=self.conventions().first_weekday,
                              lists=self.book.tasks.list_names())

    def preview(self, text: str) -> str:
        """What quick-add understood, and where a named list lives (core.tasks.sources)."""
        if not text.strip():
            return ""
        parsed = self._parse(text, self.now().date())
        return quickadd.preview(parsed, where=self.book.where(parsed.list) if parsed.list else "")

    async def toggle_task(self, task_id: str, done: bool) -> bool:
        # A repeating task's next occurrence gets its id here, like a new task.
        next_id, now = str(js.crypto.randomUUID()), self.now().isoformat(timespec="seconds")
        if not await self._apply(lambda t: t.toggle(task_id, done, now, next_id), focus=task_id):
            self.redraw(focus=task_id)  # the box the browser already ticked goes back to what is stored
            return False
        return True

    async def edit_task(self, task_id: str, **fields: str) -> bool:
        """Save the Edit form: its fields' text, read in the submit event (core.tasks.edit_form)."""
        form = edit_form.EditForm(**fields)
        return await self._apply(lambda t: t.update(task_id, **edit_form.changes(t.get(task_id), form)))

    async def import_ics(self, data: bytes, tz) -> str | None:
        """The to-dos of an imported file as tasks, in one stored change; what it did, in words,
        or None when it could not be stored (the alert says why)."""
        read = ical_import.import_tasks(data, tz=tz)
        now, outcome = self.now().isoformat(timespec="seconds"), []

        def change(t: tasks_mod.TaskList) -> tasks_mod.TaskList:
            merged, result = import_merge.add_imported(t, read, now=now, new_id=lambda: str(js.crypto.randomUUID()))
            outcome[:] = [result]
            return merged
        if not await self._apply(change):
            return None
        return outcome[0].message(read)

    async def delete_task(self, task_id: str) -> None:
        removed = []

        def change(t: tasks_mod.TaskList) -> tasks_mod.TaskList:
            new, gone = t.remove(task_id)
            removed[:] = [gone]
            return new
        if await self._apply(change):
            gone = removed[0]
            self.alerts.note(f"Deleted “{gone.task.title}”.", undo=lambda: self._restore(gone))

    async def _restore(self, removed) -> None:
        if await self._apply(lambda t: t.restore(removed), focus=removed.task.id):
            self.alerts.note(f"Restored “{removed.task.title}”.")

    async def move_task(self, task_id: str, index: int) -> None:
        await self._apply(lambda t: t.move(task_id, index), focus=task_id)

    async def move_task_by(self, task_id: str, delta: int, focus_action: str | None = None) -> None:
        await self._apply(lambda t: t.move_by(task_id, delta), focus=task_id, focus_action=focus_action)

    # -- time blocks: dragged (browser/ui/drag.py) or nudged with Alt+arrows (ui/calendar.py) -----

    async def place_block(self, task_id: str, day: date, minute: float) -> bool:
        """A task dropped on the calendar, or a block moved: it starts there (core.tasks.drag)."""
        return await self._block_change(task_id, lambda t: drag.place(t, task_id, day, minute), "Moved")

    async def resize_block(self, task_id: str, end_minute: float) -> bool:
        return await self._block_change(task_id, lambda t: drag.resize(t, task_id, end_minute), "Changed")

    async def nudge_block(self, task_id: str, step: drag.Nudge) -> bool:
        return await self._block_change(task_id, lambda t: drag.nudge(t, task_id, step),
                                        "Changed" if step.grow else "Moved")

    async def schedule_day(self, task_id: str, day: date) -> bool:
        """A task dropped on a day's heading: planned for that day (a block keeps its hours)."""
        return await self._block_change(task_id, lambda t: t.schedule(task_id, day), "Moved")

    async def unschedule_block(self, task_id: str) -> bool:
        """A block dropped back on the list: no day, no time (its length becomes the estimate)."""
        return await self._block_change(task_id, lambda t: drag.unschedule(t, task_id), "Moved")

    async def _block_change(self, task_id: str, change, verb: str) -> bool:
        """Stored first; then a note saying where the block is now, with Undo putting back the
        day, time, length and estimate it had."""
        before = next((task for task in self.book.tasks.tasks if task.id == task_id), None)
        if before is None or not await self._apply(change):
            return False
        after = self.book.tasks.get(task_id)
        if (after.scheduled, after.start, after.duration_minutes) == (before.scheduled, before.start,
                                                                     before.duration_minutes):
            return True
        self.alerts.note(f"{verb} “{after.title}” to {drag.where(after, self.conventions())}.",
                         undo=lambda: self._put_back(before))
        return True

    async def _put_back(self, before: tasks_mod.Task) -> None:
        await self._apply(lambda t: t.update(before.id, scheduled=before.scheduled, start=before.start,
                                             duration_minutes=before.duration_minutes,
                                             estimate_minutes=before.estimate_minutes))
