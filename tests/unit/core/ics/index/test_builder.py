"""IndexBuilder and IcsIndex (core/ics/index/builder.py): chunked building, dump/load, fallbacks."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from daypane.core.ics.index.builder import IcsIndex, IndexBuilder, build_index, build_index_now
from daypane.core.ics.parse import IcsError, parse_calendar
from tests.unit.core.ics.index.support import CAL, UTC, event, full_and_lazy, same
from tools.gen_ics import generate


def test_chunked_building_gives_the_same_index():
    text = generate(120, seed=3)
    builder = IndexBuilder(text)
    progress = []
    while not builder.feed(25):
        progress.append(builder.progress)
    assert len(progress) >= 4 and progress == sorted(progress) and 0 < progress[-1] < 1
    assert builder.result().dump() == build_index_now(text).dump()
    steps = build_index(text, chunk=40)
    seen = []
    try:
        while True:
            seen.append(next(steps))
    except StopIteration as stop:
        index = stop.value
    assert seen and index.dump() == build_index_now(text).dump()


def test_dump_load_round_trip_and_refusals():
    text = generate(40, seed=2)
    index = build_index_now(text)
    data = json.loads(json.dumps(index.dump()))
    loaded = IcsIndex.load(data, text)
    assert loaded is not None and loaded.dump() == index.dump()
    assert loaded.summary == index.summary
    assert IcsIndex.load(data, text.replace("Stand-up", "Stand-Up")) is None  # another text
    assert IcsIndex.load({**data, "version": 99}, text) is None
    assert IcsIndex.load({"version": data["version"]}, text) is None


def test_odd_files_fall_back_to_the_full_parse():
    stray = "X-STRAY:line\r\n" + CAL.format(event("a", "DTSTART:20260304T120000Z"))
    with pytest.raises(IcsError) as error:
        parse_calendar(stray)
    with pytest.raises(IcsError) as lazy_error:
        build_index_now(stray)
    assert str(lazy_error.value) == str(error.value)
    two = CAL.format(event("a", "DTSTART:20260304T120000Z")) + CAL.format(
        "BEGIN;X-A=1:VEVENT\r\nUID:b\r\nDTSTART:20260304T130000Z\r\nEND:VEVENT\r\n")
    full, index, lazy = full_and_lazy(two)
    assert index.fallback and index.summary == full.summary
    week = (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC))
    assert same(lazy.occurrences("c", *week)) == same(full.occurrences("c", *week))


def test_an_odd_boundary_far_into_the_file_is_found_by_the_steps_that_reach_it():
    # The search for odd boundaries runs a step at a time, as far as the scan has come. A pair
    # of them in the last event (an alarm whose BEGIN and END lines carry a parameter) disturbs
    # nothing else the scan sees, so only that search can send the file to the full parse.
    events = "".join(event(f"e{i}", "DTSTART:20260304T120000Z") for i in range(40))
    alarm = "BEGIN;X-A=1:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\nEND;X-A=1:VALARM\r\n"
    last = event("last", "DTSTART:20260304T130000Z").replace("END:VEVENT", alarm + "END:VEVENT")
    builder = IndexBuilder(CAL.format(events + last))
    steps = 0
    while not builder.feed(3):
        steps += 1
    assert steps >= 13 and builder.result().fallback


def test_finishing_in_steps_gives_the_index_of_one_go_and_a_reload_accepts_it(monkeypatch):
    # The import gives the page a turn between the checksum's slices and the groups' batches;
    # what comes out must be what result() makes at once, its checksum that of the whole text.
    monkeypatch.setattr("daypane.core.ics.index.builder._CHECKSUM_STEP", 50_000)
    monkeypatch.setattr("daypane.core.ics.index.builder._GROUP_STEP", 300)
    text = generate(1500, seed=3)
    builder = IndexBuilder(text)
    while not builder.feed(200):
        pass
    steps = sum(1 for _ in builder.finishing())
    index = builder.result()
    assert steps > len(text) // 50_000 + 1500 // 300
    assert index.dump() == build_index_now(text).dump()
    assert IcsIndex.load(json.loads(json.dumps(index.dump())), builder.text) is not None
    assert list(builder.finishing()) == []  # finished: nothing more to do
