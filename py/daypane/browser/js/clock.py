"""The browser's clock and time zone: the only source of "now" in the app.

"Now" comes from JS Date (so tests can fix it with Playwright's clock), and the zone from Intl.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import js


def now(tz: tzinfo) -> datetime:
    return datetime.fromtimestamp(js.Date.now() / 1000, timezone.utc).astimezone(tz)


def browser_zone_name() -> str:
    return str(js.Intl.DateTimeFormat.new().resolvedOptions().timeZone or "UTC")


def zone(name: str | None) -> tzinfo:
    try:
        return ZoneInfo(name) if name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def measure(name: str, since: str) -> None:
    """A User Timing measure from the mark `since` to now (what `make bench` reads)."""
    js.performance.measure(name, since)
