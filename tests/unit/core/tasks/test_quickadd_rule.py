"""Quick-add's title rule: which words count where, quotes, the tidied title, the preview parts,
a second words table, and robustness. The fields themselves: test_quickadd.py.

Today is Tuesday 1 December 2026 throughout.
"""

import random
from dataclasses import replace
from datetime import time

import pytest

from tests.unit.core.tasks.quickadd_support import TUE, d, understood

from daypane.core.tasks.quickadd import parse
from daypane.core.tasks.quickadd_en import ENGLISH


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
