"""Where a dragged task or block lands, and what Alt+arrows do to a focused block.

Pure, so every rule is unit-tested: the browser measures pixels (how far down a day column the
pointer is) and passes them in; this module snaps, clamps and returns the changed TaskList.

The rules:
- Times snap to 15 minutes, the grid a block is drawn on.
- A task dropped on the calendar becomes a block starting there, lasting its block's length if it
  had one, else its estimate, else 30 minutes (as a typed time without a duration does).
- A block never crosses midnight: one dropped too late in the day starts earlier, so it keeps its
  length (the length is what the user estimated; a start near the pointer is good enough).
- Dropped back on the list, a block is unscheduled: no day, no time. Its length becomes the
  estimate if the task had none, so dragging it out again gives the same block.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from daypane.core.locale import ENGLISH, Conventions
from daypane.core.tasks.quickadd import DEFAULT_BLOCK_MINUTES
from daypane.core.tasks.task import Task
from daypane.core.tasks.tasklist import TaskList

SNAP = 15
DAY = 24 * 60


def snap(minute: float) -> int:
    """The nearest 15-minute step at or before `minute` (the pointer is inside that slot),
    within the day."""
    return min(max(int(minute // SNAP) * SNAP, 0), DAY - SNAP)


def minute_at(offset_px: float, hour_px: float) -> int:
    """The snapped minute of the day `offset_px` below a day column's top edge."""
    return snap(offset_px * 60 / hour_px)


def moved_top(pointer_minute: float, grab_minute: float) -> float:
    """Where a moved block's top goes: the pointer keeps its place on the block (grabbed 20
    minutes below the top, the top stays 20 minutes above), rounded to the nearest step."""
    return pointer_minute - grab_minute + SNAP / 2


def length_of(task: Task) -> int:
    """How long a block of this task lasts when dropped on the calendar."""
    minutes = task.duration_minutes or task.estimate_minutes or DEFAULT_BLOCK_MINUTES
    return min(max(minutes, SNAP), DAY)


def _clock(minute: int) -> time:
    return time(minute // 60, minute % 60)


def _minute(at: time) -> int:
    return at.hour * 60 + at.minute


def place(tasks: TaskList, task_id: str, day: date, minute: int) -> TaskList:
    """The task (from the list, or a block being moved) as a block on `day` from `minute`."""
    length = length_of(tasks.get(task_id))
    start = min(snap(minute), DAY - length)
    return tasks.schedule_block(task_id, day, _clock(start), length)


def resize(tasks: TaskList, task_id: str, end_minute: float) -> TaskList:
    """The block ends at `end_minute` (snapped up to the next step), at least 15 minutes long and
    no later than midnight."""
    task = tasks.get(task_id)
    if not task.has_block:
        raise ValueError(f"“{task.title}” has no time block to resize.")
    start = _minute(task.start)
    end = min(max(-(-int(end_minute) // SNAP) * SNAP, start + SNAP), DAY)
    return tasks.update(task_id, duration_minutes=end - start)


def unschedule(tasks: TaskList, task_id: str) -> TaskList:
    task = tasks.get(task_id)
    kept = tasks if task.estimate_minutes or not task.duration_minutes else tasks.set_estimate(
        task_id, task.duration_minutes)
    return kept.unschedule(task_id)


@dataclass(frozen=True)
class Nudge:
    """What one Alt+arrow press does: minutes to shift the start, days to shift, minutes to add to
    the length (Alt+Shift+Up/Down resizes instead of moving)."""

    minutes: int = 0
    days: int = 0
    grow: int = 0


NUDGES = {
    ("ArrowUp", False): Nudge(minutes=-SNAP), ("ArrowDown", False): Nudge(minutes=SNAP),
    ("ArrowLeft", False): Nudge(days=-1), ("ArrowRight", False): Nudge(days=1),
    ("ArrowUp", True): Nudge(grow=-SNAP), ("ArrowDown", True): Nudge(grow=SNAP),
}


def nudge_for(key: str, shift: bool) -> Nudge | None:
    """The nudge for an Alt+key press (Shift with Up/Down resizes), or None for other keys."""
    return NUDGES.get((key, shift and key in ("ArrowUp", "ArrowDown")))


def nudge(tasks: TaskList, task_id: str, step: Nudge) -> TaskList:
    """The block moved or resized by one step. At the day's edge it stops there (a block does not
    wrap to the next day by minutes: Alt+Left/Right changes the day)."""
    task = tasks.get(task_id)
    if not task.has_block:
        raise ValueError(f"“{task.title}” has no time block to move.")
    start, length = _minute(task.start), task.duration_minutes
    if step.grow:
        return resize(tasks, task_id, start + length + step.grow)
    start = min(max(start + step.minutes, 0), DAY - length)
    return tasks.schedule_block(task_id, task.scheduled + timedelta(days=step.days), _clock(start), length)


def where(task: Task, conv: Conventions = ENGLISH) -> str:
    """Where a block now is, for the note after a move: "Wed 2 Dec 10:15–10:45"."""
    if not task.has_block:
        return "the list"
    return f"{conv.date('short', task.scheduled)} {conv.time_span(task.start, task.block_end)}"
