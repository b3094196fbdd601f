"""Time zones by the names providers send (IANA names, and the UTC spellings Microsoft uses)."""

from __future__ import annotations

from datetime import timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_UTC_NAMES = ("UTC", "Etc/UTC", "tzone://Microsoft/Utc")


def zone_named(name: str | None, fallback: tzinfo | None = None) -> tzinfo | None:
    """The zone called `name`, or `fallback` for no name or one this Python does not know."""
    if not name:
        return fallback
    if name in _UTC_NAMES:
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback
