"""Imported files and the sample as a provider: importing stores the text first and the list
last, hiding a calendar rewrites only the small list, and a missing index is built in steps in
the background, never inside a redraw."""

import asyncio
import json
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from daypane.core.providers import library
from daypane.core.providers.imported import ImportRefused, Library
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from tests.support.fixtures import read_fixture

TZ = ZoneInfo("Europe/Berlin")
WEEK = [date(2026, 3, 2) + timedelta(days=i) for i in range(7)]


class Background:
    """The app's spawn: coroutines collected, run when the test says (as the page would later)."""

    def __init__(self):
        self.pending = []

    def __call__(self, coroutine):
        self.pending.append(coroutine)

    def run(self):
        while self.pending:
            asyncio.run(self.pending.pop(0))


def make(store, background=None, seen=None):
    seen = seen if seen is not None else {"changes": [], "problems": []}
    return Library(Records(store), on_change=seen["changes"].append, on_problem=seen["problems"].append,
                   spawn=background or Background())


def imported(store, name="outlook-export.ics"):
    background = Background()
    lib = make(store, background)
    message = asyncio.run(lib.import_file(name, read_fixture("ics", name), TZ, lambda share: None))
    background.run()
    return lib, message


def first_week_with_events(lib):
    for week in range(-60, 60):
        days = [d + timedelta(weeks=week) for d in WEEK]
        if lib.occurrences(days, TZ):
            return days
    raise AssertionError("no week with events")


def test_an_import_is_stored_text_first_and_shown_at_once():
    store = MemoryStore()
    lib, message = imported(store)
    (calendar,) = lib.calendars_list
    assert "event" in message
    assert store.get(f"calendar-text:{calendar.id}")["text"].startswith("BEGIN:VCALENDAR")
    assert store.get("calendars")["version"] == 2
    assert f"ics-index:{calendar.id}" in store.data  # kept, so a reload does not index again
    assert first_week_with_events(lib)


def test_hiding_a_calendar_rewrites_only_the_small_list():
    store = MemoryStore()
    lib, _ = imported(store)
    days = first_week_with_events(lib)
    (calendar,) = lib.calendars_list
    writes = store.writes
    asyncio.run(lib.set_selected("", calendar.id, False))
    assert store.writes == writes + 1
    assert len(json.dumps(store.get("calendars"))) < 300
    assert lib.occurrences(days, TZ) == []


def test_a_missing_index_is_built_in_the_background_then_shown():
    store = MemoryStore()
    first, _ = imported(store)
    days = first_week_with_events(first)
    del store.data[f"ics-index:{first.calendars_list[0].id}"]
    background, seen = Background(), {"changes": [], "problems": []}
    lib = make(store, background, seen)
    assert lib.occurrences(days, TZ) == []  # nothing built inside the redraw
    assert len(background.pending) == 1
    background.run()
    assert seen["changes"] == [True]
    assert lib.occurrences(days, TZ)


def test_a_file_that_is_not_a_calendar_is_refused_and_nothing_is_stored():
    store = MemoryStore()
    lib = make(store)
    with pytest.raises(ImportRefused) as refused:
        asyncio.run(lib.import_file("photo.ics", b"\x89PNG\r\n\x1a\n" + bytes(100), TZ, lambda share: None))
    assert refused.value.title == "“photo.ics” was not imported"
    assert store.data == {}


def test_a_full_disk_stores_nothing_and_shows_nothing():
    store = MemoryStore()
    lib = make(store)
    store.fail_with = OSError("QuotaExceededError")
    with pytest.raises(OSError):
        asyncio.run(lib.import_file("a.ics", read_fixture("ics", "outlook-export.ics"), TZ, lambda share: None))
    assert lib.calendars_list == [] and store.data == {}


def test_remove_deletes_the_text_and_the_index():
    store = MemoryStore()
    lib, _ = imported(store)
    asyncio.run(lib.remove(lib.calendars_list[0].id))
    assert lib.calendars_list == [] and set(store.data) == {"calendars"}


def test_a_version_1_store_shows_its_calendars_after_the_upgrade(fixture_bytes):
    ics = fixture_bytes("outlook-export.ics").decode()
    store = MemoryStore({"calendars": {"version": 1, "calendars": [
        {"id": "ics-work", "name": "Work", "color": "#2e7d32", "source": "ics", "visible": True, "ics": ics}]}})
    asyncio.run(library.upgrade(Records(store)))
    background = Background()
    lib = make(store, background)
    lib.occurrences(WEEK, TZ)
    background.run()
    assert first_week_with_events(lib)


def test_a_simplified_series_is_told_once_per_calendar_through_on_problem():
    seen = {"changes": [], "problems": []}
    background = Background()
    lib = make(MemoryStore(), background, seen)
    asyncio.run(lib.import_file("minutely.ics", read_fixture("hostile", "minutely.ics"), TZ, lambda share: None))
    background.run()
    found = lib.occurrences(WEEK, TZ)
    assert {o.title for o in found} >= {"Team stand-up", "Design review", "Server heartbeat (repeats every minute)"}
    lib.occurrences(WEEK, TZ)  # drawn again: not told again
    [problem] = seen["problems"]
    assert str(problem) == "“Server heartbeat” repeats every minute; Daypane shows it as one block per day."
    assert problem.title == "Some events of “Hostile” are simplified"
    assert problem.key == "cal-ics-hostile"


def test_to_dos_imported_as_tasks_are_not_called_skipped():
    data = read_fixture("ics", "mixed-components.ics")
    background = Background()
    plain = asyncio.run(make(MemoryStore(), background).import_file("m.ics", data, TZ, lambda share: None))
    taken = asyncio.run(make(MemoryStore(), background).import_file("m.ics", data, TZ, lambda share: None,
                                                                    tasks_taken=True))
    background.run()
    assert "to-do" in plain and "to-do" not in taken
    assert taken.startswith("Imported 2 events from “Work”.") and "no start time" in taken


def test_the_week_on_screen_is_prepared_in_steps_before_the_calendar_is_shown():
    from tools.gen_ics import DEFAULT_ANCHOR, generate

    data = generate(400, seed=2).encode()
    week = [DEFAULT_ANCHOR + timedelta(days=i) for i in range(7)]
    pauses, changes = [], []

    async def pause():
        pauses.append(len(changes))  # how many redraws had been asked for at each pause

    lib = Library(Records(MemoryStore()), on_change=changes.append, on_problem=lambda p: None,
                  spawn=Background(), pause=pause)
    asyncio.run(lib.import_file("big.ics", data, TZ, lambda share: None, days=week))
    calendar_id, (_zone, lazy) = next(iter(lib._parsed.items()))
    parses = lazy.parses
    assert parses > 1 and pauses and all(asked == 0 for asked in pauses)  # in steps, before any redraw
    assert changes == [True]
    assert lib.occurrences(week, TZ)
    assert lazy.parses == parses  # drawing the week parsed nothing more
