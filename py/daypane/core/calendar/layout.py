"""Lay occurrences out on day columns: all-day strip, timed blocks, side-by-side overlaps.

Positions are wall-clock minutes of the local day (09:30 is minute 570 even on a DST day),
so blocks line up with the hour labels of the grid; the day's real length only matters for
which instants belong to it (see ``day_bounds``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from daypane.core.model import Occurrence

DAY_MINUTES = 24 * 60
# A block is laid out (and drawn) at least half an hour long: a zero-length or 5-minute event stays
# visible, and every block is a 24 px target (WCAG 2.2 target size; the grid's hour is 52 px, the
# view draws a 2 px gap). Shorter events that follow each other therefore stand side by side, as in
# Google Calendar, instead of one 11 px sliver under the next.
MIN_BLOCK_MINUTES = 30
# Overlapping events whose starts are this far apart are cascaded, as Outlook and Google do: the
# later one is indented and lies on top, the earlier keeps the full width above it, so both
# titles read whole. Closer starts would put one title under the other: those go side by side.
TITLE_MINUTES = 30
CASCADE_INDENT = 0.25  # of the day's width, per level


@dataclass(frozen=True)
class Block:
    """One timed occurrence laid out within one day column."""

    occurrence: Occurrence
    start_minute: int  # minutes since local midnight of that day, clipped to [0, 1440)
    end_minute: int  # clipped to (start, 1440]; at least start + 15 where the day allows
    column: int  # 0-based column within its overlap cluster
    columns: int  # number of side-by-side columns in its overlap cluster
    continues_before: bool  # started on an earlier day
    continues_after: bool  # ends on a later day
    left: float = 0.0   # where it starts across the day, as a fraction of the day's width
    width: float = 1.0  # how much of the day's width it takes

    @property
    def short(self) -> bool:
        """Too short for lines of its own: title and time share one line."""
        return self.end_minute - self.start_minute < 45


@dataclass(frozen=True)
class More:
    """Where more events overlap than fit side by side: "+N more" in the last column, over the
    time the hidden ones take (as Outlook and FullCalendar do), listing them when chosen."""

    start_minute: int
    end_minute: int
    left: float
    width: float
    occurrences: tuple[Occurrence, ...]


@dataclass(frozen=True)
class DayLayout:
    day: date
    all_day: tuple[Occurrence, ...]  # all-day occurrences covering this day, by title
    blocks: tuple[Block, ...]  # timed ones (cancelled included), by start_minute then column
    more: tuple[More, ...] = ()  # what did not fit (see More), by start


def _midnight(day: date, tz: tzinfo) -> datetime:
    # Pinned to that midnight's fixed UTC offset: Python subtracts and compares two datetimes
    # sharing one tzinfo by wall clock (a DST day would come out as 24 h), but uses real
    # elapsed time when the tzinfo objects differ.
    local = datetime.combine(day, time(), tzinfo=tz)
    return local.replace(tzinfo=timezone(local.utcoffset() or timedelta(0)))


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Local midnight to next local midnight; 23 or 25 hours long on DST change days
    (``end - start`` gives the real length)."""
    return _midnight(day, tz), _midnight(day + timedelta(days=1), tz)


def range_bounds(days: Sequence[date], tz: tzinfo) -> tuple[datetime, datetime]:
    """From the start of the earliest day to the end of the latest (for one query per view)."""
    if not days:
        raise ValueError("range_bounds needs at least one day")
    return day_bounds(min(days), tz)[0], day_bounds(max(days), tz)[1]


def now_minute(now: datetime, day: date, tz: tzinfo) -> int | None:
    """Where the "now" line goes on ``day``'s column, or None when now is another day."""
    local = now.astimezone(tz)
    if local.date() != day:
        return None
    return local.hour * 60 + local.minute


def _local(moment: datetime, tz: tzinfo) -> datetime:
    # A naive datetime should not reach here (ics makes them aware); read it as local time.
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def _covers_day(occurrence: Occurrence, day: date) -> bool:
    end = occurrence.end if occurrence.end > occurrence.start else occurrence.start + timedelta(1)
    return occurrence.start <= day < end


def _minutes(occurrence: Occurrence, day: date, tz: tzinfo) -> tuple[int, int, bool, bool] | None:
    """(start, end, continues_before, continues_after) on ``day``, or None if not on it."""
    start = _local(occurrence.start, tz)
    return _placed(start, max(_local(occurrence.end, tz), start), *day_bounds(day, tz))


def _placed(start: datetime, end: datetime, first: datetime, last: datetime) -> tuple[int, int, bool, bool] | None:
    """_minutes for local start/end and the day's bounds, all computed once by the caller."""
    if start == end:
        if not first <= start < last:
            return None
    elif not (start < last and end > first):
        return None
    before = start < first
    after = end > last
    start_minute = 0 if before else start.hour * 60 + start.minute
    if after or (end == last and start < end):
        end_minute = DAY_MINUTES
    else:
        end_minute = end.hour * 60 + end.minute
    # The last half hour's short events are drawn ending at midnight, inside the grid.
    start_minute = min(start_minute, DAY_MINUTES - MIN_BLOCK_MINUTES)
    end_minute = min(max(end_minute, start_minute + MIN_BLOCK_MINUTES), DAY_MINUTES)
    return start_minute, end_minute, before, after


def _assign_columns(items: list[tuple[int, int, Occurrence, bool, bool]],
                    max_columns: int | None = None) -> tuple[list[Block], list[More]]:
    """Greedy interval colouring per cluster of transitively overlapping blocks.

    Processing in start order and reusing the first free column is optimal for intervals:
    the number of columns equals the cluster's maximum number of simultaneous blocks. A cluster
    needing more than `max_columns` keeps its first max_columns - 1 and shows the rest as More.
    """
    items.sort(key=lambda item: (item[0], -item[1], item[2].title.casefold(), item[2].uid))
    blocks: list[Block] = []
    mores: list[More] = []
    cluster: list[tuple[tuple, int]] = []
    column_ends: list[int] = []
    cluster_end = -1

    def flush() -> None:
        count = len(column_ends)
        if max_columns is not None and count > max_columns:
            kept = max_columns - 1
            for (s, e, occ, before, after), column in cluster:
                if column < kept:
                    blocks.append(Block(occ, s, e, column, max_columns, before, after,
                                        column / max_columns, 1 / max_columns))
            hidden = sorted(((item[0], item[1], item[2]) for item, column in cluster if column >= kept),
                            key=lambda h: (h[0], h[1]))
            mores.extend(_grouped(hidden, kept / max_columns, 1 / max_columns))
            return
        cascade = count > 1 and not _crowded([(item[0], item[1]) for item, _ in cluster])
        for (s, e, occ, before, after), column in cluster:
            if cascade:
                left = min(column * CASCADE_INDENT, 1 - CASCADE_INDENT)
                place = (left, 1 - left)
            else:
                place = (column / count, 1 / count)
            blocks.append(Block(occ, s, e, column, count, before, after, *place))

    for item in items:
        start, end = item[0], item[1]
        if cluster and start >= cluster_end:
            flush()
            cluster, column_ends = [], []
        for column, column_end in enumerate(column_ends):
            if column_end <= start:
                column_ends[column] = end
                break
        else:
            column = len(column_ends)
            column_ends.append(end)
        cluster.append((item, column))
        cluster_end = max(cluster_end, end) if len(cluster) > 1 else end
    if cluster:
        flush()
    blocks.sort(key=lambda block: (block.start_minute, block.column))
    return blocks, mores


def _grouped(hidden: list[tuple[int, int, Occurrence]], left: float, width: float) -> list[More]:
    """The hidden events as runs that overlap among themselves: one "+N more" per run."""
    runs: list[list[tuple[int, int, Occurrence]]] = []
    for item in hidden:
        if runs and item[0] < max(end for _, end, _ in runs[-1]):
            runs[-1].append(item)
        else:
            runs.append([item])
    return [More(run[0][0], max(end for _, end, _ in run), left, width, tuple(occ for _, _, occ in run))
            for run in runs]


def _crowded(spans: list[tuple[int, int]]) -> bool:
    """Whether two overlapping spans of a cluster start less than TITLE_MINUTES apart."""
    ordered = sorted(spans)
    for index, (start, end) in enumerate(ordered):
        for other_start, other_end in ordered[index + 1:]:
            if other_start - start >= TITLE_MINUTES:
                break  # sorted: every later one starts later still
            if other_start < end:
                return True
    return False


def layout_day(occurrences: Iterable[Occurrence], day: date, tz: tzinfo, max_columns: int | None = None) -> DayLayout:
    return layout_days(occurrences, [day], tz, max_columns)[0]


def layout_days(occurrences: Iterable[Occurrence], days: Sequence[date], tz: tzinfo,
                max_columns: int | None = None) -> list[DayLayout]:
    """Each day's all-day events and timed blocks; `max_columns`: at most that many side by side
    (the rest behind "+N more"), None for as many as overlap."""
    # Each occurrence is converted to local time once and each day's bounds computed once: a
    # 1,000-event week took 7,000 of each before (~60% of the layout time).
    all_day, timed = [], []
    for occurrence in occurrences:
        if occurrence.all_day:
            all_day.append(occurrence)
        else:
            start = _local(occurrence.start, tz)
            timed.append((occurrence, start, max(_local(occurrence.end, tz), start)))
    layouts = []
    for day in days:
        first, last = day_bounds(day, tz)
        placed = []
        for occurrence, start, end in timed:
            if start >= last or end < first:
                continue  # cheap rejection before the exact test
            where = _placed(start, end, first, last)
            if where is not None:
                placed.append((where[0], where[1], occurrence, where[2], where[3]))
        covering = sorted((occ for occ in all_day if _covers_day(occ, day)),
                          key=lambda occ: (occ.title.casefold(), occ.calendar_id, occ.uid))
        blocks, mores = _assign_columns(placed, max_columns)
        layouts.append(DayLayout(day, tuple(covering), tuple(blocks), tuple(mores)))
    return layouts
