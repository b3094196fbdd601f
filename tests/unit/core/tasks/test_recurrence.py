"""Each supported repeat rule gives the right next day, month ends included, and bad rules are
refused with a sentence for the user."""

from datetime import date

import pytest

from daypane.core.tasks.recurrence import clean_rule, next_date

FRI_6_MAR = date(2026, 3, 6)  # a Friday


@pytest.mark.parametrize(("rule", "after", "expected"), [
    ("FREQ=DAILY", FRI_6_MAR, date(2026, 3, 7)),
    ("FREQ=DAILY;INTERVAL=3", FRI_6_MAR, date(2026, 3, 9)),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", FRI_6_MAR, date(2026, 3, 9)),        # skips the weekend
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", date(2026, 3, 9), date(2026, 3, 10)),
    ("FREQ=WEEKLY;BYDAY=TU,TH", FRI_6_MAR, date(2026, 3, 10)),
    ("FREQ=WEEKLY", FRI_6_MAR, date(2026, 3, 13)),                            # same weekday
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", FRI_6_MAR, date(2026, 3, 20)),        # every other week
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", FRI_6_MAR, date(2026, 3, 16)),        # not the 9th
    ("FREQ=MONTHLY;BYMONTHDAY=15", FRI_6_MAR, date(2026, 3, 15)),
    ("FREQ=MONTHLY", date(2026, 1, 15), date(2026, 2, 15)),                   # by its own date
    ("FREQ=MONTHLY;BYMONTHDAY=31", date(2026, 1, 31), date(2026, 3, 31)),     # no 31 February
    ("FREQ=MONTHLY;BYMONTHDAY=31", date(2026, 3, 31), date(2026, 5, 31)),     # nor 31 April
    ("FREQ=MONTHLY;BYMONTHDAY=-1", date(2026, 1, 31), date(2026, 2, 28)),     # the last day
    ("FREQ=MONTHLY;BYMONTHDAY=-1", date(2028, 1, 31), date(2028, 2, 29)),     # leap year
    ("FREQ=MONTHLY;BYDAY=2TU", FRI_6_MAR, date(2026, 3, 10)),
    ("FREQ=MONTHLY;BYDAY=2TU", date(2026, 3, 10), date(2026, 4, 14)),
    ("FREQ=MONTHLY;BYDAY=-1FR", FRI_6_MAR, date(2026, 3, 27)),
    ("FREQ=MONTHLY;BYDAY=-1FR", date(2026, 3, 27), date(2026, 4, 24)),
    ("FREQ=YEARLY", date(2024, 2, 29), date(2028, 2, 29)),
])
def test_next_date(rule, after, expected):
    assert next_date(clean_rule(rule), after) == expected


def test_a_rule_that_has_ended_or_never_happens_has_no_next_day():
    assert next_date("FREQ=DAILY;UNTIL=20260307", FRI_6_MAR) == date(2026, 3, 7)
    assert next_date("FREQ=DAILY;UNTIL=20260306", FRI_6_MAR) is None
    assert next_date("FREQ=DAILY;UNTIL=20260306T235959Z", FRI_6_MAR) is None  # a zone is ignored
    assert next_date("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", FRI_6_MAR) is None  # returns, bounded


def test_rules_are_stored_tidy():
    assert clean_rule("  rrule:freq=weekly;byday=mo ") == "FREQ=WEEKLY;BYDAY=MO"
    assert clean_rule("") == clean_rule("   ") == ""


@pytest.mark.parametrize(("rule", "message"), [
    ("every monday", "“every monday” is not a repeat rule Daypane understands"),
    ("FREQ=WEEKLY;BYDAY=XX", "is not a repeat rule"),
    ("FREQ=HOURLY", "not more often than once a day"),
    ("FREQ=DAILY;COUNT=5", "give an end date"),
    ("DTSTART:20260101\nRRULE:FREQ=DAILY", "leave out DTSTART"),
    ("RRULE:FREQ=DAILY\nEXDATE:20260307", "is not a repeat rule"),
])
def test_bad_rules_are_refused_with_a_sentence(rule, message):
    with pytest.raises(ValueError, match=message):
        clean_rule(rule)
