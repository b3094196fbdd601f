"""Keyboard shortcuts: each key's action, and never while the user is typing or using a modifier."""

import pytest

from daypane.core.shortcuts import SHORTCUTS, action_for, typing


@pytest.mark.parametrize(("key", "action"), [
    ("?", "help"), ("c", "new-task"), ("t", "today"), ("d", "day"), ("w", "week"),
    ("j", "next"), ("k", "previous"), ("/", "search"), ("p", "plan"),
])
def test_each_key_has_its_action(key, action):
    assert action_for(key) == action


def test_caps_lock_or_shift_on_a_letter_is_the_same_shortcut():
    assert action_for("T") == "today"


@pytest.mark.parametrize("modifier", ["ctrl", "meta", "alt"])
def test_a_modifier_leaves_the_key_to_the_browser(modifier):
    # Ctrl+C copies, Ctrl+T opens a tab, Alt+arrows move a time block.
    assert action_for("c", **{modifier: True}) is None


def test_nothing_while_typing_or_inside_a_dialog():
    assert action_for("c", focus_typing=True) is None
    assert action_for("/", dialog_open=True) is None


def test_unknown_keys_do_nothing():
    assert action_for("x") is None and action_for("Enter") is None and action_for("Escape") is None


@pytest.mark.parametrize(("tag", "kind", "editable", "expected"), [
    ("input", "text", False, True), ("input", "", False, True), ("input", "search", False, True),
    ("input", "time", False, True), ("textarea", "", False, True), ("select", "", False, True),
    ("div", "", True, True),
    ("input", "checkbox", False, False), ("button", "", False, False), ("a", "", False, False),
    ("body", "", False, False),
])
def test_what_counts_as_typing(tag, kind, editable, expected):
    assert typing(tag, kind, editable) is expected


def test_every_shortcut_is_described_and_keys_are_unique():
    assert all(s.words for s in SHORTCUTS)
    assert len({s.key for s in SHORTCUTS}) == len(SHORTCUTS)
