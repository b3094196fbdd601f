"""A file's to-dos into the task list: which parts of an imported file are tasks and which a
calendar, and adding the to-dos (``ical_import``) as tasks in one change.

Re-importing never duplicates: a task's id comes from the to-do's UID, so the same UID is the
same task. Daypane's own UIDs ("<id>@daypane", from "Export tasks (.ics)") give back the task's
own id, so an export imported into a fresh profile recreates the same tasks and importing it
again adds nothing; any other UID gives "ics-" and a hash of it (ids go into the page's
attributes and selectors, a UID may hold any text). A to-do already in the list is left as it
is there (the list may have been edited since: the file does not win). A to-do without a UID
cannot be recognised and is added each time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from daypane.core.ics.sniff import has_todos
from daypane.core.ics.summary import Skipped
from daypane.core.tasks.ical import BLOCK_SUFFIX, UID_SUFFIX
from daypane.core.tasks.ical_import import ImportedTask, TaskImport
from daypane.core.tasks.lists import MAX_NAME
from daypane.core.tasks.task import MINUTES_PER_DAY
from daypane.core.tasks.tasklist import TaskList

_OWN_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_BEGIN_EVENT = re.compile(rb"^BEGIN[ \t]*:[ \t]*VEVENT[ \t]*\r?$", re.I | re.M)
_END_EVENT = re.compile(rb"^END[ \t]*:[ \t]*VEVENT[ \t]*\r?$", re.I | re.M)
_UID_LINE = re.compile(rb"^UID[;:](?:[^:\r\n]*:)?([^\r\n]*)", re.I | re.M)


@dataclass(frozen=True)
class FileParts:
    tasks: bool  # it has to-dos: import them as tasks
    calendar: bool  # it has events other than Daypane's own task blocks: import it as a calendar


def file_parts(data: bytes) -> FileParts:
    """What an imported file holds. A file without to-dos is a calendar, as before (the calendar
    import words any problem with it); one with to-dos is also a calendar only if it has events
    that are not the time blocks "Export tasks (.ics)" writes beside its to-dos (those come back
    as the tasks' blocks, not as a second copy in a calendar)."""
    if not has_todos(data):
        return FileParts(tasks=False, calendar=True)
    return FileParts(tasks=True, calendar=_has_other_events(data))


def _has_other_events(raw: bytes) -> bool:
    for begin in _BEGIN_EVENT.finditer(raw):
        end = _END_EVENT.search(raw, begin.end())
        uid = _UID_LINE.search(raw, begin.end(), end.start() if end else len(raw))
        # A folded (long) UID is read in part: never a block's, so the event counts, as it should.
        if uid is None or not uid.group(1).strip().endswith(BLOCK_SUFFIX.encode()):
            return True
    return False


def task_id_for(uid: str) -> str | None:
    """The id of the task a to-do with this UID becomes (None: no UID, so a fresh id)."""
    uid = uid.strip()
    if not uid:
        return None
    own = uid.removesuffix(UID_SUFFIX)
    if own != uid and not uid.endswith(BLOCK_SUFFIX) and _OWN_ID.fullmatch(own):
        return own
    return "ics-" + hashlib.sha256(uid.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Merged:
    """What adding a file's to-dos did."""

    added: int = 0
    already: int = 0  # to-dos whose task is in the list already
    without_rule: tuple[tuple[str, str], ...] = ()  # (title, why): added without their repeat rule
    refused: tuple[Skipped, ...] = ()  # to-dos the task model refused, with the reason

    def message(self, read: TaskImport) -> str:
        """"Imported 3 tasks (2 already here)." and what was left out or changed, and why."""
        text = f"Imported {self.added} {'task' if self.added == 1 else 'tasks'}"
        text += f" ({self.already} already here)." if self.already else "."
        if self.without_rule:
            text += " Added without their repeat rule: " + "; ".join(
                f"“{title}” ({why})" for title, why in self.without_rule) + "."
        skipped = read.skipped + self.refused
        if skipped:
            reasons = "; ".join(f"{s.uid or 'a to-do without UID'}: {s.reason}" for s in skipped)
            text += f" Skipped {len(skipped)} {'to-do' if len(skipped) == 1 else 'to-dos'} ({reasons})."
        return text


def _fields(item: ImportedTask) -> dict:
    """The to-do as `TaskList.add` fields. A start without a length (a reminder time, as Apple
    writes them) or a block past midnight is no time block: the task keeps its day only."""
    fields = {"notes": item.notes, "list": (item.list or "")[:MAX_NAME], "priority": item.priority or "none",
              "due": item.due, "scheduled": item.scheduled, "estimate_minutes": item.estimate_minutes,
              "recurrence": item.recurrence or ""}
    if item.scheduled is not None and item.start is not None and item.duration_minutes:
        if item.start.hour * 60 + item.start.minute + item.duration_minutes <= MINUTES_PER_DAY:
            fields.update(start=item.start, duration_minutes=item.duration_minutes)
    return fields


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def add_imported(tasks: TaskList, read: TaskImport, *, now: str,
                 new_id: Callable[[], str]) -> tuple[TaskList, Merged]:
    """``tasks`` with the to-dos of ``read`` added at the end, in the file's order, those already
    there left out. ``now``: the creation time of to-dos that have none; ``new_id`` makes ids for
    to-dos without a UID. A rule Daypane cannot keep (COUNT, hourly) leaves the task in without
    it, said in the message; a to-do the task model refuses is skipped with the reason."""
    added = already = 0
    without_rule, refused = [], []
    present = {task.id for task in tasks.tasks}
    for item in read.tasks:
        task_id = task_id_for(item.uid) or new_id()
        if task_id in present:
            already += 1
            continue
        fields = _fields(item)
        common = {"id": task_id, "created": _stamp(item.created) or now, "done": item.done,
                  "completed": _stamp(item.completed) if item.done else ""}
        try:
            tasks = tasks.add(item.title, **common, **fields)
        except ValueError as error:
            if not fields["recurrence"]:
                refused.append(Skipped("VTODO", item.uid, str(error)))
                continue
            try:
                tasks = tasks.add(item.title, **common, **{**fields, "recurrence": ""})
            except ValueError as again:
                refused.append(Skipped("VTODO", item.uid, str(again)))
                continue
            without_rule.append((item.title, str(error).rstrip(".")))
        present.add(task_id)
        added += 1
    return tasks, Merged(added, already, tuple(without_rule), tuple(refused))
