""""Plan my day" from the task list: which tasks the planner places, and accepting its plan as
one change (core.planning decides where; this module knows tasks)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo

from daypane.core.locale import ENGLISH, Conventions
from daypane.core.planning import Plan, PlanTask
from daypane.core.tasks.tasklist import TaskList


def to_plan(tasks: TaskList, day: date, today: date) -> list[PlanTask]:
    """The open tasks scheduled for `day` without a time block, and (planning today) the overdue
    ones, in list order. A task past its due date but scheduled for a later day is not overdue
    here: the user (or "Move to next working day") already chose when to do it."""
    chosen = []
    for order, task in enumerate(tasks.tasks):
        if task.done or task.has_block:
            continue
        late = task.scheduled < today if task.scheduled else bool(task.due and task.due < today)
        overdue = day == today and late
        if task.scheduled == day or overdue:
            chosen.append(PlanTask(task.id, task.title, task.estimate_minutes or None, task.priority, task.due, order))
    return chosen


def existing_blocks(tasks: TaskList, day: date, tz: tzinfo) -> list[tuple[datetime, datetime]]:
    return [(block.start.replace(tzinfo=tz), block.end.replace(tzinfo=tz)) for block in tasks.blocks_for([day])]


def accept(tasks: TaskList, plan: Plan) -> TaskList:
    """Every planned block in one change (a task that was changed meanwhile keeps its own)."""
    for block in plan.blocks:
        known = next((t for t in tasks.tasks if t.id == block.task_id), None)
        if known is None or known.done or known.has_block:
            continue
        start = block.start
        # Elapsed time, in UTC: the same zone's datetimes subtract as wall clocks (wrong on DST days).
        minutes = round((block.end.astimezone(timezone.utc) - start.astimezone(timezone.utc)) / timedelta(minutes=1))
        tasks = tasks.schedule_block(block.task_id, start.date(), start.time().replace(tzinfo=None), minutes)
    return tasks


def unaccept(tasks: TaskList, plan: Plan) -> TaskList:
    """Undo `accept`: the planned tasks lose their blocks again (their day stays)."""
    for block in plan.blocks:
        if any(t.id == block.task_id and t.has_block for t in tasks.tasks):
            tasks = tasks.update(block.task_id, start=None, duration_minutes=None)
    return tasks


def day_words(day: date, conv: Conventions = ENGLISH) -> str:
    """"Thursday 5 March": how the plan names a day (weekday, day, month; the year is near)."""
    return conv.date("day", day)


def move(tasks: TaskList, task_ids: list[str], day: date) -> tuple[TaskList, dict[str, date | None]]:
    """"Move to next working day": the tasks scheduled for `day`, in one change; with the day each
    had before, for Undo. A task done or given a block meanwhile is left alone."""
    before: dict[str, date | None] = {}
    for task in tasks.tasks:
        if task.id in task_ids and not task.done and not task.has_block:
            before[task.id] = task.scheduled
            tasks = tasks.schedule(task.id, day)
    return tasks, before


def unmove(tasks: TaskList, before: dict[str, date | None], day: date) -> TaskList:
    """Undo `move`: each task still on `day` (not moved again since) gets its old day back."""
    for task in tasks.tasks:
        if task.id in before and task.scheduled == day and not task.has_block:
            tasks = tasks.update(task.id, scheduled=before[task.id])
    return tasks
