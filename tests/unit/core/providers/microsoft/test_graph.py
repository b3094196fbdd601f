"""Graph request plans and answers, against the shared calendarView fixtures (loaded by name)."""

import json
from datetime import date, datetime, timezone
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from daypane.core.providers.microsoft import graph
from tests.support import fixtures

FIXTURES = fixtures.FIXTURES / "graph"
BERLIN = ZoneInfo("Europe/Berlin")


def page(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def by_title(occurrences):
    return {o.title: o for o in occurrences}


@pytest.fixture
def shown():
    events = page("calendarView-page1.json")["value"] + page("calendarView-page2.json")["value"]
    return by_title(graph.to_occurrence(e, "k", BERLIN) for e in events)


def test_all_day_keeps_its_dates_with_an_exclusive_end(shown):
    offsite = shown["Team offsite"]
    assert offsite.all_day and (offsite.start, offsite.end) == (date(2026, 3, 2), date(2026, 3, 4))
    assert offsite.show_as == "oof" and offsite.location == "Lake house"


def test_timed_events_are_aware_in_the_zone_graph_used(shown):
    review = shown["Design review"]
    assert review.start == datetime(2026, 3, 2, 10, 0, tzinfo=BERLIN)
    assert review.start.astimezone(timezone.utc).hour == 9
    assert review.join_url.startswith("https://teams.microsoft.com/l/meetup-join/")
    assert review.url.startswith("https://outlook.office365.com/owa/")
    assert review.source == "outlook"  # so its link is named "Open in Outlook"
    assert review.recurring


def test_cancelled_and_tentative(shown):
    assert shown["Standup"].status == "cancelled"
    assert shown["Lunch with Sam?"].status == "tentative"
    assert shown["Lunch with Sam?"].show_as == "tentative"


def test_utc_times_seven_digit_fractions_and_unknown_zones():
    event = {"id": "1", "subject": "x", "start": {"dateTime": "2026-03-04T08:00:00.1234567", "timeZone": "UTC"},
             "end": {"dateTime": "2026-03-04T10:00:00.0000000", "timeZone": "Mars/Olympus"}}
    occ = graph.to_occurrence(event, "k", BERLIN)
    assert occ.start == datetime(2026, 3, 4, 8, 0, 0, 123456, tzinfo=timezone.utc)
    assert occ.end.tzinfo == BERLIN  # unknown zone name: the display zone


def test_calendars_and_colours():
    found = graph.parse_calendars({"value": [
        {"id": "a", "name": "Calendar", "color": "auto", "hexColor": "#a4262c", "isDefaultCalendar": True},
        {"id": "b", "name": "Birthdays", "color": "lightGreen", "hexColor": ""},
        {"id": "c", "name": "", "color": "maxColor"}]})
    assert [(c.id, c.color, c.is_default) for c in found] == [
        ("a", "#a4262c", True), ("b", "#498205", False), ("c", graph.DEFAULT_COLOR, False)]


def test_calendar_view_path_and_batches_of_twenty():
    path = graph.calendar_view_path("AAMk/x=", datetime(2026, 3, 2, tzinfo=BERLIN), datetime(2026, 3, 9, tzinfo=BERLIN))
    parts = urlsplit(path)
    assert parts.path == "/me/calendars/AAMk%2Fx%3D/calendarView"
    query = parse_qs(parts.query)
    assert query["startDateTime"] == ["2026-03-01T23:00:00Z"] and query["endDateTime"] == ["2026-03-08T23:00:00Z"]
    assert query["$select"] == [graph.SELECT] and query["$top"] == ["100"]
    batches = graph.batch_requests([f"/p{i}" for i in range(25)], "Europe/Berlin")
    bodies = [json.loads(b.body) for b in batches]
    assert [len(b["requests"]) for b in bodies] == [20, 5]
    assert bodies[1]["requests"][0]["id"] == "20"
    assert bodies[0]["requests"][0]["headers"]["Prefer"].startswith('outlook.timezone="Europe/Berlin"')
    assert all(b.url == f"{graph.GRAPH}/$batch" and b.method == "POST" for b in batches)


def test_next_links_become_relative():
    link = page("calendarView-page1.json")["@odata.nextLink"]
    assert graph.relative(link).startswith("/me/calendars/")


@pytest.mark.parametrize("status, retry_after, attempt, wait", [
    (429, "3", 0, 3.0), (503, None, 0, 1.0), (429, None, 2, 4.0), (429, "600", 0, 60.0),
    (429, None, 4, None), (500, "3", 0, None), (404, None, 0, None),
])
def test_retry_delay(status, retry_after, attempt, wait):
    assert graph.retry_delay(status, retry_after, attempt) == wait


def test_only_read_scopes():
    assert graph.SCOPES == ("Calendars.Read", "User.Read")
