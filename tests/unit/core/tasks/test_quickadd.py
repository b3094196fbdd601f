"""Quick-add: what the "New task" box understands, and THE RULE that keeps titles' own words.

Today is Tuesday 1 December 2026 throughout unless a test says otherwise.
"""

import random
from dataclasses import replace
from datetime import date, time

import pytest

from daypane.core.tasks.quickadd import Part, QuickAdd, parse
from daypane.core.tasks.quickadd_en import ENGLISH

TUE = date(2026, 12, 1)


def d(day: int, month: int = 12, year: int = 2026) -> date:
    return date(year, month, day)


def understood(text: str, today: date = TUE, **options) -> dict:
    """The fields `text` set, title included, leaving out the ones left at their default."""
    result = parse(text, today, **options)
    fields = {"title": result.title}
    for name in ("scheduled", "start", "duration", "list", "recurrence", "due"):
        if getattr(result, name) is not None:
            fields[name] = getattr(result, name)
    if result.priority != "none":
        fields["priority"] = result.priority
    return fields


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


# ---- THE RULE: titles that merely contain such words keep them ---------------------------

LITERAL_TITLES = [
    "Call May about the March report",  # months alone are never dates
    "Read 'In the Sun'",  # single quotes are apostrophes, not literal markers: "Sun'" is no day
    "Read In the Sun",  # "the Sun": a determiner makes the day word a noun
    "Buy 2 apples",  # a bare number is nothing
    "Watch Monday Night Football",  # a day word in the middle counts for nothing
    "Prepare today's agenda",
    "Fix the second bug",
    "Meet at the station",
    "Check in with Sam",
    "Sat exam prep",
    "Plan the weekly review",
    "Send the weekly",  # after "the", "weekly" is a noun
    "Daily standup notes",
    "Every day counts poster",
    "Wed anniversary gift",
    "Pick up the sun lounger",
    "Write about my Sunday",
    "Call a friday contact",
    "Return library book 2",
    "Buy 12 eggs",
    "March for climate",
    "Due diligence",
    "Pay in full",
    "Book a room for 2",
    "At last",
    "Email Mon Laferte's agent",
    "Taxes in the month of May",
    "Listen to the Fri podcast",
]


@pytest.mark.parametrize("text", LITERAL_TITLES)
def test_titles_that_merely_contain_such_words(text):
    result = parse(text, TUE)
    assert (result.title, result.parts) == (text, ())


@pytest.mark.parametrize("text,fields", [
    # The same words at the end are understood: only the trailing run counts.
    ("Call May about the March report tomorrow",
     {"title": "Call May about the March report", "scheduled": d(2)}),
    ("Watch Monday Night Football sun", {"title": "Watch Monday Night Football", "scheduled": d(6)}),
    ("Buy 2 apples at 9", {"title": "Buy 2 apples", "start": time(9)}),
    ("Check in with Sam in 3 days", {"title": "Check in with Sam", "scheduled": d(4)}),
    ("Prepare today's agenda today", {"title": "Prepare today's agenda", "scheduled": d(1)}),
    ("Send report weekly", {"title": "Send report", "recurrence": "FREQ=WEEKLY", "scheduled": d(1)}),
    # Unambiguous tokens anywhere, with their prefix word.
    ("Meet at 15:00 with Bob", {"title": "Meet with Bob", "start": time(15)}),
    ("Walk for 30m then stretch", {"title": "Walk then stretch", "duration": 30}),
    ("Ship !high the release #Work today",
     {"title": "Ship the release", "priority": "high", "list": "Work", "scheduled": d(1)}),
    ("#Home clean the gutters", {"title": "clean the gutters", "list": "Home"}),
    ("Trip 2026-12-12 to Rome", {"title": "Trip to Rome", "scheduled": d(12)}),
    # The rule's limit: a title that ends in a day word loses it; quotes are the way out.
    ("Read The Day After Tomorrow", {"title": "Read The Day After", "scheduled": d(2)}),
    ('Read "The Day After Tomorrow"', {"title": "Read The Day After Tomorrow"}),
    # A word that is not understood ends the run; what is before it stays title.
    ("Gym tomorrow morning", {"title": "Gym tomorrow morning"}),
    ("Gym friday or saturday", {"title": "Gym friday or", "scheduled": d(5)}),
    # Each field once; read from the end, the last one wins (rule 4).
    ("Move mon to fri", {"title": "Move mon to", "scheduled": d(4)}),
    ("Call mon fri", {"title": "Call mon", "scheduled": d(4)}),
    ("Swap 15:00 slot 16:00", {"title": "Swap 15:00 slot", "start": time(16)}),
    ("Fix !low !high", {"title": "Fix !low", "priority": "high"}),
    ("Plan #A #B", {"title": "Plan #A", "list": "B"}),
    # Order within the run is free.
    ("Gym #Health 7am tomorrow 1h", {"title": "Gym", "list": "Health", "start": time(7),
                                     "scheduled": d(2), "duration": 60}),
    ("Gym 1h tomorrow at 7am !2", {"title": "Gym", "duration": 60, "scheduled": d(2),
                                   "start": time(7), "priority": "medium"}),
    ("Sync every monday 10:00 30m #Team", {"title": "Sync", "recurrence": "FREQ=WEEKLY;BYDAY=MO",
                                           "scheduled": d(7), "start": time(10), "duration": 30,
                                           "list": "Team"}),
])
def test_where_words_count(text, fields):
    assert understood(text) == fields


# ---- quotes keep text literal ------------------------------------------------------------


@pytest.mark.parametrize("text,fields", [
    ('Read "In the Sun"', {"title": "Read In the Sun"}),
    ('"Tomorrow" by Annie', {"title": "Tomorrow by Annie"}),
    ('Buy "today" tomorrow', {"title": "Buy today", "scheduled": d(2)}),
    ('Watch "Monday" friday', {"title": "Watch Monday", "scheduled": d(4)}),
    ('Print "!high #Office 15:00"', {"title": "Print !high #Office 15:00"}),
    ("Read “The Sun Also Rises” sun", {"title": "Read The Sun Also Rises", "scheduled": d(6)}),
    ('Say "every monday"', {"title": "Say every monday"}),
    ('Read "In the Sun', {"title": "Read In the Sun"}),  # open quote: literal to the end
    ('"tomorrow"', {"title": "tomorrow"}),
    ('""', {"title": ""}),
])
def test_quotes(text, fields):
    assert understood(text) == fields


# ---- the title: tidied; never emptied by parsing -----------------------------------------


@pytest.mark.parametrize("text,fields", [
    ("  Pay   the invoice   tomorrow ", {"title": "Pay the invoice", "scheduled": d(2)}),
    ("Call Bob, tomorrow", {"title": "Call Bob", "scheduled": d(2)}),
    ("Call Bob - 3pm", {"title": "Call Bob", "start": time(15)}),
    # Nothing left of the title: nothing is understood (rule 5).
    ("tomorrow", {"title": "tomorrow"}),
    ("tomorrow 15:00", {"title": "tomorrow 15:00"}),
    ("!high #Work", {"title": "!high #Work"}),
    ("every monday", {"title": "every monday"}),
    ("  daily  ", {"title": "daily"}),
    ("", {"title": ""}),
    ("   ", {"title": ""}),
])
def test_titles(text, fields):
    assert understood(text) == fields


# ---- parts: what the preview shows -------------------------------------------------------


@pytest.mark.parametrize("text,descriptions", [
    ("Gym tomorrow", ["Scheduled Wed 2 Dec"]),
    ("Gym 3 jan", ["Scheduled Sun 3 Jan 2027"]),  # another year says so
    ("Essay 1h30", ["Takes 1 h 30 min"]),
    ("Essay 2h", ["Takes 2 h"]),
    ("Essay at 9", ["Starts 09:00"]),
    ("Report due fri", ["Due Fri 4 Dec"]),
    ("Sync every monday", ["Repeats every Monday, from Mon 7 Dec"]),
    ("Sync every mon and thu", ["Repeats every Monday and Thursday, from Thu 3 Dec"]),
    ("Sync every 2 weeks", ["Repeats every 2 weeks, from Tue 1 Dec"]),
    ("Sync every last friday", ["Repeats monthly on the last Friday, from Fri 25 Dec"]),
    ("Sync daily", ["Repeats daily, from Tue 1 Dec"]),
    ("Fix !1 #Ops", ["Priority high", "List Ops"]),
])
def test_part_descriptions(text, descriptions):
    assert [p.description for p in parse(text, TUE).parts] == descriptions


def test_parts_are_in_text_order_with_exact_spans():
    text = "Ship #Work it  at 9am   due 12 dec"
    parts = parse(text, TUE).parts
    assert [(p.kind, p.text) for p in parts] == [("list", "#Work"), ("start", "at 9am"), ("due", "due 12 dec")]
    assert all(text[p.start:p.end] == p.text for p in parts)
    assert parts[0] == ("list", "#Work", 5, 10, "List Work")  # a plain tuple for the UI


# ---- another language is a words table ---------------------------------------------------


def test_another_language_is_a_new_table_not_new_code():
    french = replace(
        ENGLISH,
        relative_days={"aujourd'hui": 0, "demain": 1},
        weekdays={"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
        months={**{m: i + 1 for i, m in enumerate(("janvier", "février", "mars"))}, "déc": 12},
        next=("prochain",), every=("chaque",), due=("avant",), at=("à",), determiners=("le", "la"),
        says={**ENGLISH.says, "scheduled": "Prévu {day}"},
        day_names=("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
    )
    result = parse("Appeler Paul demain à 9 #Travail", TUE, words=french)
    assert (result.title, result.scheduled, result.start, result.list) == ("Appeler Paul", d(2), time(9), "Travail")
    assert result.parts[0].description == "Prévu mer 2 Dec"
    assert parse("Réunion chaque lundi", TUE, words=french).recurrence == "FREQ=WEEKLY;BYDAY=MO"
    assert parse("Rapport avant 12 déc", TUE, words=french).due == d(12)
    assert parse("Lire la dimanche", TUE, words=french).scheduled is None
    assert parse("Gym tomorrow", TUE, words=french).scheduled is None  # no English left in the engine


# ---- robustness: any text parses, and what it says adds up -------------------------------

_VOCABULARY = ["Pay", "the", "May", "sun", "tomorrow", "next", "monday", "every", "in", "3", "days",
               "at", "9", "15:00", "3pm", "45m", "1h30", "!high", "!9", "#Work", "#", '"', "“", "”",
               "due", "12", "dec", "2026-02-30", "weekday", "on", "15th", "month", ",", "!", "h"]


def test_random_texts_parse_and_their_parts_match_the_text():
    rng = random.Random(13)
    for _ in range(400):
        text = " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(0, 9)))
        result = parse(text, TUE)
        assert all(text[p.start:p.end] == p.text for p in result.parts), text
        kinds = [p.kind for p in result.parts]
        assert len(kinds) == len(set(kinds)), text
        assert result.title or not text.strip(' "“”'), text
        assert bool(result.parts) == any(
            v is not None for v in (result.scheduled, result.start, result.duration, result.list,
                                    result.recurrence, result.due)) or result.priority != "none", text


def test_a_long_text_is_quick():
    text = "word " * 20_000 + "tomorrow"
    assert parse(text, TUE).scheduled == d(2)
