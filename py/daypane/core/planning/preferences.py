"""The user's planning preferences (Settings, "Working hours"): hours per weekday, the buffer
between blocks, and whether long tasks may be split; checked here, stored by core.settings.

A day that is not a working day keeps its times (``DayHours.works`` off), so unticking Saturday
and ticking it again brings back what the user had typed, and the stored form always has both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import time

from daypane.core.planning.inputs import WEEKDAY_NAMES as WEEKDAYS
from daypane.core.planning.inputs import WorkingHours

MAX_BUFFER_MINUTES = 120  # two hours between blocks is already a day of gaps; more is a typo


@dataclass(frozen=True)
class DayHours:
    works: bool = True
    start: time = time(9)
    end: time = time(17)


def _office_week() -> tuple[DayHours, ...]:
    return (DayHours(),) * 5 + (DayHours(works=False),) * 2


@dataclass(frozen=True)
class PlanPreferences:
    days: tuple[DayHours, ...] = field(default_factory=_office_week)  # Monday first
    buffer_minutes: int = 5
    split: bool = False

    def __post_init__(self):
        found = problems(self.days, self.buffer_minutes)
        if found:
            raise ValueError(found[0])

    def working_hours(self) -> WorkingHours:
        return WorkingHours(tuple((d.start, d.end) if d.works else None for d in self.days))


def problems(days: Sequence[DayHours], buffer_minutes: int) -> list[str]:
    """Every reason these preferences cannot be used, as sentences for the user ([] when fine).
    A day off's times are not checked: the planner never reads them."""
    found = []
    if len(days) != 7:
        return ["Working hours need one entry per weekday, Monday first."]
    for name, day in zip(WEEKDAYS, days):
        if day.works and day.end <= day.start:
            found.append(f"{name}: the end ({day.end:%H:%M}) must be after the start ({day.start:%H:%M}).")
    if isinstance(buffer_minutes, bool) or not isinstance(buffer_minutes, int) \
            or not 0 <= buffer_minutes <= MAX_BUFFER_MINUTES:
        found.append(f"The buffer between blocks must be a whole number of minutes from 0 to {MAX_BUFFER_MINUTES}.")
    return found


def _clock(text: str, what: str) -> time:
    try:
        hour, minute = (int(part) for part in text.strip().split(":")[:2])
        return time(hour, minute)
    except (ValueError, TypeError):
        raise ValueError(f"{what} needs a time like 09:00.") from None


def from_form(days: Sequence[tuple[bool, str, str]], buffer: str, split: bool) -> tuple[PlanPreferences | None, list[str]]:
    """What the Settings form says: (works, "HH:MM", "HH:MM") per weekday, the buffer as typed.
    (preferences, []) when it can be saved, else (None, every problem)."""
    found: list[str] = []
    parsed: list[DayHours] = []
    for name, (works, start, end) in zip(WEEKDAYS, days):
        try:
            parsed.append(DayHours(bool(works), _clock(start, f"{name}'s start"), _clock(end, f"{name}'s end")))
        except ValueError as error:
            if works:
                found.append(str(error))
            parsed.append(DayHours(False))  # a day off with unreadable times: nothing to plan there
    try:
        minutes = int(buffer.strip())
    except ValueError:
        minutes = -1  # not a number: reported with the range below
    found += problems(parsed, minutes)
    if found:
        return None, found
    return PlanPreferences(tuple(parsed), minutes, bool(split)), []


def dump(prefs: PlanPreferences) -> dict:
    return {
        "days": [{"works": d.works, "start": f"{d.start:%H:%M}", "end": f"{d.end:%H:%M}"} for d in prefs.days],
        "bufferMinutes": prefs.buffer_minutes,
        "split": prefs.split,
    }


def read(data: dict | None) -> PlanPreferences:
    """The stored form; a missing part (settings stored before working hours existed) is the default."""
    if not data:
        return PlanPreferences()
    default = PlanPreferences()
    days = default.days
    if "days" in data:
        days = tuple(DayHours(bool(d["works"]), _clock(d["start"], "A stored start"), _clock(d["end"], "A stored end"))
                     for d in data["days"])
    return PlanPreferences(days, int(data.get("bufferMinutes", default.buffer_minutes)),
                           bool(data.get("split", default.split)))
