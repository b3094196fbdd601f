"""Human-readable text for times and events, in the user's locale (core.locale's Conventions:
English words around them, the locale's own dates and clock).

Kept pure so that what the UI says about an event can be tested exactly.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from daypane.core.locale import ENGLISH, Conventions
from daypane.core.model import Occurrence

SHOW_AS = {
    "free": "free",
    "tentative": "tentative",
    "oof": "out of office",
    "workingElsewhere": "working elsewhere",
}


def safe_link(url: str) -> str | None:
    """A provider's link, only if it is plain https: a `javascript:` or `data:` URL from event
    data must never become a clickable link."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme == "https" and parts.netloc else None


LINK_LABELS = {"outlook": "Open in Outlook", "google": "Open in Google Calendar"}


def link_label(source: str) -> str:
    """The name of an event's link in its details, by the Occurrence's ``source``: Outlook's and
    Google's links open the event there; an .ics URL property (imported file, subscription,
    CalDAV) can lead anywhere, so it is only "Open link"."""
    return LINK_LABELS.get(source, "Open link")


def clock(moment: datetime, tz: tzinfo, conv: Conventions = ENGLISH) -> str:
    return conv.time(moment.astimezone(tz))


def short_day(day: date, conv: Conventions = ENGLISH) -> str:
    return conv.date("short", day)


def time_range(occ: Occurrence, tz: tzinfo, conv: Conventions = ENGLISH) -> str:
    """When an occurrence happens, as shown on its block: "09:30–09:45" ("9:30 AM–9:45 AM" on a
    12-hour clock), "All day", "Mon 2 Mar 22:00 – Tue 3 Mar 01:00", "All day, Mon 2 Mar – Wed 4 Mar"."""
    if occ.all_day:
        last = occ.end - timedelta(days=1)
        if last <= occ.start:
            return "All day"
        return f"All day, {short_day(occ.start, conv)} – {short_day(last, conv)}"
    start, end = occ.start.astimezone(tz), occ.end.astimezone(tz)
    if start.date() == end.date() or (end - start <= timedelta(days=1) and end.time() == datetime.min.time()
                                      and end.date() == start.date() + timedelta(days=1)):
        # Both ends in full ("9:30 AM–9:45 AM"), as Outlook writes them: the range is also the
        # block's accessible name, read aloud and searched for as it is seen.
        return f"{conv.time(start)}–{conv.time(end)}"
    return f"{short_day(start.date(), conv)} {conv.time(start)} – {short_day(end.date(), conv)} {conv.time(end)}"


def status_words(occ: Occurrence) -> list[str]:
    """The words that set an occurrence apart from an ordinary busy meeting."""
    words = []
    if occ.cancelled:
        words.append("cancelled")
    elif occ.status == "tentative":
        words.append("tentative")
    shown = SHOW_AS.get(occ.show_as)
    if shown and shown not in words and not occ.cancelled:
        words.append(shown)
    return words


def event_parts(occ: Occurrence, tz: tzinfo, conv: Conventions = ENGLISH, *,
                in_all_day_row: bool = False) -> list[tuple[str, str]]:
    """The pieces of text an event block shows, in order, as (kind, text).

    They are also its accessible name (joined by ", "), so what is seen and what is announced
    match. In the all-day row the row's own "All day" label is not repeated on each event.
    """
    title = occ.title or "(no title)"
    parts = [("title", f"Cancelled: {title}" if occ.cancelled else title)]
    when = time_range(occ, tz, conv)
    if in_all_day_row:
        when = when.removeprefix("All day").removeprefix(", ")
    if when:
        parts.append(("time", when))
    if occ.location:
        parts.append(("location", occ.location))
    words = [word for word in status_words(occ) if word != "cancelled"]
    if words:
        parts.append(("status", ", ".join(words)))
    return parts


def event_label(occ: Occurrence, tz: tzinfo, conv: Conventions = ENGLISH, *, in_all_day_row: bool = False) -> str:
    """The accessible name of an event block: title, time, place, status."""
    return ", ".join(text for _, text in event_parts(occ, tz, conv, in_all_day_row=in_all_day_row))


def when_text(occ: Occurrence, tz: tzinfo, conv: Conventions = ENGLISH) -> str:
    """An event's "When" in its details: the time range and, for a timed event, its day."""
    when = time_range(occ, tz, conv)
    return when if occ.all_day else f"{when}, {conv.date('day', occ.start.astimezone(tz).date())}"


def synced_text(iso: str, tz: tzinfo, today: date, conv: Conventions = ENGLISH) -> str:
    """When an account last synced, for its row: "10:42" today, "3 Mar 10:42" before; "" never."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone(tz)
    return conv.time(moment) if moment.date() == today else f"{conv.date('day_month', moment.date())} {conv.time(moment)}"
