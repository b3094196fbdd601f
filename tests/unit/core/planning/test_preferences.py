"""Settings, "Working hours": the form checked in core (clear messages), the planner's
WorkingHours made from it, and the stored form read back."""

from datetime import date, time

import pytest

from daypane.core.planning import next_working_day
from daypane.core.planning.preferences import DayHours, PlanPreferences, dump, from_form, read

OFFICE = [(True, "09:00", "17:00")] * 5 + [(False, "09:00", "17:00")] * 2


def test_the_default_is_nine_to_five_monday_to_friday_five_minutes_no_split():
    prefs = PlanPreferences()
    hours = prefs.working_hours()
    assert hours.on(date(2026, 3, 2)) == (time(9), time(17))   # Monday
    assert hours.on(date(2026, 3, 7)) is None                  # Saturday
    assert (prefs.buffer_minutes, prefs.split) == (5, False)


def test_the_form_becomes_preferences_and_a_day_off_keeps_its_times():
    days = [(True, "13:00", "18:30")] + OFFICE[1:5] + [(False, "10:00", "12:00"), (True, "10:00", "12:00")]
    prefs, problems = from_form(days, "15", True)
    assert problems == []
    assert prefs.days[0] == DayHours(True, time(13), time(18, 30))
    assert prefs.days[5] == DayHours(False, time(10), time(12))
    assert prefs.working_hours().on(date(2026, 3, 8)) == (time(10), time(12))  # Sunday works
    assert (prefs.buffer_minutes, prefs.split) == (15, True)


def test_an_end_before_its_start_is_refused_naming_the_day():
    prefs, problems = from_form([(True, "17:00", "09:00")] + OFFICE[1:], "5", False)
    assert prefs is None
    assert problems == ["Monday: the end (09:00) must be after the start (17:00)."]


def test_a_day_off_is_not_checked_and_an_empty_time_on_a_working_day_is():
    prefs, problems = from_form(OFFICE[:5] + [(False, "17:00", "09:00"), (False, "", "")], "5", False)
    assert problems == [] and not prefs.days[6].works
    _, problems = from_form([(True, "", "17:00")] + OFFICE[1:], "5", False)
    assert problems == ["Monday's start needs a time like 09:00."]


@pytest.mark.parametrize("buffer", ["-1", "121", "five", "", "2.5"])
def test_the_buffer_must_be_whole_minutes_from_0_to_120(buffer):
    prefs, problems = from_form(OFFICE, buffer, False)
    assert prefs is None
    assert problems == ["The buffer between blocks must be a whole number of minutes from 0 to 120."]


def test_every_problem_is_reported_at_once():
    _, problems = from_form([(True, "10:00", "10:00"), (True, "12:00", "11:00")] + OFFICE[2:], "200", False)
    assert len(problems) == 3


def test_the_limits_are_allowed():
    assert from_form(OFFICE, "0", False)[1] == [] and from_form(OFFICE, "120", False)[1] == []


def test_preferences_that_do_not_hold_cannot_be_made():
    with pytest.raises(ValueError, match="Tuesday"):
        PlanPreferences((DayHours(), DayHours(True, time(9), time(8))) + (DayHours(),) * 5)
    with pytest.raises(ValueError, match="buffer"):
        PlanPreferences(buffer_minutes=500)


def test_stored_form_round_trips_and_missing_parts_are_defaults():
    prefs, _ = from_form([(True, "07:30", "15:00")] + OFFICE[1:], "10", True)
    assert read(dump(prefs)) == prefs
    assert read(None) == PlanPreferences() and read({}) == PlanPreferences()
    assert read({"split": True}) == PlanPreferences(split=True)


def test_the_next_working_day_follows_the_users_hours():
    days = [(True, "09:00", "17:00")] * 3 + [(False, "09:00", "17:00")] * 3 + [(True, "09:00", "12:00")]
    prefs, _ = from_form(days, "5", False)
    # Wednesday 4 March 2026 -> not Thursday to Saturday: Sunday 8 March.
    assert next_working_day(date(2026, 3, 4), prefs.working_hours()) == date(2026, 3, 8)
