"""A Google Tasks item as a Task and back (mapping.py): one test per rule of the module's table,
hostile items read without crashing, and what Daypane sends comes back from the fake Google the
same, so nothing it cannot hold is sent and nothing it holds is lost."""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daypane.core.tasks.sources.google.mapping import (
    API,
    KEEPS_LOCALLY,
    NO_TITLE,
    SCOPE,
    body_for,
    due_of,
    due_text,
    is_deleted,
    read_task,
)
from daypane.core.tasks.task import Task
from tests.support.fakes.google_tasks import API as FAKE_API
from tests.support.fakes.google_tasks import TASKS_SCOPE, FakeGoogleTasks
from tests.support.fixtures import read_fixture

HOME = "google:alex:MDk4NzY1NDMyMTA5ODc2NTQzMjE6MDow"
COMMON = ("id", "title", "notes", "done", "completed", "due", "parent")


def items(name: str = "tasks-my-tasks.json") -> dict[str, dict]:
    """The fixture's items by title (exactly as the API answered them)."""
    return {item["title"]: item for item in json.loads(read_fixture("google_tasks", name))["items"]}


def read(item: dict) -> Task:
    return read_task(item, list_name="My Tasks", home=HOME)


def test_the_api_and_scope_are_googles():
    assert SCOPE == TASKS_SCOPE and API == FAKE_API


def test_every_task_field_is_mapped_kept_locally_or_the_callers():
    mapped = {"title", "notes", "done", "completed", "due", "link"}
    callers = {"id", "list", "home", "parent", "created", "next_id"}
    assert mapped | callers | KEEPS_LOCALLY == {f.name for f in fields(Task)}
    assert not (mapped & KEEPS_LOCALLY) and not (callers & KEEPS_LOCALLY)


# -- reading: one test per rule -----------------------------------------------------------------------

def test_id_is_the_items_id_and_list_and_home_are_the_callers():
    task = read(items()["Reply to Sam about the invoice"])
    assert (task.id, task.list, task.home) == ("UHRZZ2ptVWhCZWwzMWlFbA", "My Tasks", HOME)


@pytest.mark.parametrize("item", [{}, {"id": ""}, {"id": "  "}, {"id": 7}, {"id": None, "title": "x"}, [], "id"])
def test_an_item_without_an_id_is_refused(item):
    with pytest.raises(ValueError):
        read(item)


@pytest.mark.parametrize("title, read_as", [("Buy milk", "Buy milk"), ("  Buy milk \n", "Buy milk"),
                                            ("", NO_TITLE), ("   ", NO_TITLE), (None, NO_TITLE), (42, NO_TITLE)])
def test_title_is_stripped_and_an_empty_one_reads_as_no_title(title, read_as):
    assert read({"id": "a", "title": title}).title == read_as


def test_a_task_without_title_stays_listable_and_its_title_is_not_rewritten():
    task = read(items()[""])  # Google answers "title": "" for a task without one
    assert task.title == NO_TITLE and read({"id": "a"}).title == NO_TITLE
    assert body_for(task, replace(task, notes="Now with notes")) == {"notes": "Now with notes"}


def test_notes_are_read_as_they_are_and_empty_when_missing():
    assert read(items()["Reply to Sam about the invoice"]).notes == "He needs the PO number.\nCall if no answer by Friday."
    assert read(items()["Find the PO number"]).notes == ""


@pytest.mark.parametrize("status, done", [("completed", True), ("needsAction", False), ("COMPLETED", False),
                                          (None, False), (True, False)])
def test_done_is_status_completed(status, done):
    assert read({"id": "a", "status": status}).done is done


def test_completed_is_read_as_iso_utc_to_the_second_only_when_done():
    assert read(items()["Book the car service"]).completed == "2026-02-28T16:40:21+00:00"
    assert read({"id": "a", "status": "completed", "completed": "2026-02-28T17:40:21.518+01:00"}).completed == \
        "2026-02-28T16:40:21+00:00"
    assert read({"id": "a", "status": "needsAction", "completed": "2026-02-28T16:40:21.000Z"}).completed == ""
    assert read({"id": "a", "status": "completed"}).completed == ""  # done, when not known
    assert read({"id": "a", "status": "completed", "completed": "soon"}).completed == ""


@pytest.mark.parametrize("text, day", [
    ("2026-03-05T00:00:00.000Z", date(2026, 3, 5)),
    ("2026-03-05T23:00:00-05:00", date(2026, 3, 5)),  # the date as written: no zone conversion
    ("2026-03-05", date(2026, 3, 5)),
    ("2026-02-30T00:00:00.000Z", None), ("20260305", None), ("tomorrow", None), ("", None), (None, None), (5, None)])
def test_due_is_the_date_part_as_written(text, day):
    assert due_of(text) == day
    assert read({"id": "a", "due": text}).due == day


def test_due_is_written_as_midnight_utc_and_cleared_with_none():
    assert due_text(date(2026, 3, 5)) == "2026-03-05T00:00:00.000Z" and due_text(None) is None
    base = read(items()["Reply to Sam about the invoice"])
    assert body_for(base, replace(base, due=None)) == {"due": None}
    assert body_for(base, replace(base, due=date(2026, 3, 9))) == {"due": "2026-03-09T00:00:00.000Z"}


def test_parent_is_read_and_never_written():
    child = read(items()["Find the PO number"])
    assert child.parent == "UHRZZ2ptVWhCZWwzMWlFbA" and read({"id": "a", "parent": ["x"]}).parent == ""
    assert "parent" not in body_for(None, child) and body_for(child, replace(child, parent="")) == {}


def test_a_hidden_completed_task_is_a_task():
    task = read(items()["Renew the passport"])
    assert task.done and task.title == "Renew the passport" and task.completed == "2026-02-19T17:31:08+00:00"


def test_deleted_items_are_tombstones_callers_drop():
    tombstone = json.loads(read_fixture("google_tasks", "task-deleted.json"))
    assert is_deleted(tombstone) and not any(is_deleted(item) for item in items().values())
    assert not is_deleted({"id": "a", "deleted": "true"}) and not is_deleted(None)


def test_links_and_other_read_only_fields_are_not_kept_nor_sent():
    base = read(items()["Reply to Sam about the invoice"])
    body = body_for(base, replace(base, title="Reply to Sam"))
    assert body == {"title": "Reply to Sam"}  # a PATCH: links, position, webViewLink stay at Google
    assert set(body_for(None, base)) == {"title", "notes", "status", "due"}


@pytest.mark.parametrize("item", [
    {"id": "a", "title": ["x"], "notes": {"a": 1}, "status": 3, "due": [], "completed": 9, "parent": 4,
     "links": "none", "hidden": "yes", "deleted": "no"},
    {"id": "a", "due": "9999-99-99T00:00:00Z", "completed": "2026-13-01T00:00:00Z", "status": "completed"},
    {"id": "a", "due": "٢٠٢٦-٠٣-٠٥T00:00:00Z", "completed": "0001-01-01T00:00:00+01:00", "status": "completed"},
    {"id": "a", "kind": "tasks#task", "unknownField": {"nested": [1, 2]}}])
def test_hostile_items_read_what_can_be_read(item):
    task = read(item)
    assert task.id == "a" and task.title == NO_TITLE and task.due is None and task.completed == ""


# -- writing ----------------------------------------------------------------------------------------

def test_the_insert_body_has_what_google_holds():
    task = Task(id="local-1", title="Call the plumber", notes="Leaky tap", due=date(2026, 3, 4), priority="high",
                scheduled=date(2026, 3, 3), estimate_minutes=30, recurrence="FREQ=WEEKLY")
    assert body_for(None, task) == {"title": "Call the plumber", "status": "needsAction", "notes": "Leaky tap",
                                    "due": "2026-03-04T00:00:00.000Z"}
    assert body_for(None, Task(id="x", title="Bare")) == {"title": "Bare", "status": "needsAction"}


def test_only_changed_fields_are_sent_and_never_those_kept_locally():
    base = read(items()["Reply to Sam about the invoice"])
    local = replace(base, priority="high", scheduled=date(2026, 3, 3), start=datetime(2026, 3, 3, 9).time(),
                    duration_minutes=30, estimate_minutes=30, recurrence="FREQ=DAILY")
    assert body_for(base, local) == {}
    assert body_for(base, replace(local, notes="")) == {"notes": ""}


def test_completing_sends_the_completion_time_and_reopening_clears_it():
    base = read(items()["Reply to Sam about the invoice"])
    done = replace(base, done=True, completed="2026-03-02T09:30:00+01:00")
    assert body_for(base, done) == {"status": "completed", "completed": "2026-03-02T08:30:00.000Z"}
    assert body_for(base, replace(done, completed="")) == {"status": "completed"}  # Google's "now"
    assert body_for(base, replace(done, completed="2026-03-02T09:30:00")) == {"status": "completed"}  # no zone
    assert body_for(base, replace(done, completed="9999-12-31T23:30:00-01:00")) == {"status": "completed"}
    assert body_for(done, base) == {"status": "needsAction", "completed": None}


def test_a_round_trip_keeps_the_common_fields():
    for item in items().values():
        task = read(item)
        again = read({"id": task.id, **body_for(None, task), "parent": task.parent})
        assert [getattr(again, f) for f in COMMON] == [getattr(task, f) for f in COMMON]


# -- against the fake Google ---------------------------------------------------------------------------

class Tasks:
    """The fake Google, called as the task source will: insert, patch, get."""

    def __init__(self):
        self.fake = FakeGoogleTasks("alex@example.com", clock=lambda: 1_772_352_000.0)
        self.fake.grant("t", "alex@example.com", SCOPE)
        self.list_id = self.fake.add_list("My Tasks")

    def send(self, method: str, path: str, body: dict | None = None) -> dict:
        status, _, raw = self.fake.answer(method, f"{API}/lists/{self.list_id}/tasks{path}",
                                          {"Authorization": "Bearer t"}, json.dumps(body).encode())
        assert status == 200, raw
        return json.loads(raw)

    def read(self, item: dict) -> Task:
        return read_task(item, list_name="My Tasks", home=HOME)


def test_inserting_and_patching_at_google_reads_back_the_same():
    google = Tasks()
    task = Task(id="local", title="Pay rent", notes="Standing order?", due=date(2026, 3, 31))
    stored = google.read(google.send("POST", "", body_for(None, task)))
    assert [getattr(stored, f) for f in COMMON[1:]] == [getattr(task, f) for f in COMMON[1:]]
    done = replace(stored, done=True, completed="2026-03-01T10:00:00+00:00", title="Pay the rent", due=None)
    back = google.read(google.send("PATCH", f"/{stored.id}", body_for(stored, done)))
    assert back == done
    assert google.read(google.send("PATCH", f"/{stored.id}", body_for(done, stored))) == stored


titles = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)
stamps = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                      timezones=st.just(timezone.utc)).map(lambda moment: moment.replace(microsecond=0))


@settings(max_examples=60, deadline=None)
@given(title=titles, notes=st.text(max_size=60), due=st.none() | st.dates(date(2000, 1, 1), date(2100, 1, 1)),
       done=st.booleans(), completed=stamps)
def test_any_task_google_can_hold_survives_google(title, notes, due, done, completed):
    google = Tasks()
    task = Task(id="local", title=title.strip(), notes=notes, due=due, done=done,
                completed=completed.isoformat(timespec="seconds") if done else "")
    stored = google.read(google.send("POST", "", body_for(None, task)))
    assert [getattr(stored, f) for f in COMMON[1:]] == [getattr(task, f) for f in COMMON[1:]]
    changed = replace(stored, done=not done, completed="" if done else (completed + timedelta(1)).isoformat())
    assert google.read(google.send("PATCH", f"/{stored.id}", body_for(stored, changed))) == changed


def test_a_task_made_from_an_email_links_to_it_https_only():
    assert read(items()["Reply to Sam about the invoice"]).link.startswith("https://mail.google.com/")
    hostile = {"id": "x", "links": [{"type": "email", "link": "javascript:alert(1)"}]}
    assert read(hostile).link == ""
