"""What the Calendar region shows, as plain values: the view gets this, never the app.

Built from the occurrences and calendars every provider gave for the shown days; the view only
turns it into nodes (and keeps it, to show an event's details on a click).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from daypane.core.calendar.layout import DayLayout, layout_days, now_minute
from daypane.core.locale import ENGLISH, Conventions
from daypane.core.model import Occurrence
from daypane.core.providers.protocol import CalendarInfo
from daypane.core.tasks.blocks import BlockMark
from daypane.core.tasks.model import Task


@dataclass(frozen=True)
class CalendarScreen:
    layouts: list[DayLayout]
    today: date
    now: datetime
    tz: tzinfo
    tasks_by_day: Mapping[date, tuple[Task, ...]]
    colors: Mapping[str, str]           # calendar key -> colour
    names: Mapping[str, str]            # calendar key -> name, for an event's details
    now_minutes: Mapping[date, int | None]  # where the "now" line goes on each day, if shown
    blocks: Mapping[str, BlockMark] = field(default_factory=dict)  # occurrence uid -> its task's block
    conv: Conventions = ENGLISH         # how its dates and times are written


# Events side by side before "+N more": a week's day column is a seventh of the grid, a day's all of it.
WEEK_COLUMNS, DAY_COLUMNS = 3, 6


def calendar_screen(occurrences: Iterable[Occurrence], calendars: Iterable[CalendarInfo],
                    days: Sequence[date], tz: tzinfo, now: datetime,
                    tasks_by_day: Mapping[date, tuple[Task, ...]],
                    blocks: Mapping[str, BlockMark] | None = None, conv: Conventions = ENGLISH) -> CalendarScreen:
    infos = list(calendars)
    return CalendarScreen(
        layouts=layout_days(list(occurrences), list(days), tz, WEEK_COLUMNS if len(days) > 1 else DAY_COLUMNS),
        today=now.astimezone(tz).date(), now=now, tz=tz, tasks_by_day=tasks_by_day,
        colors={c.key: c.color for c in infos}, names={c.key: c.name for c in infos},
        now_minutes={day: now_minute(now, day, tz) for day in days}, blocks=blocks or {}, conv=conv)
