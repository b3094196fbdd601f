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

from daypane.core.tasks.recurrence import clean_rule
from daypane.core.tasks.task import MINUTES_PER_DAY, Task, check

PLAN_EXTENSION = "app.daypane.plan"  # open extension id (= extensionName) holding Daypane's plan
EXPAND_PLAN = f"extensions($filter=id eq '{PLAN_EXTENSION}')"  # the $expand value
SELECT = ("id,title,body,importance,status,dueDateTime,completedDateTime,recurrence,categories,"
          "createdDateTime,lastModifiedDateTime,linkedResources")  # the $select value
NO_TITLE = "(no title)"  # a task without a title stays listable (and editable) under this
UTC = timezone.utc

_WEEK = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NAME_OF = dict(zip(_WEEK, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")))
_CODE_OF = {name: code for code, name in _NAME_OF.items()}
_INDEX = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_INDEX_NAME = {n: name for name, n in _INDEX.items()}
_FREQ = {"daily": "DAILY", "weekly": "WEEKLY", "absoluteMonthly": "MONTHLY", "relativeMonthly": "MONTHLY",
         "absoluteYearly": "YEARLY", "relativeYearly": "YEARLY"}
_NTH_DAY = re.compile(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", re.ASCII)
_DATE_PART = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_UNTIL = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?", re.ASCII)
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


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _date_part(value) -> date | None:
    found = _DATE_PART.match(value) if isinstance(value, str) else None
    try:
        return date(*map(int, found.groups())) if found else None
    except ValueError:
        return None


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


def _int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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


# --- recurrence --------------------------------------------------------------------------------

def rrule_of(recurrence: dict | None) -> str:
    """A patternedRecurrence as the RRULE a Task holds ("" when none or not expressible):
    daily; weekly BYDAY=MO,TH; absoluteMonthly BYMONTHDAY=n; relativeMonthly BYDAY=2TU or -1FR;
    absoluteYearly BYMONTH=m;BYMONTHDAY=d; relativeYearly BYMONTH=m;BYDAY=1MO; INTERVAL when
    over 1, UNTIL for an end date. A numbered range is "": a Task refuses COUNT (clean_rule).
    Parts go FREQ, INTERVAL, BYMONTH, BYDAY or BYMONTHDAY, UNTIL, the order Daypane's presets use."""
    if not isinstance(recurrence, dict) or not isinstance(recurrence.get("pattern"), dict):
        return ""
    parts, until = _pattern_parts(recurrence["pattern"]), _until(recurrence.get("range"))
    if parts is None or until is None:
        return ""
    try:
        return clean_rule(";".join(parts) + until)
    except ValueError:
        return ""


def _pattern_parts(pattern: dict) -> list[str] | None:
    kind, interval = _text(pattern.get("type")), 1 if pattern.get("interval") is None else pattern["interval"]
    if kind not in _FREQ or not _int(interval) or interval < 1:
        return None
    # Graph sends every pattern field (index "first", month 0 for a weekly one): read by type.
    parts = [f"FREQ={_FREQ[kind]}"] + ([f"INTERVAL={interval}"] if interval > 1 else [])
    yearly = kind in ("absoluteYearly", "relativeYearly")
    month = pattern.get("month") if yearly else 1  # (January has a 31st)
    if not _int(month) or not 1 <= month <= 12:
        return None
    parts += [f"BYMONTH={month}"] if yearly else []
    if kind == "weekly":
        days = _codes(pattern.get("daysOfWeek"))
        return parts + [f"BYDAY={','.join(days)}"] if days else None
    if kind in ("relativeMonthly", "relativeYearly"):
        days, nth = _codes(pattern.get("daysOfWeek")), _INDEX.get(_text(pattern.get("index", "first")).lower())
        return parts + [f"BYDAY={nth}{days[0]}"] if days and len(days) == 1 and nth else None
    if kind in ("absoluteMonthly", "absoluteYearly"):
        day = pattern.get("dayOfMonth")
        return parts + [f"BYMONTHDAY={day}"] if _real_day(month, day) else None
    return parts


def _codes(days) -> list[str] | None:
    """Graph day names as RRULE codes in week order; None when any is not a day (never guess)."""
    if not isinstance(days, list) or not all(isinstance(d, str) and d.lower() in _CODE_OF for d in days):
        return None
    found = {_CODE_OF[d.lower()] for d in days}
    return [code for code in _WEEK if code in found]


def _real_day(month: int, day) -> bool:
    try:
        return _int(day) and bool(date(2000, month, day))  # 2000: a leap year, so February 29 exists
    except (ValueError, OverflowError):
        return False


def _until(span) -> str | None:
    """The RRULE's end: "" for none, None when a Task cannot say it (a count, an unknown type)."""
    kind = span.get("type") if isinstance(span, dict) else "noEnd" if span is None else None
    end = _date_part(span.get("endDate")) if kind == "endDate" else None
    return "" if kind == "noEnd" else f";UNTIL={end:%Y%m%d}" if end else None


def recurrence_of(rule: str, anchor: date) -> dict | None:
    """The patternedRecurrence for ``rule`` starting on ``anchor``, or None when To Do cannot say
    it. A rule leaving its day to the task's own (FREQ=WEEKLY, as quick-add writes "every week")
    names ``anchor``'s day, which is what it repeats on (repeat.py reads the two the same)."""
    try:
        rule = clean_rule(rule)
    except (TypeError, ValueError):
        return None
    parts: dict[str, str] = {}
    for key, _, value in (piece.partition("=") for piece in rule.split(";") if piece):
        if key in parts or not value:
            return None
        parts[key] = value
    interval, until = parts.pop("INTERVAL", "1"), parts.pop("UNTIL", "")
    end = _UNTIL.fullmatch(until)
    end_day = _date_part(f"{end[1]}-{end[2]}-{end[3]}") if end else None
    pattern = _pattern_for(parts.pop("FREQ", ""), parts, anchor)
    if pattern is None or not interval.isdigit() or int(interval) < 1:
        return None
    if until and (not end_day or end_day < anchor):
        return None  # unreadable, or an end before the start: a range To Do refuses
    span = {"type": "endDate" if end_day else "noEnd", "startDate": anchor.isoformat()}
    if end_day:
        span["endDate"] = end_day.isoformat()
    return {"pattern": {"type": pattern.pop("type"), "interval": int(interval), **pattern}, "range": span}


def _pattern_for(freq: str, parts: dict[str, str], anchor: date) -> dict | None:
    """The pattern of the rule's FREQ and BY parts, any part To Do has no field for being None."""
    keys, own_day = set(parts), _WEEK[anchor.weekday()]
    if freq == "DAILY" and not keys:
        return {"type": "daily"}
    if freq == "WEEKLY" and keys <= {"BYDAY"}:
        days = parts.get("BYDAY", own_day).split(",")
        named = [_NAME_OF[d] for d in _WEEK if d in days] if set(days) <= set(_NAME_OF) else []
        return {"type": "weekly", "daysOfWeek": named, "firstDayOfWeek": "sunday"} if named else None  # Graph's week
    if freq == "MONTHLY" and keys <= {"BYMONTHDAY"}:
        day = parts.get("BYMONTHDAY", str(anchor.day))
        real = day.isdigit() and _real_day(1, int(day))  # January has a 31st; -1 (the last day) no field says
        return {"type": "absoluteMonthly", "dayOfMonth": int(day)} if real else None
    if freq == "MONTHLY" and keys == {"BYDAY"}:
        return _relative("relativeMonthly", parts["BYDAY"])
    if freq != "YEARLY" or (keys - {"BYMONTH"} and "BYMONTH" not in keys):  # YEARLY;BYMONTHDAY is monthly
        return None
    month, day = parts.get("BYMONTH", str(anchor.month)), parts.get("BYMONTHDAY", str(anchor.day))
    if not month.isdigit() or not 1 <= int(month) <= 12 or not day.isdigit():
        return None
    if keys <= {"BYMONTH", "BYMONTHDAY"}:
        real = _real_day(int(month), int(day))
        return {"type": "absoluteYearly", "month": int(month), "dayOfMonth": int(day)} if real else None
    found = _relative("relativeYearly", parts["BYDAY"]) if keys == {"BYMONTH", "BYDAY"} else None
    return {**found, "month": int(month)} if found else None


def _relative(kind: str, byday: str) -> dict | None:
    found = _NTH_DAY.fullmatch(byday)
    nth = int(found[1]) if found else 0
    if nth not in _INDEX_NAME:
        return None  # a fifth weekday, or every Tuesday of the month: no index says it
    return {"type": kind, "daysOfWeek": [_NAME_OF[found[2]]], "index": _INDEX_NAME[nth]}


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
