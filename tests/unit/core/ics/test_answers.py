"""A parsed calendar keeps its recent answers: going back to a week costs no expansion.

The calendar never changes once parsed, so a kept answer is exactly what expanding again would
give; these tests pin that, and that the zones of the range are part of the question.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from daypane.core.ics import parse as parse_module
from daypane.core.ics.parse import ANSWERS_KEPT, parse_calendar

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
MONDAY = datetime(2026, 3, 2, tzinfo=BERLIN)

CALENDAR = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Daypane//test//EN",
    "BEGIN:VEVENT", "UID:standup@test", "DTSTAMP:20260101T000000Z",
    "DTSTART:20260302T083000Z", "DTEND:20260302T084500Z", "RRULE:FREQ=DAILY;COUNT=30",
    "SUMMARY:Stand-up", "END:VEVENT",
    "BEGIN:VEVENT", "UID:offsite@test", "DTSTAMP:20260101T000000Z",
    "DTSTART;VALUE=DATE:20260304", "DTEND;VALUE=DATE:20260305", "SUMMARY:Offsite", "END:VEVENT",
    "END:VCALENDAR", "",
])


@pytest.fixture
def expansions(monkeypatch):
    """How many times the calendar was really expanded."""
    calls = []
    real = parse_module.expand

    def counting(*args, **kwargs):
        calls.append(args[2:4])
        return real(*args, **kwargs)

    monkeypatch.setattr(parse_module, "expand", counting)
    return calls


def week(monday: datetime) -> tuple[datetime, datetime]:
    return monday, monday + timedelta(days=7)


def test_a_week_asked_again_is_answered_from_what_was_kept(expansions):
    calendar = parse_calendar(CALENDAR)
    first = calendar.occurrences("c", *week(MONDAY))
    calendar.occurrences("c", *week(MONDAY + timedelta(days=7)))
    again = calendar.occurrences("c", *week(MONDAY))
    assert again == first and len(first) == 8  # 7 stand-ups and the offsite
    assert len(expansions) == 2


def test_a_kept_answer_is_a_copy_the_caller_may_change(expansions):
    calendar = parse_calendar(CALENDAR)
    calendar.occurrences("c", *week(MONDAY)).clear()
    assert len(calendar.occurrences("c", *week(MONDAY))) == 8


def test_the_same_instants_in_another_zone_are_another_question(expansions):
    calendar = parse_calendar(CALENDAR)
    start, end = week(MONDAY)
    berlin = calendar.occurrences("c", start, end)
    tokyo = calendar.occurrences("c", start.astimezone(TOKYO), end.astimezone(TOKYO))
    assert len(expansions) == 2
    # All-day dates are placed in the zone of the range's start.
    offsite = [o for o in berlin + tokyo if o.title == "Offsite"]
    assert len(offsite) == 2 and offsite[0].start == offsite[1].start


def test_another_calendar_id_is_another_question(expansions):
    calendar = parse_calendar(CALENDAR)
    assert {o.calendar_id for o in calendar.occurrences("a", *week(MONDAY))} == {"a"}
    assert {o.calendar_id for o in calendar.occurrences("b", *week(MONDAY))} == {"b"}
    assert len(expansions) == 2


def test_only_the_most_recent_ranges_are_kept(expansions):
    calendar = parse_calendar(CALENDAR)
    weeks = [week(MONDAY + timedelta(days=7 * n)) for n in range(ANSWERS_KEPT + 1)]
    for start, end in weeks:
        calendar.occurrences("c", start, end)
    calendar.occurrences("c", *weeks[-1])      # kept
    assert len(expansions) == ANSWERS_KEPT + 1
    calendar.occurrences("c", *weeks[0])       # the oldest was let go
    assert len(expansions) == ANSWERS_KEPT + 2
