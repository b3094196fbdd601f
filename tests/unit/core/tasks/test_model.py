"""Task list operations are immutable and undoable; the stored form is versioned and strict."""

from datetime import date

import pytest

from daypane.core.tasks.model import (
    SCHEMA_VERSION,
    Task,
    TaskDataError,
    TaskList,
    dump,
    format_estimate,
    load,
    parse_estimate,
)


def three() -> TaskList:
    return TaskList().add("Write report", id="a").add("Call bank", id="b").add("Book trip", id="c")


def ids(task_list: TaskList) -> list[str]:
    return [t.id for t in task_list.tasks]


def test_add_strips_title_appends_and_leaves_original_untouched():
    empty = TaskList()
    one = empty.add("  Buy milk \n", id="t1", created="2026-03-05T09:00:00Z", scheduled=date(2026, 3, 5))
    assert empty.tasks == ()
    assert one.tasks == (Task("t1", "Buy milk", scheduled=date(2026, 3, 5), created="2026-03-05T09:00:00Z"),)
    assert ids(three()) == ["a", "b", "c"]


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_empty_titles_are_refused(bad):
    with pytest.raises(ValueError, match="^A task needs a title.$"):
        TaskList().add(bad, id="x")
    with pytest.raises(ValueError, match="^A task needs a title.$"):
        three().rename("a", bad)


def test_duplicate_ids_and_unknown_ids_are_errors():
    with pytest.raises(ValueError):
        three().add("Again", id="a")
    with pytest.raises(KeyError):
        three().get("zzz")


def test_rename_toggle_schedule_estimate():
    tasks = three().rename("b", " Call the bank ").toggle("b", True).schedule("b", date(2026, 3, 6)).set_estimate("b", 20)
    assert tasks.get("b") == Task("b", "Call the bank", done=True, scheduled=date(2026, 3, 6), estimate_minutes=20)
    assert tasks.toggle("b", False).get("b").done is False
    assert tasks.schedule("b", None).set_estimate("b", None).get("b").scheduled is None
    with pytest.raises(ValueError):
        tasks.set_estimate("b", -5)


def test_remove_then_restore_puts_task_back_in_place():
    tasks = three()
    smaller, removed = tasks.remove("b")
    assert ids(smaller) == ["a", "c"] and removed.index == 1 and removed.task.title == "Call bank"
    assert smaller.restore(removed) == tasks
    assert smaller.restore(removed).restore(removed) == tasks  # undo twice is harmless
    shorter, _ = smaller.remove("c")
    assert ids(shorter.restore(removed)) == ["a", "b"]  # index clamped to the shorter list


def test_move_and_move_by_clamp_at_the_ends():
    tasks = three()
    assert ids(tasks.move("c", 0)) == ["c", "a", "b"]
    assert ids(tasks.move("a", 99)) == ["b", "c", "a"]
    assert ids(tasks.move("b", -3)) == ["b", "a", "c"]
    assert ids(tasks.move_by("b", -1)) == ["b", "a", "c"]
    assert ids(tasks.move_by("b", 1)) == ["a", "c", "b"]
    assert ids(tasks.move_by("a", -1)) == ["a", "b", "c"]  # already first
    assert ids(tasks.move_by("c", 5)) == ["a", "b", "c"]


def test_for_day_keeps_list_order():
    day = date(2026, 3, 5)
    tasks = three().schedule("c", day).schedule("a", day).schedule("b", date(2026, 3, 6))
    assert [t.id for t in tasks.for_day(day)] == ["a", "c"]


def test_dump_load_round_trip_is_json_safe():
    import json

    tasks = three().schedule("a", date(2026, 3, 5)).set_estimate("b", 90).toggle("c", True)
    data = json.loads(json.dumps(dump(tasks)))
    assert data["version"] == SCHEMA_VERSION == 2
    assert data["tasks"][0]["scheduled"] == "2026-03-05"
    assert load(data) == tasks


def test_load_tolerates_missing_optional_fields_and_none():
    assert load(None) == TaskList()
    assert load({"version": 1, "tasks": [{"id": "x", "title": "Minimal"}]}) == TaskList((Task("x", "Minimal"),))
    assert load({"tasks": []}) == TaskList()


@pytest.mark.parametrize(
    "data",
    [
        {"version": 3, "tasks": []},
        {"version": 1, "tasks": "nope"},
        {"version": 1, "tasks": [{"title": "no id"}]},
        {"version": 1, "tasks": [{"id": "x", "title": "t", "scheduled": "5 March"}]},
        {"version": 1, "tasks": [{"id": "x", "title": "t", "estimateMinutes": "ten"}]},
        ["not", "a", "dict"],
    ],
)
def test_load_refuses_data_it_cannot_keep_intact(data):
    with pytest.raises(TaskDataError) as caught:
        load(data)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).endswith(".") or str(caught.value).endswith(").")


def test_newer_version_message_says_nothing_was_changed():
    with pytest.raises(TaskDataError, match="newer version of Daypane.*not been changed"):
        load({"version": 7, "tasks": []})


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("30", 30), ("30m", 30), ("1h", 60), ("1h30", 90), ("1.5h", 90), ("90 min", 90),
     ("1 h 30 min", 90), ("2 hours", 120), ("1,5h", 90), (" 45 ", 45), ("", None), ("   ", None)],
)
def test_parse_estimate(text, minutes):
    assert parse_estimate(text) == minutes


@pytest.mark.parametrize("text", ["soon", "h", "-5", "1h30x", "30 secs", "1..5h"])
def test_parse_estimate_rejects_garbage_with_a_helpful_message(text):
    with pytest.raises(ValueError, match="Try 30, 45m, 1h or 1h30"):
        parse_estimate(text)


def test_format_estimate():
    assert [format_estimate(m) for m in (90, 30, 120, 0, 61)] == ["1 h 30 min", "30 min", "2 h", "0 min", "1 h 1 min"]
    assert parse_estimate(format_estimate(90)) == 90
