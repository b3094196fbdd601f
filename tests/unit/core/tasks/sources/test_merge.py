"""The three-way merge of one task: one test per row of the table in merge.py, the done group's
"both done is the same", and (with hypothesis) that any merge of valid tasks is a valid task that
keeps every one-sided change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from daypane.core.tasks.sources.merge import FIELDS, Merged, merge
from daypane.core.tasks.task import Task, check

BASE = Task("t1", "Write report", notes="draft", priority="low", due=date(2026, 3, 9),
            scheduled=date(2026, 3, 6), start=time(9), duration_minutes=60, estimate_minutes=60,
            created="2026-03-01T09:00:00Z", list="Work", home="work-list")


def test_unchanged_on_both_sides_is_theirs():
    theirs = replace(BASE, created="2026-03-02T00:00:00Z", list="Office")  # outside the groups
    merged = merge(BASE, BASE, theirs)
    assert merged == Merged(theirs, ())
    assert merged.ours_kept


def test_changed_only_here_is_ours():
    ours = replace(BASE, title="Write the report")
    assert merge(BASE, ours, BASE) == Merged(ours, ())


def test_changed_only_at_the_server_is_theirs():
    theirs = replace(BASE, notes="final")
    assert merge(BASE, BASE, theirs) == Merged(theirs, ())


def test_changed_on_both_sides_to_the_same_value_is_no_conflict():
    ours = theirs = replace(BASE, priority="high")
    merged = merge(BASE, ours, theirs)
    assert merged.task.priority == "high" and merged.ours_kept


def test_changed_on_both_sides_differently_keeps_theirs_and_is_a_conflict():
    ours = replace(BASE, title="Ours", scheduled=date(2026, 3, 7), start=time(10), duration_minutes=30)
    theirs = replace(BASE, title="Theirs", scheduled=None, start=None, duration_minutes=None)
    merged = merge(BASE, ours, theirs)
    assert merged.task == theirs
    assert merged.conflicts == ("title", "scheduled")  # a group is named by its first field
    assert not merged.ours_kept


def test_without_a_common_ancestor_every_difference_is_a_conflict_and_theirs_is_kept():
    ours = replace(BASE, title="Ours", done=True, completed="2026-03-05T10:00:00Z")
    theirs = replace(BASE, notes="theirs")
    merged = merge(None, ours, theirs)
    assert merged.task == theirs
    assert merged.conflicts == ("title", "notes", "done")


def test_one_sided_changes_on_different_groups_are_all_kept():
    ours = replace(BASE, title="Ours", due=None)
    theirs = replace(BASE, notes="theirs", estimate_minutes=90, parent="p1")
    merged = merge(BASE, ours, theirs)
    assert merged == Merged(replace(theirs, title="Ours", due=None), ())


def test_done_on_both_sides_is_the_same_and_keeps_their_completion_time():
    ours = replace(BASE, done=True, completed="2026-03-05T10:00:00Z")
    theirs = replace(BASE, done=True, completed="2026-03-05T10:01:00Z", title="Renamed there")
    merged = merge(BASE, ours, theirs)
    assert merged == Merged(theirs, ())
    assert merge(None, ours, replace(ours, completed="")).conflicts == ()


def test_a_block_is_taken_whole_so_the_merge_is_always_a_valid_task():
    ours = replace(BASE, start=time(23), duration_minutes=60)      # ours moved the start
    theirs = replace(BASE, start=time(8), duration_minutes=120)    # theirs changed both
    merged = merge(BASE, ours, theirs)
    assert (merged.task.start, merged.task.duration_minutes) == (time(8), 120)
    assert merged.conflicts == ("scheduled",)


# --- properties --------------------------------------------------------------------------------

# derandomize: the same examples on every run (no flaky CI); database=None: no .hypothesis/.
CHECK = settings(max_examples=300, deadline=None, derandomize=True, database=None)

# A few valid values per group, so the three sides often agree and often differ.
CHOICES: dict[tuple[str, ...], list[tuple]] = {
    ("title",): [("A",), ("B",)],
    ("notes",): [("",), ("n",)],
    ("priority",): [("none",), ("high",)],
    ("due",): [(None,), (date(2026, 3, 9),)],
    ("done", "completed"): [(False, ""), (True, ""), (True, "2026-03-05T10:00:00Z"),
                            (True, "2026-03-06T08:00:00Z")],
    ("scheduled", "start", "duration_minutes"): [(None, None, None), (date(2026, 3, 6), None, None),
                                                 (date(2026, 3, 6), time(9), 30),
                                                 (date(2026, 3, 7), time(23, 30), 30)],
    ("estimate_minutes",): [(None,), (0,), (30,)],
    ("recurrence",): [("",), ("FREQ=DAILY",)],
    ("parent",): [("",), ("p",)],
}
assert tuple(CHOICES) == FIELDS


@st.composite
def tasks(draw, home: str):
    fields = {}
    for group, choices in CHOICES.items():
        fields.update(zip(group, draw(st.sampled_from(choices))))
    return Task("t1", home=home, **fields)


def key(task: Task, group: tuple[str, ...]) -> tuple:
    """A group's value as the merge compares it: a done task's completion time does not count."""
    if group[0] == "done" and task.done:
        return (True,)
    return tuple(getattr(task, name) for name in group)


def exact(task: Task, group: tuple[str, ...]) -> tuple:
    return tuple(getattr(task, name) for name in group)


@CHECK
@given(tasks("base"), tasks("ours"), tasks("theirs"))
def test_any_merge_is_valid_and_keeps_every_one_sided_change(base, ours, theirs):
    merged = merge(base, ours, theirs)
    assert check(merged.task) is merged.task
    assert merged.task.home == "theirs"  # built on theirs
    for group in FIELDS:
        ours_changed, theirs_changed = key(ours, group) != key(base, group), key(theirs, group) != key(base, group)
        if not ours_changed:
            assert exact(merged.task, group) == exact(theirs, group)
        if not theirs_changed:
            assert key(merged.task, group) == key(ours, group)
            if ours_changed:
                assert exact(merged.task, group) == exact(ours, group)
        conflict = ours_changed and theirs_changed and key(ours, group) != key(theirs, group)
        assert (group[0] in merged.conflicts) == conflict


@CHECK
@given(tasks("ours"), tasks("theirs"))
def test_without_a_base_theirs_is_kept_and_differences_are_conflicts(ours, theirs):
    merged = merge(None, ours, theirs)
    assert merged.task == theirs
    assert merged.conflicts == tuple(group[0] for group in FIELDS if key(ours, group) != key(theirs, group))
