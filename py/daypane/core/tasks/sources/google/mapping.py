"""One Google Tasks item (a `tasks#task` from Tasks API v1) as a Task, and a Task as the body
Daypane sends back.

Google Tasks holds little: a title, notes, open or completed, a due *date* and a parent. What
else a Task has (the plan, the estimate, priority, repetition) is in KEEPS_LOCALLY: the caller
keeps it on this device and says so on the task. Nothing here is lossy for what Google holds and
Daypane does not understand (links, position, hidden, webViewLink): an update is a PATCH of the
changed fields only, so everything not sent stays on the server as it was.

| Google (tasks#task)     | Task          | rule                                                    |
|-------------------------|---------------|---------------------------------------------------------|
| id                      | id            | required: an item without one raises ValueError         |
| title                   | title         | stripped; empty or missing reads as "(no title)"        |
| notes                   | notes         | "" when missing                                         |
| status                  | done          | done when "completed"; anything else is open            |
| completed               | completed     | RFC 3339, read as ISO UTC to the second, only when done |
| due                     | due           | the date part as written (see below)                    |
| parent                  | parent        | read-only at Google (moving uses `move`): never written |
| hidden                  | -             | completed and cleared in Google's apps: still a task    |
| deleted                 | -             | a tombstone in a listing: `is_deleted`, callers drop it |
| links                   | link          | the first https one (an e-mail in Gmail); never sent    |
| position, etag, ...     | -             | read-only: never sent, so they stay                     |

The due date: Google records only a date, and answers `due` as that date at T00:00:00.000Z
whatever time was sent. The "Z" is not an instant: read in the user's zone it would move the
day back west of UTC (midnight UTC is the evening before in New York), so the date part is read
as written, and written back as that date at midnight UTC, the form Google itself answers.

A listing must ask showHidden=true (and showDeleted=true when incremental, with updatedMin):
Google's own apps hide a task completed there (the reference's note on showCompleted), and a
hidden or deleted task left out of a listing would read as gone rather than done.

`body_for` sends only title, notes, status (with `completed`) and due, never a field of
KEEPS_LOCALLY, nor list, home or parent (a move between lists is a create and a delete).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from daypane.core.tasks.task import Task, check

API = "https://tasks.googleapis.com/tasks/v1"
SCOPE = "https://www.googleapis.com/auth/tasks"
NO_TITLE = "(no title)"  # Google allows a task without title; it stays listable under this
# Task fields Google Tasks cannot hold: it has no time of day, no priority, no repetition, no
# estimate and only one date (`due`), so the plan (scheduled day and block) is kept locally too.
KEEPS_LOCALLY = frozenset({"start", "duration_minutes", "estimate_minutes", "priority", "recurrence", "scheduled"})

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T|$)", re.ASCII)


def is_deleted(item) -> bool:
    """A tombstone (`deleted: true`, listed with showDeleted=true): a task that is gone, not a task."""
    return isinstance(item, dict) and item.get("deleted") is True


def read_task(item: dict, *, list_name: str, home: str) -> Task:
    """The Task an item reads as, in the list `home` named `list_name`. Hostile input (wrong types,
    missing keys) reads as what can be read; only an item without an id is refused (ValueError),
    since a task Daypane cannot name it cannot keep in step with Google."""
    if not isinstance(item, dict):
        raise ValueError("A Google task is not an object.")
    task_id = item.get("id")
    if not isinstance(task_id, str) or not task_id.strip():
        raise ValueError("A Google task has no id, so Daypane cannot keep it in step with Google.")
    done = item.get("status") == "completed"
    return check(Task(
        id=task_id, title=_text(item.get("title")).strip() or NO_TITLE, done=done,
        notes=_text(item.get("notes")), list=list_name, due=due_of(item.get("due")),
        completed=_read_stamp(item.get("completed")) if done else "", home=home,
        parent=_text(item.get("parent")), link=link_of(item)))


def link_of(item: dict) -> str:
    """The e-mail a task was made from in Gmail (`links`, type "email"), https only, else ""."""
    for entry in item.get("links") or () if isinstance(item.get("links"), list) else ():
        url = entry.get("link") if isinstance(entry, dict) else None
        if isinstance(url, str) and url.startswith("https://"):
            return url
    return ""


def body_for(base: Task | None, task: Task) -> dict:
    """The JSON body to send for `task`: with `base` (the task as last read from Google) the PATCH
    body of the fields that differ, {} when none does; without it, the insert body.

    Completing sends the completion time when the task knows it, so a change sent later (from the
    outbox, after being offline) keeps when it was really done; else Google sets its own "now".
    Reopening sends "completed": None as well, so no completion time is left behind."""
    stamp = _write_stamp(task.completed) if task.done else None
    if base is None:
        body = {"title": task.title, "status": _status(task)}
        if task.notes:
            body["notes"] = task.notes
        if task.due is not None:
            body["due"] = due_text(task.due)
        if stamp:
            body["completed"] = stamp
        return body
    body = {}
    if task.title != base.title:
        body["title"] = task.title
    if task.notes != base.notes:
        body["notes"] = task.notes  # "" clears them
    if task.due != base.due:
        body["due"] = due_text(task.due)  # None clears it
    if task.done != base.done:
        body["status"] = _status(task)
        if not task.done or stamp:
            body["completed"] = stamp
    elif task.done and stamp and task.completed != base.completed:
        body["completed"] = stamp
    return body


def due_of(text: str | None) -> date | None:
    """The day of a `due` value: its date part as written, no zone conversion (see the module's
    docstring); None when absent or unreadable."""
    found = _DATE.match(text) if isinstance(text, str) else None
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:  # 2026-02-30, year 0
        return None


def due_text(day: date | None) -> str | None:
    """`due` for a day, as Google answers it (midnight UTC); None clears the due date."""
    return None if day is None else f"{day.isoformat()}T00:00:00.000Z"


def _status(task: Task) -> str:
    return "completed" if task.done else "needsAction"


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _read_stamp(value) -> str:
    """Google's RFC 3339 time as an ISO UTC string to the second (as Task.completed is kept
    elsewhere); "" when unreadable: done at an unknown time, as a version-1 task."""
    if not isinstance(value, str):
        return ""
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is None:  # Google's times are UTC; a bare one is read so too
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(microsecond=0).isoformat(timespec="seconds")
    except (ValueError, OverflowError):  # not a time; the year 1 or 9999 pushed out of range
        return ""


def _write_stamp(value: str) -> str | None:
    """Task.completed in Google's form (UTC, milliseconds, "Z"); None when unknown or without a
    zone (its instant is not known, and Google's own "now" is better than a guess)."""
    try:
        moment = datetime.fromisoformat(value.strip()) if isinstance(value, str) and value.strip() else None
        if moment is None or moment.tzinfo is None:
            return None
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    except (ValueError, OverflowError):
        return None
