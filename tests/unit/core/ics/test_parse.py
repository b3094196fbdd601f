"""Importing .ics files: exact events from real exports, and clear errors for bad files."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daypane.core.ics.parse import IcsError, ImportSummary, Skipped, parse_calendar

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")
CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")


def window(first: date, last: date, tz=UTC) -> tuple[datetime, datetime]:
    return (
        datetime.combine(first, datetime.min.time(), tzinfo=tz),
        datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz),
    )


def local(occurrences, tz) -> list[tuple[str, str, str]]:
    """(start, end, title) with times shown in ``tz``; dates stay dates."""
    def show(value):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()
    return [(show(o.start), show(o.end), o.title) for o in occurrences]


def load(fixture_bytes, name, **kwargs):
    return parse_calendar(fixture_bytes(name), **kwargs)


# ---- real-world exports -------------------------------------------------------------------


def test_outlook_export_weekly_series_with_moved_and_deleted_instance(fixture_bytes):
    cal = load(fixture_bytes, "outlook-export.ics")
    found = cal.occurrences("work", *window(date(2026, 1, 12), date(2026, 2, 8), LONDON))
    assert local(found, LONDON) == [
        ("2026-01-12 09:30", "2026-01-12 10:00", "Weekly planning"),
        ("2026-01-14 16:00", "2026-01-14 17:00", "Tentative: vendor demo"),
        ("2026-01-19 09:30", "2026-01-19 10:00", "Weekly planning"),
        # 26 Jan moved to Tuesday 27 Jan; 2 Feb deleted with EXDATE.
        ("2026-01-27 14:00", "2026-01-27 14:30", "Weekly planning (moved)"),
    ]
    planning = found[0]
    assert (planning.location, planning.show_as, planning.recurring, planning.calendar_id) == (
        "Room 2.14", "busy", True, "work",
    )
    demo = found[1]
    assert demo.show_as == "tentative" and not demo.recurring
    assert demo.description == "Join the meeting: https://teams.example.invalid/l/meetup-join/abc\nDial-in by phone"


def test_outlook_series_keeps_local_time_across_british_summer_time(fixture_bytes):
    cal = load(fixture_bytes, "outlook-export.ics")
    last = cal.occurrences("work", *window(date(2026, 3, 23), date(2026, 4, 12), LONDON))
    assert local(last, LONDON) == [
        ("2026-03-23 09:30", "2026-03-23 10:00", "Weekly planning"),
        ("2026-03-30 09:30", "2026-03-30 10:00", "Weekly planning"),  # BST: 08:30 UTC, before UNTIL
    ]
    assert last[1].start.astimezone(UTC).hour == 8


def test_google_export_applies_x_wr_timezone_and_keeps_cancelled_instance(fixture_bytes):
    cal = load(fixture_bytes, "google-export.ics")
    assert cal.summary == ImportSummary("Family", 2, ())
    found = cal.occurrences("family", *window(date(2026, 1, 26), date(2026, 2, 15), CHICAGO))
    assert [(t, o.status, o.show_as) for t, o in zip(local(found, CHICAGO), found)] == [
        (("2026-02-01 19:00", "2026-02-01 20:00", "Sunday call with grandparents"), "cancelled", "busy"),
        (("2026-02-08 19:00", "2026-02-08 20:00", "Sunday call with grandparents"), "confirmed", "busy"),
        (("2026-02-13", "2026-02-16", "Ski weekend"), "confirmed", "free"),
        (("2026-02-15 19:00", "2026-02-15 20:00", "Sunday call with grandparents"), "confirmed", "busy"),
    ]
    assert found[0].cancelled and found[0].recurring
    # X-WR-TIMEZONE turns the UTC times into Chicago wall-clock times.
    assert found[1].start.utcoffset() == timedelta(hours=-6)


def test_apple_export_duration_instead_of_dtend(fixture_bytes):
    cal = load(fixture_bytes, "apple-export.ics")
    (dentist,) = cal.occurrences("me", *window(date(2026, 1, 19), date(2026, 1, 25)))
    assert local([dentist], ZoneInfo("Asia/Tokyo")) == [("2026-01-21 15:00", "2026-01-21 15:45", "Dentist")]
    assert dentist.start == datetime(2026, 1, 21, 6, 0, tzinfo=UTC)
    assert dentist.location == "Shibuya"
    assert cal.summary.message() == "Imported 1 event."


def test_rie_google_utc_times_are_moved_to_x_wr_timezone(fixture_bytes):
    cal = load(fixture_bytes, "rie-x_wr_timezone_simple_events_issue_59.ics")
    found = cal.occurrences("g", *window(date(2021, 12, 22), date(2021, 12, 22), NEW_YORK))
    assert local(found, NEW_YORK) == [
        ("2021-12-22 12:00", "2021-12-22 13:00", "Google Calendar says this is noon to 1PM on 12/22/2021"),
        ("2021-12-22 21:00", "2021-12-22 22:00", "Google says this is 9PM to 10PM on 12/22/2021"),
    ]
    assert found[0].start.tzinfo == NEW_YORK


def test_rie_google_moved_monthly_instance_and_zero_length_events(fixture_bytes):
    cal = load(fixture_bytes, "rie-issue_62_moved_event.ics")
    found = cal.occurrences("g", *window(date(2021, 11, 1), date(2022, 1, 31), BERLIN))
    # Last Friday monthly at 21:30; the 31 Dec one was moved to 17 Dec. DTEND == DTSTART.
    assert local(found, BERLIN) == [
        ("2021-11-26 21:30", "2021-11-26 21:30", "Karaoke"),
        ("2021-12-17 21:30", "2021-12-17 21:30", "Karaoke"),
        ("2022-01-28 21:30", "2022-01-28 21:30", "Karaoke"),
    ]
    assert {o.show_as for o in found} == {"free"}


def test_exchange_windows_vtimezone_present_but_event_uses_olson_id(fixture_bytes):
    cal = load(fixture_bytes, "rie-issue_27_t2.ics")
    found = cal.occurrences("x", *window(date(2020, 4, 20), date(2020, 5, 3), BERLIN))
    # Daily until 29 Apr 00:00 UTC; 27 Apr excluded (EXDATE 12:00Z == 14:00 CEST).
    assert local(found, BERLIN) == [
        ("2020-04-26 14:00", "2020-04-26 14:30", "Reoccur"),
        ("2020-04-28 14:00", "2020-04-28 14:30", "Reoccur"),
    ]


def test_exchange_all_day_biweekly_bins_with_moved_instances(fixture_bytes):
    cal = load(fixture_bytes, "rie-issue_28_rrule_with_UTC_endinginZ.ics")
    found = cal.occurrences("bins", *window(date(2020, 4, 1), date(2020, 5, 31), LONDON))
    assert local(found, LONDON) == [
        ("2020-04-02", "2020-04-03", "Refuse black bin"),
        ("2020-04-09", "2020-04-10", "Blue Recycle bin"),
        ("2020-04-17", "2020-04-18", "Refuse black bin"),  # moved from Thu 16th
        ("2020-04-23", "2020-04-24", "Blue Recycle bin"),
        ("2020-04-30", "2020-05-01", "Refuse black bin"),
        ("2020-05-07", "2020-05-08", "Blue Recycle bin"),
        ("2020-05-14", "2020-05-15", "Refuse black bin"),
        ("2020-05-21", "2020-05-22", "Blue Recycle bin"),
        ("2020-05-29", "2020-05-30", "Refuse black bin"),  # moved from Thu 28th
    ]
    assert all(o.all_day and o.show_as == "free" for o in found)


def test_exchange_windows_tzid_with_vtimezone(fixture_bytes):
    cal = load(fixture_bytes, "icalendar-issue_836_do_not_quote_tzid.ics")
    (event,) = cal.occurrences("x", *window(date(2024, 10, 28), date(2024, 10, 28), NEW_YORK))
    # "Eastern Standard Time" on 28 Oct 2024 is still daylight time (EDT, UTC-4).
    assert event.start == datetime(2024, 10, 28, 21, 0, tzinfo=UTC)
    assert event.end == datetime(2024, 10, 28, 22, 0, tzinfo=UTC)


def test_apple_created_google_event_repeats_on_weekdays(fixture_bytes):
    cal = load(fixture_bytes, "icalendar-x_location.ics")
    found = cal.occurrences("itc", *window(date(2016, 10, 28), date(2016, 11, 1), ZoneInfo("Europe/Zurich")))
    assert local(found, ZoneInfo("Europe/Zurich")) == [
        ("2016-10-28 14:00", "2016-10-28 14:30", "Daily Sync"),
        ("2016-10-31 14:00", "2016-10-31 14:30", "Daily Sync"),  # after the weekend and DST end
        ("2016-11-01 14:00", "2016-11-01 14:30", "Daily Sync"),
    ]
    assert found[0].location == "Roadstar 16\n12764 Happyville\nDenmark"


def test_windows_tzids_without_vtimezone_resolve_to_real_zones(fixture_bytes):
    cal = load(fixture_bytes, "windows-tzid-no-vtimezone.ics")
    found = cal.occurrences("o", *window(date(2026, 1, 1), date(2026, 6, 30)))
    assert [(o.title, o.start.astimezone(UTC), o.end.astimezone(UTC), o.show_as) for o in found] == [
        ("Winter meeting in Berlin time", datetime(2026, 1, 15, 8, 0, tzinfo=UTC),
         datetime(2026, 1, 15, 9, 30, tzinfo=UTC), "workingElsewhere"),
        ("Call with Seattle", datetime(2026, 1, 15, 17, 0, tzinfo=UTC),
         datetime(2026, 1, 15, 17, 30, tzinfo=UTC), "busy"),
        # 09:00 W. Europe Standard Time in summer == 07:00 UTC
        ("Summer meeting in Berlin time", datetime(2026, 6, 15, 7, 0, tzinfo=UTC),
         datetime(2026, 6, 15, 8, 0, tzinfo=UTC), "oof"),
    ]


def test_same_custom_tzid_in_two_files_keeps_each_files_definition(fixture_bytes):
    # icalendar caches VTIMEZONEs by TZID process-wide; parse_calendar must not let the
    # first file's "Customized Time Zone" leak into the second.
    india = load(fixture_bytes, "customized-tz-india.ics")
    eastern = load(fixture_bytes, "customized-tz-eastern.ics")
    span = window(date(2026, 3, 4), date(2026, 3, 6))
    assert india.occurrences("a", *span)[0].start == datetime(2026, 3, 5, 3, 30, tzinfo=UTC)
    assert eastern.occurrences("b", *span)[0].start == datetime(2026, 3, 5, 14, 0, tzinfo=UTC)


# ---- normalisation ------------------------------------------------------------------------


def test_edge_cases_floating_missing_end_cancelled(fixture_bytes):
    tokyo = ZoneInfo("Asia/Tokyo")
    cal = load(fixture_bytes, "edge-cases.ics", floating_tz=tokyo)
    found = {o.uid.split("@")[0]: o for o in cal.occurrences("e", *window(date(2026, 3, 4), date(2026, 3, 7)))}
    breakfast = found["floating"]
    assert breakfast.start == datetime(2026, 3, 5, 8, 0, tzinfo=tokyo)  # floating -> given zone
    assert breakfast.end - breakfast.start == timedelta(minutes=30)
    reminder = found["no-end"]
    assert reminder.start == reminder.end == datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    holiday = found["allday-no-end"]
    assert (holiday.start, holiday.end, holiday.all_day) == (date(2026, 3, 6), date(2026, 3, 7), True)
    talk = found["cancelled"]
    assert talk.cancelled and talk.url == "https://example.invalid/talk"
    assert talk.source == "ics"  # an .ics URL property: "Open link", whoever serves the file


def test_floating_times_default_to_utc(fixture_bytes):
    cal = load(fixture_bytes, "edge-cases.ics")
    found = cal.occurrences("e", *window(date(2026, 3, 5), date(2026, 3, 5)))
    assert found[0].title == "Floating breakfast"
    assert found[0].start == datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


def test_hostile_text_is_kept_verbatim_as_plain_text(fixture_bytes):
    cal = load(fixture_bytes, "edge-cases.ics")
    (event,) = [o for o in cal.occurrences("e", *window(date(2026, 3, 5), date(2026, 3, 5))) if o.uid.startswith("hostile")]
    assert event.title == "<img src=x onerror=alert(1)>"
    assert event.location == '<script>alert("where")</script>'
    # DESCRIPTION as written; the HTML alternative (X-ALT-DESC) is not used.
    assert event.description == "<b>bold?</b> & line one\nline two"


def test_range_is_half_open_and_results_sorted(fixture_bytes):
    cal = load(fixture_bytes, "edge-cases.ics")
    start = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    found = cal.occurrences("e", start, datetime(2026, 3, 5, 15, 0, tzinfo=UTC))
    # The zero-length reminder at 12:00 is in; the talk starting at 15:00 (the end) is not.
    assert [o.title for o in found] == ["Reminder without end"]
    day = cal.occurrences("e", *window(date(2026, 3, 5), date(2026, 3, 6)))
    assert [o.title for o in day] == [
        "Floating breakfast", "Reminder without end", "Cancelled talk",
        "<img src=x onerror=alert(1)>", "Holiday without end",
    ]


def test_occurrences_needs_aware_bounds(fixture_bytes):
    cal = load(fixture_bytes, "edge-cases.ics")
    with pytest.raises(ValueError):
        cal.occurrences("e", datetime(2026, 3, 5), datetime(2026, 3, 6))


def test_str_input_is_accepted(fixture_bytes):
    text = fixture_bytes("apple-export.ics").decode("utf-8")
    assert parse_calendar(text).summary.events == 1


# ---- summary ------------------------------------------------------------------------------


def test_broken_components_are_skipped_and_reported(fixture_bytes):
    cal = load(fixture_bytes, "mixed-components.ics")
    assert cal.summary.events == 2
    assert cal.summary.skipped == (
        Skipped("VEVENT", "no-start@daypane.test", "no start time (DTSTART)"),
        Skipped("VEVENT", "bad-start@daypane.test", "an unreadable start time (DTSTART)"),
        Skipped("VTODO", "todo-1@daypane.test", "to-dos are not calendar events"),
    )
    assert cal.summary.message() == (
        "Imported 2 events from “Work”. Skipped 3 components: 1 event with no start time (DTSTART), "
        "1 event with an unreadable start time (DTSTART), 1 to-do (VTODO; to-dos are not calendar events)."
    )
    titles = [o.title for o in cal.occurrences("w", *window(date(2026, 3, 1), date(2026, 3, 31)))]
    assert titles == ["Kept event", "Kept all-day event"]


def test_summary_message_wording():
    todo = Skipped("VTODO", "t", "to-dos are not calendar events")
    no_start = Skipped("VEVENT", "e", "no start time (DTSTART)")
    assert ImportSummary("Work", 12, (todo, no_start)).message() == (
        "Imported 12 events from “Work”. Skipped 2 components: 1 to-do (VTODO; to-dos are not "
        "calendar events), 1 event with no start time (DTSTART)."
    )
    assert ImportSummary("", 1, ()).message() == "Imported 1 event."
    assert ImportSummary("", 3, (todo, todo)).message() == (
        "Imported 3 events. Skipped 2 components: 2 to-dos (VTODO; to-dos are not calendar events)."
    )


def test_series_count_once_in_summary(fixture_bytes):
    # outlook-export: one series (+ its override) and one single event.
    assert load(fixture_bytes, "outlook-export.ics").summary.message() == "Imported 2 events from “Work”."


# ---- files that cannot be imported --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("empty.ics", "The file is empty."),
        ("web-page.html", "This file is a web page (HTML), not a calendar."),
        ("api-answer.json", "This file contains JSON data, not an iCalendar (.ics) calendar."),
        ("screenshot.png", "This file is a PNG image, not a calendar."),
        ("truncated.ics", "This calendar file is incomplete: it stops before END:VCALENDAR"),
        ("event-without-vcalendar.ics", "This file has events but no calendar around them"),
        ("only-todos.ics", "“Chores” contains no events. Skipped 2 components: 2 to-dos (VTODO;"),
        ("garbled-lines.ics", "This calendar contains no events. Skipped 1 component: 1 event with an unreadable end time (DTEND)."),
    ],
)
def test_unusable_files_raise_a_clear_error(fixture_bytes, name, expected):
    with pytest.raises(IcsError) as caught:
        parse_calendar(fixture_bytes(name))
    message = str(caught.value)
    assert message.startswith(expected)
    assert message.endswith(".")  # a complete sentence telling the user what to do next
    assert any(word in message for word in ("Choose", "Export", "export", "download", "Download"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"   \r\n\n", "The file is empty."),
        (b"\x00\x01\x02garbage\xff\xfe", "This file is binary data, not a calendar."),
        (b"Hello, this is a note.\n", "This file is not an iCalendar (.ics) calendar"),
        (b"BEGIN:VCALENDAR\r\nX\r\nEND:VCALENDAR\r\n", "This calendar file is damaged and could not be read"),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "This calendar contains no events."),
    ],
)
def test_malformed_inputs(data, expected):
    with pytest.raises(IcsError, match="^" + expected.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_calendar(data)


def test_ics_error_is_a_value_error():
    assert issubclass(IcsError, ValueError)


def test_a_calendar_is_complete_when_it_closes_before_a_long_tail_too():
    # END:VCALENDAR is looked for in the last 64 kB first; a file it closes long before its end
    # (trailing blank lines a server padded it with) is still complete, and the check still says
    # so when that line is missing from both.
    closed = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260304T120000Z\r\nEND:VEVENT\r\n"
              "END:VCALENDAR\r\n")
    assert parse_calendar(closed + "\r\n" * 50_000).summary.events == 1
    with pytest.raises(IcsError, match="stops before END:VCALENDAR"):
        parse_calendar(closed.replace("END:VCALENDAR", "X-CUT:") + "\r\n" * 50_000)
