"""Time blocks on the calendar: each task with a start time and a duration, drawn like an event
(its title and `HH:MM–HH:MM`), in its list's colour. Blocks are Daypane's own: they never reach
a provider, which stays read-only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo

from daypane.core.model import Occurrence
from daypane.core.providers.protocol import CalendarInfo
from daypane.core.tasks.tasklist import TaskList

PREFIX = "tasks:"  # calendar keys of blocks: one per task list, so each has its list's colour


def block_occurrences(tasks: TaskList, days: Iterable[date], tz: tzinfo) -> tuple[list[Occurrence], list[CalendarInfo]]:
    """The blocks on these days as occurrences (local times read in `tz`), and one calendar per
    task list that has any, named after the list."""
    found, calendars = [], {}
    for block in tasks.blocks_for(days):
        task = block.task
        key = f"{PREFIX}{task.list}"
        calendars.setdefault(key, CalendarInfo(key, task.list, tasks.color_of(task.list)))
        # A done block says so in words ("Done: …"), not as a cancelled event: it happened.
        found.append(Occurrence(calendar_id=key, uid=f"task-{task.id}",
                                title=f"Done: {task.title}" if task.done else task.title,
                                start=block.start.replace(tzinfo=tz), end=block.end.replace(tzinfo=tz),
                                description=task.notes, source="task"))
    return found, list(calendars.values())


def unblocked_for_day(tasks: TaskList, day: date):
    """The tasks listed under a day's heading: scheduled that day, without a time block."""
    return tuple(task for task in tasks.for_day(day) if not task.has_block)
