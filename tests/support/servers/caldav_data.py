"""Calendar resources the CalDAV tests put on Radicale (integration and browser tests alike)."""

from __future__ import annotations


def daily_series(title: str) -> str:
    """Mon 2 - Fri 6 March 2026 at 09:30 Berlin, except Wednesday (EXDATE); Thursday's moved to
    11:00 and retitled "<title> (moved)" (RECURRENCE-ID). One resource: a master and its override."""
    return f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Daypane tests//EN
BEGIN:VEVENT
UID:series@daypane.test
DTSTART;TZID=Europe/Berlin:20260302T093000
DTEND;TZID=Europe/Berlin:20260302T094500
RRULE:FREQ=DAILY;COUNT=5
EXDATE;TZID=Europe/Berlin:20260304T093000
SUMMARY:{title}
END:VEVENT
BEGIN:VEVENT
UID:series@daypane.test
RECURRENCE-ID;TZID=Europe/Berlin:20260305T093000
DTSTART;TZID=Europe/Berlin:20260305T110000
DTEND;TZID=Europe/Berlin:20260305T111500
SUMMARY:{title} (moved)
END:VEVENT
END:VCALENDAR
"""


def single(uid: str, title: str, start: str, end: str) -> str:
    """One event, times in UTC as 20260303T100000Z."""
    return ("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Daypane tests//EN\nBEGIN:VEVENT\n"
            f"UID:{uid}\nDTSTART:{start}\nDTEND:{end}\nSUMMARY:{title}\nEND:VEVENT\nEND:VCALENDAR\n")
