"""Values read from Graph's JSON as Daypane reads every field of it: a wrong type is "not there",
never an exception (a hostile or broken item still lists what can be read)."""

from __future__ import annotations

import re
from datetime import date

_DATE_PART = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def text(value) -> str:
    return value if isinstance(value, str) else ""


def date_part(value) -> date | None:
    found = _DATE_PART.match(value) if isinstance(value, str) else None
    try:
        return date(*map(int, found.groups())) if found else None
    except ValueError:
        return None


def whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
