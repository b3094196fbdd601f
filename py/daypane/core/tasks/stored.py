"""The task list's stored form (the `tasks` record), its versions and the migration between them.

Version 2 (current):
    {"version": 2,
     "lists": {"Inbox": "#6b7280", "Work": "#2563eb"},
     "tasks": [{"id", "title", "notes", "list", "priority", "due": "2026-03-09" | null,
                "scheduled": "2026-03-06" | null, "start": "09:30" | null,
                "durationMinutes": 45 | null, "estimateMinutes": 30 | null,
                "recurrence": "FREQ=WEEKLY;BYDAY=MO" | "", "created": ISO, "done": bool,
                "completed": ISO | "", "next": id | ""}]}
Version 1: {"version": 1, "tasks": [{"id", "title", "done", "scheduled", "estimateMinutes",
"created"}]}; its tasks become Inbox tasks with no priority, no block and no rule, done at an
unknown time (completed "").

Reading is strict: a task that cannot be read intact refuses the whole list (TaskDataError), so
Records keeps what is stored untouched rather than saving a list with tasks missing.
"""

from __future__ import annotations

from datetime import date, time

from daypane.core.records import Record, RecordError
from daypane.core.tasks.lists import clean_color
from daypane.core.tasks.task import Task, check
from daypane.core.tasks.tasklist import TaskList

SCHEMA_VERSION = 2


class TaskDataError(RecordError):
    """Stored task data cannot be read; the message says what to do. Raised instead of
    silently dropping tasks, so the caller can keep the stored data untouched."""


def dump(task_list: TaskList) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "lists": dict(task_list.lists),
        "tasks": [task_dict(task) for task in task_list.tasks],
    }


def task_dict(task: Task) -> dict:
    """One task as stored (in the `tasks` record, and in the task outbox). `home`, `parent` and
    `link` are written only when set, so a task on this device is stored exactly as version 2 always was."""
    return {
        "id": task.id,
        "title": task.title,
        "notes": task.notes,
        "list": task.list,
        "priority": task.priority,
        "due": _iso(task.due),
        "scheduled": _iso(task.scheduled),
        "start": task.start.strftime("%H:%M") if task.start else None,
        "durationMinutes": task.duration_minutes,
        "estimateMinutes": task.estimate_minutes,
        "recurrence": task.recurrence,
        "created": task.created,
        "done": task.done,
        "completed": task.completed,
        "next": task.next_id,
        **({"home": task.home} if task.home else {}),
        **({"parent": task.parent} if task.parent else {}),
        **({"link": task.link} if task.link else {}),
    }


def task_from_dict(item: object, where: str = "A saved task") -> Task:
    """`task_dict`'s output back as a Task; TaskDataError (a sentence naming `where`) if damaged."""
    return _load_task(item, where)


def _from_v1(stored: dict) -> dict:
    """Version 1 -> 2: every field v1 had is kept as it was; the new ones get their "none"."""
    items = stored.get("tasks", [])
    if isinstance(items, list):
        items = [{"notes": "", "list": "Inbox", "priority": "none", "due": None, "start": None,
                  "durationMinutes": None, "recurrence": "", "completed": "", "next": "", **item}
                 if isinstance(item, dict) else item for item in items]
    return {**stored, "version": 2, "lists": {}, "tasks": items}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _load_task(item: object, where: str) -> Task:
    if not isinstance(item, dict):
        raise TaskDataError(f"{where} is not a task record, so the list was not loaded.")
    task_id, title = item.get("id"), item.get("title")
    if not isinstance(task_id, str) or not task_id or not isinstance(title, str):
        raise TaskDataError(f"{where} has no id or title, so the list was not loaded.")

    def day(name: str) -> date | None:
        value = item.get(name)
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            raise TaskDataError(f"{where} has an unreadable date ({value!r}).") from None

    def minutes(name: str, what: str) -> int | None:
        value = item.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise TaskDataError(f"{where} has an unreadable {what} ({value!r}).")
        return value

    def text(name: str, default: str = "") -> str:
        value = item.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise TaskDataError(f"{where} has an unreadable {name} ({value!r}).")
        return value

    start = item.get("start")
    try:
        start_time = time.fromisoformat(start) if start else None
    except (TypeError, ValueError):
        raise TaskDataError(f"{where} has an unreadable start time ({start!r}).") from None
    task = Task(
        id=task_id, title=title, done=bool(item.get("done", False)), scheduled=day("scheduled"),
        estimate_minutes=minutes("estimateMinutes", "estimate"), created=str(item.get("created") or ""),
        notes=text("notes"), list=text("list") or "Inbox", priority=text("priority") or "none",
        due=day("due"), start=start_time, duration_minutes=minutes("durationMinutes", "duration"),
        recurrence=text("recurrence"), completed=text("completed"), next_id=text("next"),
        home=text("home"), parent=text("parent"), link=text("link"),
    )
    # The rule itself is checked when it is used, not here: a rule a later dateutil reads
    # differently must not make the whole list unreadable.
    try:
        return check(task)
    except ValueError as error:
        raise TaskDataError(f"{where} cannot be read: {error}") from None


def _read(stored: dict) -> TaskList:
    items, lists = stored.get("tasks", []), stored.get("lists", {})
    if not isinstance(items, list) or not isinstance(lists, dict):
        raise TaskDataError("The saved tasks are damaged and were not loaded.")
    try:
        colors = tuple((str(name), clean_color(color)) for name, color in lists.items())
    except ValueError:
        raise TaskDataError("The saved list colours are damaged, so the tasks were not loaded.") from None
    return TaskList(tuple(_load_task(item, f"Task {i + 1} in the saved task list") for i, item in enumerate(items)),
                    colors)


RECORD = Record("tasks", SCHEMA_VERSION, read=_read, write=dump, empty=TaskList, what="tasks",
                migrations={1: _from_v1})


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
