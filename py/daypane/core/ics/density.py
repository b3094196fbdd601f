"""How often can a recurrence rule repeat? Read from the rule alone, before anything is expanded.

A rule such as ``FREQ=MINUTELY`` gives 10,080 occurrences a week; dateutil produces them one by
one from DTSTART (years of them before the week asked for) and the page freezes. So a rule that
can repeat more often than every 15 minutes is never expanded: ``day_blocks`` draws it as one
block per day covering the hours it can take, from the rule's own parts. 15 minutes is the
shortest slot a week column can show legibly, and a series at that pace places at most 96
occurrences a day, which the layout handles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

DENSE_GAP = 15 * 60  # seconds: closer together than this is "dense"
MAX_PER_DAY = 24 * 3600 // DENSE_GAP  # 96: what a 15-minute series places in one day
_SUB_DAILY = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Density:
    """What a rule can do in one day: at most ``per_day`` occurrences, ``gap`` seconds apart at
    the closest, between ``first`` and ``last`` (seconds after midnight, wall clock)."""

    per_day: int
    gap: int
    first: int
    last: int

    @property
    def dense(self) -> bool:
        # More than a 15-minute series can place in a day, or closer than 15 minutes for more
        # than a handful a day (2-4 close reminders are drawn as they are).
        return self.per_day > MAX_PER_DAY or (self.gap < DENSE_GAP and self.per_day > 4)

    def words(self) -> str:
        """"every minute", "every 5 minutes", "every 30 seconds" or "up to 288 times a day"."""
        gap = self.gap
        if gap <= 0 or gap >= 86400:
            return f"up to {self.per_day} times a day"
        if gap % 3600 == 0:
            return "every hour" if gap == 3600 else f"every {gap // 3600} hours"
        if gap % 60 == 0:
            return "every minute" if gap == 60 else f"every {gap // 60} minutes"
        return "every second" if gap == 1 else f"every {gap} seconds"


def _parts(rule) -> dict[str, list]:
    """A vRecur (or plain dict) as {KEY: [values]}; icalendar keeps lists for every part."""
    out = {}
    for key, value in rule.items():
        out[str(key).upper()] = list(value) if isinstance(value, (list, tuple)) else [value]
    return out


def _ints(values: list, low: int, high: int) -> list[int] | None:
    try:
        found = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        return None
    return [v for v in found if low <= v <= high] or None


def _cyclic_gap(values: list[int], period: int) -> int:
    if len(values) < 2:
        return period
    steps = [b - a for a, b in zip(values, values[1:])]
    steps.append(values[0] + period - values[-1])
    return min(steps)


def density(rule, start: date) -> Density | None:
    """The rule's pace; None when the rule is not one Daypane can read (then it is expanded as
    before, under the per-series cap and time box)."""
    parts = _parts(rule)
    freq = str((parts.get("FREQ") or [""])[0]).upper()
    if not freq:
        return None
    try:
        interval = max(1, int((parts.get("INTERVAL") or [1])[0]))
    except (TypeError, ValueError):
        return None
    at = start if isinstance(start, datetime) else datetime.combine(start, time())
    unit = _SUB_DAILY.get(freq)
    # The time-of-day values the rule can take: its BY lists, else every value for the fields
    # finer than or equal to its frequency, else DTSTART's own value (RFC 5545 3.3.10).
    fields = []
    for key, span, size, default in (("BYHOUR", 23, 3600, at.hour), ("BYMINUTE", 59, 60, at.minute),
                                     ("BYSECOND", 60, 1, at.second)):
        listed = _ints(parts[key], 0, span) if key in parts else None
        if listed is None:
            every = unit is not None and unit <= size
            listed = list(range(span + 1 if span != 60 else 60)) if every else [default]
        fields.append((listed, size))
    hours, minutes, seconds = (f[0] for f in fields)
    count = len(hours) * len(minutes) * len(seconds)
    finest = next((f for f in reversed(fields) if len(f[0]) > 1), None)
    gap = 86400 if finest is None else _cyclic_gap(finest[0], 60 if finest[1] < 3600 else 24) * finest[1]
    if unit is not None:
        step = unit * interval
        if finest is None or finest[1] >= unit:  # the interval spaces the finest field itself
            gap = max(gap, step)
        # Within a step, only the fields finer than the frequency add occurrences.
        finer = {1: 1, 60: len(seconds), 3600: len(minutes) * len(seconds)}[unit]
        count = min(count, -(-86400 // step) * finer)
    first = hours[0] * 3600 + minutes[0] * 60 + seconds[0]
    last = hours[-1] * 3600 + minutes[-1] * 60 + seconds[-1]
    return Density(per_day=max(1, count), gap=gap, first=first, last=min(last, 86399))


def _day_allowed(parts: dict[str, list], day: date) -> bool:
    """The day-level filters that are cheap to apply exactly; the others (ordinal BYDAY,
    BYYEARDAY, BYWEEKNO, BYSETPOS) are not applied, so the block may be drawn on more days."""
    if "BYMONTH" in parts:
        months = _ints(parts["BYMONTH"], 1, 12)
        if months is not None and day.month not in months:
            return False
    if "BYMONTHDAY" in parts:
        days = _ints(parts["BYMONTHDAY"], -31, 31)
        if days is not None:
            length = ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day
            if day.day not in {d if d > 0 else length + 1 + d for d in days}:
                return False
    if "BYDAY" in parts:
        names = [str(v).upper() for v in parts["BYDAY"]]
        if all(n in _WEEKDAYS for n in names) and _WEEKDAYS[day.weekday()] not in names:
            return False
    return True


def series_end(parts: dict[str, list], start: datetime, pace: Density) -> datetime | None:
    """The latest a dense series can run: UNTIL, or COUNT at its pace (exact for a plain
    every-N rule; for lists, the count spread over days of ``per_day``)."""
    until = (parts.get("UNTIL") or [None])[0]
    if isinstance(until, datetime):
        if until.tzinfo is None and start.tzinfo is not None:
            until = until.replace(tzinfo=start.tzinfo)
        return until
    if isinstance(until, date):
        return datetime.combine(until + timedelta(days=1), time(), tzinfo=start.tzinfo)
    if "COUNT" in parts:
        try:
            count = max(1, int(parts["COUNT"][0]))
        except (TypeError, ValueError):
            return None
        if pace.per_day * pace.gap >= 86400 - pace.gap:  # regular all day long
            return start + timedelta(seconds=min((count - 1) * pace.gap, 10**10))
        return start + timedelta(days=min(-(-count // pace.per_day), 10**6))
    return None


def day_blocks(rule, start: datetime, length: timedelta, zone: tzinfo, window_start: datetime,
               window_end: datetime) -> list[tuple[datetime, datetime]]:
    """One (start, end) per day of the window on which a dense series runs, in the series'
    own zone: from its first to its last time of day (plus one occurrence's length), clipped
    to when the series starts and ends. ``start`` is an aware DTSTART. A series that runs all
    day long is cut at the viewer's midnights instead (the window's zone): one block per column.
    """
    parts = _parts(rule)
    pace = density(rule, start)
    if pace is None:
        return []
    if pace.first == 0 and pace.last + max(length.total_seconds(), pace.gap) >= 86400:
        zone = window_start.tzinfo or zone
        pace = Density(pace.per_day, pace.gap, 0, 86399)
    end = series_end(parts, start, pace)
    low = max(start, window_start)
    high = window_end if end is None else min(window_end, end + length)
    if low >= high:
        return []
    blocks = []
    day = low.astimezone(zone).date()
    last_day = high.astimezone(zone).date()
    while day <= last_day:
        if _day_allowed(parts, day):
            midnight = datetime.combine(day, time(), tzinfo=zone)
            begin = max(midnight + timedelta(seconds=pace.first), start)
            finish = midnight + timedelta(seconds=pace.last) + max(length, timedelta(seconds=pace.gap))
            finish = min(finish, datetime.combine(day + timedelta(days=1), time(), tzinfo=zone))
            if end is not None:
                finish = min(finish, end + length)
            if begin < finish and begin < window_end and finish > window_start:
                blocks.append((begin, finish))
        day += timedelta(days=1)
    return blocks
