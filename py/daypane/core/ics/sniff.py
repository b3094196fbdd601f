"""Recognise files that are not iCalendar before handing them to the parser.

People drop the wrong thing on an import button (a saved web page, a screenshot, an API
answer). icalendar would only say "content line could not be parsed"; naming what the file
really is lets the message tell them what to do instead.
"""

from __future__ import annotations

import re

# Leading bytes of binary formats people plausibly pick by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
)

_EXPORT_HINT = "Choose an .ics file exported from your calendar app."


def decode(data: bytes | str) -> str:
    """Text of the file. UTF-8 is what RFC 5545 mandates; old Outlook exports can be Windows-1252."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_BEGIN_CALENDAR = re.compile(rb"BEGIN:VCALENDAR", re.IGNORECASE)
_BEGIN_EVENT = re.compile(rb"BEGIN:VEVENT", re.IGNORECASE)
_END_CALENDAR = re.compile(rb"END:VCALENDAR", re.IGNORECASE)
_TAIL = 64 * 1024


def not_a_calendar(data: bytes | str) -> str | None:
    """A user-facing sentence when ``data`` is clearly not an iCalendar file, else None."""
    raw = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    if not raw.strip():
        return f"The file is empty. {_EXPORT_HINT}"
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return f"This file is {kind}, not a calendar. {_EXPORT_HINT}"
    if b"\x00" in raw[:4096]:
        return f"This file is binary data, not a calendar. {_EXPORT_HINT}"
    # Only the start is decoded, and the markers are found in the bytes: a big calendar is not
    # copied (decoded, then upper-cased: up to 4 bytes per character) just to be sniffed.
    head = decode(raw[:8192]).lstrip()[:2048].lower()
    if head.startswith("<"):
        if "<html" in head or "<!doctype html" in head or "<body" in head:
            return (
                "This file is a web page (HTML), not a calendar. If you saved it from a link, "
                "download the .ics file itself (look for “Export” or “Download .ics”) and import that."
            )
        return f"This file is XML or markup, not an iCalendar (.ics) calendar. {_EXPORT_HINT}"
    if head.startswith(("{", "[")):
        return (
            "This file contains JSON data, not an iCalendar (.ics) calendar. "
            "Export the calendar in iCalendar (.ics) format and import that file."
        )
    if not _BEGIN_CALENDAR.search(raw):
        if _BEGIN_EVENT.search(raw):
            return (
                "This file has events but no calendar around them (BEGIN:VCALENDAR is missing), "
                "so it cannot be imported. Export the whole calendar as .ics and import that."
            )
        return (
            "This file is not an iCalendar (.ics) calendar: it has no BEGIN:VCALENDAR line. "
            f"{_EXPORT_HINT}"
        )
    # END:VCALENDAR closes the file: looked for in its tail first, so a complete file is not
    # searched through (a case-insensitive search of 11 MB is a long task in the page).
    if not (_END_CALENDAR.search(raw, max(0, len(raw) - _TAIL)) or _END_CALENDAR.search(raw)):
        return (
            "This calendar file is incomplete: it stops before END:VCALENDAR, probably because "
            "the download was cut off. Download or export it again and import the new file."
        )
    return None


# A component boundary is a line of its own; "BEGIN:VTODO" inside a text value is never at a
# line start (newlines in values are escaped, continuation lines start with a space or tab).
_BEGIN_TODO = re.compile(rb"^BEGIN[ \t]*:[ \t]*VTODO[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
# Where such a line can be: the word, in any case. The regular expression engine finds a plain
# character class several times faster than an anchored, case-insensitive pattern (whose every
# position is a try), and only the lines holding the word are then matched against the above.
_TODO_WORD = re.compile(rb"[Vv][Tt][Oo][Dd][Oo]")


def has_todos(data: bytes | str) -> bool:
    """True when ``data`` is an iCalendar file (``not_a_calendar`` finds nothing wrong) holding at
    least one VTODO. Cheap (no parsing), so a caller can offer to import a file's to-dos as tasks
    before, or instead of, refusing it as a calendar; the calendar import itself is unchanged."""
    if not_a_calendar(data) is not None:
        return False
    raw = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    return any(_BEGIN_TODO.match(raw, raw.rfind(b"\n", 0, word.start()) + 1) for word in _TODO_WORD.finditer(raw))


_VTIMEZONE = re.compile(r"^BEGIN:VTIMEZONE[ \t]*\r?$.*?^END:VTIMEZONE[ \t]*\r?$\n?", re.I | re.M | re.S)
_FAST_OBSERVANCE = re.compile(r"^RRULE[;:](?:[^\r\n]|\r?\n[ \t])*?FREQ=(?:SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY)",
                              re.I | re.M)


def drop_runaway_zones(text: str) -> str:
    """The text without VTIMEZONEs whose offsets change by a rule faster than yearly.

    Real zones change offsets once or twice a year (their rules are FREQ=YEARLY). A definition
    that changes every 15 minutes from 1601 makes dateutil walk millions of changes to find one
    offset: found by tools.fuzz, the tab froze. Events naming such a zone fall back to what
    icalendar makes of the TZID alone (a known or Windows name; otherwise floating)."""
    if not _FAST_OBSERVANCE.search(text):  # the usual case: no copy of the text
        return text
    return _VTIMEZONE.sub(lambda block: "" if _FAST_OBSERVANCE.search(block.group()) else block.group(), text)
