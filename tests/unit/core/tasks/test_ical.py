"""Tasks as iCalendar: export, import, and what a real or hostile file makes of them.

The exporter reads tasks by attribute name (``TaskLike``); ``FullTask`` below has every field the
extended Task model will have, ``Task`` (today's) only some: both must export.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from daypane.core.ics.parse import IcsError, parse_calendar
from daypane.core.ics.sniff import has_todos
from daypane.core.tasks.ical import export_tasks
from daypane.core.tasks.ical_import import NOTES_LIMIT, ImportedTask, import_tasks
from daypane.core.tasks.model import Task

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
UTC = timezone.utc


@dataclass(frozen=True)
class FullTask:
    id: str
    title: str
    done: bool = False
    notes: str = ""
    list: str | None = None
    priority: str | None = None
    due: date | None = None
    scheduled: date | None = None
    start: time | None = None
    duration_minutes: int | None = None
    estimate_minutes: int | None = None
    recurrence: str | None = None
    created: datetime | str | None = None
    completed: datetime | None = None


TASKS = (
    FullTask("t1", "Äpfel kaufen 🍎 — für Oma", notes='Bio, wenn möglich; sonst egal.\nZweite Zeile "zitiert"\\',
             list="Einkauf, Haushalt", priority="high", due=date(2026, 3, 4), scheduled=date(2026, 3, 3),
             estimate_minutes=20, created=datetime(2026, 2, 28, 9, 30, tzinfo=BERLIN)),
    FullTask("t2", "Stand-up notes", priority="medium", recurrence="FREQ=DAILY",
             scheduled=date(2026, 3, 2), start=time(9, 15), duration_minutes=15),
    FullTask("t3", "Team retro", priority="low", recurrence="FREQ=MONTHLY;BYDAY=2TU",
             # Clocks go forward at 02:00 that night: 01:30 CET + 90 min is 04:00 CEST.
             scheduled=date(2026, 3, 29), start=time(1, 30), duration_minutes=90),
    FullTask("t4", "Filed taxes", done=True, completed=datetime(2026, 2, 27, 23, 45, tzinfo=BERLIN),
             created="2026-02-01T08:00:00+01:00"),
    FullTask("t5", "Summer planning", scheduled=date(2026, 7, 1), start=time(10, 0), duration_minutes=60),
    FullTask("t6", "Overdue but planned", due=date(2026, 3, 1), scheduled=date(2026, 3, 5)),
    FullTask("t7", "Point in time", scheduled=date(2026, 3, 6), start=time(8, 0)),
)


def exported(tasks=TASKS) -> bytes:
    return export_tasks(tasks, NOW, BERLIN)


def parsed(tasks=TASKS) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(exported(tasks))


def by_uid(calendar, name):
    return {str(c["UID"]): c for c in calendar.walk(name)}


# ---- export, read back with icalendar ------------------------------------------------------


def test_export_is_one_rfc5545_calendar_with_crlf_and_folded_lines():
    data = exported()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    # Every line break is CRLF, and no line is longer than 75 octets (RFC 5545 3.1).
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//Daypane//Daypane//EN" and str(calendar["VERSION"]) == "2.0"
    assert len(calendar.walk("VTODO")) == len(TASKS)


def test_each_task_is_a_vtodo_with_its_fields():
    todos = by_uid(parsed(), "VTODO")
    first = todos["t1@daypane"]
    assert str(first["SUMMARY"]) == TASKS[0].title
    assert str(first["DESCRIPTION"]) == TASKS[0].notes  # commas, semicolons, newline, quote, backslash
    assert first["CATEGORIES"].cats == ["Einkauf, Haushalt"]  # one list, its comma escaped
    assert first["PRIORITY"] == 1
    assert first["DUE"].dt == date(2026, 3, 4) and not isinstance(first["DUE"].dt, datetime)
    assert first["DTSTART"].dt == date(2026, 3, 3)
    assert first["CREATED"].dt == datetime(2026, 2, 28, 8, 30, tzinfo=UTC)
    assert first["DTSTAMP"].dt == NOW
    assert str(first["STATUS"]) == "NEEDS-ACTION" and "COMPLETED" not in first
    assert [todos[f"t{n}@daypane"]["PRIORITY"] for n in (2, 3)] == [5, 9]
    assert "PRIORITY" not in todos["t4@daypane"]  # none: left out, RFC 5545's undefined
    assert todos["t2@daypane"]["RRULE"].to_ical() == b"FREQ=DAILY"
    assert todos["t3@daypane"]["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"


def test_a_done_task_has_status_and_its_completion_in_utc():
    done = by_uid(parsed(), "VTODO")["t4@daypane"]
    assert str(done["STATUS"]) == "COMPLETED"
    assert done["COMPLETED"].dt == datetime(2026, 2, 27, 22, 45, tzinfo=UTC)
    assert b"COMPLETED:20260227T224500Z" in exported()  # UTC form, as RFC 5545 requires
    assert done["CREATED"].dt == datetime(2026, 2, 1, 7, 0, tzinfo=UTC)  # from an ISO string


def test_a_time_block_is_a_vevent_related_to_its_vtodo_in_the_zone():
    calendar = parsed()
    events = by_uid(calendar, "VEVENT")
    assert set(events) == {"t2-block@daypane", "t3-block@daypane", "t5-block@daypane", "t7-block@daypane"}
    block = events["t2-block@daypane"]
    assert str(block["RELATED-TO"]) == "t2@daypane" and block["RELATED-TO"].params["RELTYPE"] == "PARENT"
    assert str(block["RELATED-TO"]) in by_uid(calendar, "VTODO")
    assert str(block["SUMMARY"]) == "Stand-up notes"
    assert b"DTSTART;TZID=Europe/Berlin:20260302T091500" in exported()
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_block_times_are_right_on_both_sides_of_a_dst_change_and_across_it():
    events = by_uid(parsed(), "VEVENT")
    winter, across, summer = (events[f"t{n}-block@daypane"] for n in (2, 3, 5))
    assert winter["DTSTART"].dt.astimezone(UTC) == datetime(2026, 3, 2, 8, 15, tzinfo=UTC)  # CET
    assert summer["DTSTART"].dt.astimezone(UTC) == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # CEST
    # 90 real minutes from 01:30 CET: 04:00 CEST (adding on the wall clock would say 03:00).
    assert across["DTSTART"].dt.astimezone(UTC) == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert across["DTEND"].dt.astimezone(UTC) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert b"DTEND;TZID=Europe/Berlin:20260329T040000" in exported()


def test_a_calendar_app_shows_the_blocks_at_their_times():
    # Daypane's own calendar import reads the export: the VTODOs are skipped, the blocks shown.
    calendar = parse_calendar(exported(), floating_tz=BERLIN)
    day = [o for o in calendar.occurrences("x", datetime(2026, 3, 29, tzinfo=BERLIN),
                                           datetime(2026, 3, 30, tzinfo=BERLIN))]
    assert [(o.title, o.start.astimezone(UTC).hour, o.end.astimezone(UTC).hour) for o in day] == [
        ("Team retro", 0, 2)]


def test_todays_task_model_exports_too():
    task = Task(id="a1", title="Call Bob", done=True, scheduled=date(2026, 3, 2), estimate_minutes=30,
                created="2026-03-01T10:00:00+01:00")
    todo = icalendar.Calendar.from_ical(export_tasks([task], NOW, BERLIN)).walk("VTODO")[0]
    assert (str(todo["UID"]), str(todo["SUMMARY"]), str(todo["STATUS"])) == ("a1@daypane", "Call Bob", "COMPLETED")
    assert todo["DTSTART"].dt == date(2026, 3, 2) and "COMPLETED" not in todo  # unknown time: not invented
    assert import_tasks(export_tasks([task], NOW, BERLIN)).tasks[0].estimate_minutes == 30


def test_a_repeat_rule_that_cannot_be_written_is_refused_not_dropped():
    with pytest.raises(ValueError, match="Broken rule"):
        export_tasks([FullTask("x", "Broken rule", recurrence="FREQ=SOMETIMES")], NOW, BERLIN)


# ---- round trip through import_tasks --------------------------------------------------------


def test_every_field_survives_export_then_import():
    result = import_tasks(exported(), tz=BERLIN)
    assert result.skipped == () and result.shortened == ()
    back = {task.uid: task for task in result.tasks}
    for task in TASKS:
        expected = ImportedTask(uid=f"{task.id}@daypane", **{
            f.name: getattr(task, f.name) for f in fields(FullTask) if f.name not in ("id", "created", "completed")})
        got = back[f"{task.id}@daypane"]
        assert replace(got, created=None, completed=None) == expected, task.id  # those two: below
    assert back["t4@daypane"].completed == datetime(2026, 2, 27, 22, 45, tzinfo=UTC)
    assert back["t1@daypane"].created == datetime(2026, 2, 28, 8, 30, tzinfo=UTC)
    assert back["t3@daypane"].duration_minutes == 90  # real minutes across the DST change


def test_import_without_a_zone_keeps_block_times_as_written():
    back = {t.uid: t for t in import_tasks(exported()).tasks}
    assert (back["t3@daypane"].start, back["t3@daypane"].duration_minutes) == (time(1, 30), 90)


# ---- real-world files --------------------------------------------------------------------------


def test_only_todos_fixture(fixture_bytes):
    result = import_tasks(fixture_bytes("only-todos.ics"))
    assert [(t.uid, t.title, t.due) for t in result.tasks] == [
        ("todo-1@daypane.test", "Buy milk", None), ("todo-2@daypane.test", "Water plants", date(2026, 3, 5))]
    assert result.message() == "Imported 2 tasks."


def test_thunderbird_export(fixture_bytes):
    result = import_tasks(fixture_bytes("thunderbird-tasks.ics"), tz=BERLIN)
    assert result.skipped == ()
    taxes, receipts, paper, bike = result.tasks
    assert (taxes.title, taxes.priority, taxes.list) == ("Steuererklärung abgeben", "high", "Finanzen")
    assert taxes.notes == 'Belege im Ordner "2025", Formular ESt 1 A.\nElster-Login bereithalten; PIN liegt im Safe.'
    # DTSTART 09:00 and DUE 11:00, both with TZID: a start time and a two-hour duration.
    assert (taxes.scheduled, taxes.start, taxes.duration_minutes, taxes.due) == (
        date(2026, 3, 2), time(9, 0), 120, date(2026, 3, 2))
    assert taxes.done is False  # IN-PROCESS at 40 % is not done
    assert (receipts.priority, receipts.due, receipts.scheduled) == ("medium", date(2026, 3, 1), None)
    assert (paper.priority, paper.list, paper.recurrence) == ("low", "Haushalt", "FREQ=WEEKLY;BYDAY=MO")
    assert (paper.scheduled, paper.start, paper.duration_minutes) == (date(2026, 3, 2), time(7, 0), None)
    assert bike.done and bike.completed == datetime(2026, 2, 15, 16, 30, tzinfo=UTC)


def test_apple_reminders_export(fixture_bytes):
    passport, plumber, milk = import_tasks(fixture_bytes("apple-reminders.ics"), tz=BERLIN).tasks
    assert passport.title == "Renew passport 🛂" and passport.priority == "high"
    # 17:00 in New York is 23:00 in Berlin; DTSTART equal to DUE is a reminder time, not a block.
    assert (passport.scheduled, passport.start, passport.duration_minutes) == (date(2026, 3, 6), time(23, 0), None)
    assert plumber.done and plumber.completed == datetime(2026, 2, 20, 7, 11, 42, tzinfo=UTC)
    assert plumber.notes == "Kitchen sink, not the bathroom one"
    assert (milk.priority, milk.due) == ("low", date(2026, 2, 21))


def test_nextcloud_tasks_export(fixture_bytes):
    offsite, venue, agenda = import_tasks(fixture_bytes("nextcloud-tasks.ics"), tz=BERLIN).tasks
    assert (offsite.priority, offsite.list, offsite.scheduled, offsite.due) == (
        "high", "Work", date(2026, 3, 16), date(2026, 3, 20))  # PRIORITY 3; first CATEGORIES value
    # DUE 23:00 UTC is 00:00 on the 6th in Berlin; as written (no zone given) still the 5th.
    assert (venue.priority, venue.due, venue.start, venue.duration_minutes) == ("low", date(2026, 3, 6), time(22, 0), 120)
    assert import_tasks(fixture_bytes("nextcloud-tasks.ics")).tasks[1].due == date(2026, 3, 5)
    assert (agenda.priority, agenda.start, agenda.duration_minutes) == (None, time(14, 0), 90)  # DURATION


# ---- hostile files ---------------------------------------------------------------------------------


def test_broken_todos_are_skipped_with_reasons_and_the_rest_kept(fixture_bytes):
    result = import_tasks(fixture_bytes("hostile-todos.ics"))
    assert [t.uid for t in result.tasks] == ["bad-alarm@daypane.test", "survivor@daypane.test"]
    assert result.tasks[1].title == "<img src=x onerror=alert(1)>"  # text, as written
    assert result.tasks[0].created is None  # "CREATED:yesterday": informational, so only unknown
    assert {s.uid: s.reason for s in result.skipped} == {
        "no-summary@daypane.test": "no title (SUMMARY)",
        "blank-summary@daypane.test": "no title (SUMMARY)",
        "word-priority@daypane.test": "unreadable priority (PRIORITY)",
        "priority-out-of-range@daypane.test": "unreadable priority (PRIORITY)",
        "bad-due@daypane.test": "unreadable due date (DUE)",
        "feb-31@daypane.test": "unreadable due date (DUE)",
        "bad-rule@daypane.test": "unreadable repeat rule (RRULE)",
        "two-dues@daypane.test": "more than one due date (DUE)",
    }
    assert result.message().startswith("Imported 2 tasks. Skipped 8 to-dos (no-summary@daypane.test: no title")


def test_a_file_icalendar_refuses_as_a_whole_keeps_its_readable_todos(fixture_bytes):
    # A garbled line outside any to-do makes icalendar refuse the file; the to-dos are read one by one.
    text = fixture_bytes("only-todos.ics").replace(b"X-WR-CALNAME:Chores", b"this line is garbage")
    text = text.replace(b"SUMMARY:Water plants", b"SUMMARY:Water plants\r\nBEGIN:VALARM\r\n")
    result = import_tasks(text)
    assert [t.title for t in result.tasks] == ["Buy milk"]
    assert [(s.uid, s.reason) for s in result.skipped] == [("todo-2@daypane.test", "damaged lines icalendar cannot read")]


def test_huge_notes_are_cut_and_the_task_marked(fixture_bytes):
    # The long line is cut before icalendar parses it (parsing all 5 MB takes seconds): no timing
    # is asserted here (speed lives in `make bench`), the cut is.
    notes = "Lorem ipsum, dolor; sit\n" * 220_000  # about 5 MB
    data = export_tasks([FullTask("big", "Big notes", notes=notes), FullTask("small", "Small")], NOW, BERLIN)
    result = import_tasks(data)
    big, small = result.tasks
    assert len(big.notes) == NOTES_LIMIT and notes.startswith(big.notes)
    assert result.shortened == ("big@daypane",) and small.title == "Small"


@pytest.mark.parametrize("name", ["web-page.html", "screenshot.png", "truncated.ics", "empty.ics"])
def test_files_that_are_not_calendars_raise_the_calendar_import_message(fixture_bytes, name):
    with pytest.raises(IcsError):
        import_tasks(fixture_bytes(name))


def test_a_calendar_without_todos_imports_nothing(fixture_bytes):
    assert import_tasks(fixture_bytes("outlook-export.ics")).tasks == ()


# ---- has_todos: the calendar import's caller can offer tasks --------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("only-todos.ics", True), ("mixed-components.ics", True), ("thunderbird-tasks.ics", True),
    ("nextcloud-tasks.ics", True), ("outlook-export.ics", False), ("screenshot.png", False),
    ("web-page.html", False),
])
def test_has_todos(fixture_bytes, name, expected):
    assert has_todos(fixture_bytes(name)) is expected


def test_has_todos_is_not_fooled_by_text_mentioning_a_vtodo():
    text = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:e\r\nDTSTART:20260101T100000Z\r\n"
            "DESCRIPTION:paste this:\\nBEGIN:VTODO\r\n BEGIN:VTODO\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert has_todos(text) is False
    assert has_todos(text.replace("END:VEVENT", "END:VEVENT\r\nbegin:vtodo\r\nEND:VTODO")) is True
    # Names are case-insensitive and the colon may have blanks around it (RFC 5545); LF line ends.
    assert has_todos(text.replace("\r\n", "\n").replace("END:VEVENT", "END:VEVENT\nBegin \t: VToDo\nEND:VTODO"))


def test_only_todos_is_still_refused_as_a_calendar(fixture_bytes):
    # has_todos leaves the calendar import as it was; the integrator decides what to offer.
    with pytest.raises(IcsError, match="contains no events"):
        parse_calendar(fixture_bytes("only-todos.ics"))


def test_the_apps_own_tasks_export_their_blocks_priority_and_list():
    """The real Task (not this file's stand-in): the field names the exporter reads must be its."""
    from daypane.core.tasks.model import TaskList
    tasks = TaskList().add("Write", id="w", created="", scheduled=date(2026, 3, 4), start=time(15),
                           duration_minutes=45, priority="high", list="Office").add("Plain", id="p", created="")
    calendar = icalendar.Calendar.from_ical(export_tasks(tasks.tasks, NOW, BERLIN))
    todos = {str(t["SUMMARY"]): t for t in calendar.walk("VTODO")}
    assert int(todos["Write"]["PRIORITY"]) == 1 and "PRIORITY" not in todos["Plain"]
    [block] = calendar.walk("VEVENT")
    assert block.decoded("DTSTART") == datetime(2026, 3, 4, 15, tzinfo=BERLIN)
    assert block.decoded("DTEND") == datetime(2026, 3, 4, 15, 45, tzinfo=BERLIN)
