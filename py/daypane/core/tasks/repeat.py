"""The Edit form's "Repeat" choices, mapped to and from RRULEs (core/tasks/recurrence.py).

The presets are named after a day (the task's scheduled day, else its due date, else today):
"Weekly on Wednesday", "Monthly on day 4", "Monthly on the first Wednesday". The rule a preset
writes names that day explicitly (BYDAY=WE, BYMONTHDAY=4), so another calendar app reading the
export repeats on the same days even if its DTSTART differs.

The option for the task's current rule has the value ``KEEP``: saving the form without touching
"Repeat" leaves the rule exactly as it was (a task moved from Monday to Tuesday this once keeps
repeating on Mondays; a rule no preset names, e.g. yearly, is shown as "Custom (…)" and kept).
Only choosing another option writes a new rule, from the day the form holds then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KEEP = "keep"
NONE = "none"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NTH = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
# The order the select lists them in.
PRESETS = (NONE, "daily", "weekdays", "weekly", "biweekly", "monthly_day", "monthly_weekday")


@dataclass(frozen=True)
class RepeatOption:
    value: str  # a preset name, or KEEP for the task's current rule
    label: str


def _nth(day: date) -> int:
    """Which of its weekday in the month ``day`` is: 1-4, or -1 for a fifth (not every month has
    one, so "the last" is the rule that always exists)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _preset(name: str, day: date) -> tuple[str, str]:
    """(label, rule) of a preset for ``day``."""
    weekday = WEEKDAYS[day.weekday()]
    name_of_day = _DAY_NAMES[day.weekday()]
    if name == NONE:
        return "Does not repeat", ""
    if name == "daily":
        return "Daily", "FREQ=DAILY"
    if name == "weekdays":
        return "Every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    if name == "weekly":
        return f"Weekly on {name_of_day}", f"FREQ=WEEKLY;BYDAY={weekday}"
    if name == "biweekly":
        return "Every 2 weeks", f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    if name == "monthly_day":
        return f"Monthly on day {day.day}", f"FREQ=MONTHLY;BYMONTHDAY={day.day}"
    if name == "monthly_weekday":
        n = _nth(day)
        return f"Monthly on the {_NTH[n]} {name_of_day}", f"FREQ=MONTHLY;BYDAY={n}{weekday}"
    raise ValueError(f"“{name}” is not a repeat choice.")


def _parts(rule: str) -> dict[str, str]:
    """A rule's parts, normalised so equal meanings compare equal: upper case, INTERVAL=1 and
    WKST=MO (the defaults) dropped, "+1WE" as "1WE", weekday lists in week order."""
    parts = {}
    for part in rule.upper().removeprefix("RRULE:").split(";"):
        if "=" not in part:
            continue
        key, value = (piece.strip() for piece in part.split("=", 1))
        if key == "BYDAY":
            days = [d.lstrip("+") for d in value.split(",")]
            value = ",".join(sorted(days, key=lambda d: (d[:-2], WEEKDAYS.index(d[-2:]) if d[-2:] in WEEKDAYS else 9)))
        parts[key] = value
    if parts.get("INTERVAL") == "1":
        del parts["INTERVAL"]
    if parts.get("WKST") == "MO":
        del parts["WKST"]
    return parts


# The part that names the day: without it a rule repeats on the task's own day.
_DAY_PART = {"weekly": "BYDAY", "biweekly": "BYDAY", "monthly_day": "BYMONTHDAY"}


def _implied(name: str, rule: str) -> dict[str, str]:
    """What the preset means when the day is left to the task's own day: quick-add writes
    "every week" as FREQ=WEEKLY, which repeats on the scheduled day's weekday, as BYDAY would."""
    parts = _parts(rule)
    parts.pop(_DAY_PART.get(name, ""), None)
    return parts


def recognise(rule: str, day: date) -> str | None:
    """The preset ``rule`` is for ``day``, or None when no preset says it ("" is NONE)."""
    if not rule.strip():
        return NONE
    parts = _parts(rule)
    for name in PRESETS[1:]:
        preset = _preset(name, day)[1]
        if parts in (_parts(preset), _implied(name, preset)):
            return name
    return None


def repeat_options(rule: str, day: date) -> tuple[RepeatOption, ...]:
    """The select's options for a task whose rule is ``rule``, named after ``day``: the presets,
    the one matching the current rule as KEEP, and "Custom (…)" (KEEP) for a rule none names."""
    current = recognise(rule, day)
    options = [RepeatOption(KEEP if name == current else name, _preset(name, day)[0]) for name in PRESETS]
    if current is None:
        options.append(RepeatOption(KEEP, f"Custom ({rule.removeprefix('RRULE:')})"))
    return tuple(options)


def chosen_rule(choice: str, current: str, day: date | None) -> str:
    """The rule to store for the option chosen: KEEP is ``current`` as it was; a preset is
    written for ``day`` (the scheduled day, else the due date), which a repeating task needs:
    the next one is counted from it."""
    if choice == KEEP:
        return current
    if choice == NONE:
        return ""
    if choice not in PRESETS:
        raise ValueError(f"“{choice}” is not a repeat choice.")
    if day is None:
        raise ValueError("A repeating task needs a day: fill in “Scheduled for” or “Due”, then choose how it repeats.")
    return _preset(choice, day)[1]


_UNITS = {"DAILY": ("Daily", "days"), "WEEKLY": ("Weekly", "weeks"),
          "MONTHLY": ("Monthly", "months"), "YEARLY": ("Yearly", "years")}


def short_label(rule: str) -> str:
    """A word or two for the task's line ("Daily", "Weekdays", "Every 2 weeks"); "" for none."""
    if not rule.strip():
        return ""
    parts = _parts(rule)
    if parts == _parts("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"):
        return "Weekdays"
    every, units = _UNITS.get(parts.get("FREQ", ""), ("Repeats", ""))
    interval = parts.get("INTERVAL", "1")
    if units and interval.isdigit() and int(interval) > 1:
        return f"Every {int(interval)} {units}"
    return every
