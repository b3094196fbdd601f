"""Time blocks on the calendar: each task with a start time and a duration, drawn like an event
(its title and `HH:MM–HH:MM`), in its list's colour. Blocks are Daypane's own: they never reach
a provider, which stays read-only."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo

from daypane.core.calendar.layout import day_bounds
from daypane.core.model import Occurrence
from daypane.core.planning import is_busy
from daypane.core.providers.protocol import CalendarInfo
from daypane.core.tasks.tasklist import TaskList

PREFIX = "tasks:"  # calendar keys of blocks: one per task list, so each has its list's colour
UID_PREFIX = "task-"


@dataclass(frozen=True)
class BlockMark:
    """What the calendar needs to draw a block as a task's: its task (to drag, nudge and complete
    it), whether it is done (its checkbox), and the busy events it overlaps (its marker)."""

    task_id: str
    done: bool
    overlapping: tuple[str, ...] = ()


def block_occurrences(tasks: TaskList, days: Iterable[date], tz: tzinfo) -> tuple[list[Occurrence], list[CalendarInfo]]:
    """The blocks on these days as occurrences (local times read in `tz`), and one calendar per
    task list that has any, named after the list."""
    found, calendars = [], {}
    for block in tasks.blocks_for(days):
        task = block.task
        key = f"{PREFIX}{task.list}"
        calendars.setdefault(key, CalendarInfo(key, task.list, tasks.color_of(task.list)))
        # A done block says so in words ("Done: …"), not as a cancelled event: it happened.
        found.append(Occurrence(calendar_id=key, uid=f"{UID_PREFIX}{task.id}",
                                title=f"Done: {task.title}" if task.done else task.title,
                                start=block.start.replace(tzinfo=tz), end=block.end.replace(tzinfo=tz),
                                description=task.notes, source="task"))
    return found, list(calendars.values())


def unblocked_for_day(tasks: TaskList, day: date):
    """The tasks listed under a day's heading: scheduled that day, without a time block."""
    return tuple(task for task in tasks.for_day(day) if not task.has_block)


def _span(occ: Occurrence, tz: tzinfo) -> tuple[datetime, datetime]:
    if occ.all_day:  # its whole days in the user's zone; a malformed end reads as one day
        last = max(occ.end, occ.start + timedelta(days=1))
        return day_bounds(occ.start, tz)[0], day_bounds(last, tz)[0]
    return occ.start, occ.end


def overlaps(blocks: Iterable[Occurrence], events: Iterable[Occurrence], tz: tzinfo) -> Mapping[str, tuple[str, ...]]:
    """For each block (by uid) that overlaps busy time, the titles of the events it overlaps.

    Busy is the planner's rule (core.planning.is_busy): a free or cancelled event, or a free
    all-day one, does not count. Sorted by start, each block only looks at events that start
    before it ends and no earlier than the longest event before its start."""
    spans = sorted((_span(occ, tz) + (occ.title or "(no title)",) for occ in events if is_busy(occ)),
                   key=lambda span: span[0])
    starts = [span[0] for span in spans]
    longest = max((end - start for start, end, _ in spans), default=timedelta(0))
    found: dict[str, tuple[str, ...]] = {}
    for block in blocks:
        first = bisect_left(starts, block.start - longest)
        last = bisect_left(starts, block.end)
        titles = tuple(dict.fromkeys(title for start, end, title in spans[first:last]
                                     if start < block.end and end > block.start))
        if titles:
            found[block.uid] = titles
    return found


def overlap_words(titles: tuple[str, ...]) -> str:
    """The marker on a block that overlaps busy time: "overlaps Standup", "overlaps 3 events"."""
    return f"overlaps {titles[0]}" if len(titles) == 1 else f"overlaps {len(titles)} events"


def block_marks(tasks: TaskList, blocks: Iterable[Occurrence], events: Iterable[Occurrence],
                tz: tzinfo) -> dict[str, BlockMark]:
    """The marks of the blocks `block_occurrences` gave, by occurrence uid."""
    blocks = list(blocks)
    busy = overlaps(blocks, events, tz)
    by_id = {task.id: task for task in tasks.tasks}
    marks = {}
    for block in blocks:
        task = by_id.get(block.uid.removeprefix(UID_PREFIX))
        if task is not None:
            marks[block.uid] = BlockMark(task.id, task.done, busy.get(block.uid, ()))
    return marks
