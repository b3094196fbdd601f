"""The user's calendars: stored with their raw .ics, readable ids, distinct accessible colours."""

import json

import pytest

from daypane.core.model import Calendar
from daypane.core.providers.library import (
    PALETTE,
    SAMPLE_ID,
    LibraryDataError,
    StoredCalendar,
    dump_calendars,
    load_calendars,
    new_calendar_id,
    next_color,
)


def test_round_trip_keeps_raw_ics(fixture_bytes):
    ics = fixture_bytes("outlook-export.ics").decode("utf-8")
    items = [
        StoredCalendar(Calendar(SAMPLE_ID, "Sample calendar", source="sample"), ""),
        StoredCalendar(Calendar("ics-work", "Work", color=PALETTE[1], visible=False), ics),
    ]
    data = json.loads(json.dumps(dump_calendars(items)))
    assert data["version"] == 1
    assert load_calendars(data) == items


def test_load_none_and_tolerant_defaults():
    assert load_calendars(None) == []
    (item,) = load_calendars({"version": 1, "calendars": [{"id": "ics-x", "color": "red;}</style>"}]})
    assert item.calendar == Calendar("ics-x", "ics-x")  # bad colour never reaches CSS
    assert item.ics == ""


@pytest.mark.parametrize(
    "data",
    [{"version": 2, "calendars": []}, {"version": 1, "calendars": [{"name": "no id"}]}, {"calendars": "x"}],
)
def test_load_refuses_unreadable_data(data):
    with pytest.raises(LibraryDataError):
        load_calendars(data)


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
