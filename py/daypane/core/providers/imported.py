"""Imported .ics files and the sample calendar, as a Provider like any other.

Each imported file is kept as its text (a record of its own) plus its lazy index; only the
series a range needs are ever parsed (core.ics.index). Work that can take long (indexing a file,
building a missing index) runs in small steps through the `pause` callable, which yields to the
page, and never inside a redraw: until a calendar is ready it shows nothing and `on_change(True)`
redraws once it is.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import date, tzinfo

from daypane.core.calendar.layout import range_bounds
from daypane.core.ics.index.lazy import IcsIndex, IndexBuilder, LazyCalendar
from daypane.core.ics.parse import IcsError, ParsedCalendar
from daypane.core.model import Calendar, Occurrence
from daypane.core.providers import library
from daypane.core.providers.protocol import CalendarInfo, ProviderProblem, ProviderWords
from daypane.core.records import Records

SAMPLE = Calendar(id=library.SAMPLE_ID, name="Sample calendar", color="#8a5cd1", source="sample")
MAX_IMPORT_BYTES = 200 * 1024 * 1024
CHUNK = 200  # events indexed per step (~50 ms in Pyodide), then the page gets a turn


class ImportRefused(ProviderProblem):
    """A file that cannot be imported; nothing was stored."""


class Library:
    kind = "ics"
    words = ProviderWords(name="Imported calendar", leave="Remove", left="Removed", picks_calendars=False)

    def __init__(self, records: Records, *, on_change, on_problem,
                 spawn: Callable[[Awaitable], None], pause: Callable[[], Awaitable[None]] = lambda: asyncio.sleep(0)) -> None:
        self.records = records
        self.on_change = on_change      # (events: bool) -> None
        self.on_problem = on_problem    # (ProviderProblem) -> None
        self.spawn = spawn              # runs a coroutine in the background
        self.pause = pause              # yields to the page between steps
        self.calendars_list: list[Calendar] = records.get(library.CALENDARS)
        self.sample: ParsedCalendar | None = None
        self.show_sample = False
        self._parsed: dict[str, tuple[str, LazyCalendar]] = {}  # id -> (zone name, calendar)
        self._indexes: dict[str, IcsIndex] = {}
        self._preparing: set[str] = set()
        self.broken: set[str] = set()
        self._told: dict[str, frozenset[str]] = {}  # id -> UIDs whose simplification was shown

    # -- the Provider protocol ----------------------------------------------------------------

    def accounts(self):
        return []  # imported calendars are listed by the Calendars panel, not as accounts

    def calendars(self):
        if self.show_sample and self.sample is not None:
            yield CalendarInfo(SAMPLE.id, SAMPLE.name, SAMPLE.color)
        for calendar in self.calendars_list:
            if calendar.visible:
                yield CalendarInfo(calendar.id, calendar.name, calendar.color)

    def occurrences(self, days: Sequence[date], tz: tzinfo) -> list[Occurrence]:
        start, end = range_bounds(list(days), tz)
        found: list[Occurrence] = []
        if self.show_sample and self.sample is not None:
            found.extend(self.sample.occurrences(SAMPLE.id, start, end))
        for calendar in self.calendars_list:
            if not calendar.visible or calendar.id in self.broken:
                continue
            parsed = self._ready(calendar, tz)
            if parsed is None:
                continue
            try:
                found.extend(parsed.occurrences(calendar.id, start, end))
                self._tell_simplified(calendar, parsed.bounded)
            except Exception as error:  # one broken calendar must not blank the others
                self._broken(calendar, f"Expanding its events failed ({error}). The other calendars are "
                                       "shown; removing and importing the file again may help.",
                             f"Some events of “{calendar.name}” cannot be shown")
        return found

    def stale(self, days, now, max_age) -> bool:
        return False

    async def sync(self, days, tz, now) -> None:
        """Files do not change by themselves."""

    def reconnect(self, account_id: str) -> None:
        """Nothing to sign in to."""

    async def set_selected(self, account_id: str, calendar_id: str, selected: bool) -> None:
        """Show or hide an imported calendar: rewrites the small list, never the file's text."""
        await self._save(lambda calendars: [replace(c, visible=selected) if c.id == calendar_id else c
                                            for c in calendars])
        self.on_change(True)

    async def remove(self, account_id: str) -> None:
        calendar = self.find(account_id)
        if calendar is None:
            return
        await self._save(lambda calendars: [c for c in calendars if c.id != account_id])
        self._forget(account_id)
        await self.records.delete(library.TEXTS, account_id)
        await self.records.delete(library.INDEXES, account_id)
        self.on_change(True)

    # -- the library's own ----------------------------------------------------------------------

    def find(self, calendar_id: str) -> Calendar | None:
        return next((c for c in self.calendars_list if c.id == calendar_id), None)

    async def import_file(self, name: str, data: bytes, tz: tzinfo, progress: Callable[[float], None],
                          tasks_taken: bool = False, days: Sequence[date] = ()) -> str:
        """Index the file in steps, store it, and return what the import did, in words. Raises
        ImportRefused (nothing stored) for a file that cannot be shown, and lets a storage
        failure through (nothing shown as imported). `tasks_taken`: the file's to-dos were
        imported as tasks, so the words do not call them skipped. `days`: the range on screen,
        parsed and expanded in steps before the calendar is shown, so drawing it costs no parse."""
        title = f"“{name}” was not imported"
        if len(data) > MAX_IMPORT_BYTES:
            raise ImportRefused(f"It is {len(data) / 1e6:.0f} MB; Daypane imports calendar files up to "
                                f"{MAX_IMPORT_BYTES // 1_000_000} MB. Export a shorter date range and try again.",
                                title=title)
        try:
            builder = IndexBuilder(data)
            await self.pause()  # reading and sniffing the file was this turn's work
            while not builder.feed(CHUNK):
                progress(builder.progress)
                await self.pause()
            for _ in builder.finishing():
                await self.pause()
            index = builder.result()
        except IcsError as error:
            raise ImportRefused(str(error), title=title) from None
        # The text the index was built from (BOM removed, encoding resolved): its offsets point there.
        parsed = LazyCalendar(index, builder.text, tz)
        display = parsed.summary.name or _stem(name)
        # The list as stored now (another tab may have imported meanwhile), for a fresh id and colour.
        await self.records.store.refresh([library.CALENDARS.key()])
        self.calendars_list = self.records.get(library.CALENDARS)
        calendar = Calendar(id=library.new_calendar_id((c.id for c in self.calendars_list), display),
                            name=display, color=library.next_color(c.color for c in self.calendars_list),
                            source="ics")
        await self.records.put(library.TEXTS, builder.text, calendar.id)  # the text first, then the list
        await self._save(lambda calendars: [*calendars, calendar])
        self._parsed[calendar.id] = (str(tz), parsed)
        self._indexes[calendar.id] = index
        if days:
            for _ in parsed.prepare(calendar.id, *range_bounds(list(days), tz)):
                await self.pause()
        self.spawn(self._keep_index(calendar.id, index))  # only a speed-up, after the week is drawn
        self.on_change(True)
        summary = parsed.summary
        if tasks_taken:
            summary = replace(summary, skipped=tuple(s for s in summary.skipped if s.component != "VTODO"))
        return summary.message()

    # -- internals ------------------------------------------------------------------------------

    async def _save(self, change: Callable[[list[Calendar]], list[Calendar]]) -> None:
        """`change(stored list) -> list`, on the list as stored now (another tab's changes too)."""
        self.calendars_list = await self.records.update(library.CALENDARS, change)

    def reload(self, keys: Sequence[str]) -> bool:
        """Another tab changed these stored keys: read the list of calendars again."""
        if library.CALENDARS.key() not in keys:
            return False
        self.calendars_list = self.records.get(library.CALENDARS)
        for gone in set(self._parsed) - {c.id for c in self.calendars_list}:
            self._forget(gone)
        return True

    def _forget(self, calendar_id: str) -> None:
        self._parsed.pop(calendar_id, None)
        self._indexes.pop(calendar_id, None)
        self.broken.discard(calendar_id)
        self._told.pop(calendar_id, None)

    def _ready(self, calendar: Calendar, tz: tzinfo) -> LazyCalendar | None:
        """The calendar ready for ranges in this zone, or None while its index is being built."""
        zone = str(tz)
        kept = self._parsed.get(calendar.id)
        if kept is not None and kept[0] == zone:
            return kept[1]
        text = self.records.get(library.TEXTS, calendar.id)
        if text is None:
            self._broken(calendar, "Its file is missing from this browser's storage. Remove it and import "
                                   "the file again.", f"“{calendar.name}” cannot be shown")
            return None
        index = self._indexes.get(calendar.id) or _stored_index(self.records.get(library.INDEXES, calendar.id), text)
        if index is None:
            if calendar.id not in self._preparing:
                self._preparing.add(calendar.id)
                self.spawn(self._build_index(calendar, text))
            return None
        self._indexes[calendar.id] = index
        parsed = LazyCalendar(index, text, tz)
        self._parsed[calendar.id] = (zone, parsed)
        return parsed

    async def _build_index(self, calendar: Calendar, text: str) -> None:
        """A missing or outdated index, built in steps (never inside a redraw), then shown."""
        try:
            builder = IndexBuilder(text)
            while not builder.feed(CHUNK):
                await self.pause()
            for _ in builder.finishing():
                await self.pause()
            index = builder.result()
        except IcsError as error:
            self._broken(calendar, str(error), f"“{calendar.name}” cannot be shown")
            return
        finally:
            self._preparing.discard(calendar.id)
        self._indexes[calendar.id] = index
        await self._keep_index(calendar.id, index)
        self.on_change(True)

    async def _keep_index(self, calendar_id: str, index: IcsIndex) -> None:
        """Store the index so a reload does not read the whole file again. Only a speed-up: if
        the browser refuses, it is built again at the next start."""
        try:
            # As one JSON string: handing the nested structure to IndexedDB converts it value by
            # value (measured: 47 s for a 10,000-event file's index; the string: milliseconds).
            await self.records.put(library.INDEXES, json.dumps(index.dump(), separators=(",", ":")), calendar_id)
        except Exception:
            pass

    def _tell_simplified(self, calendar: Calendar, bounded: dict) -> None:
        """Say once which series of this calendar are drawn simplified (core.ics.expand), in one
        alert per calendar that grows when a later range finds another."""
        uids = frozenset(bounded)
        if not uids or uids <= self._told.get(calendar.id, frozenset()):
            return
        self._told[calendar.id] = uids
        sentences = [item.message for item in bounded.values()]
        shown = sentences[:3] + ([f"{len(sentences) - 3} more events are simplified the same way."]
                                 if len(sentences) > 3 else [])
        self.on_problem(ProviderProblem(" ".join(shown), title=f"Some events of “{calendar.name}” are simplified",
                                        key=f"cal-{calendar.id}"))

    def _broken(self, calendar: Calendar, message: str, title: str) -> None:
        if calendar.id not in self.broken:
            self.broken.add(calendar.id)
            self.on_problem(ProviderProblem(message, title=title, key=f"cal-{calendar.id}"))


def _stored_index(stored: str | None, text: str) -> IcsIndex | None:
    try:
        return IcsIndex.load(json.loads(stored), text) if stored else None
    except ValueError:
        return None  # damaged: built again


def _stem(file_name: str) -> str:
    return file_name.rsplit(".", 1)[0] if "." in file_name else file_name
