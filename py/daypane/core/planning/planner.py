"""Plan one day: each task, most important first, into the earliest free slot that holds it.

Greedy on purpose: the user can predict it ("my high-priority task went first, in the first
gap big enough") and it is deterministic. A later, smaller task may fill an earlier gap a
bigger one could not use; that is expected, not a bug.

Buffers: ``buffer_minutes`` separate a planned block from every other block, from the
existing (kept) blocks and from busy events, on both sides, because a meeting needs the same
breathing room as a task. No buffer is kept against the edges of working hours or ``now``:
nothing is there to recover from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from daypane.core.model import Occurrence
from daypane.core.planning.busy import busy_spans
from daypane.core.planning.inputs import PRIORITIES, Plan, PlannedBlock, PlanTask, Unplaced, WorkingHours
from daypane.core.planning.spans import Span, ceil_grid, subtract, usable, utc, wall

DEFAULT_ESTIMATE_MINUTES = 30
DEFAULT_BUFFER_MINUTES = 5
# With split on, no piece is shorter than this (unless the task is): a 5-minute sliver between
# two meetings is not time anyone does focused work in.
MIN_PIECE_MINUTES = 15


def format_duration(minutes: int) -> str:
    """240 -> "4h", 155 -> "2h 35m", 45 -> "45m", 0 -> "0m"."""
    hours, rest = divmod(max(minutes, 0), 60)
    if hours and rest:
        return f"{hours}h {rest}m"
    return f"{hours}h" if hours else f"{rest}m"


def next_working_day(day: date, hours: WorkingHours | None = None) -> date:
    """The first day after ``day`` with working hours, for "move to the next working day"."""
    hours = hours or WorkingHours()
    for ahead in range(1, 8):
        candidate = day + timedelta(days=ahead)
        if hours.on(candidate) is not None:
            return candidate
    raise ValueError("No weekday has working hours, so there is no next working day.")


def _sort_key(task: PlanTask) -> tuple:
    # Priority, then due date (none last), then the user's order; the id only breaks exact ties
    # so that the plan does not depend on the order the caller passed the tasks in.
    return (PRIORITIES.index(task.priority), task.due is None, task.due or date.min, task.order, task.id)


def _minutes(span: timedelta) -> int:
    return int(span // timedelta(minutes=1))


def plan_day(
    tasks: Sequence[PlanTask],
    *,
    day: date,
    tz: tzinfo,
    now: datetime,
    events: Sequence[Occurrence] = (),
    existing_blocks: Sequence[tuple[datetime, datetime]] = (),
    hours: WorkingHours | None = None,
    buffer_minutes: int = DEFAULT_BUFFER_MINUTES,
    default_estimate_minutes: int = DEFAULT_ESTIMATE_MINUTES,
    split: bool = False,
) -> Plan:
    """Place ``tasks`` on ``day`` (a calendar day in ``tz``, a ``zoneinfo.ZoneInfo``).

    ``existing_blocks`` (aware start, end) stay where they are; ``events`` block time as
    ``is_busy`` says; nothing is placed before ``now`` rounded up to 5 minutes. With ``split``,
    a task that fits in no single slot is cut into pieces (each at least 15 minutes) over the
    earliest slots, or left unplaced whole if even that does not fit.
    """
    hours = hours or WorkingHours()
    if buffer_minutes < 0 or default_estimate_minutes <= 0:
        raise ValueError("The buffer cannot be negative and the default estimate must be positive.")
    ids = [task.id for task in tasks]
    if len(set(ids)) != len(ids):
        raise ValueError("Each task to plan needs its own id.")
    ordered = sorted(tasks, key=_sort_key)

    def needed(task: PlanTask) -> int:
        return task.estimate_minutes or default_estimate_minutes

    def unplaced(task: PlanTask, free_minutes: int, why: str) -> Unplaced:
        minutes = needed(task)
        return Unplaced(task.id, task.title, minutes, free_minutes,
                        f"{task.title} ({format_duration(minutes)}) {why}")

    working = hours.on(day)
    if working is None:
        why = f"is not planned: {WorkingHours.weekday_name(day)} has no working hours"
        return Plan((), tuple(unplaced(task, 0, why) for task in ordered))

    work_start, work_end = wall(day, working[0], tz), wall(day, working[1], tz)
    start = max(work_start, ceil_grid(utc(now, "Now")))
    if start >= work_end:
        why = "is not planned: this day's working hours are over"
        return Plan((), tuple(unplaced(task, 0, why) for task in ordered))

    buffer = timedelta(minutes=buffer_minutes)

    def padded(span: Span) -> Span:
        return span[0] - buffer, span[1] + buffer

    kept = [(utc(s, "A kept block's start"), utc(e, "A kept block's end")) for s, e in existing_blocks]
    taken = [padded(span) for span in busy_spans(events, tz) + kept]
    free = subtract([(start, work_end)], taken)

    placed: list[Span] = []
    placed_ids: list[str] = []
    left: list[Unplaced] = []
    for task in ordered:
        length = timedelta(minutes=needed(task))
        pieces = _whole(free, length) or (_pieces(free, length) if split else [])
        if not pieces:
            free_minutes = sum(_minutes(usable(span)) for span in free)
            left.append(unplaced(task, free_minutes, f"does not fit: {_free_words(free_minutes)}"))
            continue
        placed.extend(pieces)
        placed_ids.extend([task.id] * len(pieces))
        free = subtract(free, [padded(piece) for piece in pieces])

    blocks = sorted(
        (PlannedBlock(task_id, s.astimezone(tz), e.astimezone(tz)) for task_id, (s, e) in zip(placed_ids, placed)),
        key=lambda block: (utc(block.start), block.task_id),
    )
    return Plan(tuple(blocks), tuple(left))


def _free_words(minutes: int) -> str:
    return f"{format_duration(minutes)} free" if minutes else "nothing is free"


def _whole(free: list[Span], length: timedelta) -> list[Span]:
    """The earliest slot that holds the task in one piece, starting on the 5-minute grid."""
    for span in free:
        if usable(span) >= length:
            begin = ceil_grid(span[0])
            return [(begin, begin + length)]
    return []


def _pieces(free: list[Span], length: timedelta) -> list[Span]:
    """The task cut over the earliest slots, every piece (and so the last) at least
    MIN_PIECE_MINUTES or the whole rest; [] when the day cannot hold it all (no half plans)."""
    least = min(timedelta(minutes=MIN_PIECE_MINUTES), length)
    pieces: list[Span] = []
    rest = length
    for span in free:
        room = usable(span)
        take = min(room, rest)
        if rest - take and rest - take < least:
            # Leave enough for a last piece that is not a sliver.
            take = rest - least
        if take < least:
            continue
        begin = ceil_grid(span[0])
        pieces.append((begin, begin + take))
        rest -= take
        if not rest:
            return pieces
    return []
