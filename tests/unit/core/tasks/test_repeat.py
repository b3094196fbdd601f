"""The Edit form's Repeat choices: named after the task's day, each writes a rule that repeats on
the days its label says, the current rule is kept untouched, and others show as Custom."""

from datetime import date, timedelta

import pytest

from daypane.core.tasks.recurrence import clean_rule, next_date
from daypane.core.tasks.repeat import KEEP, chosen_rule, recognise, repeat_options, short_label

WED_4_MAR = date(2026, 3, 4)  # the first Wednesday of March 2026


def labels(rule: str, day: date = WED_4_MAR) -> dict[str, str]:
    return {option.value: option.label for option in repeat_options(rule, day)}


def test_the_presets_are_named_after_the_day():
    assert list(labels("").values()) == [
        "Does not repeat", "Daily", "Every weekday", "Weekly on Wednesday", "Every 2 weeks",
        "Monthly on day 4", "Monthly on the first Wednesday"]
    assert labels("", date(2026, 3, 25))["monthly_weekday"] == "Monthly on the fourth Wednesday"
    assert labels("", date(2026, 3, 31))["monthly_weekday"] == "Monthly on the last Tuesday"  # a fifth


@pytest.mark.parametrize(("choice", "days"), [
    ("daily", [date(2026, 3, 5), date(2026, 3, 6)]),
    ("weekdays", [date(2026, 3, 5), date(2026, 3, 6), date(2026, 3, 9)]),
    ("weekly", [date(2026, 3, 11), date(2026, 3, 18)]),
    ("biweekly", [date(2026, 3, 18), date(2026, 4, 1)]),
    ("monthly_day", [date(2026, 4, 4), date(2026, 5, 4)]),
    ("monthly_weekday", [date(2026, 4, 1), date(2026, 5, 6)]),
])
def test_each_preset_repeats_on_the_days_its_label_says(choice, days):
    rule = clean_rule(chosen_rule(choice, "", WED_4_MAR))
    found, day = [], WED_4_MAR
    for _ in days:
        day = next_date(rule, day)
        found.append(day)
    assert found == days


def test_the_current_rule_is_the_keep_option_and_saving_it_keeps_it_as_written():
    options = labels("FREQ=WEEKLY;BYDAY=WE")
    assert options[KEEP] == "Weekly on Wednesday" and "weekly" not in options
    # Moved to a Thursday once, it still repeats on Wednesdays: the rule is not rewritten.
    assert chosen_rule(KEEP, "FREQ=WEEKLY;BYDAY=WE", date(2026, 3, 5)) == "FREQ=WEEKLY;BYDAY=WE"


@pytest.mark.parametrize(("rule", "preset"), [
    ("FREQ=WEEKLY", "weekly"),  # quick-add's "every week": the task's own weekday
    ("freq=weekly;interval=1;byday=we", "weekly"),
    ("FREQ=WEEKLY;INTERVAL=2", "biweekly"),
    ("FREQ=WEEKLY;BYDAY=FR,TH,WE,TU,MO", "weekdays"),
    ("FREQ=MONTHLY", "monthly_day"),
    ("FREQ=MONTHLY;BYDAY=+1WE", "monthly_weekday"),
    ("", "none"),
])
def test_rules_that_mean_a_preset_are_recognised(rule, preset):
    assert recognise(rule, WED_4_MAR) == preset


@pytest.mark.parametrize("rule", ["FREQ=YEARLY", "FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY;UNTIL=20260401",
                                  "FREQ=MONTHLY;BYDAY=-1WE", "FREQ=DAILY;INTERVAL=3"])
def test_other_rules_are_custom_and_kept(rule):
    options = repeat_options(rule, WED_4_MAR)
    assert options[-1].value == KEEP and options[-1].label == f"Custom ({rule})"
    assert [o.value for o in options].count(KEEP) == 1
    assert chosen_rule(KEEP, rule, None) == rule


def test_a_new_repeat_needs_a_day():
    with pytest.raises(ValueError, match="needs a day"):
        chosen_rule("daily", "", None)
    assert chosen_rule("none", "FREQ=DAILY", None) == ""
    with pytest.raises(ValueError):
        chosen_rule("hourly", "", WED_4_MAR)


def test_a_preset_is_written_for_the_day_given():
    assert chosen_rule("weekly", "", WED_4_MAR + timedelta(days=1)) == "FREQ=WEEKLY;BYDAY=TH"


@pytest.mark.parametrize(("rule", "label"), [
    ("", ""), ("FREQ=DAILY", "Daily"), ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Weekdays"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "Every 2 weeks"), ("FREQ=MONTHLY;BYDAY=1WE", "Monthly"),
    ("FREQ=YEARLY", "Yearly"), ("FREQ=DAILY;INTERVAL=3", "Every 3 days"),
])
def test_short_labels_for_the_task_line(rule, label):
    assert short_label(rule) == label
