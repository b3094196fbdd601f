"""When can a series possibly happen? Its time span, read cheaply from DTSTART/DTEND/DURATION,
RRULE (FREQ, INTERVAL, UNTIL, COUNT), RDATE and RECURRENCE-ID without parsing the event.

The span is *conservative*: wall-clock times are read as if they were UTC and widened by ``PAD``
(more than any UTC offset, floating zone or all-day placement); a series without UNTIL/COUNT is
unbounded. Seconds are on the proleptic-ordinal scale (``date.toordinal() * 86400 + seconds``).
Anything not read with certainty raises ``Doubt``, and icalendar decides about that event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from daypane.core.ics.checks import RRULE_PARTS
from daypane.core.ics.index.scan import Doubt, split_line, unescape

# Wall-clock times are indexed as if they were UTC. Real offsets are within ±14 h, floating times
# take the viewer's zone and all-day dates the zone of the query: two days covers all of them.
PAD = 2 * 86400
_DAY = 86400

_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_DURATION = re.compile(r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
_INT_LIST = re.compile(r"[+-]?\d{1,3}(?:,[+-]?\d{1,3})*")
_BYDAY = re.compile(r"(?:[+-]?\d{0,2}(?:MO|TU|WE|TH|FR|SA|SU))(?:,[+-]?\d{0,2}(?:MO|TU|WE|TH|FR|SA|SU))*")
_FREQ_SECONDS = {
    "SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": _DAY, "WEEKLY": 7 * _DAY,
    "MONTHLY": 31 * _DAY, "YEARLY": 366 * _DAY,
}


def seconds(moment: datetime) -> int:
    """An aware datetime on the index's scale (UTC)."""
    if moment.tzinfo is None:
        raise ValueError("needs a timezone-aware datetime")
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:  # the first or last day datetime can hold (tools.fuzz): the PAD covers it
        utc = moment.replace(tzinfo=None)
    return utc.toordinal() * _DAY + utc.hour * 3600 + utc.minute * 60 + utc.second


def _moment(value: str, params: dict[str, str] | None = None) -> tuple[int, bool]:
    """(seconds on the ordinal scale as if the wall-clock time were UTC, is_date)."""
    match = _DATE_TIME.fullmatch(value.strip())
    if match is None:
        raise Doubt(value)
    y, mo, d, h, mi, s, zulu = match.groups()
    kind = (params or {}).get("VALUE", "").upper()
    if kind == "DATE" and h is not None or kind == "DATE-TIME" and h is None:
        raise Doubt(value)
    if zulu and params and "TZID" in params:
        raise Doubt(value)
    try:
        day = date(int(y), int(mo), int(d)).toordinal() * _DAY
        if h is None:
            return day, True
        hour, minute, second = int(h), int(mi), int(s)
        if hour > 23 or minute > 59 or second > 59:
            raise Doubt(value)
    except ValueError as error:
        raise Doubt(value) from error
    return day + hour * 3600 + minute * 60 + second, False


def _duration(value: str) -> int:
    match = _DURATION.fullmatch(value.strip())
    if match is None or value.strip().rstrip("T").endswith("P"):
        raise Doubt(value)
    sign, weeks, days, hours, minutes, seconds_ = match.groups()
    try:  # icalendar refuses what timedelta cannot hold
        total = timedelta(weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
                          minutes=int(minutes or 0), seconds=int(seconds_ or 0))
    except OverflowError as error:
        raise Doubt(value) from error
    total = int(total.total_seconds())
    return -total if sign == "-" else total


def _rrule_end(rule: str, start: int, start_is_date: bool, start_value: str) -> int | None:
    """Latest possible start of an occurrence (seconds, unpadded); None when unbounded."""
    parts: dict[str, str] = {}
    for item in rule.strip().split(";"):
        if not item:
            continue
        key, sep, value = item.partition("=")
        key = key.strip().upper()
        if not sep or key not in RRULE_PARTS or key in parts:
            raise Doubt(rule)
        parts[key] = value.strip().upper()
    if not parts:
        return start  # "RRULE:" with nothing after it: no repetition
    freq = parts.get("FREQ")
    if freq not in _FREQ_SECONDS:
        raise Doubt(rule)
    for key, value in parts.items():
        if key in ("COUNT", "INTERVAL") and not value.isdigit() or key == "INTERVAL" and int(value) < 1:
            raise Doubt(rule)  # INTERVAL=0: checks.py skips the event, icalendar decides exactly
        if key == "BYDAY" and not _BYDAY.fullmatch(value):
            raise Doubt(rule)
        if key == "BYDAY" and any(c.isdigit() for c in value) and freq not in ("MONTHLY", "YEARLY"):
            raise Doubt(rule)  # checks.py refuses it: icalendar decides exactly
        if key == "BYWEEKNO" and freq != "YEARLY":
            raise Doubt(rule)
        if key == "WKST" and value not in ("MO", "TU", "WE", "TH", "FR", "SA", "SU"):
            raise Doubt(rule)
        if key.startswith("BY") and key != "BYDAY" and not _INT_LIST.fullmatch(value):
            raise Doubt(rule)
    bounds = []
    if "UNTIL" in parts:
        until, until_is_date = _moment(parts["UNTIL"])
        bounds.append(until + (_DAY if until_is_date else 0))
    if "COUNT" in parts:
        bounds.append(_count_end(parts, start, start_is_date, start_value))
    if not bounds:
        return None
    return max(bounds)  # both given (not allowed): whichever a reader honours


def _count_end(parts: dict[str, str], start: int, start_is_date: bool, start_value: str) -> int:
    count = int(parts["COUNT"])
    interval = max(1, int(parts.get("INTERVAL", "1") or 1))
    freq = parts["FREQ"]
    by = {key for key in parts if key.startswith("BY")}
    # Every period holds at least one occurrence: the bound is plain arithmetic.
    if not by and freq in ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY"):
        return start + count * interval * _FREQ_SECONDS[freq]
    if by == {"BYDAY"} and freq == "WEEKLY" and not any(c.isdigit() for c in parts["BYDAY"]):
        return start + (count * interval + 1) * _FREQ_SECONDS[freq]
    day = int(start_value.strip()[6:8])
    if not by and freq == "MONTHLY" and day <= 28:
        return start + (count * interval + 1) * _FREQ_SECONDS[freq]
    if not by and freq == "YEARLY" and start_value.strip()[4:8] != "0229":
        return start + (count * interval + 1) * _FREQ_SECONDS[freq]
    # Rules that may skip periods (BYMONTHDAY=31, BYMONTH=2;BYMONTHDAY=29, …): expand them.
    if count > 5000:
        raise Doubt("COUNT too large to expand")
    from dateutil.rrule import rrulestr  # a dependency of icalendar; only needed here

    first = datetime.fromordinal(start // _DAY) + timedelta(seconds=start % _DAY)
    rule = ";".join(f"{key}={value}" for key, value in parts.items() if key != "UNTIL")
    try:
        last = list(rrulestr(rule, dtstart=first, cache=False))[-1]
    except Exception as error:  # noqa: BLE001 - dateutil refuses: unbounded
        raise Doubt(rule) from error
    return last.toordinal() * _DAY + last.hour * 3600 + last.minute * 60 + last.second


@dataclass
class EventFacts:
    """What the index keeps of one VEVENT: its series, its padded span (None: unbounded) and the
    TZIDs it names."""

    uid: str
    lo: int | None
    hi: int | None
    tzids: set[str]
    master: bool  # no RECURRENCE-ID


def event_facts(lines: list[tuple[str, str]]) -> EventFacts:
    """Facts about one VEVENT from its (NAME, unfolded line) pairs. Raises Doubt when the
    event may be one that parse_calendar skips (then icalendar checks it)."""
    uid = ""
    seen_uid = False
    values: dict[str, list[tuple[dict[str, str], str]]] = {}
    tzids: set[str] = set()
    for _name, line in lines:
        name, params, value = split_line(line)
        if name == "UID":
            if not seen_uid:
                uid, seen_uid = unescape(value), True
            continue
        values.setdefault(name, []).append((params, value))
        if "TZID" in params:
            tzids.add(params["TZID"].strip())
    for name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
        if len(values.get(name, ())) > 1:
            raise Doubt(name)
    if "DTSTART" not in values:
        raise Doubt("no DTSTART")
    start_params, start_value = values["DTSTART"][0]
    start, start_is_date = _moment(start_value, start_params)
    times = [start]  # possible occurrence starts
    ends = []  # possible occurrence ends (beyond start + length)
    length = 0
    if "DTEND" in values:
        end, _ = _moment(values["DTEND"][0][1], values["DTEND"][0][0])
        ends.append(end)
        length = abs(end - start)
    if "DURATION" in values:
        length = max(length, abs(_duration(values["DURATION"][0][1])))
    if start_is_date:
        length = max(length, _DAY)
    unbounded_before = unbounded_after = False
    if "RECURRENCE-ID" in values:
        params, value = values["RECURRENCE-ID"][0]
        times.append(_moment(value, params)[0])
        if params.get("RANGE", "").upper() == "THISANDFUTURE":
            unbounded_before = unbounded_after = True  # shifts every later occurrence
    for params, value in values.get("RDATE", ()):
        kind = params.get("VALUE", "").upper()
        for item in value.split(","):
            if kind == "PERIOD" or "/" in item:
                first, _, second = item.partition("/")
                begin = _moment(first)[0]
                times.append(begin)
                ends.append(begin + abs(_duration(second)) if "P" in second else _moment(second)[0])
            else:
                times.append(_moment(item, params)[0])
    for params, value in values.get("EXDATE", ()):
        for item in value.split(","):
            _moment(item, params)  # only checked: an unreadable EXDATE skips the event
    for _params, value in values.get("RRULE", ()):
        last = _rrule_end(value, start, start_is_date, start_value)
        if last is None:
            unbounded_after = True
        else:
            times.append(last)
    lo = None if unbounded_before else min(times + ends) - PAD
    hi = None if unbounded_after else max([max(times) + length, *ends]) + PAD
    return EventFacts(uid, lo, hi, tzids, "RECURRENCE-ID" not in values)
