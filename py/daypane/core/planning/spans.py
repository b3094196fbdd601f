"""Instants and intervals: all arithmetic in UTC, so DST days come out right.

Python subtracts and compares two datetimes that share a tzinfo by their wall clocks, ignoring
the offset: on 2026-10-25 in Europe/Berlin, 01:30 to 03:30 would be "2 hours" though 3 passed.
So every instant is converted to UTC on the way in and back to the plan's zone on the way out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

Span = tuple[datetime, datetime]  # [start, end) in UTC

GRID = timedelta(minutes=5)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc(moment: datetime, what: str = "A time") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must carry its time zone (got {moment.isoformat()}).")
    return moment.astimezone(UTC)


def wall(day: date, at: time, tz: tzinfo) -> datetime:
    """The instant a wall clock in ``tz`` shows ``at`` on ``day``, as UTC.

    fold=0 is RFC 5545's rule (3.3.5) and what calendars do: a time that does not exist (inside
    the spring-forward gap) is read with the offset before the gap, so it moves forward by the
    gap; a time that exists twice (autumn) is its first occurrence."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def day_bounds(day: date, tz: tzinfo) -> Span:
    """The whole calendar day in ``tz``: 23 or 25 hours long on a DST change day."""
    return wall(day, time(0), tz), wall(day + timedelta(days=1), time(0), tz)


def ceil_grid(moment: datetime) -> datetime:
    """Up to the next 5-minute mark (unchanged when on one). Counted from the epoch in UTC, which
    is the local 5-minute grid too in every zone whose offset is whole 5 minutes (all today)."""
    steps = -(-(moment - _EPOCH) // GRID)  # ceiling division of timedeltas
    return _EPOCH + steps * GRID


def merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping or touching spans joined; empty spans dropped."""
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(free: list[Span], taken: Iterable[Span]) -> list[Span]:
    """``free`` (sorted, disjoint) less every span in ``taken``; stays sorted and disjoint."""
    result = free
    for cut_start, cut_end in merge(taken):
        remaining: list[Span] = []
        for start, end in result:
            if cut_end <= start or end <= cut_start:
                remaining.append((start, end))
                continue
            if start < cut_start:
                remaining.append((start, cut_start))
            if cut_end < end:
                remaining.append((cut_end, end))
        result = remaining
    return result


def usable(span: Span) -> timedelta:
    """How much of a free span a block can use: blocks start on the 5-minute grid."""
    start, end = span
    return max(end - ceil_grid(start), timedelta(0))
