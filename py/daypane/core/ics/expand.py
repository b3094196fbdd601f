"""Expand each series of a calendar for one range, with bounded work.

recurring_ical_events expands a whole calendar in one call, and dateutil walks every series from
its DTSTART. A hostile or broken file then freezes the page: a minutely series gives 10,080
occurrences a week, a 15-minute series that started in 2000 costs seconds to reach this week.
So every series is expanded on its own, under three bounds:

- a rule that repeats more often than every 15 minutes (``density``) is not expanded at all: it
  becomes one block per day;
- a rule without COUNT (or a plain every-N rule with one, its count reduced to match) is
  fast-forwarded: its DTSTART moved by whole periods (the pattern repeats exactly after them) to
  just before the range, so dateutil skips the years before it;
- at most ``cap`` occurrences per series and range (``CAP_PER_DAY`` a day of the range), and
  ``SERIES_BUDGET`` seconds per series: past either, the series is cut short and said so.

What was bounded is reported as a ``Bounded`` (a sentence naming the event) for the UI.
"""

from __future__ import annotations

import time as clock
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from math import gcd

from daypane.core.ics.density import MAX_PER_DAY, day_blocks, density

# A series repeating every 15 minutes places 96 a day; the rule check sends anything denser to
# blocks. So only what it could not see (RDATE floods, thousands of overrides) reaches 100 a day:
# 700 for a week range, 100 for a day.
CAP_PER_DAY = 100
# Per series, per range. The page must answer within ~100 ms; a range holds several series,
# and Pyodide runs 3-5 times slower than CPython, where the same loop is measured.
SERIES_BUDGET = 0.05
_CLOCK_AFTER_PER_DAY = 24
_STEP_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 7 * 86400}
_FREQ_NAMES = {6: "SECONDLY", 5: "MINUTELY", 4: "HOURLY", 3: "DAILY", 2: "WEEKLY"}  # dateutil's


@dataclass(frozen=True)
class Bounded:
    """A series drawn simplified: ``uid``, its title and the sentence the user reads."""

    uid: str
    title: str
    message: str


@dataclass
class Found:
    """One range's expansion: components as recurring_ical_events gives them, plus the day
    blocks of dense series as (master component, start, end, words)."""

    components: list
    blocks: list
    bounded: list


def _title(component) -> str:
    value = component.get("SUMMARY")
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value else "An untitled event"


def _quoted(title: str) -> str:
    return f"“{title}”" if title != "An untitled event" else title


def series_uid(event) -> str:
    """The key recurring_ical_events gives a series: its UID, or for an event without one the
    object's id (an event without UID was expanded in full before: tools.fuzz, 7.6 s)."""
    return str(event.get("UID", str(id(event))))


def dense_masters(events) -> dict[str, tuple]:
    """UID -> (master VEVENT, words) for the series whose rule is dense."""
    found = {}
    for event in events:
        if "RECURRENCE-ID" in event or "RRULE" not in event:
            continue
        rules = event["RRULE"] if isinstance(event["RRULE"], list) else [event["RRULE"]]
        start = getattr(event.get("DTSTART"), "dt", None)
        if not isinstance(start, date):
            continue
        for rule in rules:
            try:
                pace = density(rule, start)
            except Exception:  # noqa: BLE001 - unreadable pace: expanded under the cap instead
                pace = None
            if pace is None:
                continue
            # Occurrences that each outlast many repeats pile up just the same: a 15-minute
            # series lasting 2,025 years each overlaps every range millions of times (tools.fuzz).
            first = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
            piled = pace.gap > 0 and _length(event, first).total_seconds() / pace.gap > MAX_PER_DAY
            if pace.dense or piled:
                found[series_uid(event)] = (event, pace.words())
                break
    return found


def expand(series_list, dense: dict[str, tuple], start: datetime, end: datetime, days: int,
           floating_tz: tzinfo, keep_recurrence: bool = False) -> Found:
    """Every series of ``series_list`` (recurring_ical_events Series) in [start, end)."""
    cap = CAP_PER_DAY * max(1, days)
    floor = _CLOCK_AFTER_PER_DAY * max(1, days)
    found = Found([], [], [])
    seen_dense: set[str] = set()
    for series in series_list:
        uid = str(getattr(series, "_uid", ""))
        if uid in dense:
            if uid not in seen_dense:  # overrides of a dense series are inside its blocks
                seen_dense.add(uid)
                _dense_blocks(dense[uid], start, end, floating_tz, found)
            continue
        _bounded_series(series, start, end, cap, floor, keep_recurrence, found)
    return found


def _dense_blocks(entry: tuple, start: datetime, end: datetime, floating_tz: tzinfo, found: Found) -> None:
    master, words = entry
    title = _title(master)
    found.bounded.append(Bounded(series_uid(master), title,
                                 f"{_quoted(title)} repeats {words}; Daypane shows it as one block per day."))
    first = master["DTSTART"].dt
    if not isinstance(first, datetime):
        first = datetime.combine(first, datetime.min.time())
    zone = first.tzinfo or floating_tz
    first = first if first.tzinfo else first.replace(tzinfo=zone)
    length = _length(master, first)
    rules = master["RRULE"] if isinstance(master["RRULE"], list) else [master["RRULE"]]
    try:
        blocks = day_blocks(rules[0], first, length, zone, start, end)
    except (ValueError, OverflowError, TypeError):
        blocks = []
    for begin, finish in blocks:
        found.blocks.append((master, begin, finish, words))


def _length(master, first: datetime) -> timedelta:
    end = getattr(master.get("DTEND"), "dt", None)
    duration = getattr(master.get("DURATION"), "dt", None)
    try:
        if isinstance(end, datetime):
            return max(timedelta(0), (end if end.tzinfo else end.replace(tzinfo=first.tzinfo)) - first)
    except TypeError:
        pass
    if isinstance(duration, timedelta):
        return max(timedelta(0), duration)
    return timedelta(0)


def _bounded_series(series, start, end, cap, floor, keep_recurrence, found: Found) -> None:
    deadline = clock.monotonic() + SERIES_BUDGET
    _fast_forward(series, start)
    taken = 0
    why = ""
    try:
        for occurrence in series.between(start, end):
            found.components.append(occurrence.as_component(keep_recurrence))
            taken += 1
            if taken >= cap:
                why = f"has more than {cap} occurrences in these days; Daypane shows the first {cap}."
                break
            # The clock is read only past an hourly series' worth, so that a busy machine never
            # cuts an ordinary series short.
            if taken >= floor and clock.monotonic() > deadline:
                why = "takes too long to work out; Daypane shows only the occurrences it found in time."
                break
    except Exception:  # noqa: BLE001 - a series that fails is left out (what it gave is kept)
        return
    if why:
        title = _series_title(series)
        found.bounded.append(Bounded(str(getattr(series, "_uid", "")), title, f"{_quoted(title)} {why}"))


def _series_title(series) -> str:
    """The title of a series' first component. A series of overrides alone has no core, and
    recurring_ical_events raises NotImplementedError when asked for it (found by tools.fuzz)."""
    try:
        components = list(series.components)
        return _title(components[0]._component) if components else "An untitled event"
    except Exception:  # noqa: BLE001 - only the words of a notice depend on it
        return "An untitled event"


def _fast_forward(series, start: datetime) -> None:
    """Move each COUNT-less rule's DTSTART to just before ``start`` by whole periods.

    After ``step`` (a whole number of the rule's periods and of days) the rule's pattern repeats
    exactly in wall-clock time (time-of-day, weekday and the BY filters, which look at dates),
    so starting there gives the same occurrences from there on. The originals are kept, so a
    later, earlier range starts from them again."""
    recurrence = getattr(series, "recurrence", None)
    rules = getattr(recurrence, "rrules", None)
    if not rules:
        return
    originals = getattr(series, "_daypane_rules", None)
    if originals is None:
        originals = series._daypane_rules = list(rules)
    reach = getattr(series, "_subtract_from_start", timedelta(0))
    shifted = [originals[0]]
    for rule in originals[1:]:
        shifted.append(_shifted(rule, start, reach))
    recurrence.rrules = shifted


def _shifted(rule, start: datetime, reach: timedelta):
    freq = _FREQ_NAMES.get(getattr(rule, "_freq", None))
    first = getattr(rule, "_dtstart", None)
    count = getattr(rule, "_count", None)
    # With COUNT, only a plain every-N rule (one occurrence per period, no BY parts) can move:
    # then the periods skipped are exactly the occurrences to take off the count.
    plain = not getattr(rule, "_original_rule", {"?": 1})
    if freq is None or (count is not None and not plain) or not isinstance(first, datetime):
        return rule
    try:
        unit = _STEP_SECONDS[freq] * max(1, int(rule._interval))
        step = unit * 86400 // gcd(unit, 86400)  # whole periods and whole days
        target = start.astimezone(first.tzinfo) if first.tzinfo else start.replace(tzinfo=None)
        if first.tzinfo is not None and start.tzinfo is not None:
            target = target.replace(tzinfo=first.tzinfo)
        # Two days' slack: wall-clock offsets, floating times and all-day placement.
        distance = (target.replace(tzinfo=None) - first.replace(tzinfo=None)) - reach - timedelta(days=2)
        periods = int(distance.total_seconds() // step)
        if periods < 1:
            return rule
        moved_start = first + timedelta(seconds=periods * step)
        if count is None:
            moved = rule.replace(dtstart=moved_start)
        else:
            left = count - periods * (step // unit)
            # Spent before the range: an empty rule (UNTIL before its start) stands in for it.
            moved = (rule.replace(dtstart=moved_start, count=left) if left > 0 else
                     rule.replace(dtstart=moved_start, count=None, until=moved_start - timedelta(seconds=1)))
    except (OverflowError, ValueError, TypeError, AttributeError):
        return rule
    for name in ("until", "string"):  # recurring_ical_events reads these back
        if hasattr(rule, name):
            setattr(moved, name, getattr(rule, name))
    return moved
