"""From a parsed "New task" text to the task's fields, and the live preview's line."""

from datetime import date, time

from daypane.core.tasks.model import TaskList
from daypane.core.tasks.quickadd import parse, preview, task_fields

TODAY = date(2026, 12, 1)  # a Tuesday


def test_the_contract_example_becomes_a_block_tomorrow_with_priority_and_list():
    parsed = parse("Pay the invoice tomorrow 15:00 45m !high #Office", TODAY)
    tasks = TaskList().add(parsed.title, id="a", created="", **task_fields(parsed, TODAY))
    task = tasks.tasks[0]
    assert (task.title, task.scheduled, task.start, task.duration_minutes, task.priority, task.list) == (
        "Pay the invoice", date(2026, 12, 2), time(15, 0), 45, "high", "Office")


def test_a_time_alone_is_a_thirty_minute_block_today_and_a_duration_alone_an_estimate():
    at_three = task_fields(parse("Call Sam 15:00", TODAY), TODAY)
    assert (at_three["scheduled"], at_three["start"], at_three["duration_minutes"]) == (TODAY, time(15), 30)
    estimate = task_fields(parse("Write the report 2h", TODAY), TODAY)
    assert estimate == {"priority": "none", "estimate_minutes": 120}


def test_a_recurrence_is_kept_and_the_task_scheduled_on_its_first_day():
    fields = task_fields(parse("Stand-up notes every monday", TODAY), TODAY)
    assert fields["recurrence"] == "FREQ=WEEKLY;BYDAY=MO" and fields["scheduled"] == date(2026, 12, 7)
    TaskList().add("Stand-up notes", id="r", created="", **fields)  # the task model accepts it


def test_the_preview_names_what_was_understood_and_is_empty_otherwise():
    line = preview(parse("Pay the invoice tomorrow !high", TODAY))
    assert line.startswith("Understood: ") and line.endswith("Title: “Pay the invoice”.")
    assert preview(parse("Call May about the March report", TODAY)) == ""
