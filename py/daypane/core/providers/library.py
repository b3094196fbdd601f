"""The user's own calendars (the sample and imported .ics files) and their stored form.

The raw .ics text is stored, not the parsed events: re-parsing on load keeps recurrence
rules exact for any future week and lets a newer Daypane read old imports better.

Stored as records (core.records): `calendars` lists the calendars (name, colour, shown or not;
version 2), and each file's text is a record of its own, `calendar-text:<id>`, so hiding or
renaming a calendar rewrites a few bytes, not every imported file. Version 1 kept the texts inside
the list; `upgrade` moves them out (texts first, then the list), and a store left half-way is
upgraded again at the next start, nothing lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from daypane.core.model import Calendar
from daypane.core.records import Record, RecordError, Records, stored_version, text_record

SCHEMA_VERSION = 2
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


class LibraryDataError(RecordError):
    """Stored calendars cannot be read; raised instead of silently dropping a calendar."""


def dump_calendars(calendars: Sequence[Calendar]) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "calendars": [
            {
                "id": calendar.id,
                "name": calendar.name,
                "color": calendar.color,
                "source": calendar.source,
                "visible": calendar.visible,
            }
            for calendar in calendars
        ],
    }


def _load_one(item: object, position: int) -> Calendar:
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
    return calendar


def _read(data: dict) -> list[Calendar]:
    items = data.get("calendars", [])
    if not isinstance(items, list):
        raise LibraryDataError("The saved calendars are damaged and were not loaded.")
    return [_load_one(item, i) for i, item in enumerate(items)]


def _v1_to_v2(data: dict) -> dict:
    """The list without the texts (`upgrade` stores those as records of their own first)."""
    items = data.get("calendars")
    if not isinstance(items, list):
        raise LibraryDataError("The saved calendars are damaged and were not loaded.")
    return {"version": 2, "calendars": [{k: v for k, v in item.items() if k != "ics"}
                                        if isinstance(item, dict) else item for item in items]}


CALENDARS = Record("calendars", SCHEMA_VERSION, read=_read, write=dump_calendars, empty=list,
                   what="imported calendars", migrations={1: _v1_to_v2})
TEXTS = text_record("calendar-text", "imported calendar files", per_item=True)
INDEXES = text_record("ics-index", "calendar indexes", per_item=True, disposable=True)


def load_calendars(data: dict | None) -> list[Calendar]:
    """The stored form back; None (nothing stored yet) is no calendars."""
    if data is None:
        return []
    try:
        return CALENDARS.decode(data)
    except LibraryDataError:
        raise
    except RecordError as error:
        raise LibraryDataError(str(error)) from None


async def upgrade(records: Records) -> bool:
    """Move version 1's texts out of the list into their own records; True if anything moved.

    Texts are written first and the list last, so a failure half-way (a full disk) leaves the
    version 1 list in place, complete, and the next start tries again."""
    stored = records.store.get(CALENDARS.name)
    if stored_version(stored) != 1 or not isinstance(stored.get("calendars"), list):
        return False
    for item in stored["calendars"]:
        if isinstance(item, dict) and isinstance(item.get("ics"), str) and isinstance(item.get("id"), str):
            await records.put(TEXTS, item["ics"], item["id"])
    await records.put(CALENDARS, load_calendars(stored))
    return True


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
