"""A CalDAV VTODO resource as a Task and back: real clients' to-dos survive an edit untouched
except for what changed, every mapped field round-trips, and what cannot be read says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daypane.core.tasks.sources.caldav.vtodo import NO_TITLE, VTodoError, read_todo, write_todo
from daypane.core.tasks.task import Task, check
from tests.support.fixtures import read_fixture

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
STAMPED = {"SUMMARY", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE"}  # what a new title may change
CLIENTS = ["thunderbird-tasks.ics", "nextcloud-tasks.ics", "apple-reminders.ics", "tasksorg-davx5-tasks.ics"]


def resources(name: str) -> dict[str, str]:
    """The fixture split as a CalDAV server stores it: one resource per UID, each with the
    file's VTIMEZONEs and every VTODO of that UID (overrides included)."""
    calendar = icalendar.Calendar.from_ical(read_fixture("ics", name))
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    found: dict[str, icalendar.Calendar] = {}
    for todo in (c for c in calendar.subcomponents if c.name == "VTODO"):
        uid = str(todo["UID"])
        if uid not in found:
            found[uid] = icalendar.Calendar()
            for key, value in calendar.property_items(recursive=False)[1:-1]:
                found[uid].add(key, value, encode=False)
            for zone in zones:
                found[uid].add_component(zone)
        found[uid].add_component(todo)
    return {uid: cal.to_ical().decode() for uid, cal in found.items()}


def every_resource(names=CLIENTS):
    return [(name, uid, text) for name in names for uid, text in resources(name).items()]


def props(component, leave_out=frozenset()) -> list[tuple]:
    """Every property as (name, value as written, parameters), repeated ones each on their own."""
    found = []
    for name, value in component.items():
        for one in value if isinstance(value, list) else [value]:
            if name not in leave_out:
                found.append((name, one.to_ical(), tuple(sorted((k, str(v)) for k, v in one.params.items()))))
    return sorted(found)


def parsed(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def master(text: str):
    return next(c for c in parsed(text).walk("VTODO") if "RECURRENCE-ID" not in c)


def line(text: str, name: str) -> str:
    """The one unfolded content line of ``name`` (with parameters) in the master VTODO."""
    found = [ln for ln in master(text).to_ical().decode().replace("\r\n ", "").split("\r\n")
             if ln.split(":")[0].split(";")[0] == name]
    assert len(found) == 1, found
    return found[0]


def edit(text: str, **changes) -> tuple[str, Task]:
    """Write ``changes`` onto the resource as Daypane would, and read the result back."""
    base = read_todo(text, BERLIN).task
    out = write_todo(replace(base, **changes), uid=base.id, base_ics=text, base=base, now=NOW, tz=BERLIN)
    return out, read_todo(out, BERLIN).task


def resource(*todo_lines: str, extra: str = "") -> str:
    body = "\r\n".join(("BEGIN:VTODO", "UID:t-1@example.org", "DTSTAMP:20260101T000000Z", *todo_lines, "END:VTODO"))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{body}\r\n{extra}END:VCALENDAR\r\n"


# --- real clients: everything Daypane does not change comes back as it was ---------------------

@pytest.mark.parametrize(("name", "uid", "text"), every_resource())
def test_a_new_title_changes_nothing_else(name, uid, text):
    out, task = edit(text, title="A new title")
    assert task.title == "A new title"
    before, after = parsed(text), parsed(out)
    assert props(after) == props(before)  # the VCALENDAR's own properties
    old_todos = [c for c in before.subcomponents if c.name == "VTODO"]
    new_todos = [c for c in after.subcomponents if c.name == "VTODO"]
    assert len(old_todos) == len(new_todos)
    for old, new in zip(old_todos, new_todos, strict=True):
        leave_out = STAMPED if "RECURRENCE-ID" not in old else frozenset()
        assert props(new, leave_out) == props(old, leave_out)
        assert [c.to_ical() for c in new.subcomponents] == [c.to_ical() for c in old.subcomponents]
    for old, new in zip(before.walk("VTIMEZONE"), after.walk("VTIMEZONE"), strict=True):
        assert old.to_ical() == new.to_ical()
    todo = master(out)
    assert todo["DTSTAMP"].dt == todo["LAST-MODIFIED"].dt == NOW
    if "SEQUENCE" in master(text):
        assert todo["SEQUENCE"] == master(text)["SEQUENCE"] + 1
    else:
        assert "SEQUENCE" not in todo


@pytest.mark.parametrize(("name", "uid", "text"), every_resource())
def test_an_unchanged_task_writes_the_resource_as_it_was(name, uid, text):
    base = read_todo(text, BERLIN).task
    out = write_todo(base, uid=uid, base_ics=text, base=base, now=NOW, tz=BERLIN)
    assert out == text
    # The caller's own fields (id, list, home, parent) are not the VTODO's.
    mine = replace(base, id="local-7", list="Home", home="caldav-list", parent="local-3", next_id="x")
    assert write_todo(mine, uid=uid, base_ics=text, base=base, now=NOW, tz=BERLIN) == text


@pytest.mark.parametrize(("name", "uid", "text"), every_resource())
def test_every_real_to_do_reads_as_a_valid_task(name, uid, text):
    todo = read_todo(text, BERLIN)
    assert todo.uid == uid and todo.task.id == uid
    assert (todo.task.home, todo.task.list, todo.task.parent) == ("", "", "")
    assert check(todo.task) == todo.task


def test_what_each_client_wrote_reads_as_expected():
    tb = resources("thunderbird-tasks.ics")
    tax = read_todo(tb["5f1e2c3a-8b7d-4e7e-9a1b-2c3d4e5f6a7b"], BERLIN).task
    assert (tax.title, tax.priority, tax.due, tax.done) == ("Steuererklärung abgeben", "high", date(2026, 3, 2), False)
    assert tax.notes.startswith('Belege im Ordner "2025", Formular')
    assert read_todo(tb["c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b"], BERLIN).task.recurrence == "FREQ=WEEKLY;BYDAY=MO"
    bike = read_todo(tb["d4e5f607-1829-43a4-b5c6-d7e8f90a1b2c"], BERLIN).task
    assert (bike.done, bike.completed) == (True, "2026-02-15T16:30:00+00:00")
    venue = read_todo(resources("nextcloud-tasks.ics")["2c7e9a4b-1d3f-4e5a-8b6c-9d0e1f2a3b4c"], BERLIN).task
    assert (venue.due, venue.priority) == (date(2026, 3, 6), "low")  # 23:00Z is the 6th in Berlin
    agenda = read_todo(resources("nextcloud-tasks.ics")["3d8f0b5c-2e4a-4f6b-9c7d-0e1f2a3b4c5d"], BERLIN).task
    assert agenda.due == date(2026, 3, 18)  # DTSTART + DURATION
    assert (agenda.start, agenda.duration_minutes) == (None, None)  # DTSTART is not Daypane's plan
    org = resources("tasksorg-davx5-tasks.ics")
    garden = read_todo(org["4290517349243274514"], BERLIN)
    assert (garden.task.due, garden.task.priority, garden.task.created) == (
        date(2026, 12, 10), "high", "2026-11-20T18:30:04+00:00")
    plants = read_todo(org["5521066201873304501"], BERLIN).task
    assert (plants.recurrence, plants.due, plants.done) == ("FREQ=WEEKLY;INTERVAL=1", date(2026, 12, 12), False)
    hedge = read_todo(org["3863299529704302692"], BERLIN)
    assert (hedge.task.done, hedge.task.completed, hedge.parent_uid) == (
        True, "2026-11-28T19:02:41+00:00", "4290517349243274514")


# --- each mapped field, written then read --------------------------------------------------------

FULL = Task("ignored", "Water the plants", notes="Twice a week\nthe big ones first", priority="medium",
            due=date(2026, 12, 9), scheduled=date(2026, 12, 7), start=time(9, 30), duration_minutes=45,
            estimate_minutes=30, recurrence="FREQ=WEEKLY;BYDAY=MO", created="2026-11-30T08:00:00+00:00")
MAPPED = ("title", "notes", "priority", "due", "done", "completed", "recurrence", "scheduled", "start",
          "duration_minutes", "estimate_minutes", "created")


def fields_of(task: Task) -> dict:
    return {name: getattr(task, name) for name in MAPPED}


def test_a_new_resource():
    text = write_todo(FULL, uid="new-1@daypane", base_ics=None, base=None, now=NOW, tz=BERLIN)
    calendar = parsed(text)
    assert str(calendar["PRODID"]) == "-//Daypane//Daypane//EN" and str(calendar["VERSION"]) == "2.0"
    [todo] = calendar.subcomponents
    assert list(todo)[:3] == ["UID", "DTSTAMP", "CREATED"]
    assert str(todo["UID"]) == "new-1@daypane" and todo["DTSTAMP"].dt == NOW
    assert todo["CREATED"].dt == datetime(2026, 11, 30, 8, tzinfo=timezone.utc)
    assert str(todo["STATUS"]) == "NEEDS-ACTION" and "DTSTART" not in todo
    assert line(text, "X-DAYPANE-SCHEDULED") == "X-DAYPANE-SCHEDULED;VALUE=DATE:20261207"
    assert line(text, "X-DAYPANE-START") == "X-DAYPANE-START;VALUE=TIME:093000"
    assert line(text, "X-DAYPANE-DURATION") == "X-DAYPANE-DURATION:PT45M"
    assert line(text, "X-DAYPANE-ESTIMATE") == "X-DAYPANE-ESTIMATE:PT30M"
    assert line(text, "DUE") == "DUE;VALUE=DATE:20261209"
    read = read_todo(text, BERLIN)
    assert read.uid == "new-1@daypane"
    assert fields_of(read.task) == fields_of(FULL)


def test_a_new_resource_without_a_creation_time_is_created_now():
    text = write_todo(Task("x", "Call Anna"), uid="n2", base_ics=None, base=None, now=NOW, tz=BERLIN)
    assert master(text)["CREATED"].dt == NOW
    assert read_todo(text, BERLIN).task.created == "2026-03-01T12:00:00+00:00"


@pytest.mark.parametrize("changes", [
    {"title": "Water all the plants"}, {"notes": "Only the big ones"}, {"notes": ""},
    {"priority": "high"}, {"priority": "low"}, {"priority": "none"}, {"due": date(2027, 1, 4)},
    {"due": None}, {"recurrence": "FREQ=MONTHLY;BYMONTHDAY=-1"}, {"recurrence": ""},
    {"scheduled": date(2026, 12, 8)}, {"start": time(22, 15), "duration_minutes": 105},
    {"start": None, "duration_minutes": None}, {"scheduled": None, "start": None, "duration_minutes": None},
    {"estimate_minutes": 90}, {"estimate_minutes": 0}, {"estimate_minutes": None},
    {"done": True, "completed": "2026-12-09T18:05:00+01:00"},
])
def test_each_field_round_trips(changes):
    text = write_todo(FULL, uid="rt-1", base_ics=None, base=None, now=NOW, tz=BERLIN)
    out, task = edit(text, **changes)
    expected = replace(read_todo(text, BERLIN).task, **changes)
    if "completed" in changes:
        expected = replace(expected, completed="2026-12-09T17:05:00+00:00")  # written in UTC
    assert fields_of(task) == fields_of(expected)
    assert task.created == "2026-11-30T08:00:00+00:00"  # never rewritten
    assert master(out)["CREATED"].to_ical() == master(text)["CREATED"].to_ical()


def test_priorities_are_written_as_1_5_9_and_none_removes_it():
    text = write_todo(FULL, uid="p", base_ics=None, base=None, now=NOW, tz=BERLIN)
    for priority, written in (("high", 1), ("medium", 5), ("low", 9)):
        out, _ = edit(edit(text, priority="none")[0], priority=priority)
        assert master(out)["PRIORITY"] == written
    assert "PRIORITY" not in master(edit(text, priority="none")[0])


def test_a_priority_other_clients_wrote_reads_by_rfc_5545_bands():
    for value, name in ((1, "high"), (4, "high"), (5, "medium"), (6, "low"), (9, "low"), (0, "none")):
        assert read_todo(resource("SUMMARY:x", f"PRIORITY:{value}"), BERLIN).task.priority == name


def test_cleared_notes_remove_description_and_the_html_copy():
    text = resource("SUMMARY:x", "DESCRIPTION:old", "X-ALT-DESC;FMTTYPE=text/html:<p>old</p>")
    out, task = edit(text, notes="")
    assert task.notes == "" and "DESCRIPTION" not in master(out) and "X-ALT-DESC" not in master(out)


def test_a_new_title_keeps_the_language_parameter():
    out, _ = edit(resource("SUMMARY;LANGUAGE=de:Milch kaufen"), title="Hafermilch kaufen")
    assert line(out, "SUMMARY") == "SUMMARY;LANGUAGE=de:Hafermilch kaufen"


def test_a_missing_title_reads_as_no_title_and_is_not_invented_by_an_other_edit():
    text = resource("DUE;VALUE=DATE:20260310")
    assert read_todo(text, BERLIN).task.title == NO_TITLE
    out, task = edit(text, notes="found it")
    assert "SUMMARY" not in master(out) and task.notes == "found it"
    out, task = edit(text, title="Renew the lease")
    assert task.title == "Renew the lease"


# --- due: the form the to-do already uses ------------------------------------------------------

def test_a_due_date_time_keeps_its_time_and_tzid_on_a_new_day():
    text = resources("thunderbird-tasks.ics")["5f1e2c3a-8b7d-4e7e-9a1b-2c3d4e5f6a7b"]
    out, task = edit(text, due=date(2026, 3, 5))
    assert task.due == date(2026, 3, 5)
    assert line(out, "DUE") == "DUE;TZID=Europe/Berlin:20260305T110000"
    assert line(out, "DTSTART") == "DTSTART;TZID=Europe/Berlin:20260302T090000"  # untouched


def test_tasks_org_due_seconds_survive_a_new_day():
    text = resources("tasksorg-davx5-tasks.ics")["4290517349243274514"]
    out, _ = edit(text, due=date(2026, 12, 15))
    assert line(out, "DUE") == "DUE;TZID=Europe/Berlin:20261215T170001"


def test_a_utc_due_moves_to_the_utc_time_that_is_the_new_day_in_the_users_zone():
    text = resources("nextcloud-tasks.ics")["2c7e9a4b-1d3f-4e5a-8b6c-9d0e1f2a3b4c"]
    out, task = edit(text, due=date(2026, 3, 10))
    assert task.due == date(2026, 3, 10)
    assert line(out, "DUE") == "DUE:20260309T230000Z"


def test_a_due_follows_a_date_dtstart_and_a_date_time_dtstart():
    offsite = resources("nextcloud-tasks.ics")["0b5a0f1e-6c2d-4b3a-9f8e-7d6c5b4a3f2e"]
    assert line(edit(offsite, due=date(2026, 3, 25))[0], "DUE") == "DUE;VALUE=DATE:20260325"
    paper = resources("thunderbird-tasks.ics")["c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b"]  # DTSTART, no DUE
    out, task = edit(paper, due=date(2026, 3, 9))
    assert task.due == date(2026, 3, 9)
    assert line(out, "DUE") == "DUE;TZID=Europe/Berlin:20260309T070000"
    assert line(edit(resource("SUMMARY:x"), due=date(2026, 3, 9))[0], "DUE") == "DUE;VALUE=DATE:20260309"


def test_a_due_before_dtstart_pulls_dtstart_back_onto_it():
    tax = resources("thunderbird-tasks.ics")["5f1e2c3a-8b7d-4e7e-9a1b-2c3d4e5f6a7b"]
    out, task = edit(tax, due=date(2026, 3, 1))
    assert task.due == date(2026, 3, 1)
    assert line(out, "DUE") == "DUE;TZID=Europe/Berlin:20260301T110000"
    assert line(out, "DTSTART") == "DTSTART;TZID=Europe/Berlin:20260301T110000"
    offsite = resources("nextcloud-tasks.ics")["0b5a0f1e-6c2d-4b3a-9f8e-7d6c5b4a3f2e"]
    out, _ = edit(offsite, due=date(2026, 3, 10))
    assert (line(out, "DUE"), line(out, "DTSTART")) == ("DUE;VALUE=DATE:20260310", "DTSTART;VALUE=DATE:20260310")


def test_a_due_replaces_dtstart_plus_duration():
    agenda = resources("nextcloud-tasks.ics")["3d8f0b5c-2e4a-4f6b-9c7d-0e1f2a3b4c5d"]
    out, task = edit(agenda, due=date(2026, 3, 20))
    assert task.due == date(2026, 3, 20) and "DURATION" not in master(out)
    assert line(out, "DUE") == "DUE;TZID=Europe/Berlin:20260320T140000"
    out, task = edit(agenda, due=None)
    assert task.due is None and "DURATION" not in master(out) and "DUE" not in master(out)
    assert line(out, "DTSTART") == "DTSTART;TZID=Europe/Berlin:20260318T140000"


# --- done, reopened, repeating ------------------------------------------------------------------

def test_completing_and_reopening():
    text = resources("thunderbird-tasks.ics")["5f1e2c3a-8b7d-4e7e-9a1b-2c3d4e5f6a7b"]  # IN-PROCESS, 40 %
    done, task = edit(text, done=True, completed="")
    todo = master(done)
    assert (str(todo["STATUS"]), todo["COMPLETED"].dt, todo["PERCENT-COMPLETE"]) == ("COMPLETED", NOW, 100)
    assert (task.done, task.completed) == (True, "2026-03-01T12:00:00+00:00")
    reopened, task = edit(done, done=False, completed="")
    todo = master(reopened)
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert "COMPLETED" not in todo and "PERCENT-COMPLETE" not in todo
    assert (task.done, task.completed) == (False, "")


def test_a_to_do_with_only_completed_reads_as_done():
    task = read_todo(resource("SUMMARY:Old", "COMPLETED:20260110T080000Z"), BERLIN).task
    assert (task.done, task.completed) == (True, "2026-01-10T08:00:00+00:00")
    task = read_todo(resource("SUMMARY:Old", "STATUS:COMPLETED"), BERLIN).task
    assert (task.done, task.completed) == (True, "")  # done at an unknown time


def test_overrides_of_a_repeating_to_do_are_kept_and_the_master_is_read():
    override = resource("RECURRENCE-ID;VALUE=DATE:20260309", "SUMMARY:Bins", "STATUS:COMPLETED",
                        "COMPLETED:20260309T070000Z").split("BEGIN:VTODO", 1)[1].rsplit("END:VCALENDAR", 1)[0]
    text = resource("SUMMARY:Bins", "DTSTART;VALUE=DATE:20260302", "RRULE:FREQ=WEEKLY",
                    "EXDATE;VALUE=DATE:20260316", extra="BEGIN:VTODO" + override)
    task = read_todo(text, BERLIN).task
    assert (task.done, task.recurrence) == (False, "FREQ=WEEKLY")
    out, task = edit(text, title="Bins out", recurrence="")
    assert task.recurrence == "" and "RRULE" not in master(out)
    assert line(out, "EXDATE") == "EXDATE;VALUE=DATE:20260316"
    kept = [c for c in parsed(out).walk("VTODO") if "RECURRENCE-ID" in c]
    assert [c.to_ical() for c in kept] == [c.to_ical() for c in parsed(text).walk("VTODO") if "RECURRENCE-ID" in c]


# --- the plan rides in Daypane's X-properties --------------------------------------------------

def test_the_plan_never_touches_dtstart():
    text = resources("tasksorg-davx5-tasks.ics")["5521066201873304501"]
    out, task = edit(text, scheduled=date(2026, 12, 11), start=time(7, 15), duration_minutes=20, estimate_minutes=20)
    assert (task.scheduled, task.start, task.duration_minutes, task.estimate_minutes) == (
        date(2026, 12, 11), time(7, 15), 20, 20)
    assert line(out, "DTSTART") == "DTSTART;VALUE=DATE:20261210"


@pytest.mark.parametrize(("plan", "expected"), [
    (("X-DAYPANE-SCHEDULED;VALUE=DATE:20261207", "X-DAYPANE-START;VALUE=TIME:093000"), (date(2026, 12, 7), None, None)),
    (("X-DAYPANE-START;VALUE=TIME:093000", "X-DAYPANE-DURATION:PT45M"), (None, None, None)),
    (("X-DAYPANE-SCHEDULED;VALUE=DATE:20261207", "X-DAYPANE-START;VALUE=TIME:233000",
      "X-DAYPANE-DURATION:PT45M"), (date(2026, 12, 7), None, None)),  # past midnight
    (("X-DAYPANE-SCHEDULED;VALUE=DATE:someday", "X-DAYPANE-START;VALUE=TIME:soon",
      "X-DAYPANE-DURATION:long", "X-DAYPANE-ESTIMATE:-PT5M"), (None, None, None)),
    (("X-DAYPANE-SCHEDULED:20261207", "X-DAYPANE-START:0930", "X-DAYPANE-DURATION:PT1H"),
     (date(2026, 12, 7), None, 60)),  # an unreadable start: no block, and the check still passes
])
def test_an_incomplete_or_unreadable_plan_reads_as_unset(plan, expected):
    task = read_todo(resource("SUMMARY:x", *plan), BERLIN).task
    scheduled, start, minutes = expected
    assert (task.scheduled, task.start) == (scheduled, start)
    assert task.duration_minutes == (minutes if start else None) and task.estimate_minutes is None
    assert check(task) == task


# --- relations -----------------------------------------------------------------------------------

def test_related_to_in_both_directions():
    tb = resources("thunderbird-tasks.ics")
    assert read_todo(tb["8a0b6c1d-3e2f-4a5b-8c7d-9e0f1a2b3c4d"], BERLIN).parent_uid == "5f1e2c3a-8b7d-4e7e-9a1b-2c3d4e5f6a7b"
    nc = resources("nextcloud-tasks.ics")
    assert read_todo(nc["2c7e9a4b-1d3f-4e5a-8b6c-9d0e1f2a3b4c"], BERLIN).parent_uid == "0b5a0f1e-6c2d-4b3a-9f8e-7d6c5b4a3f2e"
    parent = read_todo(resource("SUMMARY:Parent", "RELATED-TO;RELTYPE=CHILD:c-1", "RELATED-TO;RELTYPE=CHILD:c-2",
                                "RELATED-TO;RELTYPE=SIBLING:s-1"), BERLIN)
    assert (parent.parent_uid, parent.child_uids) == ("", ("c-1", "c-2"))
    assert read_todo(resource("SUMMARY:x"), BERLIN).child_uids == ()


# --- what cannot be read -----------------------------------------------------------------------

def test_an_event_resource_holds_no_to_do():
    event = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\nUID:e-1\r\n"
             "DTSTAMP:20260101T000000Z\r\nDTSTART:20260305T090000Z\r\nSUMMARY:Kept event\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert read_todo(event, BERLIN) is None


@pytest.mark.parametrize("text", [
    "garbage", "", "<html><body>502 Bad Gateway</body></html>", "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\n",
    "BEGIN:VTODO\r\nUID:x\r\nSUMMARY:bare\r\nEND:VTODO\r\n", resource("SUMMARY:x").replace("UID:t-1@example.org\r\n", ""),
])
def test_garbage_raises_a_sentence(text):
    with pytest.raises(VTodoError) as raised:
        read_todo(text, BERLIN)
    assert str(raised.value)[0].isupper() and str(raised.value).endswith(".")


def test_hostile_values_read_as_unset_and_survive_an_edit():
    text = resource("SUMMARY:Survivor", "PRIORITY:high", "DUE:2026-13-45", "CREATED:yesterday",
                    "RRULE:FREQ=SOMETIMES", "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:soon", "END:VALARM")
    task = read_todo(text, BERLIN).task
    assert (task.priority, task.due, task.created, task.recurrence) == ("none", None, "", "")
    out, task = edit(text, title="Still here", notes="and kept")
    for name, value in (("PRIORITY", "high"), ("DUE", "2026-13-45"), ("CREATED", "yesterday"), ("RRULE", "FREQ=SOMETIMES")):
        assert f"\r\n{name}:{value}\r\n" in out  # (icalendar's strict parser would refuse them)
    assert "\r\nTRIGGER:soon\r\n" in out
    assert task.title == "Still here" and task.notes == "and kept"


@settings(max_examples=60, deadline=None)
@given(title=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip),
       notes=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=60),
       priority=st.sampled_from(["none", "low", "medium", "high"]),
       due=st.none() | st.dates(date(1990, 1, 1), date(2090, 12, 31)),
       done=st.booleans(), estimate=st.none() | st.integers(0, 10_000),
       block=st.none() | st.tuples(st.integers(0, 22), st.integers(0, 59), st.integers(1, 60)))
def test_any_task_written_new_or_as_an_edit_reads_back_the_same(title, notes, priority, due, done, estimate, block):
    start, minutes = (time(block[0], block[1]), block[2]) if block else (None, None)
    task = check(Task("x", title.strip(), notes=notes, priority=priority, due=due, done=done,
                      completed="2026-02-01T10:00:00+00:00" if done else "", estimate_minutes=estimate,
                      scheduled=date(2026, 3, 4) if block else None, start=start, duration_minutes=minutes))
    new = write_todo(task, uid="h-1", base_ics=None, base=None, now=NOW, tz=BERLIN)
    assert fields_of(read_todo(new, BERLIN).task) == fields_of(replace(task, created="2026-03-01T12:00:00+00:00"))
    base = resources("thunderbird-tasks.ics")["5f1e2c3a-8b7d-4e7e-9a1b-2c3d4e5f6a7b"]
    _, read = edit(base, **{k: v for k, v in fields_of(task).items() if k != "created"})
    assert fields_of(read) == fields_of(replace(task, created="2026-02-10T08:15:00+00:00"))
