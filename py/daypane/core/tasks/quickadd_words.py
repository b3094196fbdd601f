"""The shape of a quick-add words table: everything language-specific the parser needs.

A language is one `Words` value (see quickadd_en.py); the parser in quickadd.py holds no word of
any language, so adding one is a new table, not new code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    # Days. Keys are lower-case; weekday numbers follow date.weekday() (Monday 0).
    relative_days: dict[str, int]  # "today" -> 0, "tomorrow" -> 1
    weekdays: dict[str, int]
    months: dict[str, int]
    ordinal_suffixes: tuple[str, ...]  # "12th", "1st": suffixes a day number may carry
    this: tuple[str, ...]  # "this monday" = "monday"
    next: tuple[str, ...]  # "next monday", "next week"
    week: tuple[str, ...]
    in_: tuple[str, ...]  # "in 3 days"
    one: tuple[str, ...]  # "in a week"
    units: dict[str, str]  # "days" -> "DAILY": the unit of "in N ..." and "every N ..."
    # Prefixes that give a phrase its role.
    on: tuple[str, ...]  # "on friday": scheduled
    due: tuple[str, ...]  # "due friday", "by friday": due
    at: tuple[str, ...]  # "at 9"
    for_: tuple[str, ...]  # "for 30m"
    # Times and durations.
    am: tuple[str, ...]
    pm: tuple[str, ...]
    named_times: dict[str, tuple[int, int]]  # "noon" -> (12, 0)
    minutes: tuple[str, ...]  # unit words and suffixes: "m", "min", "minutes"
    hours: tuple[str, ...]
    # Recurrence.
    every: tuple[str, ...]
    other: tuple[str, ...]  # "every other week": interval 2
    and_: tuple[str, ...]  # "every monday and thursday"
    the: tuple[str, ...]  # "every month on the 15th"
    frequencies: dict[str, str]  # "daily" -> "DAILY"
    weekday_sets: dict[str, tuple[int, ...]]  # "weekday" -> Monday..Friday
    ordinals: dict[str, int]  # "first" -> 1, "last" -> -1: "every first monday"
    # Priority and lists: the words after "!"; "#" needs none.
    priorities: dict[str, str]
    # Words before which a day word is a noun ("the Sun", "a Monday"): see THE RULE in quickadd.py.
    determiners: tuple[str, ...]
    # How the preview speaks.
    day_names: tuple[str, ...]  # Mon..Sun
    weekday_names: tuple[str, ...]  # Monday..Sunday
    month_names: tuple[str, ...]  # Jan..Dec
    ordinal_names: dict[int, str]  # 1 -> "first", -1 -> "last"
    unit_names: dict[str, tuple[str, str]]  # "WEEKLY" -> ("week", "weeks")
    frequency_names: dict[str, str]  # "WEEKLY" -> "weekly"
    weekday_set_names: dict[tuple[int, ...], str]  # (0..4) -> "weekday"
    says: dict[str, str]  # templates: "scheduled" -> "Scheduled {day}", ...
