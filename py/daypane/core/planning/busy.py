"""Which events block time, and the spans they block on one day.

The rules (``is_busy``):
- a cancelled event never blocks, whatever its show_as: it will not happen;
- "free" never blocks: the user (or the organiser) said the time stays available;
- "workingElsewhere" does not block: it is Outlook's marker for *where* someone works (home,
  another office), usually a whole day, and that person is working and available; blocking it
  would empty every remote day;
- timed "busy", "tentative" and "oof" block: a tentative meeting may still happen, and planning
  work over it would double-book the user the moment it is accepted; unknown values (providers
  add some) block too, as the safe side;
- an all-day event blocks (the whole day) only when it is "busy" or "oof": all-day entries are
  mostly markers (holidays, birthdays, a trip being thought about), so "tentative" and unknown
  ones do not empty a day; a day off or a busy all-day event does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta, tzinfo

from daypane.core.model import Occurrence
from daypane.core.planning.spans import Span, day_bounds, utc

_NEVER_BLOCKS = frozenset({"free", "workingElsewhere"})
_ALL_DAY_BLOCKS = frozenset({"busy", "oof"})


def is_busy(occ: Occurrence) -> bool:
    if occ.cancelled or occ.show_as in _NEVER_BLOCKS:
        return False
    if occ.all_day:
        return occ.show_as in _ALL_DAY_BLOCKS
    return True


def busy_spans(events: Iterable[Occurrence], tz: tzinfo) -> list[Span]:
    """The UTC spans the blocking events take (not merged, not clipped to a day: the planner cuts
    them to its working window, and an event just past midnight still needs its buffer).

    An all-day event takes its whole days in ``tz`` (23 or 25 hours on a DST change day)."""
    spans: list[Span] = []
    for occ in events:
        if not is_busy(occ):
            continue
        if occ.all_day:
            # Dates, end exclusive; a malformed end (not after start) is read as one day.
            last = max(occ.end, occ.start + timedelta(days=1))
            spans.append((day_bounds(occ.start, tz)[0], day_bounds(last, tz)[0]))
            continue
        start = utc(occ.start, f"The start of “{occ.title}”")
        end = utc(occ.end, f"The end of “{occ.title}”")
        if start < end:
            spans.append((start, end))
    return spans
