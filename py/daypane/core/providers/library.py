"""The user's own calendars (the sample and imported .ics files) and their stored form.

The raw .ics text is stored, not the parsed events: re-parsing on load keeps recurrence
rules exact for any future week and lets a newer Daypane read old imports better.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from daypane.core.model import Calendar
from daypane.core.records import stored_items

SCHEMA_VERSION = 1
SAMPLE_ID = "sample"

# Eight hues that stay apart from each other and all give white text at least 4.5:1 contrast
# (WCAG AA), so a title on a coloured block is readable whichever colour it gets.
PALETTE: tuple[str, ...] = (
    "#3b6fd8",  # blue
    "#2e7d32",  # green
    "#c62828",  # red
    "#8e24aa",  # purple
    "#b45309",  # amber
    "#00796b",  # teal
    "#ad1457",  # pink
    "#546e7a",  # slate
)

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class LibraryDataError(ValueError):
    """Stored calendars cannot be read; raised instead of silently dropping a calendar."""


@dataclass(frozen=True)
class StoredCalendar:
    calendar: Calendar
    ics: str  # the raw .ics text, so the calendar survives a reload


def dump_calendars(items: Sequence[StoredCalendar]) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "calendars": [
            {
                "id": item.calendar.id,
                "name": item.calendar.name,
                "color": item.calendar.color,
                "source": item.calendar.source,
                "visible": item.calendar.visible,
                "ics": item.ics,
            }
            for item in items
        ],
    }


def _load_one(item: object, position: int) -> StoredCalendar:
    where = f"Saved calendar {position + 1}"
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        raise LibraryDataError(f"{where} is damaged (no id), so your calendars were not loaded.")
    color = item.get("color")
    calendar = Calendar(
        id=item["id"],
        name=str(item.get("name") or item["id"]),
        # A bad colour must never reach CSS; fall back to the default instead.
        color=color if isinstance(color, str) and _HEX_COLOUR.fullmatch(color) else PALETTE[0],
        source=str(item.get("source") or "ics"),
        visible=bool(item.get("visible", True)),
    )
    ics = item.get("ics", "")
    if not isinstance(ics, str):
        raise LibraryDataError(f"{where} (“{calendar.name}”) has damaged calendar data.")
    return StoredCalendar(calendar, ics)


def load_calendars(data: dict | None) -> list[StoredCalendar]:
    """The stored form back; None (nothing stored yet) is no calendars."""
    if data is None:
        return []
    items = stored_items(data, "calendars", SCHEMA_VERSION, LibraryDataError, "calendars")
    return [_load_one(item, i) for i, item in enumerate(items)]


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:40].rstrip("-") or "calendar"


def new_calendar_id(existing: Iterable[str], name: str) -> str:
    """A readable, unique id for an imported calendar: "ics-work", then "ics-work-2"."""
    taken = set(existing)
    base = f"ics-{_slug(name)}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def next_color(used: Iterable[str]) -> str:
    """The first palette colour not in use; once all are used, the least used one."""
    counts = Counter(colour.lower() for colour in used)
    return min(PALETTE, key=lambda colour: (counts[colour.lower()], PALETTE.index(colour)))
