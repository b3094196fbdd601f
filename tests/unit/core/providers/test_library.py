"""The user's calendars: a small list record, each file's text a record of its own (upgraded from
version 1 with nothing lost), readable ids, distinct accessible colours."""

import asyncio
import json

import pytest

from daypane.core.model import Calendar
from daypane.core.providers.library import (
    PALETTE,
    SAMPLE_ID,
    CALENDARS,
    INDEXES,
    TEXTS,
    LibraryDataError,
    load_calendars,
    new_calendar_id,
    next_color,
    upgrade,
)
from daypane.core.records import Records
from daypane.core.store import MemoryStore


def test_round_trip_of_the_calendar_list():
    calendars = [Calendar(SAMPLE_ID, "Sample calendar", source="sample"),
                 Calendar("ics-work", "Work", color=PALETTE[1], visible=False)]
    data = json.loads(json.dumps(CALENDARS.encode(calendars)))
    assert data["version"] == 2
    assert all("ics" not in item for item in data["calendars"])  # texts are records of their own
    assert load_calendars(data) == calendars


def test_load_none_and_tolerant_defaults():
    assert load_calendars(None) == []
    (calendar,) = load_calendars({"version": 2, "calendars": [{"id": "ics-x", "color": "red;}</style>"}]})
    assert calendar == Calendar("ics-x", "ics-x")  # bad colour never reaches CSS


@pytest.mark.parametrize(
    "data",
    [{"version": 3, "calendars": []}, {"version": 2, "calendars": [{"name": "no id"}]}, {"calendars": "x"}],
)
def test_load_refuses_unreadable_data(data):
    with pytest.raises(LibraryDataError):
        load_calendars(data)


def _version_1_store(ics: str) -> dict:
    """What Daypane stored before calendars were records: every file's text inside the list."""
    return {"calendars": {"version": 1, "calendars": [
        {"id": "ics-work", "name": "Work", "color": PALETTE[1], "source": "ics", "visible": True, "ics": ics},
        {"id": "ics-home", "name": "Home", "color": PALETTE[2], "source": "ics", "visible": False, "ics": "B"},
    ]}}


def test_a_version_1_store_is_upgraded_with_nothing_lost(fixture_bytes):
    ics = fixture_bytes("outlook-export.ics").decode("utf-8")
    records = Records(MemoryStore(_version_1_store(ics)))
    assert asyncio.run(upgrade(records)) is True
    assert records.get(CALENDARS) == [Calendar("ics-work", "Work", color=PALETTE[1]),
                                      Calendar("ics-home", "Home", color=PALETTE[2], visible=False)]
    assert records.get(TEXTS, "ics-work") == ics
    assert records.get(TEXTS, "ics-home") == "B"
    assert records.store.get("calendars")["version"] == 2
    assert asyncio.run(upgrade(records)) is False  # done once


def test_an_upgrade_cut_short_by_a_full_disk_keeps_the_version_1_list_and_finishes_next_time():
    store = MemoryStore(_version_1_store("A"))
    records = Records(store)
    store.fail_with = OSError("QuotaExceededError")
    with pytest.raises(OSError):
        asyncio.run(upgrade(records))
    assert store.get("calendars")["calendars"][0]["ics"] == "A"  # untouched
    store.fail_with = None
    assert asyncio.run(upgrade(records)) is True
    assert records.get(TEXTS, "ics-work") == "A"


def test_a_legacy_bare_string_index_reads_as_version_0_text():
    records = Records(MemoryStore({"ics-index:ics-work": '{"version": 1}'}))
    assert records.get(INDEXES, "ics-work") == '{"version": 1}'


def test_new_calendar_id_is_a_unique_slug():
    assert new_calendar_id([], "Work") == "ics-work"
    assert new_calendar_id(["ics-work"], "Work") == "ics-work-2"
    assert new_calendar_id(["ics-work", "ics-work-2"], "work") == "ics-work-3"
    assert new_calendar_id([], "Équipe Café & Co!") == "ics-equipe-cafe-co"
    assert new_calendar_id([], "日本") == "ics-calendar"
    assert new_calendar_id([], "") == "ics-calendar"
    assert len(new_calendar_id([], "x" * 200)) <= 44


def _contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_palette_has_eight_distinct_colours_readable_with_white_text():
    assert len(PALETTE) == len(set(PALETTE)) == 8
    assert PALETTE[0] == Calendar("x", "x").color
    assert min(_contrast_with_white(c) for c in PALETTE) >= 4.5


def test_next_color_prefers_unused_then_least_used():
    assert next_color([]) == PALETTE[0]
    assert next_color([PALETTE[0].upper(), PALETTE[1]]) == PALETTE[2]
    assert next_color(list(PALETTE) + [PALETTE[0], PALETTE[1]]) == PALETTE[2]
