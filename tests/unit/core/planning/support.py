"""Small builders shared by the planning tests: events and times in one zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from daypane.core.model import Occurrence

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 30)  # an ordinary Monday, the week after the spring DST change


def at(hour: int, minute: int = 0, day: date = MONDAY, tz=BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def event(start, end, *, title="Meeting", show_as="busy", status="confirmed") -> Occurrence:
    return Occurrence("cal", title.lower(), title, start, end, status=status, show_as=show_as)


def hm(block) -> tuple[str, str]:
    """A block as ("09:00", "09:30") in its own zone, for readable assertions."""
    return block.start.strftime("%H:%M"), block.end.strftime("%H:%M")
