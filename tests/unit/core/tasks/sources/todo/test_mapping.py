"""A Microsoft To Do task (Graph v1.0 todoTask) as a Task and back: one test per row of the table
in mapping.py, Graph's quirks (midnight dues and completions, HTML bodies, every pattern field
sent), round trips through a create body, and hostile items that must never crash."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daypane.core.tasks.sources.todo.mapping import (
    EXPAND_PLAN, NO_TITLE, PLAN_EXTENSION, SELECT, due_of, due_value, link_of, patch_for, plan_changed,
    plan_of, read_task, recurrence_of, rrule_of)
from daypane.core.tasks.task import Task, check
from tests.support.fixtures import read_fixture

LIST_ID = "AQMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAuAAADiQ8RE6fqaEOVk5CUmzpnKgEAGdXHbdQoq0SGSfHR1FeMVQAAAgESAAAA"
MONDAY = date(2026, 3, 2)
MANAGED = {"title", "body", "importance", "status", "dueDateTime", "recurrence"}


def load(name: str) -> dict:
    """tests/fixtures/todo/<name>.json, as Graph sent it."""
    return json.loads(read_fixture("todo", f"{name}.json"))


def read(item: dict) -> Task:
    return read_task(item, list_name="Tasks", home=LIST_ID)


def item(**fields) -> dict:
    return {"id": "AAMkAD-test=", "title": "x", **fields}


def pattern(kind: str, span: dict | None = None, **fields) -> dict:
    """A patternedRecurrence with every pattern field, as Graph returns it."""
    return {"pattern": {"type": kind, "interval": 1, "month": 0, "dayOfMonth": 0, "daysOfWeek": [],
                        "firstDayOfWeek": "sunday", "index": "first", **fields},
            "range": span or {"type": "noEnd", "startDate": "2026-03-02", "endDate": "0001-01-01"}}


def weekly(*days: str, **fields) -> dict:
    return pattern("weekly", daysOfWeek=list(days), **fields)


def applied(original: dict, task: Task) -> dict:
    """The item Graph would hold after a POST of patch_for(None, task) and of the plan."""
    server = {"id": original["id"], "createdDateTime": original["createdDateTime"], "importance": "normal",
              "status": "notStarted", "body": {"content": "", "contentType": "text"}}
    server.update(patch_for(None, task))
    if plan_changed(None, task):
        server["extensions"] = [{**plan_of(task), "id": PLAN_EXTENSION}]
    return json.loads(json.dumps(server))  # what comes back is JSON, not the dicts sent


# --- id, list, title, created, parent ----------------------------------------------------------

def test_id_comes_from_the_item_home_and_list_from_the_arguments_created_as_given_and_no_parent():
    task = read_task(load("plain"), list_name="Errands", home=LIST_ID)
    assert (task.id, task.list, task.home) == (load("plain")["id"], "Errands", LIST_ID)
    assert task.created == "2026-03-02T08:15:31.5061Z"
    assert task.parent == "" and "Get the quote" not in task.notes  # checklist items are not sub-tasks


def test_the_title_is_read_and_a_missing_or_blank_one_is_no_title():
    assert read(load("plain")).title == "Renew car insurance"
    for title in (None, "", "   ", 42, ["x"]):
        assert read(item(title=title)).title == NO_TITLE


@pytest.mark.parametrize("bad", [{"title": "x"}, {"id": ""}, {"id": "  "}, {"id": 7}, [], None, "AAMk"])
def test_an_item_without_an_id_raises_a_value_error(bad):
    with pytest.raises(ValueError):
        read(bad)


# --- notes ---------------------------------------------------------------------------------------

def test_a_text_body_is_the_notes_with_textarea_line_ends_and_an_html_body_its_visible_text():
    assert read(load("plain")).notes == "Compare the two quotes first.\nPolicy number is in the glovebox."
    assert read(load("recurring_weekly")).notes == ""
    assert read(load("flagged_email")).notes == (
        "Hi Sam,\n\nQ2 numbers are attached & the travel line is over by 12 %.\nCan you sign off by Friday?")


@pytest.mark.parametrize("html", [
    "<p>Keep</p><script>alert('x')</script><style>p{color:red}</style>",
    "<html><head><title>Leak</title><script src=x></script></head><body><p>Keep</p></body></html>",
    "<p>Keep<!-- a comment --></p><img src=x onerror=alert(1)><iframe src=//evil>inner</iframe>",
    "<svg><script>alert(1)</script></svg><p>Keep</p><script>never closed",
    "<div>Keep</div><b", "<p>Keep</p><!-- unfinished", "<![CDATA[hidden]]><p>Keep</p><?xml x?>",
])
def test_html_with_scripts_and_hidden_parts_leaves_no_markup(html):
    assert read(item(body={"content": html, "contentType": "html"})).notes == "Keep"


def test_br_and_blocks_are_lines_and_blank_lines_collapse():
    html = "<div>one<br>two</div><p>three</p><div><br></div><div><br></div><div><br></div><ul><li>four</li></ul>"
    assert read(item(body={"content": html, "contentType": "HTML"})).notes == "one\ntwo\nthree\n\nfour"


def test_notes_are_written_as_a_text_body_and_an_html_body_is_sent_only_when_they_change():
    base = read(load("flagged_email"))
    assert patch_for(base, replace(base, notes="Signed.")) == {"body": {"content": "Signed.", "contentType": "text"}}
    assert patch_for(base, replace(base, title="Budget")) == {"title": "Budget"}


# --- priority ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("importance", "priority"), [
    ("high", "high"), ("low", "low"), ("normal", "none"), (None, "none"), ("urgent", "none"), (3, "none")])
def test_importance_reads_as_priority(importance, priority):
    assert read(item(importance=importance)).priority == priority


def test_medium_comes_from_the_plan_and_only_over_normal_importance():
    assert read(load("with_plan")).priority == "medium"
    plan = load("with_plan")["extensions"]
    assert read(item(importance="high", extensions=plan)).priority == "high"  # changed in To Do since
    assert read(item(importance="low", extensions=plan)).priority == "low"


@pytest.mark.parametrize(("priority", "importance"), [
    ("high", "high"), ("low", "low"), ("none", "normal"), ("medium", "normal")])
def test_priority_is_written_as_importance_and_medium_and_none_are_the_same_importance(priority, importance):
    assert patch_for(None, Task("t", "x", priority=priority))["importance"] == importance
    none = Task("t", "x")
    changed = patch_for(none, replace(none, priority=priority))
    assert changed == ({} if importance == "normal" else {"importance": priority})


# --- done and completed --------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["notStarted", "inProgress", "waitingOnOthers", "deferred", None, True])
def test_status_completed_is_done_and_every_other_status_is_open(status):
    assert read(item(status="completed")).done and not read(item(status=status)).done


def test_status_is_written_only_when_done_changes():
    base = read(load("with_plan"))  # inProgress
    assert "status" not in patch_for(base, replace(base, title="Draft the report"))
    assert patch_for(base, replace(base, done=True))["status"] == "completed"
    done = read(load("completed"))
    assert patch_for(done, replace(done, done=False, completed="")) == {"status": "notStarted"}
    assert "status" not in patch_for(None, Task("t", "x"))
    assert patch_for(None, Task("t", "x", done=True))["status"] == "completed"


def test_completed_is_the_last_change_on_the_completion_day_else_that_days_midnight():
    assert read(load("completed")).completed == "2026-03-04T17:42:10+00:00"
    later = {**load("completed"), "lastModifiedDateTime": "2026-03-06T08:00:00Z"}
    assert read(later).completed == "2026-03-04T00:00:00+00:00"
    assert read({**later, "lastModifiedDateTime": None}).completed == "2026-03-04T00:00:00+00:00"
    assert read({**load("completed"), "completedDateTime": None}).completed == ""  # done, time unknown
    assert read({**load("completed"), "status": "notStarted"}).completed == ""  # open


# --- due -----------------------------------------------------------------------------------------

def test_due_is_the_date_part_as_written_without_zone_conversion():
    assert read(load("plain")).due == date(2026, 3, 6)
    assert due_of({"dateTime": "2026-03-05T23:00:00.0000000", "timeZone": "UTC"}) == date(2026, 3, 5)
    assert due_of({"dateTime": "2026-03-06T00:00:00.0000000", "timeZone": "Tokyo Standard Time"}) == date(2026, 3, 6)
    for bad in (None, "2026-03-06", {"dateTime": "soon"}, {"dateTime": "2026-02-30T00:00"}, {"dateTime": 20260306}):
        assert due_of(bad) is None
    assert due_value(None) is None


@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)))
def test_due_value_is_midnight_utc_and_reads_back_as_the_same_day(day):
    assert due_value(day) == {"dateTime": f"{day.isoformat()}T00:00:00", "timeZone": "UTC"}
    assert due_of(due_value(day)) == day


# --- recurrence ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("recurrence", "rule"), [
    (pattern("daily"), "FREQ=DAILY"),
    (pattern("daily", interval=3), "FREQ=DAILY;INTERVAL=3"),
    (weekly("monday", "thursday"), "FREQ=WEEKLY;BYDAY=MO,TH"),
    (weekly("friday", "Monday", "wednesday", interval=2), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR"),
    (pattern("absoluteMonthly", dayOfMonth=31), "FREQ=MONTHLY;BYMONTHDAY=31"),
    (pattern("relativeMonthly", index="second", daysOfWeek=["tuesday"]), "FREQ=MONTHLY;BYDAY=2TU"),
    (pattern("relativeMonthly", index="last", daysOfWeek=["friday"]), "FREQ=MONTHLY;BYDAY=-1FR"),
    (pattern("absoluteYearly", month=2, dayOfMonth=29), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
    (pattern("relativeYearly", month=11, index="fourth", daysOfWeek=["thursday"]),
     "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"),
    (weekly("monday", span={"type": "endDate", "startDate": "2026-03-02", "endDate": "2026-06-29"}),
     "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260629"),
    ({"pattern": {"type": "daily"}}, "FREQ=DAILY"),  # interval and range left out: 1, no end
    (load("recurring_weekly")["recurrence"], "FREQ=WEEKLY;BYDAY=MO,TH"),
    (load("relative_monthly")["recurrence"], "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231"),
])
def test_rrule_of_each_pattern(recurrence, rule):
    assert rrule_of(recurrence) == rule


@pytest.mark.parametrize("recurrence", [
    None, "weekly", {}, {"pattern": "daily"}, pattern("hourly"), weekly(), weekly("funday"),
    weekly("monday", span={"type": "numbered", "startDate": "2026-03-02", "numberOfOccurrences": 10}),
    weekly("monday", span={"type": "endDate", "startDate": "2026-03-02", "endDate": "someday"}),
    weekly("monday", span={"type": "forever"}), weekly("monday", interval=0),
    pattern("daily", interval="2"), pattern("daily", interval=True),
    pattern("relativeMonthly", index="second", daysOfWeek=["tuesday", "thursday"]),
    pattern("relativeMonthly", index="fifth", daysOfWeek=["tuesday"]),
    pattern("absoluteMonthly", dayOfMonth=0), pattern("absoluteMonthly", dayOfMonth=32),
    pattern("absoluteMonthly", dayOfMonth=10**30), pattern("absoluteYearly", month=2, dayOfMonth=30),
    pattern("absoluteYearly", month=0, dayOfMonth=1), pattern("absoluteYearly", month=None, dayOfMonth=5),
    pattern("relativeYearly", month=13, daysOfWeek=["monday"]),
])
def test_rrule_of_is_empty_for_what_a_task_cannot_hold(recurrence):
    assert rrule_of(recurrence) == ""


def test_recurrence_of_writes_the_shapes_graph_takes():
    assert recurrence_of("FREQ=WEEKLY;BYDAY=MO,TH", MONDAY) == {
        "pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["monday", "thursday"],
                    "firstDayOfWeek": "sunday"},
        "range": {"type": "noEnd", "startDate": "2026-03-02"}}
    assert recurrence_of("FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;UNTIL=20261231", date(2026, 3, 27)) == {
        "pattern": {"type": "relativeMonthly", "interval": 2, "daysOfWeek": ["friday"], "index": "last"},
        "range": {"type": "endDate", "startDate": "2026-03-27", "endDate": "2026-12-31"}}
    assert recurrence_of("freq=yearly;bymonth=3;bymonthday=1", MONDAY)["pattern"] == {
        "type": "absoluteYearly", "interval": 1, "month": 3, "dayOfMonth": 1}


def test_a_rule_leaving_its_day_to_the_task_names_the_anchor_day():
    assert rrule_of(recurrence_of("FREQ=WEEKLY", MONDAY)) == "FREQ=WEEKLY;BYDAY=MO"
    assert rrule_of(recurrence_of("FREQ=WEEKLY;INTERVAL=2", MONDAY)) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
    assert rrule_of(recurrence_of("FREQ=MONTHLY", date(2026, 3, 14))) == "FREQ=MONTHLY;BYMONTHDAY=14"
    assert rrule_of(recurrence_of("FREQ=YEARLY", date(2026, 7, 4))) == "FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4"
    assert rrule_of(recurrence_of("FREQ=YEARLY;BYMONTH=3", date(2026, 7, 4))) == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=4"


@pytest.mark.parametrize("rule", [
    "", "FREQ=DAILY;COUNT=5", "FREQ=HOURLY", "FREQ=SOMETIMES", "FREQ=DAILY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=1MO",
    "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=MONTHLY;BYDAY=5TU", "FREQ=MONTHLY;BYDAY=TU",
    "FREQ=MONTHLY;BYDAY=1TU,3TU", "FREQ=YEARLY;BYMONTHDAY=5", "FREQ=YEARLY;BYDAY=1MO", "FREQ=YEARLY;BYMONTH=3,9",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=WEEKLY;BYDAY=MO;WKST=SU", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1",
    "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260101", "FREQ=DAILY;UNTIL=tomorrow", "FREQ=WEEKLY;BYDAY=MO;BYDAY=TU",
])
def test_recurrence_of_is_none_for_what_to_do_cannot_say(rule):
    assert recurrence_of(rule, MONDAY) is None


_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BY = st.one_of(  # every shape To Do and a Task share: FREQ, then its days
    st.just(("DAILY", "")),
    st.sets(st.sampled_from(_CODES), min_size=1).map(
        lambda s: ("WEEKLY", ";BYDAY=" + ",".join(d for d in _CODES if d in s))),
    st.integers(1, 31).map(lambda n: ("MONTHLY", f";BYMONTHDAY={n}")),
    st.tuples(st.sampled_from(["1", "2", "3", "4", "-1"]), st.sampled_from(_CODES)).map(
        lambda p: ("MONTHLY", f";BYDAY={p[0]}{p[1]}")),
    st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(
        lambda d: ("YEARLY", f";BYMONTH={d.month};BYMONTHDAY={d.day}")),
    st.tuples(st.integers(1, 12), st.sampled_from(["1", "4", "-1"]), st.sampled_from(_CODES)).map(
        lambda p: ("YEARLY", f";BYMONTH={p[0]};BYDAY={p[1]}{p[2]}")))


@settings(max_examples=200, deadline=None)
@given(by=_BY, interval=st.integers(1, 12), until=st.none() | st.dates(date(2026, 3, 2), date(2040, 1, 1)))
def test_every_supported_rule_round_trips_through_graph(by, interval, until):
    rule = (f"FREQ={by[0]}" + (f";INTERVAL={interval}" if interval > 1 else "") + by[1]
            + (f";UNTIL={until:%Y%m%d}" if until else ""))
    assert rrule_of(recurrence_of(rule, MONDAY)) == rule


def test_a_rule_to_do_cannot_say_is_left_out_and_a_cleared_rule_is_null():
    base = read(load("recurring_weekly"))
    assert patch_for(base, replace(base, recurrence="FREQ=MONTHLY;BYMONTHDAY=-1")) == {}
    assert patch_for(base, replace(base, recurrence="")) == {"recurrence": None}
    changed = patch_for(base, replace(base, recurrence="FREQ=WEEKLY;BYDAY=TU"))
    assert changed["recurrence"]["range"]["startDate"] == "2026-03-02"  # from the due day
    assert "recurrence" not in patch_for(None, Task("t", "x", due=MONDAY, recurrence="FREQ=MONTHLY;BYMONTHDAY=-1"))


# --- the plan extension --------------------------------------------------------------------------

def test_the_plan_extension_found_by_id_name_or_namespaced_id_sets_the_day_the_block_and_the_estimate():
    task = read(load("with_plan"))
    assert (task.scheduled, task.start, task.duration_minutes, task.estimate_minutes) == (
        date(2026, 3, 5), time(9, 30), 90, 120)
    assert EXPAND_PLAN == "extensions($filter=id eq 'app.daypane.plan')" and "linkedResources" in SELECT
    plan = {"scheduled": "2026-03-05"}
    assert read(item(extensions=[{"extensionName": PLAN_EXTENSION, **plan}])).scheduled == date(2026, 3, 5)
    namespaced = {"id": "Microsoft.OutlookServices.OpenTypeExtension.app.daypane.plan", **plan}
    other = {"id": "other.app", "scheduled": "2026-01-01"}
    assert read(item(extensions=[other, namespaced])).scheduled == date(2026, 3, 5)
    assert read(item(extensions=[other, "junk", None])).scheduled is None


@pytest.mark.parametrize(("plan", "expected"), [
    ({"scheduled": "2026-03-05", "start": "09:30"}, (date(2026, 3, 5), None, None, None)),
    ({"start": "09:30", "durationMinutes": 45}, (None, None, None, None)),
    ({"scheduled": "2026-03-05", "start": "23:30", "durationMinutes": 45}, (date(2026, 3, 5), None, None, None)),
    ({"scheduled": "someday", "start": "soon", "durationMinutes": "long", "estimateMinutes": -5}, (None,) * 4),
    ({"scheduled": "2026-03-05", "start": "25:00", "durationMinutes": 30, "estimateMinutes": 30},
     (date(2026, 3, 5), None, None, 30)),
    ({"scheduled": 20260305, "start": [9, 30], "durationMinutes": True, "estimateMinutes": 12.5}, (None,) * 4),
    ({"scheduled": "2026-03-05T09:30", "start": "09:30", "durationMinutes": 0, "estimateMinutes": 0},
     (None, None, None, 0)),
    ({"scheduled": "2026-03-05", "start": "9:05", "durationMinutes": 25, "priority": "urgent"},
     (date(2026, 3, 5), time(9, 5), 25, None)),
])
def test_malformed_plan_fields_are_ignored_one_by_one(plan, expected):
    task = read(item(extensions=[{"id": PLAN_EXTENSION, **plan}]))
    assert (task.scheduled, task.start, task.duration_minutes, task.estimate_minutes) == expected
    assert check(task) == task and task.priority == "none"


def test_plan_of_is_the_extension_body_and_plan_changed_compares_its_fields():
    head = {"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": "app.daypane.plan"}
    plan = {"scheduled": "2026-03-05", "start": "09:30", "durationMinutes": 90, "estimateMinutes": 120,
            "priority": "medium"}
    assert plan_of(read(load("with_plan"))) == {**head, **plan}
    assert plan_of(Task("t", "x", priority="high")) == {**head, **dict.fromkeys(plan)}
    base = read(load("with_plan"))
    assert not plan_changed(base, replace(base, title="Other", notes="other", due=None))
    assert plan_changed(base, replace(base, estimate_minutes=30))
    assert plan_changed(base, replace(base, start=None, duration_minutes=None))
    assert plan_changed(base, replace(base, priority="none")) and patch_for(base, replace(base, priority="none")) == {}
    assert not plan_changed(None, Task("t", "x", priority="high"))
    assert plan_changed(None, Task("t", "x", estimate_minutes=0))


# --- what a PATCH and a create carry ---------------------------------------------------------------

@pytest.mark.parametrize(("changes", "sent"), [
    ({"title": "Renew it"}, {"title": "Renew it"}),
    ({"notes": ""}, {"body": {"content": "", "contentType": "text"}}),
    ({"priority": "low"}, {"importance": "low"}),
    ({"due": date(2026, 3, 7)}, {"dueDateTime": {"dateTime": "2026-03-07T00:00:00", "timeZone": "UTC"}}),
    ({"due": None}, {"dueDateTime": None}),
    ({"recurrence": "FREQ=DAILY"}, {"recurrence": {"pattern": {"type": "daily", "interval": 1},
                                                   "range": {"type": "noEnd", "startDate": "2026-03-06"}}}),
    ({"scheduled": date(2026, 3, 4), "estimate_minutes": 30, "list": "Elsewhere", "home": "other"}, {}),
])
def test_a_patch_carries_only_the_fields_that_changed(changes, sent):
    base = read(load("plain"))
    assert patch_for(base, replace(base, **changes)) == sent
    assert patch_for(base, base) == {}


def test_a_create_body_leaves_out_what_is_unset_and_no_body_has_a_field_daypane_does_not_manage():
    assert patch_for(None, Task("t", "Call Anna")) == {"title": "Call Anna", "importance": "normal"}
    full = Task("t", "Call Anna", notes="About Friday", priority="high", due=MONDAY, recurrence="FREQ=WEEKLY;BYDAY=MO",
                done=True, completed="2026-03-02T10:00:00+00:00")
    assert set(patch_for(None, full)) == MANAGED
    base = read(load("flagged_email"))
    every = replace(base, title="t", notes="n", priority="high", due=MONDAY, recurrence="FREQ=DAILY", done=True,
                    scheduled=MONDAY, start=time(8), duration_minutes=30, estimate_minutes=30)
    assert set(patch_for(base, every)) == set(patch_for(None, every)) == MANAGED


@pytest.mark.parametrize("name", ["plain", "recurring_weekly", "with_plan", "relative_monthly"])
def test_a_task_created_from_what_it_reads_as_reads_back_the_same(name):
    task = read(load(name))
    assert read(applied(load(name), task)) == task


# --- links and hostile input ---------------------------------------------------------------------

@pytest.mark.parametrize("resources", [
    [{"webUrl": "javascript:alert(1)"}], [{"webUrl": "http://outlook.office365.com/owa/"}],
    [{"webUrl": "https://"}], [{"webUrl": "https://[::1"}], [{"webUrl": "https://a.example/ x"}],
    [{"webUrl": None}], ["https://a.example"], [{"displayName": "RE: Budget"}],
])
def test_the_link_is_the_first_https_web_url_of_a_linked_resource(resources):
    assert link_of(load("flagged_email")).startswith("https://outlook.office365.com/owa/?ItemID=AAMkAD")
    assert link_of(load("plain")) == link_of({}) == link_of([]) == link_of({"linkedResources": resources}) == ""
    assert link_of({"linkedResources": [*resources, {"webUrl": "https://a.example/m"}]}) == "https://a.example/m"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=10)
_NEAR = _JSON | st.sampled_from(["weekly", "relativeYearly", "endDate", "monday", "last", "2026-03-05", "09:30", 30])
_SHAPED = {  # values of the right outer shape with hostile insides, which plain JSON rarely reaches
    "recurrence": st.fixed_dictionaries({
        "pattern": st.dictionaries(st.sampled_from(["type", "interval", "daysOfWeek", "dayOfMonth", "month", "index"]),
                                   _NEAR | st.lists(_NEAR, max_size=3)),
        "range": st.dictionaries(st.sampled_from(["type", "startDate", "endDate"]), _NEAR)}),
    "extensions": st.lists(st.dictionaries(st.sampled_from(
        ["id", "extensionName", "scheduled", "start", "durationMinutes", "estimateMinutes", "priority"]),
        _NEAR | st.just(PLAN_EXTENSION)), max_size=2),
    "body": st.fixed_dictionaries({"content": _NEAR, "contentType": st.sampled_from(["html", "text"]) | _JSON}),
}
_KEYS = ["title", "importance", "status", "dueDateTime", "completedDateTime", "lastModifiedDateTime",
         "createdDateTime", "linkedResources", "checklistItems", "categories", *_SHAPED]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _JSON), st.fixed_dictionaries({}, optional=_SHAPED))
def test_a_hostile_item_never_crashes_and_reads_as_a_valid_task(fields, shaped):
    task = read({"id": "AAMk=", **fields, **shaped})
    assert check(task) == task and task.title and isinstance(link_of(fields), str)
    assert patch_for(task, replace(task, title="x")) == ({"title": "x"} if task.title != "x" else {})
    assert plan_of(task)["extensionName"] == PLAN_EXTENSION and not plan_changed(task, task)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"<>/!-?ab &;'\"=\n", "<script>", "</script>", "<style>", "</style>", "<br>", "<p>",
                                 "</p>", "<!--", "-->", "<head>", "<body>"]), max_size=40).map("".join))
def test_no_html_body_leaves_a_tag_in_the_notes(html):
    notes = read(item(body={"content": html, "contentType": "html"})).notes
    assert not re.search(r"<(script|style|br|p|head|body|!--)", notes) and "\r" not in notes


def test_a_flagged_email_task_links_to_its_message():
    assert read(load("flagged_email")).link == link_of(load("flagged_email"))
    assert read(load("plain")).link == ""
