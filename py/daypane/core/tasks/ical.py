"""Tasks as iCalendar (RFC 5545): each task a VTODO, each task's time block a VEVENT beside it.

Export only; reading such files back is ``daypane.core.tasks.ical_import``. The Task model is
being extended in parallel, so the exporter reads a task through ``TaskLike``: the attribute names
below, each looked up with a default (``getattr``), so today's ``Task`` (id, title, done,
scheduled, estimate_minutes, created) exports as it is and every new field shows up once it
exists. Escaping, line folding and CRLF are icalendar's (``Calendar.to_ical``).

Why a separate VEVENT for the block: a VTODO's DTSTART/DUE describe when the task may start and
when it is due, not when the user plans to work on it, and calendar apps draw VTODOs in a task
list, not in the day grid. A VEVENT related to its VTODO (RELATED-TO;RELTYPE=PARENT) is shown by
every calendar app, and ``ical_import`` reads it back as the task's block.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Protocol

import icalendar
from icalendar.cal.timezone import Timezone

from daypane.core.ics.checks import rrule_problem

PRODID = "-//Daypane//Daypane//EN"
UID_SUFFIX = "@daypane"
BLOCK_SUFFIX = "-block@daypane"
# No registered property holds an estimate (ESTIMATED-DURATION is only a draft), so an X-property.
ESTIMATE_PROPERTY = "X-DAYPANE-ESTIMATE"

# RFC 5545 3.8.1.9: 1 is the highest, 9 the lowest, 0 undefined; 1-4 / 5 / 6-9 is how the RFC
# (and Thunderbird, Apple, Nextcloud) split them into high / medium / low.
PRIORITY_VALUES = {"high": 1, "medium": 5, "low": 9}


def priority_name(value: int) -> str | None:
    """"high", "medium", "low" or None (0: undefined) for an RFC 5545 PRIORITY 0-9."""
    if 1 <= value <= 4:
        return "high"
    if value == 5:
        return "medium"
    if 6 <= value <= 9:
        return "low"
    return None


class TaskLike(Protocol):
    """What the exporter reads from a task. Only ``id`` and ``title`` are required; every other
    attribute may be missing (today's Task lacks most of them) and then counts as unset."""

    id: str
    title: str
    # done: bool; notes: str; list: str | None; priority: "high" | "medium" | "low" | None;
    # due: date | None; scheduled: date | None; start: time | None;
    # duration_minutes: int | None; estimate_minutes: int | None;
    # recurrence: str | None (an RRULE value, "FREQ=WEEKLY;BYDAY=MO");
    # created, completed: datetime | ISO string | None.


def _field(task: object, name: str, default=None):
    value = getattr(task, name, default)
    return default if value is None else value


def uid_for(task_id: str) -> str:
    return f"{task_id}{UID_SUFFIX}"


def block_uid_for(task_id: str) -> str:
    return f"{task_id}{BLOCK_SUFFIX}"


def _instant(value: object, tz: tzinfo) -> datetime | None:
    """A datetime or ISO string as UTC; naive values are wall-clock time in ``tz``. An
    unreadable string is None: these timestamps are informational, not worth failing over."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip()) if value.strip() else None
        except ValueError:
            return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=tz)
        return aware.astimezone(timezone.utc)
    return None


def _recurrence(task: object) -> icalendar.vRecur | None:
    rule = _field(task, "recurrence", "")
    rule = rule.strip().removeprefix("RRULE:") if isinstance(rule, str) else ""
    if not rule:
        return None
    try:
        parsed = icalendar.vRecur.from_ical(rule)
    except (ValueError, TypeError):
        parsed = None
    # Refused rather than dropped: leaving a task's repetition out of an export loses data quietly.
    if parsed is None or rrule_problem(parsed):
        raise ValueError(f"The task “{task.title}” has a repeat rule that cannot be exported ({rule!r}).")
    return parsed


def _todo(task: object, stamp: datetime, tz: tzinfo) -> icalendar.Todo:
    todo = icalendar.Todo()
    todo.add("UID", uid_for(task.id))
    todo.add("DTSTAMP", stamp)
    created = _instant(getattr(task, "created", None), tz)
    if created is not None:
        todo.add("CREATED", created)
    todo.add("SUMMARY", task.title)
    notes = _field(task, "notes", "")
    if notes:
        todo.add("DESCRIPTION", notes)
    due, scheduled = _field(task, "due"), _field(task, "scheduled")
    if scheduled is not None:
        # A DATE, like DUE: RFC 5545 wants both of one value type, and DUE not before DTSTART.
        # A task planned after its due day (overdue) keeps its day in an X-property instead.
        if due is None or scheduled <= due:
            todo.add("DTSTART", scheduled)
        else:
            todo.add("X-DAYPANE-SCHEDULED", scheduled)
    if due is not None:
        todo.add("DUE", due)
    priority = PRIORITY_VALUES.get(str(_field(task, "priority", "")).lower())
    if priority is not None:  # none: omitted (RFC 5545's default is 0, undefined)
        todo.add("PRIORITY", priority)
    task_list = _field(task, "list", "")
    if task_list:
        todo.add("CATEGORIES", [task_list])
    rule = _recurrence(task)
    if rule is not None:
        todo.add("RRULE", rule)
    estimate = _field(task, "estimate_minutes")
    if estimate:
        todo.add(ESTIMATE_PROPERTY, icalendar.vDuration(timedelta(minutes=estimate)))
    if _field(task, "done", False):
        todo.add("STATUS", "COMPLETED")
        completed = _instant(getattr(task, "completed", None), tz)
        if completed is not None:  # not invented from ``now``: an unknown time stays unknown
            todo.add("COMPLETED", completed)
    else:
        todo.add("STATUS", "NEEDS-ACTION")
    return todo


def _block(task: object, stamp: datetime, tz: tzinfo) -> icalendar.Event | None:
    """The task's time block as a VEVENT, or None when the task has no planned start time."""
    day, start = _field(task, "scheduled"), _field(task, "start")
    if not isinstance(day, date) or not isinstance(start, time):
        return None
    begin = datetime.combine(day, start.replace(tzinfo=None), tzinfo=tz)
    event = icalendar.Event()
    event.add("UID", block_uid_for(task.id))
    event.add("DTSTAMP", stamp)
    event.add("SUMMARY", task.title)
    event.add("DTSTART", begin)
    minutes = _field(task, "duration_minutes")
    if minutes:
        # Elapsed time, so computed in UTC: 01:30 + 90 min on the night clocks go forward ends at
        # 04:00 local, not at the 03:00 that adding to the wall clock would give.
        end = (begin.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(tz)
        event.add("DTEND", end)
    # Without a duration the block is an instant (no DTEND: RFC 5545 makes it end at its start).
    event.add("RELATED-TO", uid_for(task.id), parameters={"RELTYPE": "PARENT"})
    return event


def export_tasks(tasks: Iterable[TaskLike], now: datetime, tz: tzinfo) -> bytes:
    """One VCALENDAR with every task as a VTODO and every time block as a VEVENT in ``tz``
    (with its VTIMEZONE). ``now`` is the DTSTAMP. Raises ValueError for a task whose repeat rule
    cannot be written."""
    stamp = _instant(now, tz) or datetime.now(timezone.utc)
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    days = []
    for task in tasks:
        calendar.add_component(_todo(task, stamp, tz))
        block = _block(task, stamp, tz)
        if block is not None:
            calendar.add_component(block)
            days.append(block.DTSTART.date())
    if days:
        # The VTIMEZONE lists the zone's changes over a span; widened so it covers every block
        # (icalendar's default stops in 2038).
        first = min(min(days) - timedelta(days=366), Timezone.DEFAULT_FIRST_DATE)
        last = max(max(days) + timedelta(days=366), Timezone.DEFAULT_LAST_DATE)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
