"""List names are tidied and matched to known lists; a new list gets a colour no list uses yet."""

import pytest

from daypane.core.tasks.lists import INBOX, INBOX_COLOR, PALETTE, clean_color, clean_list_name, default_color


def test_names_are_trimmed_and_empty_means_inbox():
    assert clean_list_name("  Home   chores ") == "Home chores"
    assert clean_list_name("") == clean_list_name(None) == clean_list_name("  ") == INBOX
    assert clean_list_name("inbox") == INBOX


def test_a_name_differing_only_by_case_is_the_known_list():
    assert clean_list_name("WORK", ["Work"]) == "Work"
    assert clean_list_name("Works", ["Work"]) == "Works"


def test_a_very_long_name_is_refused():
    with pytest.raises(ValueError, match="at most 100 characters"):
        clean_list_name("x" * 101)


def test_default_colours_take_the_first_free_one_then_one_fixed_by_the_name():
    assert default_color(INBOX, PALETTE) == INBOX_COLOR
    assert default_color("Work") == PALETTE[0]
    assert default_color("Home", [PALETTE[0], INBOX_COLOR]) == PALETTE[1]
    full = default_color("Garden", PALETTE)
    assert full in PALETTE and full == default_color("garden", PALETTE)  # stable across runs


def test_colours_must_be_hex():
    assert clean_color(" #A1B2C3 ") == "#a1b2c3"
    for bad in ("red", "#abc", "#gggggg", None):
        with pytest.raises(ValueError, match="is not a colour"):
            clean_color(bad)
