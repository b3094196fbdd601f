"""One task: an immutable value, and the checks every change to it goes through.

The checks live here, beside the value, so an operation, the stored form and a restored backup
all refuse the same things with the same sentence for the user.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta

from daypane.core.tasks.lists import INBOX
from daypane.core.tasks.recurrence import clean_rule

PRIORITIES = ("none", "low", "medium", "high")
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Task:
    """A task. `scheduled` is the day it is planned for; with `start` and `duration_minutes` it
    has a time block on that day (the three go together). `due` is a deadline, apart from the
    plan. `done` is kept beside `completed` because tasks stored before completion times
    (version 1) are done at an unknown time: `completed` is then "". `next_id` is the occurrence
    completing this repeating task created, so completing it again after an undo creates none.

    `home` is the id of the list the task lives in at a task source ("" is this device: the
    `tasks` record); `list` is that list's name, which is what the user reads and types. `parent`
    is the id of the task this one is a sub-task of ("" for none). `link` is read from the source,
    never edited here."""

    id: str
    title: str
    done: bool = False
    scheduled: date | None = None
    estimate_minutes: int | None = None
    created: str = ""  # ISO timestamp, informational only
    notes: str = ""
    list: str = INBOX
    priority: str = "none"
    due: date | None = None
    start: time | None = None
    duration_minutes: int | None = None
    recurrence: str = ""  # an RRULE, "" when it does not repeat
    completed: str = ""  # ISO timestamp of completion; "" when open or not known
    next_id: str = ""
    home: str = ""
    parent: str = ""
    link: str = ""  # where the task came from at its source (a flagged e-mail's message): https only

    @property
    def has_block(self) -> bool:
        return self.scheduled is not None and self.start is not None and self.duration_minutes is not None

    @property
    def block_end(self) -> datetime | None:
        """When the block ends, as wall-clock time on the scheduled day (the user's zone)."""
        if not self.has_block:
            return None
        start = datetime.combine(self.scheduled, self.start)
        return start + timedelta(minutes=self.duration_minutes)


# What `update` may change; the rest belong to their own operations (toggle, the id, created).
EDITABLE = frozenset({"title", "notes", "list", "priority", "due", "scheduled", "start",
                      "duration_minutes", "estimate_minutes", "recurrence"})
_FIELDS = frozenset(f.name for f in fields(Task))


@dataclass(frozen=True)
class Removed:
    """What ``remove`` took out, and where, so ``restore`` can undo it exactly."""

    task: Task
    index: int


def clean_title(title: str) -> str:
    cleaned = title.strip() if isinstance(title, str) else ""
    if not cleaned:
        raise ValueError("A task needs a title.")
    return cleaned


def changed(task: Task, changes: dict) -> Task:
    """`task` with `changes` (field names as in Task) cleaned and checked: ValueError with a
    sentence for the user when the result would not be a valid task; TypeError for a field
    `update` cannot change (a programming error, not the user's)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"cannot change {', '.join(sorted(unknown))} this way")
    cleaned = dict(changes)
    if "title" in cleaned:
        cleaned["title"] = clean_title(cleaned["title"])
    if "notes" in cleaned:
        cleaned["notes"] = _text(cleaned["notes"], "notes").strip()
    if "recurrence" in cleaned:
        cleaned["recurrence"] = clean_rule(_text(cleaned["recurrence"], "recurrence"))
    if "priority" in cleaned:
        cleaned["priority"] = cleaned["priority"] or "none"
    if isinstance(cleaned.get("start"), time):
        # Blocks are planned to the minute, in the user's own zone.
        cleaned["start"] = cleaned["start"].replace(second=0, microsecond=0, tzinfo=None)
    return check(replace(task, **cleaned))


def check(task: Task) -> Task:
    """The task if it is consistent, else ValueError with a sentence for the user."""
    if task.priority not in PRIORITIES:
        raise ValueError(f"“{task.priority}” is not a priority; choose none, low, medium or high.")
    for name in ("scheduled", "due"):
        value = getattr(task, name)
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            raise ValueError(f"The {'scheduled day' if name == 'scheduled' else 'due date'} must be a day.")
    if task.start is not None and not isinstance(task.start, time):
        raise ValueError("The start time must be a time of day.")
    if task.start is not None and task.scheduled is None:
        raise ValueError("A start time needs a scheduled day: choose the day first.")
    if (task.start is None) != (task.duration_minutes is None):
        raise ValueError("A time block needs both a start time and a duration.")
    if task.duration_minutes is not None:
        if not _whole(task.duration_minutes) or task.duration_minutes <= 0:
            raise ValueError("A time block must last at least one minute.")
        start = task.start.hour * 60 + task.start.minute
        if start + task.duration_minutes > MINUTES_PER_DAY:
            # The calendar draws a block inside its day; one running past midnight is two tasks.
            raise ValueError("A time block must end by midnight of its day.")
    if task.estimate_minutes is not None and (not _whole(task.estimate_minutes) or task.estimate_minutes < 0):
        raise ValueError("An estimate cannot be negative.")
    if task.completed and not task.done:
        raise ValueError("An open task cannot have a completion time.")
    if task.link and not (isinstance(task.link, str) and task.link.startswith("https://")):
        # Opened by the user: another scheme (javascript:, data:) could run script in the page.
        raise ValueError("A task's link must be an https address.")
    return task


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be text")
    return value

