"""Microsoft To Do's patternedRecurrence and the RRULE a Task holds, both ways, for what both can
say; anything else is "" (read) or None (not written), never a guess (see mapping.py's table)."""

from __future__ import annotations

import re
from datetime import date

from daypane.core.tasks.recurrence import clean_rule
from daypane.core.tasks.sources.todo.values import date_part as _date_part, text as _text, whole as _int

_WEEK = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NAME_OF = dict(zip(_WEEK, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")))
_CODE_OF = {name: code for code, name in _NAME_OF.items()}
_INDEX = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_INDEX_NAME = {n: name for name, n in _INDEX.items()}
_FREQ = {"daily": "DAILY", "weekly": "WEEKLY", "absoluteMonthly": "MONTHLY", "relativeMonthly": "MONTHLY",
         "absoluteYearly": "YEARLY", "relativeYearly": "YEARLY"}
_NTH_DAY = re.compile(r"([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)", re.ASCII)
_UNTIL = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?", re.ASCII)


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
