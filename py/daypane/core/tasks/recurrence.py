"""Repeating tasks: an RRULE (RFC 5545) string, evaluated with dateutil, on whole days.

Supported and tested: daily (FREQ=DAILY), weekdays (FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR), weekly on
given days, every N weeks (INTERVAL=N), monthly by date (BYMONTHDAY=31, or -1 for the last day)
and monthly by weekday (BYDAY=2TU, BYDAY=-1FR); yearly works the same way. A rule is evaluated
from the day the task was planned for, so the rule's own anchor (DTSTART) is not part of it.

Dates follow RFC 5545 as every calendar reads the same string: a month without the 31st is
skipped by BYMONTHDAY=31 (BYMONTHDAY=-1 means the month's last day).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateutil.rrule import rrule

# How far ahead a next occurrence is looked for: a rule that cannot happen (BYMONTHDAY=30 with
# BYMONTH=2) would otherwise make dateutil walk day by day to the year 9999.
HORIZON = timedelta(days=366 * 30)
_FREQUENCIES = {0, 1, 2, 3}  # dateutil's YEARLY..DAILY: tasks are planned on days, not hours


def clean_rule(text: str) -> str:
    """The rule as stored ("" for none), or ValueError with a sentence for the user."""
    rule = " ".join((text or "").split())
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:"):]
    if not rule:
        return ""
    shown, rule = rule, rule.upper()
    parts = {part.split("=", 1)[0] for part in rule.split(";") if part}
    if "COUNT" in parts:
        # Each occurrence is a new task evaluated from its own day, so a count cannot be kept.
        raise ValueError("A repeating task cannot stop after a number of times; give an end date (UNTIL) instead.")
    if "DTSTART" in rule:
        raise ValueError("A repeat rule starts on the task's own day; leave out DTSTART.")
    if " " in rule or ":" in rule:  # one RRULE only: no EXDATE or other lines beside it
        raise ValueError(f"“{shown}” is not a repeat rule Daypane understands, e.g. FREQ=WEEKLY;BYDAY=MO.")
    parsed = _parse(rule, date(2000, 1, 1), shown)
    if parsed._freq not in _FREQUENCIES:
        raise ValueError("A task can repeat daily, weekly, monthly or yearly, not more often than once a day.")
    return rule


def next_date(rule: str, after: date) -> date | None:
    """The first day of `rule` strictly after `after`, or None when it has ended (UNTIL) or
    does not happen again within 30 years."""
    parsed = _parse(rule, after)
    limit = datetime.combine(after, datetime.min.time()) + HORIZON
    own_until = parsed._until
    bounded = parsed.replace(until=min(own_until, limit) if own_until else limit)
    found = bounded.after(datetime.combine(after, datetime.min.time()), inc=False)
    return found.date() if found else None


def _parse(rule: str, start: date, shown: str = "") -> rrule:
    # Imported here, as in core/ics: the page starts without dateutil until a rule is used.
    from dateutil.rrule import rrule, rrulestr
    try:
        parsed = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()), ignoretz=True)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise ValueError(f"“{shown or rule}” is not a repeat rule Daypane understands, e.g. FREQ=WEEKLY;BYDAY=MO.") from None
    if not isinstance(parsed, rrule):
        raise ValueError(f"“{shown or rule}” is not a repeat rule Daypane understands, e.g. FREQ=WEEKLY;BYDAY=MO.")
    if parsed._until is not None and parsed._until.tzinfo is not None:
        parsed = parsed.replace(until=parsed._until.replace(tzinfo=None))
    return parsed
