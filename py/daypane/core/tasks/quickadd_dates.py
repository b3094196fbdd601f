"""Quick-add's readers for days, clock times, durations and recurrences, and how days are said.

Each reader takes one phrase as lower-case tokens and a words table, and returns a value or None;
none of them decides where a phrase may stand (that is THE RULE, in quickadd.py).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, time, timedelta

from daypane.core.tasks.quickadd_words import Words

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545's, not a language's
_MAX_MINUTES = 100_000  # as an estimate's bound (model.parse_estimate): a typo, not a task
_INT = re.compile(r"\d{1,4}")


def say_day(words: Words, day: date, today: date) -> str:
    """'Wed 2 Dec', with the year only when it is not this year's."""
    said = f"{words.day_names[day.weekday()]} {day.day} {words.month_names[day.month - 1]}"
    return said if day.year == today.year else f"{said} {day.year}"


# ---- days --------------------------------------------------------------------------------


def next_weekday(today: date, weekday: int) -> date:
    """The next such weekday, today included."""
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _week_start(today: date, week_starts_on: int) -> date:
    return today - timedelta(days=(today.weekday() - week_starts_on) % 7)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day when it is shorter (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _day_number(words: Words, token: str) -> int | None:
    for suffix in ("", *words.ordinal_suffixes):
        number = token[: len(token) - len(suffix)] if suffix else token
        if token.endswith(suffix) and number.isdigit() and len(number) <= 2 and 1 <= int(number) <= 31:
            return int(number)
    return None


def _day_month(words: Words, day: int, month: int, year: int | None, today: date) -> date | None:
    """A calendar day; without a year, its next occurrence (today included)."""
    for candidate in ([year] if year else range(today.year, today.year + 9)):
        try:
            found = date(candidate, month, day)
        except ValueError:
            continue  # 29 Feb outside a leap year, 31 Apr: try the next year, or give up
        if year or found >= today:
            return found
    return None


def day(words: Words, low: tuple[str, ...], today: date, week_starts_on: int) -> date | None:
    if len(low) == 1:
        (word,) = low
        if word in words.relative_days:
            return today + timedelta(days=words.relative_days[word])
        if word in words.weekdays:
            return next_weekday(today, words.weekdays[word])
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
            try:
                return date.fromisoformat(word)
            except ValueError:
                return None
        return None
    first, second = low[0], low[1]
    if len(low) == 2 and first in words.this and second in words.weekdays:
        return next_weekday(today, words.weekdays[second])
    if len(low) == 2 and first in words.next:
        next_week = _week_start(today, week_starts_on) + timedelta(days=7)
        if second in words.week:
            return next_week
        if second in words.weekdays:
            return next_week + timedelta(days=(words.weekdays[second] - week_starts_on) % 7)
        return None
    if len(low) == 3 and first in words.in_ and low[2] in words.units:
        count = 1 if second in words.one else int(second) if _INT.fullmatch(second) else None
        if count is None:
            return None
        unit = words.units[low[2]]
        if unit in ("DAILY", "WEEKLY"):
            return today + timedelta(days=count * (7 if unit == "WEEKLY" else 1))
        return add_months(today, count * (12 if unit == "YEARLY" else 1))
    if len(low) in (2, 3):
        year = None
        if len(low) == 3:
            if not re.fullmatch(r"\d{4}", low[2]):
                return None
            year = int(low[2])
        if first in words.months and _day_number(words, second):
            return _day_month(words, _day_number(words, second), words.months[first], year, today)
        if second in words.months and _day_number(words, first):
            return _day_month(words, _day_number(words, first), words.months[second], year, today)
    return None


# ---- clock times and durations -----------------------------------------------------------


def clock(words: Words, low: tuple[str, ...], *, bare_hour: bool = False) -> time | None:
    """'15:00', '3pm', '3:30 pm', 'noon'; a bare '9' only after 'at' (bare_hour)."""
    if len(low) == 2 and (low[1] in words.am or low[1] in words.pm):
        low = (low[0] + low[1],)
    if len(low) != 1:
        return None
    word = low[0]
    if word in words.named_times:
        return time(*words.named_times[word])
    for suffixes, shift in ((words.am, 0), (words.pm, 12)):
        for suffix in sorted(suffixes, key=len, reverse=True):
            match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?" + re.escape(suffix), word)
            if match:
                hour, minute = int(match.group(1)), int(match.group(2) or 0)
                if 1 <= hour <= 12 and minute < 60:
                    return time(hour % 12 + shift, minute)
                return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", word) or (bare_hour and re.fullmatch(r"(\d{1,2})()", word))
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    return None


_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)([^\W\d_]+)(?:(\d{1,2})([^\W\d_]*))?")


def minutes(words: Words, low: tuple[str, ...]) -> int | None:
    """'30m', '45 min', '1h', '1h30', '1h30m', '1.5h', '2 hours', '1h 30m' -> minutes."""
    total = None
    if len(low) == 1:
        total = _amount(words, low[0])
    elif len(low) == 2 and re.fullmatch(r"\d+(?:[.,]\d+)?", low[0]):
        total = _amount(words, low[0] + low[1])
    elif len(low) == 2:
        hours, rest = _AMOUNT.fullmatch(low[0]), _AMOUNT.fullmatch(low[1])
        if hours and rest and hours.group(2) in words.hours and rest.group(2) in words.minutes \
                and not hours.group(3) and not rest.group(3):
            total = _amount(words, low[0]) + _amount(words, low[1])
    if total is None or not 0 < total <= _MAX_MINUTES:
        return None
    return total


def _amount(words: Words, word: str) -> int | None:
    match = _AMOUNT.fullmatch(word)
    if not match:
        return None
    number, unit, extra, extra_unit = match.groups()
    value = float(number.replace(",", "."))
    if unit in words.hours:
        if extra and (int(extra) >= 60 or extra_unit and extra_unit not in words.minutes):
            return None  # "1h75" is a typo, not 2 h 15 min
        return round(value * 60 + int(extra or 0))
    if unit in words.minutes and not extra:
        return round(value)
    return None


# ---- recurrences -------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    days = [d for d in calendar.Calendar().itermonthdates(year, month)
            if d.month == month and d.weekday() == weekday]
    return days[nth - 1] if nth > 0 and nth <= len(days) else days[-1] if nth == -1 else None


def recurrence(words: Words, low: tuple[str, ...], today: date) -> tuple[str, date, str] | None:
    """(RRULE body, first occurrence on or after today, how to say it)."""
    says = words.says
    if len(low) == 1 and low[0] in words.frequencies:
        freq = words.frequencies[low[0]]
        return f"FREQ={freq}", today, words.frequency_names[freq]
    if len(low) < 2 or low[0] not in words.every:
        return None
    rest = low[1:]
    if len(rest) == 1 and rest[0] in words.units:
        freq = words.units[rest[0]]
        return f"FREQ={freq}", today, says["every_unit"].format(unit=words.unit_names[freq][0])
    if len(rest) == 2 and rest[1] in words.units and (rest[0] in words.other or _INT.fullmatch(rest[0])):
        freq, count = words.units[rest[1]], 2 if rest[0] in words.other else int(rest[0])
        if count < 1:
            return None
        if count == 1:
            return f"FREQ={freq}", today, says["every_unit"].format(unit=words.unit_names[freq][0])
        said = says["every_n"].format(n=count, units=words.unit_names[freq][1])
        return f"FREQ={freq};INTERVAL={count}", today, said
    if len(rest) == 1 and rest[0] in words.weekday_sets:
        chosen = words.weekday_sets[rest[0]]
        said = says["every_set"].format(set=words.weekday_set_names[chosen])
        return _weekly(chosen, today, said)
    # "every monday", "every mon and thu": weekday names joined by "and".
    if all(word in words.weekdays for word in rest[::2]) and all(word in words.and_ for word in rest[1::2]) \
            and len(rest) % 2 == 1:
        chosen = tuple(sorted({words.weekdays[word] for word in rest[::2]}))
        names = says["list_and"].join(words.weekday_names[d] for d in chosen)
        return _weekly(chosen, today, says["every_days"].format(days=names))
    if len(rest) == 2 and rest[0] in words.ordinals and rest[1] in words.weekdays:
        nth, weekday = words.ordinals[rest[0]], words.weekdays[rest[1]]
        first = next(found for months in range(14)
                     if (found := _nth_weekday(*_year_month(today, months), weekday, nth))
                     and found >= today)
        said = says["monthly_nth"].format(ordinal=words.ordinal_names[nth], day=words.weekday_names[weekday])
        return f"FREQ=MONTHLY;BYDAY={nth}{BYDAY[weekday]}", first, said
    # "every month on the 15th"
    if len(rest) in (3, 4) and words.units.get(rest[0]) == "MONTHLY" and rest[1] in words.on \
            and (len(rest) == 3 or rest[2] in words.the):
        number = _day_number(words, rest[-1])
        if number is None:
            return None
        first = next(found for months in range(14)
                     if (found := _valid(*_year_month(today, months), number)) and found >= today)
        return f"FREQ=MONTHLY;BYMONTHDAY={number}", first, says["monthly_day"].format(n=number)
    return None


def _weekly(chosen: tuple[int, ...], today: date, said: str) -> tuple[str, date, str]:
    first = min(next_weekday(today, d) for d in chosen)
    return f"FREQ=WEEKLY;BYDAY={','.join(BYDAY[d] for d in chosen)}", first, said


def _year_month(today: date, months: int) -> tuple[int, int]:
    year, month = divmod(today.year * 12 + today.month - 1 + months, 12)
    return year, month + 1


def _valid(year: int, month: int, day_number: int) -> date | None:
    try:
        return date(year, month, day_number)
    except ValueError:
        return None
