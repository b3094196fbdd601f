"""The one rule for stored records: versions and migrations, and "unreadable is never overwritten"
for user data, while a cache that cannot be read is simply rebuilt."""

import asyncio

import pytest

from daypane.core.records import Record, RecordUnreadable, Records, stored_version, text_record
from daypane.core.store import MemoryStore

NOTES = Record("notes", 3, read=lambda d: list(d["items"]), write=lambda items: {"items": items},
               empty=list, what="notes",
               migrations={1: lambda d: {"version": 2, "lines": d["text"].split(",")},
                           2: lambda d: {"version": 3, "items": d["lines"]}})
CACHE = Record("cache", 1, read=lambda d: d["value"], write=lambda v: {"value": v}, empty=lambda: None,
               what="cache", per_item=True, disposable=True)


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_value_is_stored_with_its_version_and_read_back():
    records = Records(MemoryStore())
    run(records.put(NOTES, ["a", "b"]))
    assert records.store.get("notes") == {"version": 3, "items": ["a", "b"]}
    assert records.get(NOTES) == ["a", "b"]


def test_an_old_value_is_migrated_step_by_step():
    records = Records(MemoryStore({"notes": {"version": 1, "text": "a,b"}}))
    assert records.get(NOTES) == ["a", "b"]
    assert records.unreadable == {}


def test_nothing_stored_is_the_empty_value():
    assert Records(MemoryStore()).get(NOTES) == []


@pytest.mark.parametrize("stored, words", [
    ({"version": 4, "items": []}, "newer version of Daypane"),
    ({"version": 3, "items": 5}, "damaged"),
    ([1, 2], "damaged"),
    ({"version": "3"}, "damaged"),
])
def test_unreadable_user_data_is_reported_and_never_overwritten(stored, words):
    store = MemoryStore({"notes": stored})
    records = Records(store)
    assert records.get(NOTES) == []
    assert words in records.unreadable["notes"]
    with pytest.raises(RecordUnreadable, match="does not overwrite"):
        run(records.put(NOTES, ["new"]))
    assert store.get("notes") == stored


def test_an_unreadable_cache_is_empty_and_may_be_rebuilt():
    store = MemoryStore({"cache:x": {"version": 9, "value": 1}})
    records = Records(store)
    assert records.get(CACHE, "x") is None
    assert records.unreadable == {}
    run(records.put(CACHE, 2, "x"))
    assert records.get(CACHE, "x") == 2


def test_a_failed_write_raises_and_keeps_what_was_stored():
    store = MemoryStore({"notes": {"version": 3, "items": ["kept"]}})
    records = Records(store)
    store.fail_with = OSError("QuotaExceededError")
    with pytest.raises(OSError):
        run(records.put(NOTES, ["lost?"]))
    assert records.get(NOTES) == ["kept"]


def test_per_item_records_have_their_own_keys_and_are_listed():
    records = Records(MemoryStore({"notes": {"version": 3, "items": []}}))
    run(records.put(CACHE, 1, "b"))
    run(records.put(CACHE, 2, "a"))
    assert records.items(CACHE) == ["a", "b"]
    run(records.delete(CACHE, "a"))
    assert records.items(CACHE) == ["b"]
    with pytest.raises(TypeError):
        CACHE.key()
    with pytest.raises(TypeError):
        NOTES.key("x")


def test_text_records_read_legacy_bare_strings():
    text = text_record("snapshot", "start-up snapshot", disposable=True)
    records = Records(MemoryStore({"snapshot": "<old>"}))
    assert records.get(text) == "<old>"
    run(records.put(text, "<new>"))
    assert records.store.get("snapshot") == {"version": 1, "text": "<new>"}


def test_stored_version():
    assert stored_version("x") == 0
    assert stored_version({"a": 1}) == 1
    assert stored_version({"a": 1}, unversioned=0) == 0
    assert stored_version({"version": 2}) == 2
    assert stored_version({"version": True}) is None
    assert stored_version(None) is None


def test_a_bare_text_record_is_stored_as_the_string_itself():
    snapshot = text_record("snapshot", "start-up snapshot", disposable=True, bare=True)
    records = Records(MemoryStore())
    run(records.put(snapshot, '{"v": 1}'))
    assert records.store.get("snapshot") == '{"v": 1}'
    assert records.get(snapshot) == '{"v": 1}'


def test_a_stored_text_that_is_not_json_is_damaged_data_never_overwritten():
    from daypane.core.store import Unparsed
    from daypane.core.tasks.model import RECORD as TASKS, TaskList
    records = Records(MemoryStore({"tasks": Unparsed("xx{not json")}))
    assert not records.get(TASKS).tasks
    assert not records.readable(TASKS)
    with pytest.raises(RecordUnreadable):
        asyncio.run(records.put(TASKS, TaskList()))
