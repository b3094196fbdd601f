"""Reminders before events: which are due, what they say, and the record of those given.

There is no server to push from, so reminders come only while the app is open (a tab or the
installed window): the browser edge (browser/reminders.py) asks `due` at start-up, on a timer and
when the window regains focus, claims the keys in RECORD (under the lock every tab shares), then
shows the ones it claimed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from daypane.core.calendar.format import time_range
from daypane.core.locale import ENGLISH, Conventions
from daypane.core.model import Occurrence
from daypane.core.records import Record

LEADS = (0, 5, 10, 15, 30)  # minutes before the start; 0 is "Off"
KEPT = 200                  # keys remembered as reminded: more than any day's events


def choice_words(minutes: int) -> str:
    return "Off" if not minutes else f"{minutes} minutes"


def key(occ: Occurrence) -> str:
    """One reminder per occurrence: a recurring event's each showing has its own start."""
    return f"{occ.calendar_id}|{occ.uid}|{occ.start.isoformat()}"


def remindable(occ: Occurrence) -> bool:
    """Timed, not cancelled, not free: an all-day event or a free slot needs no alarm."""
    return not occ.all_day and not occ.cancelled and occ.show_as != "free"


def due(occurrences: Iterable[Occurrence], now: datetime, lead_minutes: int,
        reminded: Iterable[str] = ()) -> list[Occurrence]:
    """Reminders to give now: events starting within `lead_minutes`, not begun yet (an event under
    way is on screen, and its Join link is on its block), each once. Earliest first."""
    if lead_minutes <= 0:
        return []
    lead, done = timedelta(minutes=lead_minutes), set(reminded)
    found = {key(occ): occ for occ in occurrences
             if remindable(occ) and occ.start - lead <= now < occ.start and key(occ) not in done}
    return sorted(found.values(), key=lambda occ: (occ.start, occ.title))


def message(occ: Occurrence, tz: tzinfo, conv: Conventions = ENGLISH) -> tuple[str, str]:
    """(title, body) of a reminder: the event's title; its time and place."""
    body = time_range(occ, tz, conv) + (f", {occ.location}" if occ.location else "")
    return occ.title or "(no title)", body


def status_text(occ: Occurrence, tz: tzinfo, conv: Conventions = ENGLISH) -> str:
    """The in-app reminder, without notification permission: "Design review at 14:00 (Studio)"."""
    start = conv.time(occ.start.astimezone(tz))
    return f"Coming up: {occ.title or '(no title)'} at {start}" + (f" ({occ.location})" if occ.location else "")


def remember(keys: list[str], new: str) -> list[str]:
    """The reminded keys after `new`, the oldest dropped beyond KEPT."""
    return ([k for k in keys if k != new] + [new])[-KEPT:]


def claim(stored: tuple[str, ...], keys: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    """(the record to store, the keys this tab shows): those no tab has claimed. Run on the
    record as stored, under the lock (Records.update), so two tabs never both claim one."""
    kept, mine = list(stored), []
    for new in keys:
        if new not in kept:
            kept = remember(kept, new)
            mine.append(new)
    return tuple(kept), mine


def _read(data: dict) -> tuple[str, ...]:
    keys = data["keys"]
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValueError("reminded keys are not a list of strings")
    return tuple(keys)


# The reminders given: stored like every record (encrypted at rest when the user's data is: the
# keys name events and their times). A cache, not the user's data: at worst an event is reminded
# again, so it is disposable and not in backups.
RECORD = Record("reminded", 1, read=_read, write=lambda keys: {"keys": list(keys)}, empty=tuple,
                what="reminders", disposable=True)
