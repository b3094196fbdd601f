"""Time estimates as the user types and reads them: "1h30" <-> 90 minutes."""

from __future__ import annotations

import math
import re

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_HOURS = r"(?:h|hr|hrs|hour|hours)"
_MINUTES = r"(?:m|min|mins|minute|minutes)"
_ESTIMATE = re.compile(
    rf"^(?:{_NUMBER}\s*{_HOURS})?\s*(?:{_NUMBER}\s*{_MINUTES}?)?$", re.IGNORECASE
)


def parse_estimate(text: str) -> int | None:
    """"30", "30m", "1h", "1h30", "1.5h", "90 min" -> minutes; "" -> None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _ESTIMATE.match(cleaned)
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError(
            f"“{cleaned}” is not a duration Daypane understands. Try 30, 45m, 1h or 1h30."
        )
    hours = float(match.group(1).replace(",", ".")) if match.group(1) else 0.0
    minutes = float(match.group(2).replace(",", ".")) if match.group(2) else 0.0
    total = hours * 60 + minutes
    if not math.isfinite(total) or total > 100_000:
        raise ValueError(f"“{cleaned}” is too long for an estimate.")
    return round(total)


def format_estimate(minutes: int) -> str:
    """90 -> "1 h 30 min", 30 -> "30 min", 120 -> "2 h"."""
    if minutes < 0:
        raise ValueError("An estimate cannot be negative.")
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
