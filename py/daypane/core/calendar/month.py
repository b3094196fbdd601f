"""The month view as plain values: whole weeks from the locale's first weekday, each day with the
first few of its events as one-line chips, how many more there are, and its scheduled tasks.

A crowded day shows its first chips and "+N more" (as Outlook and Google do) rather than growing:
the grid keeps its shape, and a month of a busy calendar stays a few hundred nodes.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from daypane.core.calendar.layout import DayLayout
from daypane.core.model import Occurrence
from daypane.core.tasks.task import Task

MAX_CHIPS = 3  # events per day before "+N more" (a 1280 x 800 month row holds about four lines)
MAX_TASKS = 2  # scheduled tasks listed per day; the rest are counted with the events


@dataclass(frozen=True)
class Chip:
    occurrence: Occurrence
    minute: int | None  # its start on that day, wall clock; None for an all-day event


@dataclass(frozen=True)
class MonthDay:
    day: date
    in_month: bool          # False for the days of the neighbouring months that fill the weeks
    is_today: bool
    chips: tuple[Chip, ...]
    more: tuple[Chip, ...]  # what "+N more" lists
    tasks: tuple[Task, ...]
    more_tasks: tuple[Task, ...] = ()

    @property
    def hidden_count(self) -> int:
        return len(self.more) + len(self.more_tasks)


def month_days(day: date, first_weekday: int = 0) -> list[date]:
    """Every day of the whole weeks that hold `day`'s month (four to six weeks), from the locale's
    first day of the week (a Python weekday, 0 Monday)."""
    first = day.replace(day=1)
    start = first - timedelta(days=(first.weekday() - first_weekday) % 7)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    weeks = -(-((following - start).days) // 7)
    return [start + timedelta(days=n) for n in range(weeks * 7)]


def step_month(day: date, direction: int) -> date:
    """The same day of the next (or previous) month, on its last day when it has fewer days."""
    year, month = divmod(day.year * 12 + day.month - 1 + direction, 12)
    if not 1 <= year <= 9999:  # past year 9999 or before year 1: stay put
        return day
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_grid(layouts: Sequence[DayLayout], month: date, today: date,
               tasks_by_day: Mapping[date, tuple[Task, ...]], max_chips: int = MAX_CHIPS) -> list[MonthDay]:
    """One MonthDay per laid-out day: all-day events first, then the rest by start."""
    found = []
    for layout in layouts:
        chips = [Chip(occ, None) for occ in layout.all_day]
        chips += [Chip(block.occurrence, None if block.continues_before else block.start_minute)
                  for block in sorted(layout.blocks, key=lambda b: (b.start_minute, b.column))]
        tasks = tuple(tasks_by_day.get(layout.day, ()))
        # A day with one chip too many shows it rather than "+1 more": the button would take its line.
        shown = len(chips) if len(chips) <= max_chips + 1 else max_chips
        found.append(MonthDay(layout.day, layout.day.month == month.month and layout.day.year == month.year,
                              layout.day == today, tuple(chips[:shown]), tuple(chips[shown:]),
                              tasks[:MAX_TASKS], tasks[MAX_TASKS:]))
    return found


# The mini month's keys, as the ARIA date-picker grid has them: (days, months) to move by.
MINI_KEYS = {"ArrowLeft": (-1, 0), "ArrowRight": (1, 0), "ArrowUp": (-7, 0), "ArrowDown": (7, 0),
             "PageUp": (0, -1), "PageDown": (0, 1)}


def moved(day: date, key: str) -> date | None:
    """Where a key in the mini month moves from `day`; None for a key that does not move."""
    if key not in MINI_KEYS:
        return None
    days, months = MINI_KEYS[key]
    try:
        return step_month(day, months) + timedelta(days=days)
    except OverflowError:  # before year 1 or after 9999
        return day
