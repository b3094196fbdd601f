"""Read the to-dos (VTODOs) of an .ics file as tasks, leaving out the broken ones with a reason.

Files come from Thunderbird, Apple Reminders, Nextcloud Tasks, other apps and Daypane itself
(``daypane.core.tasks.ical``, whose block VEVENTs are read back as the tasks' time blocks). One
unreadable to-do must never stop the others, and none vanishes silently: each left out is a
``Skipped`` with the reason. Only a file that is not a calendar at all raises ``IcsError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo

import icalendar

from daypane.core.ics.checks import rrule_problem, uid_of
from daypane.core.ics.parse import IcsError, forget_custom_time_zones
from daypane.core.ics.sniff import decode, drop_runaway_zones, not_a_calendar
from daypane.core.ics.summary import Skipped
from daypane.core.tasks.ical import BLOCK_SUFFIX, ESTIMATE_PROPERTY, priority_name

TITLE_LIMIT = 1_000  # characters; a longer SUMMARY is cut (a title is one line in the list)
NOTES_LIMIT = 100_000  # characters; a longer DESCRIPTION is cut
_CUT_MARK = "X-DAYPANE-CUT"


@dataclass(frozen=True)
class ImportedTask:
    """One to-do as Daypane's task fields (``TaskLike``'s names), plus the file's UID.
    ``created``/``completed`` are aware UTC datetimes."""

    uid: str
    title: str
    done: bool = False
    notes: str = ""
    list: str | None = None
    priority: str | None = None  # "high", "medium", "low"; None: undefined
    due: date | None = None
    scheduled: date | None = None
    start: time | None = None
    duration_minutes: int | None = None
    estimate_minutes: int | None = None
    recurrence: str | None = None  # the RRULE value, "FREQ=WEEKLY;BYDAY=MO"
    created: datetime | None = None
    completed: datetime | None = None


@dataclass(frozen=True)
class TaskImport:
    tasks: tuple[ImportedTask, ...] = ()
    skipped: tuple[Skipped, ...] = ()  # component "VTODO", the UID, the reason
    shortened: tuple[str, ...] = field(default=())  # UIDs whose title or notes were cut

    def message(self) -> str:
        """"Imported 3 tasks. Skipped 1 to-do: “x” has no title (SUMMARY)." or the like."""
        count = len(self.tasks)
        text = f"Imported {count} {'task' if count == 1 else 'tasks'}."
        if self.skipped:
            reasons = "; ".join(f"{s.uid or 'a to-do without UID'}: {s.reason}" for s in self.skipped)
            noun = "to-do" if len(self.skipped) == 1 else "to-dos"
            text += f" Skipped {len(self.skipped)} {noun} ({reasons})."
        return text


class _Unreadable(Exception):
    """This to-do cannot be imported; the message completes "left out: …"."""


# icalendar refuses a whole file for one bad value in a VTODO or VALARM (only VEVENT tolerates
# them); these subclasses keep such a value as broken (``component.errors``) so that only its
# to-do is skipped. Registered on a private factory: icalendar's own classes stay as they are.
class _Todo(icalendar.Todo):
    ignore_exceptions = True


class _Alarm(icalendar.Alarm):
    ignore_exceptions = True


class TolerantCalendar(icalendar.Calendar):
    _components_factory = icalendar.ComponentFactory()
    _components_factory["VTODO"] = _Todo
    _components_factory["VALARM"] = _Alarm


_PROPERTY_WORDS = {
    "SUMMARY": "a title", "DUE": "a due date", "DTSTART": "a start", "DURATION": "a duration",
    "PRIORITY": "a priority", "RRULE": "a repeat rule", "COMPLETED": "a completion time",
    "STATUS": "a status", "CATEGORIES": "a list", "DESCRIPTION": "notes",
}
_MAPPED = set(_PROPERTY_WORDS)


def _unreadable(name: str) -> _Unreadable:
    return _Unreadable(f"unreadable {_PROPERTY_WORDS[name].split(' ', 1)[1]} ({name})")


def _one(todo, name: str):
    """The single value of a property that RFC 5545 allows once; a repeated one is unreadable."""
    prop = todo.get(name)
    if isinstance(prop, list):
        raise _Unreadable(f"more than one {_PROPERTY_WORDS[name].split(' ', 1)[1]} ({name})")
    return prop


def _moment(todo, name: str) -> date | None:
    prop = _one(todo, name)
    if prop is None:
        return None
    value = getattr(prop, "dt", None)
    if not isinstance(value, date):
        raise _unreadable(name)
    return value


def _local(value: date, tz: tzinfo | None) -> date:
    """An aware datetime in ``tz`` when one is given (a DUE of 23:00 UTC is the next day in
    Berlin); otherwise the wall-clock time as written. Dates and floating times are as written."""
    if isinstance(value, datetime) and value.tzinfo is not None and tz is not None:
        return value.astimezone(tz)
    return value


def _day_and_time(value: date | None, tz: tzinfo | None) -> tuple[date | None, time | None]:
    if value is None:
        return None, None
    value = _local(value, tz)
    if isinstance(value, datetime):
        return value.date(), value.time().replace(tzinfo=None)
    return value, None


def _minutes(span: timedelta | None) -> int | None:
    if span is None or span <= timedelta(0):
        return None  # zero: Apple sets DTSTART = DUE on a reminder with a time; not a block
    return round(span.total_seconds() / 60)


def _elapsed(start: date, end: date) -> timedelta | None:
    """Real time between two datetimes, None for dates or a floating/zoned mix. Through UTC:
    Python subtracts two times of one zone on the wall clock, an hour off across a DST change."""
    if not (isinstance(start, datetime) and isinstance(end, datetime)):
        return None
    if start.tzinfo is None or end.tzinfo is None:
        return end - start if start.tzinfo is end.tzinfo else None
    return end.astimezone(timezone.utc) - start.astimezone(timezone.utc)


def _text(todo, name: str) -> str:
    prop = todo.get(name)
    if isinstance(prop, list):  # repeated text: the first one (lenient, nothing is lost in meaning)
        prop = prop[0] if prop else None
    return "" if prop is None else str(prop)


def _utc(todo, name: str, strict: bool = True) -> datetime | None:
    """COMPLETED/CREATED as an aware UTC datetime (RFC 5545 wants them in UTC; a floating one is
    read as UTC). CREATED is informational (``strict=False``): unreadable is simply unknown."""
    try:
        value = _moment(todo, name)
    except _Unreadable:
        if strict:
            raise
        return None
    if not isinstance(value, datetime):
        return None
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _estimate(todo) -> int | None:
    prop = todo.get(ESTIMATE_PROPERTY)
    try:
        span = icalendar.vDuration.from_ical(str(prop)) if prop is not None else None
    except (ValueError, TypeError):
        return None  # our own informational X-property: not worth skipping a task over
    return _minutes(span)


def _scheduled_mark(todo) -> date | None:
    prop = todo.get("X-DAYPANE-SCHEDULED")
    value = getattr(prop, "dt", None)
    if value is None and prop is not None:
        try:
            value = icalendar.vDate.from_ical(str(prop))
        except (ValueError, TypeError):
            return None  # our own X-property: unreadable means unknown, not a skipped task
    return value if isinstance(value, date) and not isinstance(value, datetime) else None


def _task(todo, blocks: dict, tz: tzinfo | None) -> tuple[ImportedTask, bool]:
    broken = {name for name, _message in todo.errors if name} & _MAPPED
    if broken:
        raise _unreadable(sorted(broken)[0])
    title = _text(todo, "SUMMARY").strip()
    if not title:
        raise _Unreadable("no title (SUMMARY)")
    notes = _text(todo, "DESCRIPTION")
    cut = _CUT_MARK in todo or len(title) > TITLE_LIMIT or len(notes) > NOTES_LIMIT
    title, notes = title[:TITLE_LIMIT], notes[:NOTES_LIMIT]
    priority = _one(todo, "PRIORITY")
    if priority is not None and not (isinstance(priority, int) and 0 <= priority <= 9):
        raise _unreadable("PRIORITY")
    rule = _one(todo, "RRULE")
    if rule is not None and rrule_problem(rule):
        raise _unreadable("RRULE")
    categories = todo.get("CATEGORIES")
    first_list = next((c for p in (categories if isinstance(categories, list) else [categories])
                       if p is not None for c in getattr(p, "cats", []) if str(c).strip()), None)
    status = str(_one(todo, "STATUS") or "").upper()
    completed = _utc(todo, "COMPLETED")
    start, due = _moment(todo, "DTSTART"), _moment(todo, "DUE")
    duration = _one(todo, "DURATION")
    span = getattr(duration, "dt", None) if duration is not None else None
    if duration is not None and not isinstance(span, timedelta):
        raise _unreadable("DURATION")
    if span is None and start is not None and due is not None:
        span = _elapsed(start, due)
    elif span is not None and not isinstance(start, datetime):
        span = None  # a DURATION on a day (or without DTSTART) is no time block
    scheduled, start_time = _day_and_time(start, tz)
    if scheduled is None:  # Daypane's own day for a task planned after its due day
        scheduled = _scheduled_mark(todo)
    uid = uid_of(todo)
    block = blocks.get(uid)
    if block is not None:  # Daypane's own block: it, not the VTODO's DTSTART, holds the plan
        scheduled, start_time, span = block
    task = ImportedTask(
        uid=uid, title=title, done=status == "COMPLETED" or completed is not None, notes=notes,
        list=str(first_list) if first_list is not None else None,
        priority=priority_name(priority) if priority is not None else None,
        due=_day_and_time(due, tz)[0], scheduled=scheduled, start=start_time,
        duration_minutes=_minutes(span), estimate_minutes=_estimate(todo),
        recurrence=rule.to_ical().decode() if rule is not None else None,
        created=None if "CREATED" in {n for n, _m in todo.errors} else _utc(todo, "CREATED", strict=False),
        completed=completed,
    )
    return task, cut


def _blocks(events, tz: tzinfo | None) -> dict[str, tuple[date, time, timedelta | None]]:
    """Daypane's block VEVENTs by the UID of their VTODO: (day, start time, length). Only
    Daypane's own (UID "<id>-block@daypane"): another app's event related to a to-do (a meeting
    about it) is not the plan for doing it."""
    found = {}
    for event in events:
        related = event.get("RELATED-TO")
        if related is None or isinstance(related, list) or not uid_of(event).endswith(BLOCK_SUFFIX):
            continue
        if str(related.params.get("RELTYPE", "PARENT")).upper() != "PARENT":
            continue
        start, end = getattr(event.get("DTSTART"), "dt", None), getattr(event.get("DTEND"), "dt", None)
        if not isinstance(start, datetime):
            continue
        day, clock = _day_and_time(start, tz)
        found[str(related)] = (day, clock, _elapsed(start, end) if isinstance(end, datetime) else None)
    return found


_LONG_LINE = re.compile(r"^[A-Za-z0-9-]+[;:][^\r\n]*(?:\r?\n[ \t][^\r\n]*)*", re.M)


def _cut_long_lines(text: str) -> str:
    """Each property line longer than about NOTES_LIMIT cut there, before icalendar reads it, and
    marked (X-DAYPANE-CUT) so the task says it was shortened: a 5 MB DESCRIPTION would otherwise
    cost seconds of parsing (more in Pyodide) for notes no one reads. Only files big enough to
    hold such a line are looked at."""
    limit = 2 * NOTES_LIMIT  # escapes (\n, \,) take two characters; folds three per 75
    if len(text) <= limit:
        return text

    def cut(match: re.Match) -> str:
        line = match.group()
        if len(line) <= limit:
            return line
        kept = line[:limit].rstrip("\r\n")  # a cut inside a fold's line break: drop its half
        kept = re.sub(r"(?<!\\)((?:\\\\)*)\\$", r"\1", kept)  # no escape left half-written
        return f"{kept}\r\n{_CUT_MARK}:1"

    return _LONG_LINE.sub(cut, text)


# A to-do, block or zone of a file icalendar refused as a whole, to be read one by one.
_PIECES = re.compile(r"^BEGIN:(VTIMEZONE|VTODO|VEVENT)[ \t]*\r?$.*?^END:\1[ \t]*\r?$", re.I | re.M | re.S)


def _components(text: str) -> list:
    """The top-level components of every VCALENDAR in ``text``. When icalendar refuses the file
    (a garbled line, a damaged time zone), each VTIMEZONE, VTODO and VEVENT is read on its own
    (zones first: icalendar remembers them by TZID) and only those it refuses are lost."""
    forget_custom_time_zones()  # another file's "Customized Time Zone" must not be reused
    try:
        calendars = TolerantCalendar.from_ical(text, multiple=True)
        return [c for cal in calendars if cal.name == "VCALENDAR" for c in cal.subcomponents]
    except Exception:  # noqa: BLE001 - icalendar raises many types on bad input
        pass
    pieces = sorted(_PIECES.finditer(text), key=lambda m: m.group(1).upper() != "VTIMEZONE")
    found = []
    for piece in pieces:
        try:
            calendar = TolerantCalendar.from_ical(f"BEGIN:VCALENDAR\r\n{piece.group()}\r\nEND:VCALENDAR\r\n")
        except Exception:  # noqa: BLE001
            if piece.group(1).upper() == "VTODO":
                found.append(_damaged(piece.group()))
            continue
        found.extend(calendar.subcomponents)
    return found


_UID_LINE = re.compile(r"^UID[;:](?:[^:\r\n]*:)?([^\r\n]*)", re.I | re.M)


def _damaged(text: str) -> Skipped:
    uid = _UID_LINE.search(text)
    return Skipped("VTODO", uid.group(1).strip() if uid else "", "damaged lines icalendar cannot read")


def import_tasks(data: bytes | str, *, tz: tzinfo | None = None) -> TaskImport:
    """The to-dos of an .ics file as tasks, and those left out with their reasons.

    ``tz``: the zone in which due dates, starts and blocks that have a zone are read as days and
    times (the user's zone); None keeps each as written. Raises IcsError (a user-facing sentence)
    only when the file is not an iCalendar file at all; a calendar without to-dos imports nothing.
    """
    problem = not_a_calendar(data)
    if problem:
        raise IcsError(problem)
    components = _components(_cut_long_lines(drop_runaway_zones(decode(data))))
    blocks = _blocks((c for c in components if getattr(c, "name", "") == "VEVENT"), tz)
    tasks, skipped, shortened = [], [], []
    for component in components:
        if isinstance(component, Skipped):
            skipped.append(component)
            continue
        if component.name != "VTODO":
            continue
        try:
            task, cut = _task(component, blocks, tz)
        except _Unreadable as reason:
            skipped.append(Skipped("VTODO", uid_of(component), str(reason)))
            continue
        except Exception as error:  # noqa: BLE001 - never let one odd to-do stop the import
            skipped.append(Skipped("VTODO", uid_of(component), f"an unexpected value ({type(error).__name__})"))
            continue
        tasks.append(task)
        if cut:
            shortened.append(task.uid)
    return TaskImport(tuple(tasks), tuple(skipped), tuple(shortened))
