"""Upgrading a store written by an older Daypane: done once; a full disk half-way is reported
with nothing lost, and the next start finishes it."""

import asyncio

from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.upgrade import upgrade

V1 = {"calendars": {"version": 1, "calendars": [
    {"id": "ics-a", "name": "A", "color": "#2e7d32", "source": "ics", "visible": True, "ics": "BEGIN:VCALENDAR"}]}}


def test_a_full_disk_is_reported_and_the_next_start_finishes_the_upgrade():
    store = MemoryStore({k: dict(v) for k, v in V1.items()})
    store.fail_with = OSError("QuotaExceededError")
    (problem,) = asyncio.run(upgrade(Records(store)))
    assert "could not be brought up to date" in problem[0] and "Nothing was lost" in problem[1]
    assert store.get("calendars")["version"] == 1
    store.fail_with = None
    assert asyncio.run(upgrade(Records(store))) == []
    assert store.get("calendars")["version"] == 2
    assert store.get("calendar-text:ics-a") == {"version": 1, "text": "BEGIN:VCALENDAR"}
