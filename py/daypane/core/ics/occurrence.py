"""Turn one expanded icalendar event (from recurring_ical_events) into an Occurrence.

This is where calendar-file quirks are normalised so the rest of Daypane never sees them:
floating times get a zone, missing or odd ends get a sensible length, and Outlook's
free/busy field wins over the generic TRANSP flag.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from icalendar import Component

from daypane.core.calendar.meetings import meeting_link
from daypane.core.model import Occurrence

_BUSY_STATUS = {  # X-MICROSOFT-CDO-BUSYSTATUS (Outlook/Exchange)
    "FREE": "free",
    "TENTATIVE": "tentative",
    "BUSY": "busy",
    "OOF": "oof",
    "WORKINGELSEWHERE": "workingElsewhere",
}
_STATUS = {"CONFIRMED": "confirmed", "TENTATIVE": "tentative", "CANCELLED": "cancelled"}


def text(component: Component, name: str) -> str:
    """The property as plain text ("" when absent); a repeated property yields its first value."""
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return "" if value is None else str(value)


def _value(component: Component, name: str):
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    return getattr(prop, "dt", None)


def _aware(moment: datetime, floating_tz: tzinfo) -> datetime:
    # Floating times (no TZID, no Z) mean "this wall-clock time wherever you are".
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=floating_tz)


def span(component: Component, floating_tz: tzinfo) -> tuple[datetime | date, datetime | date]:
    """(start, exclusive end) with both of the same type; timed ones aware.

    RFC 5545 3.6.1: without DTEND/DURATION an all-day event lasts one day and a timed one
    has no length. An end before the start is treated as no length rather than an error.
    """
    start = _value(component, "DTSTART")
    end = _value(component, "DTEND")
    if end is None:
        duration = _value(component, "DURATION")
        if isinstance(duration, timedelta):
            end = start + duration
    if isinstance(start, datetime):
        start = _aware(start, floating_tz)
        if isinstance(end, datetime):
            end = _aware(end, floating_tz)
        elif isinstance(end, date):
            end = datetime.combine(end, time(), tzinfo=start.tzinfo)
        if end is None or end < start:
            end = start
        return start, end
    if isinstance(end, datetime):
        end = end.date()
    if not isinstance(end, date) or end <= start:
        end = start + timedelta(days=1)
    return start, end


def show_as(component: Component) -> str:
    busy = text(component, "X-MICROSOFT-CDO-BUSYSTATUS").strip().upper()
    if busy in _BUSY_STATUS:
        return _BUSY_STATUS[busy]
    if text(component, "TRANSP").strip().upper() == "TRANSPARENT":
        return "free"
    return "busy"


def status(component: Component) -> str:
    return _STATUS.get(text(component, "STATUS").strip().upper(), "confirmed")


def to_occurrence(
    component: Component, calendar_id: str, floating_tz: tzinfo, recurring: bool
) -> Occurrence:
    start, end = span(component, floating_tz)
    return Occurrence(
        calendar_id=calendar_id,
        uid=text(component, "UID"),
        title=text(component, "SUMMARY"),
        start=start,
        end=end,
        location=text(component, "LOCATION"),
        # DESCRIPTION is plain text by definition; X-ALT-DESC (HTML) is deliberately ignored.
        description=text(component, "DESCRIPTION"),
        status=status(component),
        show_as=show_as(component),
        recurring=recurring,
        url=text(component, "URL"),
        join_url=join_link(component),
        source="ics",
    )


def join_link(component: Component) -> str:
    """The event's online meeting (core.calendar.meetings), from its own properties."""
    conferences = component.get("CONFERENCE")
    conferences = conferences if isinstance(conferences, list) else [conferences] if conferences else []
    return meeting_link(
        conferences=[(str(c), str(getattr(c, "params", {}).get("FEATURE", ""))) for c in conferences],
        explicit=[text(component, "X-MICROSOFT-SKYPETEAMSMEETINGURL"), text(component, "X-GOOGLE-CONFERENCE")],
        text=[text(component, "LOCATION"), text(component, "URL"), text(component, "DESCRIPTION")])


def as_datetime(value: date, zone: tzinfo) -> datetime:
    """A date as midnight in ``zone``; a datetime unchanged."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=zone)


def sort_key(occurrence: Occurrence, zone: tzinfo) -> tuple:
    """The order occurrences are listed in: by start (all-day dates at midnight in ``zone``, before
    timed ones starting then), then end, title and UID."""
    return (
        as_datetime(occurrence.start, zone),
        0 if occurrence.all_day else 1,
        as_datetime(occurrence.end, zone),
        occurrence.title.casefold(),
        occurrence.uid,
    )
