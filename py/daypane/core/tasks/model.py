"""The task list: immutable operations (easy undo, easy tests) and a versioned stored form.

Every operation returns a new TaskList; nothing mutates, so the UI can keep the previous
value for undo and compare values to decide what to re-render.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date

from daypane.core.records import Record, RecordError

SCHEMA_VERSION = 1


class TaskDataError(RecordError):
    """Stored task data cannot be read; the message says what to do. Raised instead of
    silently dropping tasks, so the caller can keep the stored data untouched."""


@dataclass(frozen=True)
class Task:
    id: str
    title: str
    done: bool = False
    scheduled: date | None = None  # the day the user plans to do it
    estimate_minutes: int | None = None
    created: str = ""  # ISO timestamp, informational only


@dataclass(frozen=True)
class Removed:
    """What ``remove`` took out, and where, so ``restore`` can undo it exactly."""

    task: Task
    index: int


def _clean_title(title: str) -> str:
    cleaned = title.strip()
    if not cleaned:
        raise ValueError("A task needs a title.")
    return cleaned


@dataclass(frozen=True)
class TaskList:
    tasks: tuple[Task, ...] = ()

    def _index(self, id: str) -> int:
        for index, task in enumerate(self.tasks):
            if task.id == id:
                return index
        raise KeyError(f"No task with id {id!r}.")

    def _replace(self, id: str, **changes) -> TaskList:
        index = self._index(id)
        tasks = list(self.tasks)
        tasks[index] = replace(tasks[index], **changes)
        return TaskList(tuple(tasks))

    def get(self, id: str) -> Task:
        return self.tasks[self._index(id)]

    def add(self, title: str, *, id: str, created: str = "", scheduled: date | None = None) -> TaskList:
        if any(task.id == id for task in self.tasks):
            raise ValueError(f"A task with id {id!r} already exists.")
        task = Task(id=id, title=_clean_title(title), created=created, scheduled=scheduled)
        return TaskList(self.tasks + (task,))

    def rename(self, id: str, title: str) -> TaskList:
        return self._replace(id, title=_clean_title(title))

    def toggle(self, id: str, done: bool) -> TaskList:
        return self._replace(id, done=bool(done))

    def remove(self, id: str) -> tuple[TaskList, Removed]:
        index = self._index(id)
        removed = Removed(self.tasks[index], index)
        return TaskList(self.tasks[:index] + self.tasks[index + 1 :]), removed

    def restore(self, removed: Removed) -> TaskList:
        """Undo of ``remove``: back at its old place (or the end if the list got shorter)."""
        if any(task.id == removed.task.id for task in self.tasks):
            return self  # already back (e.g. undo pressed twice)
        index = max(0, min(removed.index, len(self.tasks)))
        return TaskList(self.tasks[:index] + (removed.task,) + self.tasks[index:])

    def move(self, id: str, to_index: int) -> TaskList:
        index = self._index(id)
        tasks = list(self.tasks)
        task = tasks.pop(index)
        tasks.insert(max(0, min(to_index, len(tasks))), task)
        return TaskList(tuple(tasks))

    def move_by(self, id: str, delta: int) -> TaskList:
        """Keyboard reordering (Alt+Up/Down): move up (negative) or down, stopping at the ends."""
        return self.move(id, self._index(id) + delta)

    def schedule(self, id: str, day: date | None) -> TaskList:
        return self._replace(id, scheduled=day)

    def set_estimate(self, id: str, minutes: int | None) -> TaskList:
        if minutes is not None and minutes < 0:
            raise ValueError("An estimate cannot be negative.")
        return self._replace(id, estimate_minutes=minutes)

    def for_day(self, day: date) -> tuple[Task, ...]:
        """Tasks scheduled for ``day``, in list order."""
        return tuple(task for task in self.tasks if task.scheduled == day)


# ---- stored form -------------------------------------------------------------------------


def dump(task_list: TaskList) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "tasks": [
            {
                "id": task.id,
                "title": task.title,
                "done": task.done,
                "scheduled": task.scheduled.isoformat() if task.scheduled else None,
                "estimateMinutes": task.estimate_minutes,
                "created": task.created,
            }
            for task in task_list.tasks
        ],
    }


def _load_task(item: object, position: int) -> Task:
    where = f"Task {position + 1} in the saved task list"
    if not isinstance(item, dict):
        raise TaskDataError(f"{where} is not a task record, so the list was not loaded.")
    task_id, title = item.get("id"), item.get("title")
    if not isinstance(task_id, str) or not task_id or not isinstance(title, str):
        raise TaskDataError(f"{where} has no id or title, so the list was not loaded.")
    scheduled = item.get("scheduled")
    try:
        day = date.fromisoformat(scheduled) if scheduled else None
    except (TypeError, ValueError):
        raise TaskDataError(f"{where} has an unreadable date ({scheduled!r}).") from None
    estimate = item.get("estimateMinutes")
    if estimate is not None and (isinstance(estimate, bool) or not isinstance(estimate, int) or estimate < 0):
        raise TaskDataError(f"{where} has an unreadable estimate ({estimate!r}).")
    return Task(
        id=task_id,
        title=title,
        done=bool(item.get("done", False)),
        scheduled=day,
        estimate_minutes=estimate,
        created=str(item.get("created") or ""),
    )


def _read(stored: dict) -> TaskList:
    items = stored.get("tasks", [])
    if not isinstance(items, list):
        raise TaskDataError("The saved tasks are damaged and were not loaded.")
    return TaskList(tuple(_load_task(item, i) for i, item in enumerate(items)))


RECORD = Record("tasks", SCHEMA_VERSION, read=_read, write=dump, empty=TaskList, what="tasks")


def load(data: dict | None) -> TaskList:
    """The stored form back as a TaskList; None (nothing stored yet) is an empty list."""
    if data is None:
        return TaskList()
    try:
        return RECORD.decode(data)
    except TaskDataError:
        raise
    except RecordError as error:
        raise TaskDataError(str(error)) from None


# ---- estimates ---------------------------------------------------------------------------

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_HOURS = r"(?:h|hr|hrs|hour|hours)"
_MINUTES = r"(?:m|min|mins|minute|minutes)"
_ESTIMATE = re.compile(
    rf"^(?:{_NUMBER}\s*{_HOURS})?\s*(?:{_NUMBER}\s*{_MINUTES}?)?$", re.IGNORECASE
)


def parse_estimate(text: str) -> int | None:
    """"30", "30m", "1h", "1h30", "1.5h", "90 min" -> minutes; "" -> None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _ESTIMATE.match(cleaned)
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError(
            f"“{cleaned}” is not a duration Daypane understands. Try 30, 45m, 1h or 1h30."
        )
    hours = float(match.group(1).replace(",", ".")) if match.group(1) else 0.0
    minutes = float(match.group(2).replace(",", ".")) if match.group(2) else 0.0
    total = hours * 60 + minutes
    if not math.isfinite(total) or total > 100_000:
        raise ValueError(f"“{cleaned}” is too long for an estimate.")
    return round(total)


def format_estimate(minutes: int) -> str:
    """90 -> "1 h 30 min", 30 -> "30 min", 120 -> "2 h"."""
    if minutes < 0:
        raise ValueError("An estimate cannot be negative.")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
