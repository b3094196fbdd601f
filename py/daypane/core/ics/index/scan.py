"""Split an .ics text into its components with regular expressions, without parsing them.

``Scanner`` walks the BEGIN/END lines and keeps, for each top-level component, only where it is in
the text: VTIMEZONEs by TZID, VEVENTs with what ``read_event`` makes of their own property lines
(the index's time spans), everything else as a skipped component with its reason. What icalendar
must still accept to call the file sound is kept in ``check``; a structure the scanner does not
fully follow (stray lines, END without BEGIN, folded or parameterised BEGIN/END lines) sets ``odd``,
and then the full ``parse_calendar`` decides about the file.

Also here: reading one raw content line (``split_line``, ``unescape``, ``logical_lines``), which
raises ``Doubt`` wherever the cheap reading might differ from icalendar's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from daypane.core.ics.checks import not_an_event
from daypane.core.ics.summary import Skipped

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
_ALARM_VALUES = {  # VALARM properties whose value icalendar parses strictly (else: text)
    "TRIGGER": re.compile(r"[+-]?P[0-9WDTHMS]+|\d{8}T\d{6}Z"),
    "DURATION": re.compile(r"[+-]?P[0-9WDTHMS]+"),
    "REPEAT": re.compile(r"\d+"),
}


class Doubt(Exception):
    """The scanner cannot read this value cheaply: let icalendar decide."""


# ----------------------------------------------------------------------------------------------
# Reading raw content lines


def split_line(line: str) -> tuple[str, dict[str, str], str]:
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


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return (value.replace("\\N", "\n").replace("\\n", "\n").replace("\\,", ",")
            .replace("\\;", ";").replace("\\\\", "\\"))


def logical_lines(text: str, start: int, end: int) -> Iterator[str]:
    for match in _LINES.finditer(text, start, end):
        yield _UNFOLD.sub("", match.group())


def _alarm_doubtful(text: str, start: int, end: int) -> bool:
    """True when a nested component (VALARM) may hold a line icalendar refuses."""
    for line in logical_lines(text, start, end):
        if not _LINE_SHAPE.match(line):
            return True
        try:
            name, _params, value = split_line(line)
        except Doubt:
            return True
        pattern = _ALARM_VALUES.get(name)
        if pattern is not None and not pattern.fullmatch(value.strip()):
            return True
    return False


def with_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\r\n"


def _first_value(text: str, start: int, end: int, name: str) -> str:
    """The raw value of the first ``name`` line in [start, end), "" when absent or unreadable."""
    for line in logical_lines(text, start, end):
        if line[: len(name)].upper() == name:
            try:
                return split_line(line)[2]
            except Doubt:
                return ""
    return ""


# ----------------------------------------------------------------------------------------------
# Walking the components


class Scanner:
    """The components of ``text``, a few events per ``feed``.

    ``read_event`` gets a VEVENT's own (NAME, unfolded line) pairs for the properties the index
    reads and returns what to keep of them, or raises Doubt (then icalendar checks that event).
    Results, once ``feed`` returned True: ``header`` (the first VCALENDAR's own property lines),
    ``timezones`` ([tzid, start, end]), ``blocks`` ((start, end, facts)), ``doubtful`` ((start,
    end)), ``skipped`` ((start, Skipped)), ``check`` (texts icalendar must accept) and ``odd``.
    """

    def __init__(self, text: str, read_event: Callable[[list[tuple[str, str]]], object]) -> None:
        self.text = text
        self.read_event = read_event
        self.odd = False
        self._odd_checked = 0  # how far the text was searched for odd boundaries (_look_for_odd)
        self.header = ""
        self.check: list[str] = []
        self.doubtful: list[tuple[int, int]] = []
        self.timezones: list[list] = []
        self.blocks: list[tuple[int, int, object]] = []
        self.skipped: list[tuple[int, Skipped]] = []
        self.progress = 0.0
        self._boundaries = _BOUNDARY.finditer(text)
        self._stack: list[tuple[str, int]] = []  # (NAME, start offset)
        self._nested: list[list] = []  # nested components of the current VEVENT
        self._calendar_props: list[tuple[int, int]] = []  # segments of VCALENDAR-level lines
        self._cursor = 0  # end of the last boundary line seen
        self._segment = 0  # start of the current VCALENDAR-level segment
        self._calendars = 0
        self._done = False

    def feed(self, events: int = 500) -> bool:
        """Scan up to ``events`` more events; True when the whole text has been scanned."""
        if self._done:
            return True
        handled = 0
        for match in self._boundaries:
            self._boundary(match)
            if self.odd:
                break
            if match.group(1).upper() == "END" and len(self._stack) == 1:
                handled += 1
                if handled >= events:
                    self.progress = match.end() / max(1, len(self.text))
                    self._look_for_odd(match.end())
                    return False
        self._look_for_odd(len(self.text))
        self._finish()
        self._done = True
        self.progress = 1.0
        return True

    def _look_for_odd(self, upto: int) -> None:
        """BEGIN/END lines with parameters are legal but unheard of: the full parse has them. The
        text is searched for them as far as the scan has come, a step at a time: at once, an 11 MB
        file's case-insensitive search is one long task in the page."""
        if self.odd or upto <= self._odd_checked:
            return
        start = self.text.rfind("\n", 0, self._odd_checked) + 1  # the line the last search ended in
        self.odd = bool(_ODD_BOUNDARY.search(self.text, start, upto))
        self._odd_checked = upto

    def _boundary(self, match: re.Match) -> None:
        text = self.text
        kind = match.group(1).upper()
        name = match.group(2).upper()
        begin, after = match.start(), match.end()
        if after < len(text) and text[after] in " \t":  # a folded BEGIN/END line
            self.odd = True
            return
        depth = len(self._stack)
        if kind == "BEGIN":
            if depth == 0:
                if name != "VCALENDAR" or text[self._cursor:begin].strip():
                    self.odd = True  # stray lines or components outside VCALENDAR
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
                self.odd = True
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
            self.header = props
        self.check.append(f"BEGIN:VCALENDAR\r\n{with_newline(props)}END:VCALENDAR\r\n")

    def _component(self, name: str, start: int, end: int) -> None:
        text = self.text
        if name == "VTIMEZONE":
            self.check.append(with_newline(text[start:end]))
            self.timezones.append([_first_value(text, start, end, "TZID").strip(), start, end])
            return
        if name != "VEVENT":
            self.check.append(with_newline(text[start:end]))
            uid = unescape(_first_value(text, text.index("\n", start) + 1, end, "UID"))
            self.skipped.append((start, not_an_event(name, uid)))
            return
        for nested_start, inner_start, inner_end, nested_end, nested_name in self._nested:
            if nested_name != "VALARM" or _alarm_doubtful(text, inner_start, inner_end):
                self.check.append(with_newline(text[nested_start:nested_end]))
        lines = []
        for seg_start, seg_end in self._segments(start, end):
            for match in _PROPS.finditer(text, seg_start, seg_end):
                lines.append((match.group(1).upper(), _UNFOLD.sub("", match.group())))
        try:
            facts = self.read_event(lines)
        except Doubt:
            self.doubtful.append((start, end))
            return
        self.blocks.append((start, end, facts))

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

    def _finish(self) -> None:
        if self._stack or self._calendars == 0:
            self.odd = True
        elif self.text[self._cursor:].strip():
            self.odd = True
