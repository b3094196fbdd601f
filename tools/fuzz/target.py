"""What the app runs on an import, as one call: ``run_import(data)``.

The same steps as ``core.providers.imported.Library.import_file`` and the first redraw: sniff and
index the file in chunks (``IndexBuilder``), store and reload the index (JSON), then ask the lazy
calendar for the weeks the user sees first (today's, and the week of an event of the file).
``IcsError`` is the answer the app turns into a message: not a finding.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from daypane.core.calendar.layout import range_bounds
from daypane.core.calendar.routes import week_days
from daypane.core.ics.index.lazy import IcsIndex, IndexBuilder, LazyCalendar
from daypane.core.ics.parse import IcsError

ZONE = ZoneInfo("Europe/Berlin")
TODAY = datetime(2026, 3, 4, tzinfo=ZONE).date()  # the browser tests' "today"
CHUNK = 200  # as imported.CHUNK


def _event_week(index: IcsIndex):
    """The week of the first group with a known start (ordinal seconds, padded by 2 days)."""
    for _uid, lo, _hi, _blocks, _zones in index.groups:
        if lo is not None:
            try:
                return datetime.fromordinal(max(1, lo // 86400 + 2)).date()
            except (ValueError, OverflowError):
                return None
    return None


def run_import(data: bytes) -> int:
    """Occurrences found in the first weeks; raises IcsError for a file the app refuses."""
    builder = IndexBuilder(data)
    while not builder.feed(CHUNK):
        pass
    index = builder.result()
    # A reload reads the stored index back instead of scanning again.
    index = IcsIndex.load(json.loads(json.dumps(index.dump())), builder.text) or index
    calendar = LazyCalendar(index, builder.text, ZONE)
    found = 0
    weeks = [TODAY]
    other = _event_week(index)
    if other is not None and other != TODAY:
        weeks.append(other)
    for day in weeks:
        start, end = range_bounds(week_days(day), ZONE)
        found += len(calendar.occurrences("fuzz", start, end))
    _ = calendar.summary.message()
    _ = [item.message for item in calendar.bounded.values()]
    return found


__all__ = ["IcsError", "run_import"]
