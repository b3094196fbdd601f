"""The planner's plain values: what it is given and what it answers.

``PlanTask`` is the planner's own input type, not ``core.tasks.model.Task``: the caller picks
the tasks to place (scheduled for the day without a start time, plus overdue ones) and maps
them, so the planner depends on no stored form and no task field it does not use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

# Highest first: the planner places tasks in this order (then due date, then list order).
PRIORITIES = ("high", "medium", "low", "none")

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class PlanTask:
    id: str
    title: str
    estimate_minutes: int | None = None  # None (or 0, which Task allows) -> the default estimate
    priority: str = "none"  # "none" | "low" | "medium" | "high"
    due: date | None = None
    order: int = 0  # the task's place in the user's list: the last tie-breaker

    def __post_init__(self):
        if self.priority not in PRIORITIES:
            raise ValueError(f"Unknown priority {self.priority!r}: use one of {', '.join(PRIORITIES)}.")
        if self.estimate_minutes is not None and self.estimate_minutes < 0:
            raise ValueError("An estimate cannot be negative.")


Hours = tuple[time, time] | None


def _office_week() -> tuple[Hours, ...]:
    return ((time(9), time(17)),) * 5 + (None, None)


@dataclass(frozen=True)
class WorkingHours:
    """Per weekday (0 = Monday) an optional (start, end) wall-clock pair; None: not a working day.

    The default is 09:00-17:00 Monday to Friday. A span across midnight is not supported (end
    must be after start): the planner plans one calendar day.
    """

    days: tuple[Hours, ...] = field(default_factory=_office_week)

    def __post_init__(self):
        if len(self.days) != 7:
            raise ValueError("Working hours need one entry per weekday, Monday first (7 entries).")
        for index, hours in enumerate(self.days):
            if hours is None:
                continue
            start, end = hours
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("Working hours are wall-clock times: give them without a time zone.")
            if end <= start:
                raise ValueError(f"{WEEKDAY_NAMES[index]}'s working hours end before they start.")

    def on(self, day: date) -> Hours:
        return self.days[day.weekday()]

    @staticmethod
    def weekday_name(day: date) -> str:
        return WEEKDAY_NAMES[day.weekday()]


@dataclass(frozen=True)
class PlannedBlock:
    """One planned stretch of a task. Its length is ``end.astimezone(UTC) - start.astimezone(UTC)``:
    Python subtracts datetimes sharing a tzinfo by wall clock, wrong across a DST change."""

    task_id: str
    start: datetime  # aware, in the plan's time zone
    end: datetime


@dataclass(frozen=True)
class Unplaced:
    task_id: str
    title: str
    needed_minutes: int
    free_minutes_total: int  # usable free minutes left when this task's turn came
    message: str  # a sentence for the user, e.g. "Paint the lighthouse (4h) does not fit: 2h 35m free"


@dataclass(frozen=True)
class Plan:
    blocks: tuple[PlannedBlock, ...] = ()  # sorted by start
    unplaced: tuple[Unplaced, ...] = ()  # in the order the planner tried them
