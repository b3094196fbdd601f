"""The two value types every other module speaks: calendars and event occurrences.

They are frozen so the UI can cache and compare them freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Occurrence:
    """One concrete showing of an event (a recurring series yields many).

    Timed occurrences carry aware datetimes; all-day ones carry dates. ``end`` is
    exclusive and always has the same type as ``start``.
    """

    calendar_id: str
    uid: str
    title: str
    start: datetime | date
    end: datetime | date
    location: str = ""
    description: str = ""  # plain text; the UI must render it as text, never as HTML
    status: str = "confirmed"  # "confirmed" | "tentative" | "cancelled"
    show_as: str = "busy"  # "busy" | "free" | "tentative" | "oof" | "workingElsewhere" | "unknown"
    recurring: bool = False
    url: str = ""        # a link for this event: Outlook's webLink, Google's htmlLink, an .ics URL
    join_url: str = ""   # the online meeting to join, if any
    source: str = ""     # whose mapping made it: "outlook" | "google" | "ics" (where `url` leads)

    @property
    def all_day(self) -> bool:
        """True for date-only occurrences (datetime is a subclass of date, hence the check)."""
        return not isinstance(self.start, datetime)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class Calendar:
    """A calendar the user has: where occurrences come from and how they are coloured."""

    id: str
    name: str
    color: str = "#3b6fd8"  # CSS hex colour
    source: str = "ics"  # "sample" | "ics" (later: "outlook", "google", "caldav", "subscription")
    visible: bool = True
