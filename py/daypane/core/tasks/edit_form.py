"""The task's Edit form: what it shows for a task, and its fields' text back as a change.

The browser reads the fields (strings, in the submit event) into an ``EditForm`` and draws the
options given here; every decision (a day or a time that does not parse, a block's length, the
repeat rule, "a repeating task needs a day") is made in ``changes``, whose result goes to
``TaskList.update`` where the task's own checks apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from daypane.core.tasks.estimates import parse_estimate
from daypane.core.tasks.quickadd import DEFAULT_BLOCK_MINUTES
from daypane.core.tasks.repeat import KEEP, RepeatOption, chosen_rule, repeat_options
from daypane.core.tasks.task import PRIORITIES, Task

PRIORITY_LABELS = {"none": "None", "low": "Low", "medium": "Medium", "high": "High"}
assert tuple(PRIORITY_LABELS) == PRIORITIES


@dataclass(frozen=True)
class EditForm:
    """The form's fields as the browser reads them ("" for an empty field)."""

    title: str
    scheduled: str = ""
    start: str = ""
    estimate: str = ""
    notes: str = ""
    list: str = ""
    priority: str = "none"
    due: str = ""
    repeat: str = KEEP


def repeat_day(task: Task, today: date) -> date:
    """The day the Repeat choices are named after: scheduled, else due, else today."""
    return task.scheduled or task.due or today


def repeat_choices(task: Task, today: date, scheduled: str = "", due: str = "") -> tuple[RepeatOption, ...]:
    """The Repeat options for ``task``; with the form's ``scheduled``/``due`` text once the user
    has changed a day in the form (unreadable text: the task's own day)."""
    day = _day_or_none(scheduled) or _day_or_none(due) or repeat_day(task, today)
    return repeat_options(task.recurrence, day)


def _day_or_none(text: str) -> date | None:
    try:
        return _day(text, "")
    except ValueError:
        return None


def _day(text: str, what: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a day for “{what}”; pick one in the date field (YYYY-MM-DD).") from None


def _time(text: str) -> time | None:
    text = text.strip()
    if not text:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a time for “Start time”; use HH:MM, e.g. 09:30.") from None


def changes(task: Task, form: EditForm) -> dict:
    """The fields for ``TaskList.update``, or ValueError with a sentence for the user."""
    day = _day(form.scheduled, "Scheduled for")
    due = _day(form.due, "Due")
    minutes = parse_estimate(form.estimate)
    at = _time(form.start)
    if at is not None and day is None:
        raise ValueError("A start time needs a day: fill in “Scheduled for” too.")
    if form.priority not in PRIORITIES:
        raise ValueError(f"“{form.priority}” is not a priority; choose None, Low, Medium or High.")
    # A block lasts what it lasted, else the estimate, else 30 minutes (as when dragged).
    duration = (task.duration_minutes or minutes or DEFAULT_BLOCK_MINUTES) if at else None
    return {
        "title": form.title, "scheduled": day, "start": at, "duration_minutes": duration,
        "estimate_minutes": minutes, "notes": form.notes, "list": form.list,
        "priority": form.priority, "due": due,
        "recurrence": chosen_rule(form.repeat, task.recurrence, day or due),
    }
