"""Quick-add: each field the "New task" box understands. THE RULE for titles: test_quickadd_rule.py.

Today is Tuesday 1 December 2026 throughout unless a test says otherwise.
"""

from datetime import date, time

import pytest

from tests.unit.core.tasks.quickadd_support import TUE, d, understood

from daypane.core.tasks.quickadd import Part, QuickAdd, parse


# ---- the contract ------------------------------------------------------------------------


def test_the_contract_example_exactly():
    text = "Pay the invoice tomorrow 15:00 45m !high #Office"
    result = parse(text, TUE)
    assert result == QuickAdd(
        title="Pay the invoice", scheduled=d(2), start=time(15, 0), duration=45, priority="high",
        list="Office", recurrence=None, due=None,
        parts=(
            Part("scheduled", "tomorrow", 16, 24, "Scheduled Wed 2 Dec"),
            Part("start", "15:00", 25, 30, "Starts 15:00"),
            Part("duration", "45m", 31, 34, "Takes 45 min"),
            Part("priority", "!high", 35, 40, "Priority high"),
            Part("list", "#Office", 41, 48, "List Office"),
        ),
    )
    assert all(text[p.start:p.end] == p.text for p in result.parts)


def test_the_result_is_frozen():
    with pytest.raises(AttributeError):
        parse("Gym today", TUE).title = "x"


# ---- days: each form lands on the right date ---------------------------------------------

DAYS = [
    ("today", d(1)),
    ("tomorrow", d(2)),
    ("tmrw", d(2)),
    ("Tomorrow", d(2)),
    ("TODAY", d(1)),
    ("wednesday", d(2)),
    ("wed", d(2)),
    ("thursday", d(3)),
    ("thu", d(3)),
    ("thurs", d(3)),
    ("friday", d(4)),
    ("fri", d(4)),
    ("Sat", d(5)),
    ("sun", d(6)),
    ("monday", d(7)),
    ("mon", d(7)),
    ("tuesday", d(1)),  # a weekday name is today when today is that day
    ("tue", d(1)),
    ("this friday", d(4)),
    ("next monday", d(7)),
    ("next tuesday", d(8)),
    ("next friday", d(11)),  # the Friday of next week, not the coming one (4 Dec)
    ("next sunday", d(13)),
    ("next week", d(7)),  # the first day of next week
    ("12 dec", d(12)),
    ("dec 12", d(12)),
    ("12 december", d(12)),
    ("December 12", d(12)),
    ("12th dec", d(12)),
    ("1 dec", d(1)),  # today is still "next occurrence"
    ("30 nov", d(30, 11, 2027)),  # passed this year: next year's
    ("3 jan", d(3, 1, 2027)),
    ("12 dec 2027", d(12, 12, 2027)),
    ("29 feb", d(29, 2, 2028)),  # the next 29 February there is
    ("2026-12-12", d(12)),
    ("2027-01-05", d(5, 1, 2027)),
    ("in 3 days", d(4)),
    ("in 0 days", d(1)),
    ("in 2 weeks", d(15)),
    ("in a week", d(8)),
    ("in 1 month", d(1, 1, 2027)),
    ("in 2 years", d(1, 12, 2028)),
    ("on friday", d(4)),
    ("on 12 dec", d(12)),
]


@pytest.mark.parametrize("phrase,day", DAYS)
def test_days(phrase, day):
    assert understood(f"Book tickets {phrase}") == {"title": "Book tickets", "scheduled": day}


@pytest.mark.parametrize("text", ["Party 31 nov", "Party 32 dec", "Trip 2026-13-01",
                                  "Trip 2026-02-30", "Party 0 dec", "Review in many days"])
def test_impossible_days_are_not_dates(text):
    """Not a real day: left in the title rather than guessed."""
    assert parse(text, TUE).scheduled is None


def test_a_month_later_keeps_to_the_months_end():
    assert parse("Bill in 1 month", date(2027, 1, 31)).scheduled == date(2027, 2, 28)


@pytest.mark.parametrize("today,text,day", [
    (date(2026, 12, 7), "Gym monday", date(2026, 12, 7)),  # Monday: "monday" is today
    (date(2026, 12, 7), "Gym next monday", date(2026, 12, 14)),
    (date(2026, 12, 6), "Gym next monday", date(2026, 12, 7)),  # Sunday: next week starts tomorrow
    (date(2026, 12, 6), "Gym sunday", date(2026, 12, 6)),
    (date(2026, 12, 31), "Gym tomorrow", date(2027, 1, 1)),
])
def test_weekday_rules_from_other_days(today, text, day):
    assert parse(text, today).scheduled == day


@pytest.mark.parametrize("text,monday_first,sunday_first", [
    ("Gym next sunday", d(13), d(6)),
    ("Gym next monday", d(7), d(7)),
    ("Gym next saturday", d(12), d(12)),
    ("Gym next week", d(7), d(6)),
])
def test_next_follows_the_first_day_of_the_week(text, monday_first, sunday_first):
    assert parse(text, TUE, week_starts_on=0).scheduled == monday_first
    assert parse(text, TUE, week_starts_on=6).scheduled == sunday_first


# ---- clock times -------------------------------------------------------------------------

TIMES = [
    ("Call 15:00", time(15, 0)),
    ("Call 9:05", time(9, 5)),
    ("Call 0:00", time(0, 0)),
    ("Call 23:59", time(23, 59)),
    ("Call 3pm", time(15, 0)),
    ("Call 3PM", time(15, 0)),
    ("Call 3:30pm", time(15, 30)),
    ("Call 3 pm", time(15, 0)),
    ("Call 9am", time(9, 0)),
    ("Call 12am", time(0, 0)),
    ("Call 12pm", time(12, 0)),
    ("Call at 9", time(9, 0)),  # a 24-hour clock: "at 9" is 09:00
    ("Call at 17", time(17, 0)),
    ("Call at 9am", time(9, 0)),
    ("Call at 15:00", time(15, 0)),
    ("Call @ 3pm", time(15, 0)),
    ("Call noon", time(12, 0)),
    ("Call at noon", time(12, 0)),
]


@pytest.mark.parametrize("text,moment", TIMES)
def test_times(text, moment):
    assert understood(text) == {"title": "Call", "start": moment}


@pytest.mark.parametrize("text", ["Call 25:00", "Call 13pm", "Call at 24", "Call 9:75",
                                  "Call 0pm", "Call 9", "Route 66"])
def test_not_clock_times(text):
    assert parse(text, TUE).start is None


# ---- durations ---------------------------------------------------------------------------

DURATIONS = [
    ("Essay 30m", 30), ("Essay 45 min", 45), ("Essay 45min", 45), ("Essay 1h", 60),
    ("Essay 1h30", 90), ("Essay 1h30m", 90), ("Essay 90 min", 90), ("Essay 2h", 120),
    ("Essay 1.5h", 90), ("Essay 2 hours", 120), ("Essay 1 hour", 60), ("Essay 1hr", 60),
    ("Essay 20 minutes", 20), ("Essay 1h 30m", 90), ("Essay for 30m", 30),
    ("Essay 9h", 540),  # nine hours, as 1h is one hour: never 9 o'clock
]


@pytest.mark.parametrize("text,minutes", DURATIONS)
def test_durations(text, minutes):
    assert understood(text) == {"title": "Essay", "duration": minutes}


@pytest.mark.parametrize("text", ["Essay 0m", "Essay 0h", "Essay 1h75", "Essay 3x", "Essay 999999m"])
def test_not_durations(text):
    assert parse(text, TUE).duration is None


# ---- priority and list -------------------------------------------------------------------


@pytest.mark.parametrize("token,priority", [
    ("!high", "high"), ("!HIGH", "high"), ("!medium", "medium"), ("!med", "medium"),
    ("!low", "low"), ("!1", "high"), ("!2", "medium"), ("!3", "low"),
])
def test_priorities(token, priority):
    assert understood(f"Fix leak {token}") == {"title": "Fix leak", "priority": priority}


@pytest.mark.parametrize("text", ["Fix leak !4", "Fix leak !urgent", "Fix leak!", "Wow!1 fix"])
def test_not_priorities(text):
    assert parse(text, TUE).priority == "none"
    assert parse(text, TUE).title == text


@pytest.mark.parametrize("token,name", [
    ("#Work", "Work"), ("#Deep-work", "Deep-work"), ("#home_2", "home_2"), ("#Été", "Été"),
])
def test_lists(token, name):
    assert understood(f"Plan {token}") == {"title": "Plan", "list": name}


@pytest.mark.parametrize("text", ["Fix bug #123", "Tweet #", "Fix #-1"])
def test_not_lists(text):
    assert understood(text) == {"title": text}


# ---- recurrence: the rule, and the first occurrence as the scheduled day ------------------

RECURRENCES = [
    ("every monday", "FREQ=WEEKLY;BYDAY=MO", d(7)),
    ("every tuesday", "FREQ=WEEKLY;BYDAY=TU", d(1)),  # today is a Tuesday: starts today
    ("every fri", "FREQ=WEEKLY;BYDAY=FR", d(4)),
    ("every mon and thu", "FREQ=WEEKLY;BYDAY=MO,TH", d(3)),
    ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", d(1)),
    ("every weekend", "FREQ=WEEKLY;BYDAY=SA,SU", d(5)),
    ("every day", "FREQ=DAILY", d(1)),
    ("every week", "FREQ=WEEKLY", d(1)),
    ("every month", "FREQ=MONTHLY", d(1)),
    ("every year", "FREQ=YEARLY", d(1)),
    ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2", d(1)),
    ("every 3 days", "FREQ=DAILY;INTERVAL=3", d(1)),
    ("every 1 week", "FREQ=WEEKLY", d(1)),
    ("every other week", "FREQ=WEEKLY;INTERVAL=2", d(1)),
    ("daily", "FREQ=DAILY", d(1)),
    ("weekly", "FREQ=WEEKLY", d(1)),
    ("monthly", "FREQ=MONTHLY", d(1)),
    ("yearly", "FREQ=YEARLY", d(1)),
    ("every month on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", d(15)),
    ("every month on the 1st", "FREQ=MONTHLY;BYMONTHDAY=1", d(1)),
    ("every month on 31", "FREQ=MONTHLY;BYMONTHDAY=31", d(31)),
    ("every first monday", "FREQ=MONTHLY;BYDAY=1MO", d(7)),
    ("every first tuesday", "FREQ=MONTHLY;BYDAY=1TU", d(1)),
    ("every second friday", "FREQ=MONTHLY;BYDAY=2FR", d(11)),
    ("every last friday", "FREQ=MONTHLY;BYDAY=-1FR", d(25)),
]


@pytest.mark.parametrize("phrase,rule,first", RECURRENCES)
def test_recurrences(phrase, rule, first):
    assert understood(f"Standup {phrase}") == {"title": "Standup", "recurrence": rule, "scheduled": first}


def test_a_given_day_wins_over_the_first_occurrence():
    assert understood("Standup every monday 14 dec") == {
        "title": "Standup", "recurrence": "FREQ=WEEKLY;BYDAY=MO", "scheduled": d(14)}


def test_a_monthly_day_skips_months_without_it():
    assert parse("Rent every month on the 31st", date(2027, 2, 1)).scheduled == date(2027, 3, 31)


@pytest.mark.parametrize("text", ["Standup every", "Standup every 0 weeks", "Standup every blue moon",
                                  "Standup every fifth monday", "Standup every month on the 40th"])
def test_not_recurrences(text):
    assert parse(text, TUE).recurrence is None


# ---- due ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text,day", [
    ("Report due fri", d(4)), ("Report due 12 dec", d(12)), ("Report due tomorrow", d(2)),
    ("Report by monday", d(7)), ("Report due next friday", d(11)), ("Report due 2027-01-04", d(4, 1, 2027)),
])
def test_due(text, day):
    assert understood(text) == {"title": "Report", "due": day}


def test_due_and_scheduled_together():
    assert understood("Report tomorrow due fri") == {"title": "Report", "scheduled": d(2), "due": d(4)}
    assert understood("Report due fri tomorrow") == {"title": "Report", "scheduled": d(2), "due": d(4)}


def test_an_unambiguous_due_date_inside_the_title():
    assert understood("Report due 2026-12-12 for Bob") == {"title": "Report for Bob", "due": d(12)}
