"""The task list: immutable operations (easy undo, easy tests).

Every operation returns a new TaskList; nothing mutates, so the UI can keep the previous value
for undo and compare values to decide what to re-render. A refused change raises ValueError with
a sentence for the user (TaskBook then stores nothing); a KeyError is an id that is not there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from daypane.core.tasks.lists import INBOX, clean_color, clean_list_name, default_color
from daypane.core.tasks.recurrence import next_date
from daypane.core.tasks.task import Removed, Task, changed, clean_title


@dataclass(frozen=True)
class Block:
    """A task's time block, for the calendar: wall-clock times in the user's zone."""

    task: Task
    start: datetime
    end: datetime


@dataclass(frozen=True)
class TaskList:
    tasks: tuple[Task, ...] = ()
    # (name, colour) in the order the lists were first used; a tuple, not a dict, so the value
    # stays immutable and hashable like the rest.
    lists: tuple[tuple[str, str], ...] = ()

    # -- reading ----------------------------------------------------------------------------

    def _index(self, id: str) -> int:
        for index, task in enumerate(self.tasks):
            if task.id == id:
                return index
        raise KeyError(f"No task with id {id!r}.")

    def get(self, id: str) -> Task:
        return self.tasks[self._index(id)]

    def color_of(self, name: str) -> str:
        """A list's colour: the one stored, else the one it would get now."""
        for listed, color in self.lists:
            if listed == name:
                return color
        return default_color(name, (color for _, color in self.lists))

    def list_names(self) -> tuple[str, ...]:
        """Every list: the Inbox first, then in the order first used (lists known only from a
        task, e.g. one merged in from a backup, after those)."""
        names = [INBOX] + [name for name, _ in self.lists if name != INBOX]
        names += [task.list for task in self.tasks if task.list not in names]
        return tuple(dict.fromkeys(names))

    def for_day(self, day: date) -> tuple[Task, ...]:
        """Tasks scheduled for ``day``, done or not, in list order (the calendar's day column)."""
        return tuple(task for task in self.tasks if task.scheduled == day)

    def blocks_for(self, days: Iterable[date]) -> tuple[Block, ...]:
        """The time blocks on these days, done ones included (the calendar strikes them
        through), by start time and then list order."""
        wanted = set(days)
        blocks = [Block(task, datetime.combine(task.scheduled, task.start), task.block_end)
                  for task in self.tasks if task.has_block and task.scheduled in wanted]
        return tuple(sorted(blocks, key=lambda block: block.start))  # sorted() is stable

    # -- changing ---------------------------------------------------------------------------

    def _put(self, index: int, task: Task) -> TaskList:
        tasks = list(self.tasks)
        tasks[index] = task
        return replace(self, tasks=tuple(tasks))._known(task.list)

    def _known(self, name: str) -> TaskList:
        """This list with `name`'s colour stored, chosen when the name is first used."""
        if any(listed == name for listed, _ in self.lists):
            return self
        return replace(self, lists=self.lists + ((name, self.color_of(name)),))

    def _clean(self, fields: dict) -> dict:
        if "list" in fields:
            fields = {**fields, "list": clean_list_name(fields["list"], self.list_names())}
        return fields

    def add(self, title: str, *, id: str, created: str = "", done: bool = False, completed: str = "",
            **fields) -> TaskList:
        """A new task at the end; `fields` as for `update` (scheduled, list, due, ...). Open, or
        `done` (at `completed`, "" if unknown) for one imported as done: no next occurrence."""
        if any(task.id == id for task in self.tasks):
            raise ValueError(f"A task with id {id!r} already exists.")
        task = changed(Task(id=id, title="-", created=created, done=done, completed=completed),
                       self._clean({**fields, "title": title}))
        return replace(self, tasks=self.tasks + (task,))._known(task.list)

    def update(self, id: str, **fields) -> TaskList:
        """Change any of title, notes, list, priority, due, scheduled, start, duration_minutes,
        estimate_minutes, recurrence; checked together, so a block can be set in one call."""
        index = self._index(id)
        return self._put(index, changed(self.tasks[index], self._clean(fields)))

    def rename(self, id: str, title: str) -> TaskList:
        return self.update(id, title=clean_title(title))

    def schedule(self, id: str, day: date | None) -> TaskList:
        """Plan the task for `day`, keeping its time block's hours; None unschedules it."""
        return self.unschedule(id) if day is None else self.update(id, scheduled=day)

    def schedule_block(self, id: str, day: date, start: time, duration: int) -> TaskList:
        return self.update(id, scheduled=day, start=start, duration_minutes=duration)

    def unschedule(self, id: str) -> TaskList:
        """No day any more, so no time block either."""
        return self.update(id, scheduled=None, start=None, duration_minutes=None)

    def set_estimate(self, id: str, minutes: int | None) -> TaskList:
        return self.update(id, estimate_minutes=minutes)

    def set_list_color(self, name: str, color: str) -> TaskList:
        name, color = clean_list_name(name, self.list_names()), clean_color(color)
        kept = tuple((listed, color if listed == name else old) for listed, old in self.lists)
        if any(listed == name for listed, _ in self.lists):
            return replace(self, lists=kept)
        return replace(self, lists=kept + ((name, color),))

    def toggle(self, id: str, done: bool, now: datetime | str | None = None,
               next_id: str | None = None) -> TaskList:
        """Mark done (at `now`) or open again. Completing a repeating task keeps the done one
        and inserts the next occurrence after it, with the id `next_id` (the caller makes ids,
        as for `add`). Opening it again keeps that next one, and completing it once more does
        not make a second. Completing a task already done changes nothing (another tab did)."""
        index = self._index(id)
        task = self.tasks[index]
        if not done:
            return self._put(index, replace(task, done=False, completed=""))
        if task.done:
            return self
        finished = replace(task, done=True, completed=_stamp(now))
        if not task.recurrence or (task.next_id and any(t.id == task.next_id for t in self.tasks)):
            return self._put(index, finished)
        if now is None or not next_id:
            raise TypeError("completing a repeating task needs now and next_id")
        if any(t.id == next_id for t in self.tasks):
            raise ValueError(f"A task with id {next_id!r} already exists.")
        following = next_occurrence(task, next_id, now)
        if following is None:  # the rule has ended (UNTIL)
            return self._put(index, finished)
        tasks = list(self.tasks)
        tasks[index:index + 1] = [replace(finished, next_id=next_id), following]
        return replace(self, tasks=tuple(tasks))

    def remove(self, id: str) -> tuple[TaskList, Removed]:
        index = self._index(id)
        removed = Removed(self.tasks[index], index)
        return replace(self, tasks=self.tasks[:index] + self.tasks[index + 1:]), removed

    def restore(self, removed: Removed) -> TaskList:
        """Undo of ``remove``: back at its old place (or the end if the list got shorter)."""
        if any(task.id == removed.task.id for task in self.tasks):
            return self  # already back (e.g. undo pressed twice)
        index = max(0, min(removed.index, len(self.tasks)))
        tasks = self.tasks[:index] + (removed.task,) + self.tasks[index:]
        return replace(self, tasks=tasks)._known(removed.task.list)

    def move(self, id: str, to_index: int) -> TaskList:
        index = self._index(id)
        tasks = list(self.tasks)
        task = tasks.pop(index)
        tasks.insert(max(0, min(to_index, len(tasks))), task)
        return replace(self, tasks=tuple(tasks))

    def move_by(self, id: str, delta: int) -> TaskList:
        """Keyboard reordering (Alt+Up/Down): move up (negative) or down, stopping at the ends."""
        return self.move(id, self._index(id) + delta)


def next_occurrence(task: Task, id: str, now: datetime | str) -> Task | None:
    """The open task that follows `task` by its rule, or None when the rule has ended. Counted
    from the day it was planned for (else its due date, else today): the next one is on the
    rule's first day after that, its due date moved by as many days as its plan."""
    today = _day(now)
    base = task.scheduled or task.due or today
    day = next_date(task.recurrence, base)
    if day is None:
        return None
    if task.scheduled is not None:
        scheduled, due = day, (task.due + (day - base) if task.due else None)
    elif task.due is not None:
        scheduled, due = None, day
    else:
        scheduled, due = day, None
    return replace(task, id=id, done=False, completed="", next_id="", created=_stamp(now),
                   scheduled=scheduled, due=due)


def _stamp(now: datetime | str | None) -> str:
    if now is None:
        return ""  # callers from before completion times (v1) say only "done"
    return now if isinstance(now, str) else now.isoformat(timespec="seconds")


def _day(now: datetime | str) -> date:
    moment = datetime.fromisoformat(now) if isinstance(now, str) else now
    return moment.date()
