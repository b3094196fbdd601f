"""Which link joins an online meeting: each provider's own field, then a known service's link in
free text; only https, never a look-alike host."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from daypane.core.calendar.meetings import joinable, meeting_link
from daypane.core.ics.parse import parse_calendar
from daypane.core.model import Occurrence
from daypane.core.providers.microsoft.graph import to_occurrence as graph_occurrence

UTC = timezone.utc
TEAMS = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d"


def test_ics_properties_in_a_real_looking_file(fixture_bytes):
    calendar = parse_calendar(fixture_bytes("online-meetings.ics"), floating_tz=UTC)
    found = {o.title: o.join_url for o in calendar.occurrences(
        "c", datetime(2026, 3, 4, tzinfo=UTC), datetime(2026, 3, 5, tzinfo=UTC))}
    assert found == {
        "Supplier call": TEAMS,                                       # X-MICROSOFT-SKYPETEAMSMEETINGURL
        "Zoom retro": "https://example.zoom.us/j/123456789",          # CONFERENCE, the VIDEO one
        "Meet in the location": "https://meet.google.com/abc-defg-hij",  # LOCATION
        "Not a meeting": "",                                          # look-alike, javascript:, http:
    }


@pytest.mark.parametrize(("text", "link"), [
    ("Join: https://acme.zoom.us/j/987654321?pwd=abc.", "https://acme.zoom.us/j/987654321?pwd=abc"),
    ("Click here to join <https://teams.microsoft.com/l/meetup-join/19%3a1>", "https://teams.microsoft.com/l/meetup-join/19%3a1"),
    ("https://meet.google.com/xyz-abcd-efg", "https://meet.google.com/xyz-abcd-efg"),
    ("https://acme.webex.com/meet/alex", "https://acme.webex.com/meet/alex"),
    ("https://meet.jit.si/DaypaneStandup", "https://meet.jit.si/DaypaneStandup"),
    ("https://zoom.us.evil.example/j/1", ""),
    ("https://evilzoom.us/j/1", ""),
    ("https://example.com/zoom.us/j/1", ""),
    ("Room 2.14", ""),
])
def test_known_meeting_links_in_free_text(text, link):
    assert meeting_link(text=[text]) == link


def test_explicit_links_come_before_text_and_must_be_https():
    assert meeting_link(explicit=["javascript:alert(1)", "https://a.example/x"], text=["https://meet.google.com/abc-defg-hij"]) \
        == "https://a.example/x"
    assert meeting_link(conferences=[("tel:+15550100", "PHONE"), ("https://v.example/1", "VIDEO")]) == "https://v.example/1"


def graph_event(**fields):
    return {"id": "e1", "subject": "Review", "start": {"dateTime": "2026-03-04T10:00:00", "timeZone": "UTC"},
            "end": {"dateTime": "2026-03-04T11:00:00", "timeZone": "UTC"}, **fields}


def test_graph_join_url_then_online_meeting_url_then_location():
    assert graph_occurrence(graph_event(onlineMeeting={"joinUrl": TEAMS}), "c", UTC).join_url == TEAMS
    assert graph_occurrence(graph_event(onlineMeeting=None, onlineMeetingUrl="https://skype.example/j"),
                            "c", UTC).join_url == "https://skype.example/j"
    assert graph_occurrence(graph_event(location={"displayName": "https://acme.zoom.us/j/1"}),
                            "c", UTC).join_url == "https://acme.zoom.us/j/1"
    assert graph_occurrence(graph_event(onlineMeeting={"joinUrl": "javascript:x"}), "c", UTC).join_url == ""


START = datetime(2026, 3, 4, 14, tzinfo=UTC)


def meeting(**kw):
    return Occurrence("c", "u", "Review", START, START + timedelta(hours=1), join_url=TEAMS, **kw)


@pytest.mark.parametrize(("minutes", "expected"), [(-11, False), (-10, True), (-9, True), (0, True), (59, True), (60, False)])
def test_the_block_offers_join_from_ten_minutes_before_until_the_end(minutes, expected):
    assert joinable(meeting(), START + timedelta(minutes=minutes)) is expected


def test_no_join_on_a_cancelled_meeting_or_one_without_a_link():
    assert not joinable(meeting(status="cancelled"), START)
    assert not joinable(Occurrence("c", "u", "Review", START, START + timedelta(hours=1)), START)
