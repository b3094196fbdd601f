"""Decide which top-level components of a calendar can be shown, and say why the others cannot.

A single broken event must not stop a whole calendar from importing, and it must not vanish
silently either: every component left out is reported with a reason the user can read.
The checks are cheap property reads, so they run on every component at import time.
"""

from __future__ import annotations

from datetime import date

from icalendar import Component

from daypane.core.ics.summary import Skipped

# Not events: shown in the summary as "1 to-do (VTODO; to-dos are not calendar events)".
_NOT_EVENTS = {
    "VTODO": "to-dos are not calendar events",
    "VJOURNAL": "journal entries are not calendar events",
    "VFREEBUSY": "free/busy blocks are not calendar events",
    "VAVAILABILITY": "availability blocks are not calendar events",
}

# Properties whose damage makes an event's time unknowable, with the words for the message.
_TIME_PROPERTIES = {
    "DTSTART": "an unreadable start time (DTSTART)",
    "DTEND": "an unreadable end time (DTEND)",
    "DURATION": "an unreadable duration (DURATION)",
    "RRULE": "an unreadable repeat rule (RRULE)",
    "RDATE": "unreadable extra dates (RDATE)",
    "EXDATE": "unreadable excluded dates (EXDATE)",
    "RECURRENCE-ID": "an unreadable recurrence id (RECURRENCE-ID)",
}

# What RFC 5545 allows in a recurrence rule (also what the lazy index reads cheaply).
RRULE_PARTS = {
    "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
    "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
}
FREQS = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def uid_of(component: Component) -> str:
    value = component.get("UID", "")
    if isinstance(value, list):  # a repeated property comes back as a list
        value = value[0] if value else ""
    return str(value)


def is_date_or_datetime(value: object) -> bool:
    # datetime is a date subclass; a bare time (VALUE=TIME) is neither.
    return isinstance(value, date)


def _values(prop: object) -> list:
    """All parsed values of a possibly repeated list property (RDATE, EXDATE)."""
    props = prop if isinstance(prop, list) else [prop]
    values = []
    for item in props:
        for entry in getattr(item, "dts", None) or []:
            values.append(getattr(entry, "dt", None))
    return values


def rrule_problem(rule: object) -> bool:
    """True when a recurrence rule is outside what RFC 5545 (Gregorian) allows."""
    rules = rule if isinstance(rule, list) else [rule]
    for item in rules:
        if not hasattr(item, "keys"):
            return True
        keys = {str(key).upper() for key in item.keys()}
        if not keys:  # "RRULE:" with nothing after it: no repetition (Google holiday feeds)
            continue
        freq = item.get("FREQ")
        freq = freq[0] if isinstance(freq, list) and freq else freq
        if not keys <= RRULE_PARTS or str(freq).upper() not in FREQS:
            return True
        interval = item.get("INTERVAL")
        interval = interval[0] if isinstance(interval, list) and interval else interval
        # INTERVAL=0 makes dateutil loop for ever (tools.fuzz); RFC 5545 wants a positive integer.
        if interval is not None and not (isinstance(interval, int) and interval >= 1):
            return True
        # RFC 5545 allows a numbered BYDAY (53SU, -1MO) only with MONTHLY or YEARLY. dateutil
        # matches no day with it otherwise and walks to the year 9999 (tools.fuzz: 8 s).
        numbered = any(any(c.isdigit() for c in str(day)) for day in item.get("BYDAY") or ())
        if numbered and str(freq).upper() not in ("MONTHLY", "YEARLY"):
            return True
        if "BYWEEKNO" in keys and str(freq).upper() != "YEARLY":  # the same walk; RFC: YEARLY only
            return True
    return False


def event_problem(event: Component) -> str | None:
    """Why this VEVENT cannot be shown, or None when it is usable."""
    broken = {name for name, _message in event.errors if name}
    for name, reason in _TIME_PROPERTIES.items():
        if name in broken:
            return reason
    start = event.get("DTSTART")
    if start is None:
        return "no start time (DTSTART)"
    if isinstance(start, list):
        return "more than one start time (DTSTART)"
    for name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
        prop = event.get(name)
        if prop is None:
            continue
        if isinstance(prop, list):
            return _TIME_PROPERTIES[name]
        value = getattr(prop, "dt", None)
        if name == "DURATION":
            if not hasattr(value, "total_seconds"):
                return _TIME_PROPERTIES[name]
        elif not is_date_or_datetime(value):
            return _TIME_PROPERTIES[name]
    for name in ("RDATE", "EXDATE"):
        prop = event.get(name)
        if prop is None:
            continue
        for value in _values(prop):
            # RDATE may also hold periods: (start, end) or (start, duration) tuples.
            first = value[0] if isinstance(value, tuple) and value else value
            if not is_date_or_datetime(first):
                return _TIME_PROPERTIES[name]
    if "RRULE" in event and rrule_problem(event["RRULE"]):
        return _TIME_PROPERTIES["RRULE"]
    return None


def component_problem(component: Component) -> Skipped | None:
    """A Skipped record for a top-level component that will not be shown, else None.

    VTIMEZONE is kept (events refer to it) and therefore never reported.
    """
    name = component.name or "?"
    if name == "VTIMEZONE":
        return None
    if name == "VEVENT":
        reason = event_problem(component)
        return None if reason is None else Skipped(name, uid_of(component), reason)
    return not_an_event(name, uid_of(component))


def not_an_event(name: str, uid: str) -> Skipped:
    """The Skipped record for a top-level component that is not a VEVENT (nor a VTIMEZONE)."""
    return Skipped(name, uid, _NOT_EVENTS.get(name, "not a calendar event"))

