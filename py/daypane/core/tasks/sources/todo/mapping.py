"""One Microsoft To Do task (a Graph v1.0 todoTask) as a Task, and a Task as the JSON Graph takes.

| Task | read from the todoTask | written by patch_for |
|---|---|---|
| id, home, list | item["id"]; the caller's list id and name | never (the URL names them) |
| title | title; missing or blank is "(no title)" | title |
| notes | body.content; HTML as its visible text | body {content, contentType "text"} |
| priority | importance high/low; normal: "none", or "medium" from the plan | importance; none, medium: normal |
| done | status "completed"; inProgress, waitingOnOthers, deferred: open | status, only when done changed |
| completed | lastModifiedDateTime if on completedDateTime's day, else 00:00 UTC | never (Graph stamps it) |
| due | the date part of dueDateTime.dateTime, no zone conversion | dueDateTime {dayT00:00:00, UTC}; null |
| recurrence | patternedRecurrence as an RRULE; "" if a Task cannot hold it | the same; left out if To Do can't say it |
| scheduled, start, duration, estimate | Daypane's open extension (PLAN_EXTENSION) | plan_of, its own request |
| created | createdDateTime as Graph gives it | never |
| parent | "" (To Do has no sub-tasks; checklist items stay on the server) | never |

Why the odd rows: To Do keeps a due *day* at midnight, and a due set in another zone comes back
converted to UTC and cut to the day, which can move it by one; reading the date as written and
writing midnight UTC makes a round trip exact. completedDateTime comes back as midnight too, so
the last change on that day is the better completion time. To Do has no medium importance and no
plan, so both ride in an open extension that other apps ignore. A PATCH carries only the fields
Daypane changed: categories, checklist items, linked resources and reminders are never sent, and
stay on the server as they are. Nothing here raises on a hostile item but a missing id.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from html.parser import HTMLParser
from urllib.parse import urlsplit

from daypane.core.tasks.sources.todo.recurrence import recurrence_of, rrule_of
from daypane.core.tasks.sources.todo.values import date_part as _date_part, text as _text, whole as _int
from daypane.core.tasks.task import MINUTES_PER_DAY, Task, check

__all__ = ["EXPAND_PLAN", "PLAN_EXTENSION", "SELECT", "due_of", "due_value", "link_of", "patch_for", "plan_changed",
           "plan_of", "read_task", "recurrence_of", "rrule_of"]  # rrule_of and recurrence_of: recurrence.py's

PLAN_EXTENSION = "app.daypane.plan"  # open extension id (= extensionName) holding Daypane's plan
EXPAND_PLAN = f"extensions($filter=id eq '{PLAN_EXTENSION}')"  # the $expand value
SELECT = ("id,title,body,importance,status,dueDateTime,completedDateTime,recurrence,categories,"
          "createdDateTime,lastModifiedDateTime,linkedResources")  # the $select value
NO_TITLE = "(no title)"  # a task without a title stays listable (and editable) under this
UTC = timezone.utc

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::\d{2})?", re.ASCII)


# --- reading ---------------------------------------------------------------------------------

def read_task(item: dict, *, list_name: str, home: str) -> Task:
    """The todoTask as a Task in list ``list_name`` (id ``home``). A field that cannot be read
    reads as unset; only an item without an id raises (ValueError): it cannot be kept in step."""
    ident = item.get("id") if isinstance(item, dict) else None
    if not _text(ident).strip():
        raise ValueError("A Microsoft To Do task came without an id, so Daypane cannot keep it in step.")
    plan = _plan_extension(item)
    done = _text(item.get("status")).lower() == "completed"
    scheduled, start, minutes = _plan(plan)
    return check(Task(
        id=ident, title=_text(item.get("title")).strip() or NO_TITLE, done=done, scheduled=scheduled,
        estimate_minutes=_count(plan.get("estimateMinutes")), created=_text(item.get("createdDateTime")),
        notes=_notes(item.get("body")), list=list_name, priority=_priority(item.get("importance"), plan),
        due=due_of(item.get("dueDateTime")), start=start, duration_minutes=minutes,
        recurrence=rrule_of(item.get("recurrence")), completed=_completed(item) if done else "",
        home=home, parent="", link=link_of(item)))


def link_of(item: dict) -> str:
    """The message link of a flagged-email task: the first https webUrl of its linkedResources
    (another scheme could run script when the user opens it), else ""."""
    resources = item.get("linkedResources") if isinstance(item, dict) else None
    for resource in resources if isinstance(resources, list) else ():
        url = resource.get("webUrl") if isinstance(resource, dict) else None
        if isinstance(url, str) and not any(c.isspace() or ord(c) < 32 for c in url):
            try:
                parts = urlsplit(url)
            except ValueError:  # e.g. an unclosed IPv6 bracket
                continue
            if parts.scheme.lower() == "https" and parts.hostname:
                return url
    return ""


def due_of(value: dict | None) -> date | None:
    """The day of a dateTimeTimeZone, read from its dateTime as written: converting the zone is
    what shifts To Do's midnight dues by a day."""
    return _date_part(value.get("dateTime")) if isinstance(value, dict) else None


def _moment(value) -> datetime | None:
    """A DateTimeOffset as aware UTC; Graph writes them with Z, a naive one is taken as UTC."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (AttributeError, ValueError, OverflowError):  # not text, not a time, the year 1 or 9999
        return None


def _completed(item: dict) -> str:
    """When a done task was done. Graph's completedDateTime is that day's midnight; the last
    change on that same day is most likely the completion itself."""
    raw = item.get("completedDateTime")
    day = due_of(raw) if isinstance(raw, dict) else _date_part(raw)
    if day is None:
        return ""  # done at a time not known, as for tasks stored before completion times
    modified = _moment(item.get("lastModifiedDateTime"))
    if modified is not None and modified.date() == day:
        return modified.replace(microsecond=0).isoformat()
    return datetime.combine(day, time(), UTC).isoformat()


def _priority(importance, plan: dict) -> str:
    # To Do has no medium: Daypane keeps it in its plan, valid while To Do still says normal.
    value = _text(importance).lower()
    return value if value in ("high", "low") else "medium" if plan.get("priority") == "medium" else "none"


def _plan_extension(item: dict) -> dict:
    """Daypane's open extension. Its id is its name for a todoTask; Outlook items prefix the
    name with a namespace, so a name ending the id is taken too."""
    extensions = item.get("extensions")
    for extension in extensions if isinstance(extensions, list) else ():
        name, ident = (_text(extension.get(key)).lower() if isinstance(extension, dict) else ""
                       for key in ("extensionName", "id"))
        if PLAN_EXTENSION in (name, ident) or ident.endswith("." + PLAN_EXTENSION):
            return extension
    return {}


def _count(value) -> int | None:
    """A whole number of minutes, 0 or more; anything else (text, a bool, a fraction) is unset."""
    return value if _int(value) and value >= 0 else None


def _plan(plan: dict) -> tuple[date | None, time | None, int | None]:
    """The scheduled day and the block, each part read on its own; a block missing a part, or
    running past midnight, reads as none (the day stays): the Task's checks want all three."""
    scheduled = plan.get("scheduled")
    day = _date_part(scheduled) if isinstance(scheduled, str) and len(scheduled) == 10 else None
    clock = _CLOCK.fullmatch(plan.get("start")) if isinstance(plan.get("start"), str) else None
    start = time(int(clock[1]), int(clock[2])) if clock and int(clock[1]) < 24 and int(clock[2]) < 60 else None
    minutes = _count(plan.get("durationMinutes"))
    if day is None or start is None or not minutes or start.hour * 60 + start.minute + minutes > MINUTES_PER_DAY:
        return day, None, None
    return day, start, minutes


class _Visible(HTMLParser):
    """The text a reader sees in an HTML body: no script, style or head; a line per block and
    per <br>; whitespace collapsed as a browser would; entities unescaped (convert_charrefs)."""

    HIDDEN = frozenset("script style head title template noscript iframe object svg math textarea select".split())
    BLOCKS = frozenset("p div li tr ul ol table h1 h2 h3 h4 h5 h6 blockquote pre hr section article header "
                       "footer dt dd address body".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "body":
            self.hidden = 0  # an unclosed <head> must not hide the whole message
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self._line()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self._line()

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data)  # (<pre> is not kept: Outlook and To Do do not write it)
        if not self.hidden and (text.strip() or self.parts and not self.parts[-1].endswith("\n")):
            self.parts.append(text)  # source line breaks between blocks are not visible lines

    def _line(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")


def _notes(body) -> str:
    """The notes, with line ends as a textarea gives them and trimmed as an edit stores them, so
    reading then saving unchanged notes sends no body (an HTML one would be lost to text)."""
    content = _text(body.get("content")) if isinstance(body, dict) else ""
    if content and _text(body.get("contentType")).lower() == "html":
        parser = _Visible()
        parser.feed(content)
        if parser.rawdata.startswith("<"):
            parser.rawdata = ""  # an unfinished tag or comment at the end: close() would pass it on as text
        parser.close()
        lines = (line.strip() for line in "".join(parser.parts).replace("\xa0", " ").split("\n"))
        content = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return content.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- writing -----------------------------------------------------------------------------------

def due_value(day: date | None) -> dict | None:
    """The dateTimeTimeZone for a due day: midnight UTC, which Graph keeps as written."""
    return None if day is None else {"dateTime": f"{day.isoformat()}T00:00:00", "timeZone": "UTC"}


def _importance(priority: str) -> str:
    return priority if priority in ("high", "low") else "normal"


def patch_for(base: Task | None, task: Task) -> dict:
    """The JSON body for ``task``: every Graph field whose Task field differs from ``base`` (a
    PATCH), or with ``base`` None every field that is set (a POST). Fields Daypane does not
    manage are never in it, so the server keeps them as they are."""
    new = base is None
    body: dict = {}
    if new or base.title != task.title:
        body["title"] = task.title
    if (task.notes if new else base.notes != task.notes):
        body["body"] = {"content": task.notes, "contentType": "text"}
    if new or _importance(base.priority) != _importance(task.priority):
        body["importance"] = _importance(task.priority)
    if (task.done if new else base.done != task.done):
        # Only a change of done writes status: inProgress or deferred set in To Do stays.
        body["status"] = "completed" if task.done else "notStarted"
    if (task.due is not None if new else base.due != task.due):
        body["dueDateTime"] = due_value(task.due)
    if (task.recurrence if new else base.recurrence != task.recurrence):
        recurrence = recurrence_of(task.recurrence, task.scheduled or task.due or date.today())
        if recurrence is not None or not task.recurrence:
            body["recurrence"] = recurrence  # a rule To Do cannot say is kept by Daypane alone
    return body


def _plan_fields(task: Task) -> dict:
    return {"scheduled": task.scheduled.isoformat() if task.scheduled else None,
            "start": task.start.strftime("%H:%M") if task.start else None,
            "durationMinutes": task.duration_minutes, "estimateMinutes": task.estimate_minutes,
            "priority": "medium" if task.priority == "medium" else None}


def plan_of(task: Task) -> dict:
    """The body of Daypane's open extension for ``task`` (POST to create, PATCH to change)."""
    return {"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": PLAN_EXTENSION,
            **_plan_fields(task)}


def plan_changed(base: Task | None, task: Task) -> bool:
    """Whether the extension must be written: its fields differ, or (new task) any is set."""
    fields = _plan_fields(task)
    return any(v is not None for v in fields.values()) if base is None else _plan_fields(base) != fields
