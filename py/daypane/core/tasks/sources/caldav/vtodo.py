"""One CalDAV to-do resource (a VTODO) as a Task, and a Task written back into that resource.

Lossless for what Daypane does not understand: an update starts from the text last read from the
server and changes only the properties whose Task field differs; every other property, parameter
and component (alarms, time zones, overrides of a repeating to-do, other apps' X-properties) goes
back as it came. icalendar keeps even a value it cannot read (vBroken, with the original text)
when the component is parsed leniently, so another app's damaged property survives a new title.

The plan (scheduled day, start, duration) and the estimate ride in Daypane's own X-properties,
never in DTSTART: other apps read DTSTART as "start" or "hide until", so Daypane drawing a block
in its day must not move another app's dates. Facts about the clients: docs/facts/caldav-tasks.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

import icalendar

from daypane.core.ics.checks import rrule_problem
from daypane.core.ics.parse import forget_custom_time_zones
from daypane.core.tasks.ical import ESTIMATE_PROPERTY, PRIORITY_VALUES, PRODID, priority_name
# One bad value in a VTODO or VALARM is kept as written (vBroken), not a refused resource.
from daypane.core.tasks.ical_import import TolerantCalendar
from daypane.core.tasks.task import MINUTES_PER_DAY, Task, check

NO_TITLE = "(no title)"  # a to-do without SUMMARY stays listable (and editable) under this
SCHEDULED = "X-DAYPANE-SCHEDULED"  # VALUE=DATE: the day the task is planned for
START = "X-DAYPANE-START"  # VALUE=TIME: the block's wall-clock start in the user's zone
DURATION = "X-DAYPANE-DURATION"  # a DURATION: how long the block lasts
UTC = timezone.utc

# Task fields written to the VTODO; the rest (id, list, home, parent, next_id) are the caller's,
# and `created` is written once, for a new resource, never rewritten.
_MAPPED = ("title", "notes", "priority", "due", "done", "completed", "recurrence",
           "scheduled", "start", "duration_minutes", "estimate_minutes")
_PLAN = (("scheduled", SCHEDULED), ("start", START), ("duration_minutes", DURATION),
         ("estimate_minutes", ESTIMATE_PROPERTY))


class VTodoError(ValueError):
    """A resource that claims to hold a to-do but cannot be read; the message is a sentence for the user."""


@dataclass(frozen=True)
class Todo:
    uid: str
    task: Task  # id = uid; home, list and parent "" (the caller fills them)
    parent_uid: str  # RELATED-TO with RELTYPE=PARENT or no RELTYPE; "" for none
    child_uids: tuple[str, ...]  # RELATED-TO;RELTYPE=CHILD, written on the parent by some clients


def read_todo(ics: str, tz: tzinfo) -> Todo | None:
    """The resource's master VTODO (the one without RECURRENCE-ID); None when it holds none (an
    event in a mixed collection). ``tz``, the user's zone, turns a zoned due time into a day."""
    todo = _master(_parse(ics))
    if todo is None:
        return None
    parent, children = _relations(todo)
    return Todo(_uid(todo), _task(todo, tz), parent, children)


def write_todo(task: Task, *, uid: str, base_ics: str | None, base: Task | None,
               now: datetime, tz: tzinfo) -> str:
    """The iCalendar text to PUT for ``task``. Without ``base_ics``: a new resource with ``uid``.
    With it (the text last read from the server; ``base`` is what it read as, derived when None):
    that text with only the properties of the changed fields rewritten, DTSTAMP and LAST-MODIFIED
    set to ``now`` and SEQUENCE (when present) one higher; ``base_ics`` itself when nothing
    changed. The UID of an existing resource is never rewritten."""
    stamp = _utc(now, tz) or now
    if base_ics is None:
        calendar, todo = icalendar.Calendar(PRODID=PRODID, VERSION="2.0"), icalendar.Todo()
        for name, value in (("UID", uid), ("DTSTAMP", stamp), ("CREATED", _utc(task.created, tz) or stamp),
                            ("LAST-MODIFIED", stamp)):
            todo.add(name, value)
        calendar.add_component(todo)
        _apply(todo, Task(id="", title="", list=""), task, stamp, tz, new=True)
        return calendar.to_ical(sorted=False).decode()
    calendar = _parse(base_ics)
    todo = _master(calendar)
    if todo is None:
        raise VTodoError("This item on the server is not a to-do any more, so the task was not saved there.")
    if not _apply(todo, base if base is not None else _task(todo, tz), task, stamp, tz, new=False):
        return base_ics
    todo["DTSTAMP"] = icalendar.vDDDTypes(stamp)
    todo["LAST-MODIFIED"] = icalendar.vDDDTypes(stamp)
    sequence = todo.get("SEQUENCE")
    if isinstance(sequence, int):  # a vInt; a broken or repeated one is left as it is
        todo["SEQUENCE"] = icalendar.vInt(sequence + 1)
    return calendar.to_ical(sorted=False).decode()


# --- reading ---------------------------------------------------------------------------------

def _parse(ics: str) -> icalendar.Calendar:
    ics = ics.decode("utf-8", "replace") if isinstance(ics, bytes) else ics
    forget_custom_time_zones()  # another resource's "Customized Time Zone" must not be reused
    try:
        calendar = TolerantCalendar.from_ical(ics)
    except Exception as error:  # noqa: BLE001 - icalendar raises many types on bad input
        raise VTodoError("A to-do on the server is damaged and could not be read; "
                         "open it in the app that made it and save it again.") from error
    if calendar.name != "VCALENDAR":
        raise VTodoError("An item on the server is not a calendar entry (no VCALENDAR), so it could not be read.")
    return calendar


def _master(calendar) -> icalendar.Todo | None:
    todos = [c for c in calendar.subcomponents if c.name == "VTODO"]
    # Only overrides (RECURRENCE-ID) and no master is broken but possible: edit the first then.
    return next((t for t in todos if "RECURRENCE-ID" not in t), todos[0] if todos else None)


def _first(todo, name: str):
    """The property, or the first of a repeated one (RFC 5545 allows most only once)."""
    prop = todo.get(name)
    return (prop[0] if prop else None) if isinstance(prop, list) else prop


def _dt(prop):
    """A date-like property's value (date, datetime, time, timedelta); None when absent, repeated
    (which DUE is meant?) or unreadable (vBroken raises on .dt). On writing, the original stays."""
    if prop is None or isinstance(prop, (list, icalendar.vBroken)):
        return None
    return getattr(prop, "dt", None)


def _uid(todo) -> str:
    uid = str(_first(todo, "UID") or "").strip()
    if not uid:
        raise VTodoError("A to-do on the server has no UID, so Daypane cannot keep it in step with the server.")
    return uid


def _day(value, tz: tzinfo) -> date | None:
    """The day of a DATE or DATE-TIME in the user's zone; a floating time is wall clock."""
    if isinstance(value, datetime):
        return value.astimezone(tz).date() if value.tzinfo is not None else value.date()
    return value if isinstance(value, date) else None


def _utc(value, tz: tzinfo) -> datetime | None:
    """An ISO string, date or datetime as an aware UTC datetime to the second: a date is its
    midnight, a naive time is wall clock in ``tz`` (also how DUE and DTSTART are ordered)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())  # e.g. COMPLETED;VALUE=DATE (Synology)
    if not isinstance(value, datetime):
        return None
    aware = value if value.tzinfo is not None else value.replace(tzinfo=tz)
    return aware.astimezone(UTC).replace(microsecond=0)


def _stamp(todo, name: str) -> str:
    """COMPLETED/CREATED as an ISO UTC string; RFC 5545 wants them in UTC, a floating one is UTC."""
    found = _utc(_dt(todo.get(name)), UTC)
    return found.isoformat(timespec="seconds") if found else ""


def _due(todo, tz: tzinfo) -> date | None:
    due = _dt(todo.get("DUE"))
    if due is None:  # RFC 5545: a to-do with DTSTART and DURATION is due at their sum
        start, span = _dt(todo.get("DTSTART")), _dt(todo.get("DURATION"))
        due = start + span if isinstance(start, date) and isinstance(span, timedelta) else None
    return _day(due, tz)


def _minutes(todo, name: str) -> int | None:
    """A DURATION X-property in whole minutes; unreadable or negative is unset, never an error."""
    prop = _first(todo, name)
    span = _dt(prop)
    if prop is not None and not isinstance(span, timedelta):
        try:
            span = icalendar.vDuration.from_ical(prop.to_ical().decode().strip())
        except (ValueError, TypeError):
            return None
    if not isinstance(span, timedelta) or span < timedelta(0):
        return None
    return round(span.total_seconds() / 60)


def _own(todo, name: str, kind: type, parse):
    """Daypane's own DATE or TIME X-property; a value of another type reads as unset."""
    prop = _first(todo, name)
    value = _dt(prop)
    if prop is not None and value is None:
        try:
            value = parse(prop.to_ical().decode().strip())
        except (ValueError, TypeError):
            return None
    return value if isinstance(value, kind) and not isinstance(value, datetime) else None


def _plan(todo) -> tuple[date | None, time | None, int | None]:
    """The scheduled day and the block; a block missing a part, or running past midnight, reads
    as none (the day stays): the Task's checks want start, duration and day together."""
    day = _own(todo, SCHEDULED, date, icalendar.vDate.from_ical)
    start = _own(todo, START, time, icalendar.vTime.from_ical)
    minutes = _minutes(todo, DURATION)
    if day is None or start is None or not minutes:
        return day, None, None
    start = start.replace(second=0, microsecond=0, tzinfo=None)
    if start.hour * 60 + start.minute + minutes > MINUTES_PER_DAY:
        return day, None, None
    return day, start, minutes


def _task(todo, tz: tzinfo) -> Task:
    try:
        priority = priority_name(int(_first(todo, "PRIORITY")))
    except (TypeError, ValueError):  # absent, or "PRIORITY:high" (hostile-todos.ics)
        priority = None
    rule = _first(todo, "RRULE")
    status = str(_first(todo, "STATUS") or "").strip().upper()
    # Older clients mark a to-do done by COMPLETED alone, and Apple's EventKit knows done
    # without a completion time (STATUS alone): either is done.
    done = status == "COMPLETED" or todo.get("COMPLETED") is not None
    scheduled, start, minutes = _plan(todo)
    return check(Task(
        id=_uid(todo), title=str(_first(todo, "SUMMARY") or "").strip() or NO_TITLE, done=done,
        scheduled=scheduled, estimate_minutes=_minutes(todo, ESTIMATE_PROPERTY),
        created=_stamp(todo, "CREATED"), notes=str(_first(todo, "DESCRIPTION") or ""), list="",
        priority=priority or "none", due=_due(todo, tz), start=start, duration_minutes=minutes,
        recurrence=rule.to_ical().decode() if isinstance(rule, icalendar.vRecur) and not rrule_problem(rule) else "",
        completed=_stamp(todo, "COMPLETED") if done else "", home="", parent=""))


def _relations(todo) -> tuple[str, tuple[str, ...]]:
    related = todo.get("RELATED-TO")
    pairs = [(str(item.params.get("RELTYPE") or "PARENT").strip().upper(), str(item).strip())
             for item in (related if isinstance(related, list) else [related] if related is not None else [])]
    # RFC 5545: no RELTYPE means PARENT (Thunderbird writes it bare, tasks.org too).
    parents = [uid for kind, uid in pairs if kind == "PARENT" and uid]
    return (parents[0] if parents else ""), tuple(uid for kind, uid in pairs if kind == "CHILD" and uid)


# --- writing ---------------------------------------------------------------------------------

def _apply(todo, base: Task, task: Task, stamp: datetime, tz: tzinfo, *, new: bool) -> bool:
    """Rewrite the properties of the fields that differ between ``base`` and ``task``; True when
    any did. A new resource gets SUMMARY and STATUS whatever they are."""
    changed = {f for f in _MAPPED if getattr(base, f) != getattr(task, f)}
    if new or "title" in changed:
        _text(todo, "SUMMARY", task.title)  # never removed: a to-do without title is unreadable elsewhere
    if "notes" in changed:
        todo.pop("X-ALT-DESC", None)  # an HTML copy (Outlook's) would go on showing the old notes
    if "notes" in changed and task.notes:
        _text(todo, "DESCRIPTION", task.notes)
    elif "notes" in changed:
        todo.pop("DESCRIPTION", None)
    if "priority" in changed and task.priority in PRIORITY_VALUES:
        todo["PRIORITY"] = icalendar.vInt(PRIORITY_VALUES[task.priority])
    elif "priority" in changed:
        todo.pop("PRIORITY", None)  # "none": RFC 5545's default (0, undefined)
    if "due" in changed:
        _write_due(todo, task.due, tz)
    if new or changed & {"done", "completed"}:
        _write_done(todo, task, stamp, tz)
    if "recurrence" in changed and task.recurrence:
        todo["RRULE"] = icalendar.vRecur.from_ical(task.recurrence)
    elif "recurrence" in changed:
        todo.pop("RRULE", None)  # EXDATE/RDATE stay: harmless without a rule, and not ours
    for field, name in _PLAN:
        value = getattr(task, field)
        if field in changed and value is None:
            todo.pop(name, None)
        elif field in changed:
            todo[name] = (icalendar.vDuration(timedelta(minutes=value)) if isinstance(value, int)
                          else icalendar.vDDDTypes(value))  # VALUE=DATE / VALUE=TIME
    return new or bool(changed)


def _text(todo, name: str, text: str) -> None:
    """SUMMARY/DESCRIPTION with new text; LANGUAGE and other parameters stay, ALTREP (a link to
    another rendering of the old text) goes."""
    prop = icalendar.vText(text)
    old = todo.get(name)
    if old is not None and not isinstance(old, list):
        prop.params.update({k: v for k, v in old.params.items() if k.upper() != "ALTREP"})
    todo[name] = prop


def _write_done(todo, task: Task, stamp: datetime, tz: tzinfo) -> None:
    if task.done:
        todo["STATUS"] = icalendar.vText("COMPLETED")
        todo["COMPLETED"] = icalendar.vDDDTypes(_utc(task.completed, tz) or stamp)
        todo["PERCENT-COMPLETE"] = icalendar.vInt(100)
        return
    todo["STATUS"] = icalendar.vText("NEEDS-ACTION")
    for name in ("COMPLETED", "PERCENT-COMPLETE"):  # not 0: absent means 0, and tasks.org removes it too
        todo.pop(name, None)


def _write_due(todo, due: date | None, tz: tzinfo) -> None:
    """DUE on ``due`` in the form the to-do already uses. RFC 5545 wants DUE of DTSTART's value
    type and not before it, and sabre/dav servers (Nextcloud's among them) refuse a PUT that is
    not: a DATE-TIME DTSTART gives a DATE-TIME DUE (the old DUE's time and TZID, else DTSTART's),
    a DATE one a DATE; without DTSTART an old DATE-TIME DUE keeps its time and TZID."""
    todo.pop("DURATION", None)  # DUE and DURATION exclude each other; the due replaces their sum
    if due is None:
        todo.pop("DUE", None)
        return
    start_prop, old_prop = todo.get("DTSTART"), todo.get("DUE")
    start, old = _dt(start_prop), _dt(old_prop)
    if isinstance(start, datetime):
        model_prop, model = (old_prop, old) if isinstance(old, datetime) else (start_prop, start)
    elif isinstance(start, date) or not isinstance(old, datetime):
        model_prop, model = None, None
    else:
        model_prop, model = old_prop, old
    value = due if model is None else _on_day(model, due, tz)
    todo["DUE"] = _like(value, model_prop)
    if start is not None and _utc(value, tz) < _utc(start, tz):
        # Daypane's due wins, and a DUE before DTSTART gets the PUT refused (sabre: "DUE must
        # occur after DTSTART"), so DTSTART moves back onto the due, as tasks.org does
        # (iCalendar.kt: startDate = min(dueDate, startDate)). DTSTART is otherwise never touched.
        if isinstance(start, datetime):
            moved = _utc(value, tz)
            value = moved.astimezone(start.tzinfo) if start.tzinfo else moved.astimezone(tz).replace(tzinfo=None)
        todo["DTSTART"] = _like(value, start_prop)


def _on_day(model: datetime, day: date, tz: tzinfo) -> datetime:
    """``model``'s time of day in its own zone on the date that reads as ``day`` in ``tz``
    (23:00Z is the next day in Berlin, so the UTC date may need to be the day before)."""
    value = datetime.combine(day, model.time(), tzinfo=model.tzinfo)
    return value + timedelta(days=(day - _day(value, tz)).days)  # wall-clock: the time stays


def _like(value: date, model) -> icalendar.vDDDTypes:
    """A DATE or DATE-TIME property carrying the TZID spelled as in ``model`` (a custom
    VTIMEZONE's TZID is not recoverable from its tzinfo)."""
    prop = icalendar.vDDDTypes(value)
    tzid = getattr(model, "params", {}).get("TZID")
    if tzid and isinstance(value, datetime) and value.tzinfo and not prop.to_ical().endswith(b"Z"):
        prop.params["TZID"] = tzid
    return prop
