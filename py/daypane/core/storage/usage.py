"""How much Daypane stores, by what the user would recognise, and what to say when the disk is full.

Sizes come from the stored texts themselves (the browser's own estimate counts the whole origin,
including the service worker's cache, and is rounded on purpose, so it cannot say *what* is big).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Key prefix -> what the user calls it; a key matches its name or "<name>:<item>".
GROUPS = (
    ("calendar-text", "imported calendars"),
    ("calendars", "imported calendars"),
    ("ics-index", "indexes of imported calendars"),
    ("feed-text", "subscribed calendars"),
    ("feeds", "subscribed calendars"),
    ("caldav-sync", "cached events"),
    ("outlook-events", "cached events"),
    ("google-events", "cached events"),
    ("caldav-events", "cached events"),
    ("tasks", "tasks"),
    ("snapshot", "the start-up view"),
)
OTHER = "settings and accounts"
# What the user can remove to make room, by group: and where.
REMOVABLE = {
    "imported calendars": "imported calendars (Calendars, Remove)",
    "indexes of imported calendars": "imported calendars (Calendars, Remove)",
    "subscribed calendars": "subscriptions (Calendars, Remove)",
    "cached events": "accounts",
}


def group_of(key: str) -> str:
    name = key.split(":", 1)[0]
    return next((what for prefix, what in GROUPS if name == prefix), OTHER)


@dataclass(frozen=True)
class Usage:
    """What Daypane's records take, by group, largest first; and the browser's estimate of the
    origin's usage and quota (None when it gives none)."""

    groups: tuple[tuple[str, int], ...]
    origin_usage: int | None = None
    quota: int | None = None
    persisted: bool | None = None

    @property
    def total(self) -> int:
        return sum(size for _, size in self.groups)


def usage(sizes: Mapping[str, int], origin_usage: int | None = None, quota: int | None = None,
          persisted: bool | None = None) -> Usage:
    totals: dict[str, int] = {}
    for key, size in sizes.items():
        totals[group_of(key)] = totals.get(group_of(key), 0) + size
    ordered = tuple(sorted(totals.items(), key=lambda item: (-item[1], item[0])))
    return Usage(ordered, origin_usage, quota, persisted)


def size_text(size: int) -> str:
    """1 kB = 1,000 bytes, as disks and browsers report them."""
    if size < 1000:
        return f"{size} bytes" if size != 1 else "1 byte"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            value = size / scale
            return f"{value:.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}".replace(".0 ", " ")
    raise AssertionError("unreachable")


def usage_text(found: Usage) -> str:
    """One paragraph for Settings: what Daypane stores, the largest parts, and the browser's limit."""
    if not found.groups:
        return "Daypane stores nothing on this device yet."
    parts = ", ".join(f"{what} {size_text(size)}" for what, size in found.groups[:3])
    text = f"Daypane stores {size_text(found.total)} on this device ({parts})."
    if found.quota:
        text += f" The browser allows this site up to {size_text(found.quota)}."
    if found.persisted is True:
        text += " The browser keeps it even when disk space runs low."
    elif found.persisted is False:
        text += " The browser may clear it when disk space runs low; export a backup to be safe."
    return text


def refused_text(what: str, failure_name: str, found: Usage) -> tuple[str, str]:
    """(title, message) for a write the browser refused: what happened, what was kept, what to do."""
    if failure_name == "QuotaExceededError":
        biggest = found.groups[0] if found.groups else None
        stores = f"Daypane stores {size_text(found.total)}"
        if biggest and biggest[0] in REMOVABLE and biggest[1] * 2 >= found.total:
            stores += f", most of it {biggest[0]} ({size_text(biggest[1])})"
            advice = f"remove {REMOVABLE[biggest[0]]} you no longer need, or free disk space"
        else:
            advice = "free disk space on this device (or remove imported calendars you no longer need)"
        return (f"Not enough space to save {what}",
                f"The browser has no more room for Daypane on this device, so {what} could not be saved; "
                f"everything saved before is kept. {stores}. To make room, {advice}, then try again.")
    if failure_name in ("InvalidStateError", "VersionError"):
        return (f"Could not save {what}",
                f"Daypane's storage is closed in this tab, so {what} could not be saved. Reload the page and "
                "try again.")
    return (f"Could not save {what}",
            f"The browser refused to store {what} ({failure_name}); nothing was changed. If this is a private "
            "window, the browser may not allow storage: use a normal window. Otherwise reload and try again.")
