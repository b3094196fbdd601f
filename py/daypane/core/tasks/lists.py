"""Task lists: a user-defined name per task ("Inbox" when none) and a colour per list.

Colours live in the tasks record (`lists: {name: colour}`) so every tab and a backup agree on
them. A new name gets the first palette colour no other list uses yet, stored when the name is
first used, so adding lists later never recolours the old ones.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

INBOX = "Inbox"
INBOX_COLOR = "#6b7280"  # neutral grey: the Inbox is where unsorted tasks wait, not a project
# Distinct at a glance on both the light and the dark theme; the order is the order of use.
PALETTE = ("#2563eb", "#16a34a", "#d97706", "#dc2626", "#7c3aed",
           "#0891b2", "#db2777", "#65a30d", "#9333ea", "#ea580c")
MAX_NAME = 100

_COLOR = re.compile(r"^#[0-9a-f]{6}$")


def clean_list_name(name: str | None, known: Iterable[str] = ()) -> str:
    """The list name as stored: spaces trimmed and collapsed, "" or None is the Inbox, and a
    name differing from a known list only by case is that list (so "work" joins "Work")."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        return INBOX
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"A list name can be at most {MAX_NAME} characters long.")
    for existing in (INBOX, *known):
        if existing.casefold() == cleaned.casefold():
            return existing
    return cleaned


def clean_color(color: str) -> str:
    cleaned = color.strip().lower() if isinstance(color, str) else ""
    if not _COLOR.match(cleaned):
        raise ValueError(f"“{color}” is not a colour Daypane understands; use the form #1a2b3c.")
    return cleaned


def default_color(name: str, used: Iterable[str] = ()) -> str:
    """The colour a list gets when first used: the Inbox its own, else the first palette colour
    not in `used`; once all are taken, one chosen from the name (stable across runs: crc32, not
    Python's salted hash) so the same name always gets the same fallback."""
    if name == INBOX:
        return INBOX_COLOR
    taken = set(used)
    for color in PALETTE:
        if color not in taken:
            return color
    return PALETTE[zlib.crc32(name.casefold().encode("utf-8")) % len(PALETTE)]
