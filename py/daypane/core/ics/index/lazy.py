"""Open a big .ics file fast: parse only the events a range needs.

A full ``parse_calendar`` of a 10,000-event file costs tens of seconds in Pyodide (figures in
docs/facts/ics-performance.md). So the file is indexed first (``builder.IndexBuilder``: the text
split into components by ``scan``, each series' time span read cheaply by ``spans``), and
``LazyCalendar.occurrences`` picks the groups whose span overlaps the range, writes a small
VCALENDAR of just those events (+ the calendar's own properties and the VTIMEZONEs they name) and
hands it to ``daypane.core.ics.parse.parse_calendar``: every rule of the full path (Windows TZIDs,
X-WR-TIMEZONE, EXDATE, overrides, cancelled, skipped components) applies unchanged.

Anything the scanner does not fully understand is handed to icalendar: a doubtful event is
checked exactly (alone), a doubtful time makes the span unbounded, and a file whose structure
is odd (stray lines, END without BEGIN, …) is opened with the full ``parse_calendar``
(``IcsIndex.fallback``). Correct first, fast for the files people actually have.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone, tzinfo

# IcsIndex, IndexBuilder and build_index_now live in builder.py; the browser imports them from here.
from daypane.core.ics.index.builder import IcsIndex, IndexBuilder, build_index_now
from daypane.core.ics.index.scan import with_newline
from daypane.core.ics.occurrence import sort_key
from daypane.core.ics.parse import IcsError, ParsedCalendar, parse_calendar
from daypane.core.ics.summary import ImportSummary
from daypane.core.model import Occurrence

__all__ = ["IcsIndex", "IndexBuilder", "LazyCalendar", "build_index_now", "subset_text"]


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
        # Parsed calendars are kept as pieces: one for a range parsed at once, several for a range
        # prepared in time-boxed steps (prepare). A piece is None where its text failed to parse.
        self._always: tuple[ParsedCalendar | None, ...] | None = None
        self._cache: list[tuple[frozenset[int], tuple[ParsedCalendar | None, ...]]] = []
        self.parses = 0  # subsets parsed so far (for tests and measurements)
        self.bounded: dict = {}  # UID -> expand.Bounded: series drawn simplified, so far

    @property
    def summary(self) -> ImportSummary:
        return self.index.summary

    def occurrences(self, calendar_id: str, start: datetime, end: datetime) -> list[Occurrence]:
        """Exactly what ``parse_calendar(text).occurrences(calendar_id, start, end)`` returns."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("occurrences() needs timezone-aware start and end")
        if self.index.fallback:
            whole = self._whole()
            found = whole.occurrences(calendar_id, start, end)
            self.bounded.update(whole.bounded)
            return found
        wanted = frozenset(self.index.select(start, end))
        bounded = wanted - self._unbounded
        pieces: list[ParsedCalendar | None] = []
        if wanted & self._unbounded:
            if self._always is None:
                self._always = (self._parse(self._unbounded),)
            pieces.extend(self._always)
        if bounded:
            pieces.extend(self._subset(bounded))
        found: list[Occurrence] = []
        parts = 0
        for parsed in pieces:
            if parsed is not None:
                found.extend(parsed.occurrences(calendar_id, start, end))
                self.bounded.update(parsed.bounded)
                parts += 1
        if parts > 1:
            zone = start.tzinfo
            found.sort(key=lambda occ: sort_key(occ, zone))
        return found

    def prefetch(self, start: datetime, end: datetime) -> None:
        """Parse the events of a wider window now, so ranges inside it need no parse later."""
        if not self.index.fallback:
            bounded = frozenset(self.index.select(start, end)) - self._unbounded
            if bounded:
                self._subset(bounded)

    def prepare(self, calendar_id: str, start: datetime, end: datetime, budget: float = 0.04,
                clock: Callable[[], float] = time.perf_counter) -> Iterator[None]:
        """Do the work ``occurrences(calendar_id, start, end)`` would do, in steps of about
        ``budget`` seconds: a generator that yields between steps, so the caller can give the page
        a frame. Afterwards that call costs no parse and no expansion.

        A week of a 10,000-event file needs hundreds of series parsed and set up: one call did it
        in over a second of one task. Here the groups are parsed in pieces sized from the time the
        last piece took, each piece parsed and expanded for the range in its own step. Groups are
        whole series (a master and its overrides), so a piece answers exactly as the whole would.
        """
        if self.index.fallback:
            self.occurrences(calendar_id, start, end)
            return
        wanted = frozenset(self.index.select(start, end))
        if wanted & self._unbounded and self._always is None:
            self._always = tuple((yield from self._parse_in_steps(
                sorted(self._unbounded), calendar_id, start, end, budget, clock)))
        bounded = wanted - self._unbounded
        if bounded and not any(bounded <= known for known, _ in self._cache):
            pieces = yield from self._parse_in_steps(sorted(bounded), calendar_id, start, end, budget, clock)
            self._cache.append((bounded, tuple(pieces)))
            del self._cache[: -self.keep]
        yield
        self.occurrences(calendar_id, start, end)  # all kept by now: only merges the answers

    def _parse_in_steps(self, groups: list[int], calendar_id: str, start: datetime, end: datetime,
                        budget: float, clock: Callable[[], float]):
        pieces: list[ParsedCalendar | None] = []
        size, done = 8, 0
        while done < len(groups):
            began = clock()
            piece = self._parse(frozenset(groups[done:done + size]))
            if piece is not None:
                piece.occurrences(calendar_id, start, end)  # the expansion, kept by the piece
            pieces.append(piece)
            done += size
            took = clock() - began
            # The next piece as big as fits the budget at this piece's pace (at most 4x larger).
            size = max(1, min(size * 4, int(size * budget / took) if took > 0 else size * 4))
            yield
        return pieces

    def _subset(self, groups: frozenset[int]) -> tuple[ParsedCalendar | None, ...]:
        for number, (known, pieces) in enumerate(self._cache):
            if groups <= known:
                self._cache.append(self._cache.pop(number))
                return pieces
        pieces = (self._parse(groups),)
        self._cache.append((groups, pieces))
        del self._cache[: -self.keep]
        return pieces

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
    out = ["BEGIN:VCALENDAR\r\n", with_newline(index.header)]
    for number in sorted(zones):
        _tzid, start, end = index.timezones[number]
        out.append(with_newline(text[start:end]))
    for number in blocks:
        start, end = index.blocks[number]
        out.append(with_newline(text[start:end]))
    out.append("END:VCALENDAR\r\n")
    return "".join(out)
