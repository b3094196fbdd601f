"""Open a big .ics file fast: split it, index each series by time, parse only what is shown.

A full ``parse_calendar`` of a 10,000-event file costs tens of seconds in Pyodide (see
/work/shared/notes/ics-perf.md). This module reads the file with a line scanner instead:

1. ``IndexBuilder`` finds the top-level VEVENT blocks (and VTIMEZONEs) by their BEGIN/END lines and
   keeps only their offsets in the text. For each event it reads UID, DTSTART/DTEND/DURATION,
   RRULE (FREQ, INTERVAL, UNTIL, COUNT), RDATE and RECURRENCE-ID straight from the raw lines and
   records a *conservative* time span: wall-clock times are read as if UTC and widened by
   ``PAD`` (more than any UTC offset, floating zone or all-day placement), a series without
   UNTIL/COUNT is unbounded. Events are grouped by UID (a master and its overrides together).
   Building runs in chunks (``feed``) so the page can breathe between them.
2. ``LazyCalendar.occurrences`` picks the groups whose span overlaps the range, writes a small
   VCALENDAR of just those events (+ the calendar's own properties and the VTIMEZONEs they name)
   and hands it to ``daypane.core.ics.parse.parse_calendar``: every rule of the full path (Windows
   TZIDs, X-WR-TIMEZONE, EXDATE, overrides, cancelled, skipped components) applies unchanged.
3. ``IcsIndex.dump()/load()`` is plain JSON-able data, so a reload does not scan again.

Anything the scanner does not fully understand is handed to icalendar: a doubtful event is
checked exactly (alone), a doubtful time makes the span unbounded, and a file whose structure
is odd (stray lines, END without BEGIN, …) is opened with the full ``parse_calendar``
(``IcsIndex.fallback``). Correct first, fast for the files people actually have.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo

import icalendar
from icalendar.timezone import tzp

from daypane.core.ics.checks import component_problem
from daypane.core.ics.occurrence import text as prop_text
from daypane.core.ics.parse import IcsError, ParsedCalendar, _sort_key, parse_calendar
from daypane.core.ics.sniff import decode, not_a_calendar
from daypane.core.ics.summary import ImportSummary, Skipped
from daypane.core.model import Occurrence

__all__ = [
    "INDEX_VERSION",
    "IcsIndex",
    "IndexBuilder",
    "LazyCalendar",
    "build_index",
    "occurrences",
]

INDEX_VERSION = 1
# Wall-clock times are indexed as if they were UTC. Real offsets are within ±14 h, floating times
# take the viewer's zone and all-day dates the zone of the query: two days covers all of them.
PAD = 2 * 86400
_DAY = 86400

_NOT_EVENTS = {
    "VTODO": "to-dos are not calendar events",
    "VJOURNAL": "journal entries are not calendar events",
    "VFREEBUSY": "free/busy blocks are not calendar events",
    "VAVAILABILITY": "availability blocks are not calendar events",
}

# Component boundaries: a physical line starting with BEGIN: or END: (any case).
_BOUNDARY = re.compile(r"^(BEGIN|END)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$\n?", re.M | re.I)
_ODD_BOUNDARY = re.compile(r"^(?:BEGIN|END)[ \t]*;", re.M | re.I)
# The properties the index reads, with their continuation lines.
_PROPS = re.compile(
    r"^(UID|DTSTART|DTEND|DURATION|RRULE|RDATE|EXDATE|RECURRENCE-ID)([;:][^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)",
    re.M | re.I,
)
_UNFOLD = re.compile(r"\r?\n[ \t]")
_TOKEN = re.compile(r"[A-Z0-9-]+")
# A logical line that icalendar can split into name, parameters and value.
_LINE_SHAPE = re.compile(r'[A-Za-z0-9-]+(?:;(?:[^":\r\n]|"[^"\r\n]*")*)?:')
_LINES = re.compile(r"[^\r\n]+(?:\r?\n[ \t][^\r\n]*)*")
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")
_DURATION = re.compile(r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
_INT_LIST = re.compile(r"[+-]?\d{1,3}(?:,[+-]?\d{1,3})*")
_BYDAY = re.compile(r"(?:[+-]?\d{0,2}(?:MO|TU|WE|TH|FR|SA|SU))(?:,[+-]?\d{0,2}(?:MO|TU|WE|TH|FR|SA|SU))*")
_FREQ_SECONDS = {
    "SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": _DAY, "WEEKLY": 7 * _DAY,
    "MONTHLY": 31 * _DAY, "YEARLY": 366 * _DAY,
}
_RRULE_PARTS = {
    "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
    "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
}
_ALARM_VALUES = {  # VALARM properties whose value icalendar parses strictly (else: text)
    "TRIGGER": re.compile(r"[+-]?P[0-9WDTHMS]+|\d{8}T\d{6}Z"),
    "DURATION": re.compile(r"[+-]?P[0-9WDTHMS]+"),
    "REPEAT": re.compile(r"\d+"),
}


class Doubt(Exception):
    """The scanner cannot read this value cheaply: let icalendar decide."""


# ----------------------------------------------------------------------------------------------
# The index (plain data)


@dataclass(eq=False)
class IcsIndex:
    """Where each event is in the text and when it can possibly happen. Plain, JSON-able data.

    ``groups``: ``[uid, lo, hi, block numbers, time-zone numbers]`` with ``lo``/``hi`` in seconds
    on the proleptic-ordinal scale (``date.toordinal() * 86400 + seconds``), already padded; None
    means unbounded. ``blocks``/``timezones``: ``[start, end]`` offsets into the text.
    """

    length: int
    checksum: int
    fallback: bool = False  # odd structure: open this file with the full parse_calendar
    header: str = ""  # the first VCALENDAR's own property lines
    name: str = ""
    events: int = 0
    skipped: list = field(default_factory=list)  # [[component, uid, reason]]
    timezones: list = field(default_factory=list)  # [[tzid, start, end]]
    blocks: list = field(default_factory=list)  # [[start, end]] of usable VEVENTs
    groups: list = field(default_factory=list)  # [[uid, lo, hi, [block], [tz]]]
    version: int = INDEX_VERSION

    @property
    def summary(self) -> ImportSummary:
        return ImportSummary(
            name=self.name, events=self.events, skipped=tuple(Skipped(*s) for s in self.skipped)
        )

    def matches(self, text: str) -> bool:
        """True when this index was built from exactly ``text``."""
        return self.length == len(text) and self.checksum == _checksum(text)

    def select(self, start: datetime, end: datetime) -> list[int]:
        """Numbers of the groups that may have an occurrence overlapping [start, end)."""
        low, high = _seconds(start), _seconds(end)
        return [
            number
            for number, (_uid, lo, hi, _blocks, _zones) in enumerate(self.groups)
            if (lo is None or lo < high) and (hi is None or hi > low)
        ]

    def dump(self) -> dict:
        return {
            "version": self.version, "length": self.length, "checksum": self.checksum,
            "fallback": self.fallback, "header": self.header, "name": self.name,
            "events": self.events, "skipped": self.skipped, "timezones": self.timezones,
            "blocks": self.blocks, "groups": self.groups,
        }

    @classmethod
    def load(cls, data: dict, text: str | None = None) -> IcsIndex | None:
        """The stored index, or None when it is of another version, damaged, or (given the
        text) not built from this text: then build it again."""
        try:
            if data.get("version") != INDEX_VERSION:
                return None
            index = cls(
                length=int(data["length"]), checksum=int(data["checksum"]),
                fallback=bool(data["fallback"]), header=str(data["header"]),
                name=str(data["name"]), events=int(data["events"]),
                skipped=[list(s) for s in data["skipped"]],
                timezones=[list(t) for t in data["timezones"]],
                blocks=[list(b) for b in data["blocks"]],
                groups=[[g[0], g[1], g[2], list(g[3]), list(g[4])] for g in data["groups"]],
            )
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            return None
        if text is not None and not index.matches(text):
            return None
        return index


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def _seconds(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("needs a timezone-aware datetime")
    utc = moment.astimezone(timezone.utc)
    return utc.toordinal() * _DAY + utc.hour * 3600 + utc.minute * 60 + utc.second


# ----------------------------------------------------------------------------------------------
# Reading raw property lines


def _split_line(line: str) -> tuple[str, dict[str, str], str]:
    """(NAME, {PARAM: value}, raw value) of one unfolded content line; quotes removed."""
    if '"' not in line:  # the common case, without a character loop
        head, colon, value = line.partition(":")
        if not colon:
            raise Doubt(line)
        name, *items = head.split(";")
        params: dict[str, str] = {}
        for item in items:
            key, _eq, param = item.partition("=")
            key = key.strip().upper()
            if not _TOKEN.fullmatch(key):
                raise Doubt(line)
            params.setdefault(key, param)
        return name.strip().upper(), params, value
    n = len(line)
    i = 0
    while i < n and line[i] not in ";:":
        i += 1
    name = line[:i].strip().upper()
    params: dict[str, str] = {}
    while i < n and line[i] == ";":
        j = i + 1
        while j < n and line[j] not in "=;:":
            j += 1
        key = line[i + 1 : j].strip().upper()
        if not _TOKEN.fullmatch(key):
            raise Doubt(line)
        i = j
        value = []
        if i < n and line[i] == "=":
            i += 1
            while i < n and line[i] not in ";:":
                if line[i] == '"':
                    close = line.find('"', i + 1)
                    if close < 0:
                        raise Doubt(line)
                    value.append(line[i + 1 : close])
                    i = close + 1
                else:
                    value.append(line[i])
                    i += 1
        params.setdefault(key, "".join(value))
    if i >= n or line[i] != ":":
        raise Doubt(line)
    return name, params, line[i + 1 :]


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return (value.replace("\\N", "\n").replace("\\n", "\n").replace("\\,", ",")
            .replace("\\;", ";").replace("\\\\", "\\"))


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
    sign, weeks, days, hours, minutes, seconds = match.groups()
    try:  # icalendar refuses what timedelta cannot hold
        total = timedelta(weeks=int(weeks or 0), days=int(days or 0), hours=int(hours or 0),
                          minutes=int(minutes or 0), seconds=int(seconds or 0))
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
        if not sep or key not in _RRULE_PARTS or key in parts:
            raise Doubt(rule)
        parts[key] = value.strip().upper()
    if not parts:
        return start  # "RRULE:" with nothing after it: no repetition
    freq = parts.get("FREQ")
    if freq not in _FREQ_SECONDS:
        raise Doubt(rule)
    for key, value in parts.items():
        if key in ("COUNT", "INTERVAL") and not value.isdigit():
            raise Doubt(rule)
        if key == "BYDAY" and not _BYDAY.fullmatch(value):
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
class _EventFacts:
    uid: str
    lo: int | None
    hi: int | None
    tzids: set[str]
    master: bool  # no RECURRENCE-ID


def _event_facts(lines: list[tuple[str, str]]) -> _EventFacts:
    """Facts about one VEVENT from its (NAME, unfolded line) pairs. Raises Doubt when the
    event may be one that parse_calendar skips (then icalendar checks it)."""
    uid = ""
    seen_uid = False
    values: dict[str, list[tuple[dict[str, str], str]]] = {}
    tzids: set[str] = set()
    for _name, line in lines:
        name, params, value = _split_line(line)
        if name == "UID":
            if not seen_uid:
                uid, seen_uid = _unescape(value), True
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
    return _EventFacts(uid, lo, hi, tzids, "RECURRENCE-ID" not in values)


def _logical_lines(text: str, start: int, end: int) -> Iterator[str]:
    for match in _LINES.finditer(text, start, end):
        yield _UNFOLD.sub("", match.group())


def _alarm_doubtful(text: str, start: int, end: int) -> bool:
    """True when a nested component (VALARM) may hold a line icalendar refuses."""
    for line in _logical_lines(text, start, end):
        if not _LINE_SHAPE.match(line):
            return True
        try:
            name, _params, value = _split_line(line)
        except Doubt:
            return True
        pattern = _ALARM_VALUES.get(name)
        if pattern is not None and not pattern.fullmatch(value.strip()):
            return True
    return False


# ----------------------------------------------------------------------------------------------
# Building (in chunks)


class IndexBuilder:
    """Build an IcsIndex a few events at a time::

        builder = IndexBuilder(data)       # raises IcsError for files that are not calendars
        while not builder.feed(500):       # index up to 500 more events
            await asyncio.sleep(0)         # let the page draw
        index = builder.result()           # raises IcsError when nothing can be shown

    ``progress`` is the share of the text scanned so far (0..1).
    """

    def __init__(self, data: bytes | str) -> None:
        problem = not_a_calendar(data)
        if problem:
            raise IcsError(problem)
        self.text = decode(data)
        # BEGIN/END lines with parameters are legal but unheard of: let the full parse have them.
        self._odd = bool(_ODD_BOUNDARY.search(self.text))
        self._boundaries = _BOUNDARY.finditer(self.text)
        self._stack: list[tuple[str, int]] = []  # (NAME, start offset)
        self._nested: list[tuple[int, int]] = []  # nested components of the current VEVENT
        self._calendar_props: list[tuple[int, int]] = []  # segments of VCALENDAR-level lines
        self._cursor = 0  # end of the last boundary line seen
        self._segment = 0  # start of the current VCALENDAR-level segment
        self._calendars = 0
        self._first_header = ""
        self._check: list[str] = []  # component texts icalendar must accept (else: damaged)
        self._doubtful: list[tuple[int, int]] = []  # VEVENTs icalendar checks exactly
        self._timezones: list[list] = []
        self._blocks: list[tuple[int, int, _EventFacts]] = []
        self._skipped: list[tuple[int, Skipped]] = []
        self._done = False
        self.progress = 0.0

    # -- scanning

    def feed(self, events: int = 500) -> bool:
        """Index up to ``events`` more events; True when the whole text has been scanned."""
        if self._done:
            return True
        handled = 0
        for match in self._boundaries:
            self._boundary(match)
            if self._odd:
                break
            if match.group(1).upper() == "END" and len(self._stack) == 1:
                handled += 1
                if handled >= events:
                    self.progress = match.end() / max(1, len(self.text))
                    return False
        self._finish_scan()
        self._done = True
        self.progress = 1.0
        return True

    def _boundary(self, match: re.Match) -> None:
        text = self.text
        kind = match.group(1).upper()
        name = match.group(2).upper()
        begin, after = match.start(), match.end()
        if after < len(text) and text[after] in " \t":  # a folded BEGIN/END line
            self._odd = True
            return
        depth = len(self._stack)
        if kind == "BEGIN":
            if depth == 0:
                if name != "VCALENDAR" or text[self._cursor:begin].strip():
                    self._odd = True  # stray lines or components outside VCALENDAR
                    return
                self._calendars += 1
                self._segment = after
            elif depth == 1:
                self._calendar_props.append((self._segment, begin))
            elif depth == 2 and self._stack[-1][0] == "VEVENT":
                self._nested.append([begin, after, -1, -1, name])  # start, inner, inner end, end
            self._stack.append((name, begin))
        else:
            if depth == 0 or self._stack[-1][0] != name:
                self._odd = True
                return
            _name, start = self._stack.pop()
            if depth == 1:  # END:VCALENDAR
                self._calendar_props.append((self._segment, begin))
                self._end_calendar()
            elif depth == 2:
                self._component(name, start, after)
                self._nested = []
                self._segment = after
            elif depth == 3 and self._stack[-1][0] == "VEVENT":
                self._nested[-1][2:4] = [begin, after]
        self._cursor = after

    def _end_calendar(self) -> None:
        props = "".join(self.text[a:b] for a, b in self._calendar_props)
        self._calendar_props = []
        if self._calendars == 1:
            self._first_header = props
        self._check.append(f"BEGIN:VCALENDAR\r\n{_with_newline(props)}END:VCALENDAR\r\n")

    def _component(self, name: str, start: int, end: int) -> None:
        text = self.text
        block = _with_newline(text[start:end])
        if name == "VTIMEZONE":
            self._check.append(block)
            tzid = ""
            for line in _logical_lines(text, start, end):
                if line[:4].upper() == "TZID":
                    try:
                        tzid = _split_line(line)[2].strip()
                    except Doubt:
                        pass
                    break
            self._timezones.append([tzid, start, end])
            return
        if name != "VEVENT":
            self._check.append(block)
            uid = ""
            for line in _logical_lines(text, text.index("\n", start) + 1, end):
                if line[:3].upper() == "UID":
                    try:
                        uid = _unescape(_split_line(line)[2])
                    except Doubt:
                        pass
                    break
            reason = _NOT_EVENTS.get(name, "not a calendar event")
            self._skipped.append((start, Skipped(name, uid, reason)))
            return
        for nested_start, inner_start, inner_end, nested_end, nested_name in self._nested:
            if nested_name != "VALARM" or _alarm_doubtful(text, inner_start, inner_end):
                self._check.append(_with_newline(text[nested_start:nested_end]))
        lines = []
        segments = self._segments(start, end)
        for seg_start, seg_end in segments:
            for match in _PROPS.finditer(text, seg_start, seg_end):
                lines.append((match.group(1).upper(), _UNFOLD.sub("", match.group())))
        try:
            facts = _event_facts(lines)
        except Doubt:
            self._doubtful.append((start, end))
            return
        self._blocks.append((start, end, facts))

    def _segments(self, start: int, end: int) -> list[tuple[int, int]]:
        """The VEVENT's own lines (between BEGIN and END, outside nested components)."""
        first = self.text.index("\n", start) + 1
        segments = []
        cursor = first
        for nested_start, _inner, _inner_end, nested_end, _name in self._nested:
            segments.append((cursor, nested_start))
            cursor = nested_end
        segments.append((cursor, end))
        return segments

    def _finish_scan(self) -> None:
        if self._stack or self._calendars == 0:
            self._odd = True
        elif self.text[self._cursor:].strip():
            self._odd = True

    # -- result

    def result(self) -> IcsIndex:
        """The finished index. Raises IcsError (the same message as parse_calendar) when the
        file cannot be shown."""
        while not self.feed(1_000_000):
            pass
        text = self.text
        index = IcsIndex(length=len(text), checksum=_checksum(text))
        if self._odd:
            return self._fallback(index)
        _forget_custom_time_zones()
        try:
            head = icalendar.Calendar.from_ical(
                f"BEGIN:VCALENDAR\r\n{_with_newline(self._first_header)}END:VCALENDAR\r\n"
            )
            for chunk in self._check:
                icalendar.Calendar.from_ical(chunk, multiple=True)
        except Exception:  # noqa: BLE001 - damaged: parse_calendar says exactly how
            return self._fallback(index)
        scale = prop_text(head, "CALSCALE").upper() or "GREGORIAN"
        if scale != "GREGORIAN":
            return self._fallback(index)
        index.header = self._first_header
        index.name = prop_text(head, "X-WR-CALNAME").strip()
        x_wr_timezone = prop_text(head, "X-WR-TIMEZONE").strip()
        index.timezones = self._timezones
        blocks = list(self._blocks)
        if self._doubtful and not self._check_doubtful(blocks):
            return self._fallback(index)
        if not blocks:
            return self._fallback(index)  # no events: parse_calendar words the error
        blocks.sort(key=lambda item: item[0])
        self._skipped.sort(key=lambda item: item[0])
        index.skipped = [[s.component, s.uid, s.reason] for _pos, s in self._skipped]
        index.events = _count_events([facts for _s, _e, facts in blocks])
        zone_numbers: dict[str, list[int]] = {}
        for number, (tzid, _start, _end) in enumerate(self._timezones):
            zone_numbers.setdefault(tzid.casefold(), []).append(number)
        always = set(zone_numbers.get(x_wr_timezone.casefold(), [])) if x_wr_timezone else set()
        groups: dict[str, list] = {}
        for number, (start, end, facts) in enumerate(blocks):
            index.blocks.append([start, end])
            group = groups.get(facts.uid)
            if group is None:
                group = groups[facts.uid] = [facts.uid, facts.lo, facts.hi, [], set(always)]
            else:
                group[1] = None if group[1] is None or facts.lo is None else min(group[1], facts.lo)
                group[2] = None if group[2] is None or facts.hi is None else max(group[2], facts.hi)
            group[3].append(number)
            for tzid in facts.tzids:
                group[4].update(zone_numbers.get(tzid.casefold(), ()))
        index.groups = [[uid, lo, hi, numbers, sorted(zones)]
                        for uid, lo, hi, numbers, zones in groups.values()]
        return index

    def _check_doubtful(self, blocks: list) -> bool:
        """Let icalendar decide about the events the scanner doubted: skipped (with the exact
        reason) or usable (then with an unbounded span). False when icalendar cannot read them."""
        zones = "".join(_with_newline(self.text[s:e]) for _t, s, e in self._timezones)
        bodies = "".join(_with_newline(self.text[s:e]) for s, e in self._doubtful)
        _forget_custom_time_zones()
        try:
            calendar = icalendar.Calendar.from_ical(
                f"BEGIN:VCALENDAR\r\n{_with_newline(self._first_header)}{zones}{bodies}END:VCALENDAR\r\n"
            )
        except Exception:  # noqa: BLE001
            return False
        events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        if len(events) != len(self._doubtful):
            return False
        for (start, end), component in zip(self._doubtful, events):
            problem = component_problem(component)
            if problem is not None:
                self._skipped.append((start, problem))
                continue
            uid = component.get("UID", "")
            uid = str(uid[0] if isinstance(uid, list) and uid else uid)
            tzids = set()
            for line in _logical_lines(self.text, start, end):
                for found in re.finditer(r';TZID=("[^"]*"|[^;:]*)', line, re.I):
                    tzids.add(found.group(1).strip('"').strip())
            facts = _EventFacts(uid, None, None, tzids, "RECURRENCE-ID" not in component)
            blocks.append((start, end, facts))
        return True

    def _fallback(self, index: IcsIndex) -> IcsIndex:
        """Odd or refused files: the full parse decides (and raises the same IcsError)."""
        parsed = parse_calendar(self.text)
        index.fallback = True
        index.name = parsed.summary.name
        index.events = parsed.summary.events
        index.skipped = [[s.component, s.uid, s.reason] for s in parsed.summary.skipped]
        return index


def _with_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\r\n"


def _count_events(events: list[_EventFacts]) -> int:
    """As parse_calendar counts: series once, plus overrides whose master is not in the file."""
    masters = {e.uid for e in events if e.master}
    count = sum(1 for e in events if e.master)
    orphans = {e.uid for e in events if not e.master} - masters
    return count + len(orphans)


def _forget_custom_time_zones() -> None:
    tzp.use(tzp.name)  # see ics._forget_custom_time_zones


def build_index(data: bytes | str, chunk: int = 500) -> Iterator[float]:
    """Generator form: yields the progress (0..1) after every ``chunk`` events and returns the
    IcsIndex (``index = yield from build_index(data)``; ``build_index_now`` for one go)."""
    builder = IndexBuilder(data)
    while not builder.feed(chunk):
        yield builder.progress
    return builder.result()


def build_index_now(data: bytes | str) -> IcsIndex:
    return IndexBuilder(data).result()


# ----------------------------------------------------------------------------------------------
# Answering ranges


class LazyCalendar:
    """ParsedCalendar's ``occurrences`` and ``summary``, parsing only the events a range needs.

    Parsed subsets are kept (a few): a later range whose groups were all parsed before (the next
    day of a week already shown, or a window fetched with ``prefetch``) costs no parse. Series
    with no end are parsed once, on their own, and merged into every answer.
    """

    def __init__(self, index: IcsIndex, text: str, floating_tz: tzinfo | None = None,
                 keep: int = 6) -> None:
        self.index = index
        self.text = text
        self.floating_tz = floating_tz or timezone.utc
        self.keep = keep
        self._full: ParsedCalendar | None = None
        self._unbounded = frozenset(
            n for n, g in enumerate(index.groups) if g[1] is None or g[2] is None
        )
        self._always: ParsedCalendar | None = None
        self._cache: list[tuple[frozenset[int], ParsedCalendar | None]] = []
        self.parses = 0  # subsets parsed so far (for tests and measurements)

    @property
    def summary(self) -> ImportSummary:
        return self.index.summary

    def occurrences(self, calendar_id: str, start: datetime, end: datetime) -> list[Occurrence]:
        """Exactly what ``parse_calendar(text).occurrences(calendar_id, start, end)`` returns."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("occurrences() needs timezone-aware start and end")
        if self.index.fallback:
            return self._whole().occurrences(calendar_id, start, end)
        wanted = frozenset(self.index.select(start, end))
        bounded = wanted - self._unbounded
        found: list[Occurrence] = []
        parts = 0
        if wanted & self._unbounded:
            if self._always is None:
                self._always = self._parse(self._unbounded)
            if self._always is not None:
                found.extend(self._always.occurrences(calendar_id, start, end))
                parts += 1
        if bounded:
            parsed = self._subset(bounded)
            if parsed is not None:
                found.extend(parsed.occurrences(calendar_id, start, end))
                parts += 1
        if parts > 1:
            zone = start.tzinfo
            found.sort(key=lambda occ: _sort_key(occ, zone))
        return found

    def prefetch(self, start: datetime, end: datetime) -> None:
        """Parse the events of a wider window now, so ranges inside it need no parse later."""
        if not self.index.fallback:
            bounded = frozenset(self.index.select(start, end)) - self._unbounded
            if bounded:
                self._subset(bounded)

    def _subset(self, groups: frozenset[int]) -> ParsedCalendar | None:
        for number, (known, parsed) in enumerate(self._cache):
            if groups <= known:
                self._cache.append(self._cache.pop(number))
                return parsed
        parsed = self._parse(groups)
        self._cache.append((groups, parsed))
        del self._cache[: -self.keep]
        return parsed

    def _parse(self, groups: frozenset[int]) -> ParsedCalendar | None:
        self.parses += 1
        try:
            return parse_calendar(subset_text(self.index, self.text, groups),
                                  floating_tz=self.floating_tz)
        except IcsError:
            # Cannot happen for an index built from this text; stay correct if it does.
            self.index.fallback = True
            return self._whole()

    def _whole(self) -> ParsedCalendar:
        if self._full is None:
            self._full = parse_calendar(self.text, floating_tz=self.floating_tz)
        return self._full


def subset_text(index: IcsIndex, text: str, groups) -> str:
    """A VCALENDAR with the calendar's properties, the VTIMEZONEs the groups name and the
    groups' VEVENTs (in file order)."""
    blocks: list[int] = []
    zones: set[int] = set()
    for number in groups:
        _uid, _lo, _hi, members, tz = index.groups[number]
        blocks.extend(members)
        zones.update(tz)
    blocks.sort()
    out = ["BEGIN:VCALENDAR\r\n", _with_newline(index.header)]
    for number in sorted(zones):
        _tzid, start, end = index.timezones[number]
        out.append(_with_newline(text[start:end]))
    for number in blocks:
        start, end = index.blocks[number]
        out.append(_with_newline(text[start:end]))
    out.append("END:VCALENDAR\r\n")
    return "".join(out)


_CALENDARS: dict[tuple[int, int], LazyCalendar] = {}


def occurrences(index: IcsIndex, text: str, calendar_id: str, start: datetime, end: datetime,
                floating_tz: tzinfo | None = None) -> list[Occurrence]:
    """Function form of ``LazyCalendar(index, text, floating_tz).occurrences(...)``; the
    LazyCalendar (and so its parsed subsets) is kept for the last few (index, zone) pairs."""
    key = (id(index), id(floating_tz))
    calendar = _CALENDARS.get(key)
    if calendar is None or calendar.index is not index or calendar.text is not text:
        calendar = LazyCalendar(index, text, floating_tz)
        _CALENDARS[key] = calendar
        while len(_CALENDARS) > 8:
            del _CALENDARS[next(iter(_CALENDARS))]
    return calendar.occurrences(calendar_id, start, end)
