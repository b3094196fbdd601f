"""Build the index of an .ics text in chunks (resumable between them), and keep it as plain data.

``IndexBuilder`` scans the text (``scan.Scanner``), reads each event's time span cheaply
(``spans.event_facts``) and groups events by UID (a master and its overrides together). What the
scanner doubted is checked by icalendar, exactly and alone; an odd or refused file is indexed as
``fallback`` (the full ``parse_calendar`` opens it). ``IcsIndex.dump()/load()`` is JSON-able, so a
reload does not scan again.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import icalendar

from daypane.core.ics.checks import component_problem, uid_of
from daypane.core.ics.index.scan import Scanner, logical_lines, with_newline
from daypane.core.ics.index.spans import EventFacts, event_facts, seconds
from daypane.core.ics.occurrence import text as prop_text
from daypane.core.ics.parse import IcsError, forget_custom_time_zones, parse_calendar
from daypane.core.ics.sniff import decode, not_a_calendar
from daypane.core.ics.summary import ImportSummary, Skipped, count_events

__all__ = ["INDEX_VERSION", "IcsIndex", "IndexBuilder", "build_index", "build_index_now"]

INDEX_VERSION = 1
_CHECKSUM_STEP = 2_000_000  # characters of the text checksummed per step of finishing()
_GROUP_STEP = 3_000  # events grouped per step


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
        low, high = seconds(start), seconds(end)
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


def _checksum(text: str, crc: int = 0) -> int:
    """CRC-32 of the text's UTF-8; `crc`: that of the text before it (checksummed in slices)."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"), crc)


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
        self._scan = Scanner(self.text, event_facts)
        self._index: IcsIndex | None = None  # once finishing() is through

    @property
    def progress(self) -> float:
        return self._scan.progress

    def feed(self, events: int = 500) -> bool:
        """Index up to ``events`` more events; True when the whole text has been scanned."""
        return self._scan.feed(events)

    def result(self) -> IcsIndex:
        """The finished index. Raises IcsError (the same message as parse_calendar) when the
        file cannot be shown."""
        for _ in self.finishing():
            pass
        return self._index

    def finishing(self) -> Iterator[None]:
        """What result() does once the text is scanned, in steps: a caller that must not hold
        the page for long (an 11 MB file's checksum and 10,000 events' groups take 100-200 ms
        in Pyodide) gives it a turn at each yield, then calls result(). Does nothing the
        second time."""
        if self._index is None:
            self._index = yield from self._build()

    def _build(self) -> Generator[None, None, IcsIndex]:
        while not self.feed(1_000_000):
            pass
        scan, text = self._scan, self.text
        crc = 0
        for at in range(0, len(text), _CHECKSUM_STEP):
            crc = _checksum(text[at:at + _CHECKSUM_STEP], crc)
            yield
        index = IcsIndex(length=len(text), checksum=crc)
        if scan.odd:
            return self._fallback(index)
        forget_custom_time_zones()
        try:
            head = icalendar.Calendar.from_ical(
                f"BEGIN:VCALENDAR\r\n{with_newline(scan.header)}END:VCALENDAR\r\n"
            )
            for chunk in scan.check:
                icalendar.Calendar.from_ical(chunk, multiple=True)
        except Exception:  # noqa: BLE001 - damaged: parse_calendar says exactly how
            return self._fallback(index)
        yield
        scale = prop_text(head, "CALSCALE").upper() or "GREGORIAN"
        if scale != "GREGORIAN":
            return self._fallback(index)
        index.header = scan.header
        index.name = prop_text(head, "X-WR-CALNAME").strip()
        x_wr_timezone = prop_text(head, "X-WR-TIMEZONE").strip()
        index.timezones = scan.timezones
        blocks = list(scan.blocks)
        if scan.doubtful and not self._check_doubtful(blocks):
            return self._fallback(index)
        if not blocks:
            return self._fallback(index)  # no events: parse_calendar words the error
        blocks.sort(key=lambda item: item[0])
        scan.skipped.sort(key=lambda item: item[0])
        index.skipped = [[s.component, s.uid, s.reason] for _pos, s in scan.skipped]
        index.events = count_events((facts.uid, facts.master) for _s, _e, facts in blocks)
        yield
        zone_numbers: dict[str, list[int]] = {}
        for number, (tzid, _start, _end) in enumerate(scan.timezones):
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
            if number % _GROUP_STEP == _GROUP_STEP - 1:
                yield
        index.groups = [[uid, lo, hi, numbers, sorted(zones)]
                        for uid, lo, hi, numbers, zones in groups.values()]
        return index

    def _check_doubtful(self, blocks: list) -> bool:
        """Let icalendar decide about the events the scanner doubted: skipped (with the exact
        reason) or usable (then with an unbounded span). False when icalendar cannot read them."""
        scan = self._scan
        zones = "".join(with_newline(self.text[s:e]) for _t, s, e in scan.timezones)
        bodies = "".join(with_newline(self.text[s:e]) for s, e in scan.doubtful)
        forget_custom_time_zones()
        try:
            calendar = icalendar.Calendar.from_ical(
                f"BEGIN:VCALENDAR\r\n{with_newline(scan.header)}{zones}{bodies}END:VCALENDAR\r\n"
            )
        except Exception:  # noqa: BLE001
            return False
        events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
        if len(events) != len(scan.doubtful):
            return False
        for (start, end), component in zip(scan.doubtful, events):
            problem = component_problem(component)
            if problem is not None:
                scan.skipped.append((start, problem))
                continue
            tzids = set()
            for line in logical_lines(self.text, start, end):
                for found in re.finditer(r';TZID=("[^"]*"|[^;:]*)', line, re.I):
                    tzids.add(found.group(1).strip('"').strip())
            facts = EventFacts(uid_of(component), None, None, tzids, "RECURRENCE-ID" not in component)
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


def build_index(data: bytes | str, chunk: int = 500) -> Iterator[float]:
    """Generator form: yields the progress (0..1) after every ``chunk`` events and returns the
    IcsIndex (``index = yield from build_index(data)``; ``build_index_now`` for one go)."""
    builder = IndexBuilder(data)
    while not builder.feed(chunk):
        yield builder.progress
    return builder.result()


def build_index_now(data: bytes | str) -> IcsIndex:
    return IndexBuilder(data).result()
