"""Every change to a task is checked, and a refusal is one sentence the user can act on."""

from datetime import date, datetime, time

import pytest

from daypane.core.tasks.task import Task, changed, check

DAY = date(2026, 3, 6)


def task(**fields) -> Task:
    return Task("t", "Write report", **fields)


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": "  "}, "^A task needs a title.$"),
    ({"priority": "urgent"}, "^“urgent” is not a priority; choose none, low, medium or high.$"),
    ({"start": time(9, 0), "duration_minutes": 30}, "^A start time needs a scheduled day: choose the day first.$"),
    ({"scheduled": DAY, "start": time(9, 0)}, "^A time block needs both a start time and a duration.$"),
    ({"scheduled": DAY, "duration_minutes": 30}, "^A time block needs both a start time and a duration.$"),
    ({"scheduled": DAY, "start": time(9), "duration_minutes": 0}, "^A time block must last at least one minute.$"),
    ({"scheduled": DAY, "start": time(9), "duration_minutes": -15}, "^A time block must last at least one minute.$"),
    ({"scheduled": DAY, "start": time(23, 30), "duration_minutes": 31}, "^A time block must end by midnight of its day.$"),
    ({"estimate_minutes": -1}, "^An estimate cannot be negative.$"),
    ({"scheduled": datetime(2026, 3, 6, 9)}, "^The scheduled day must be a day.$"),
    ({"due": "2026-03-06"}, "^The due date must be a day.$"),
    ({"recurrence": "sometimes"}, "is not a repeat rule"),
])
def test_bad_changes_are_refused_with_a_sentence(changes, message):
    with pytest.raises(ValueError, match=message):
        changed(task(), changes)


def test_good_changes_are_cleaned():
    result = changed(task(), {"title": " Report ", "notes": " draft \n", "priority": "", "scheduled": DAY,
                              "start": time(9, 15, 42), "duration_minutes": 45,
                              "recurrence": "freq=weekly;byday=fr"})
    assert (result.title, result.notes, result.priority) == ("Report", "draft", "none")
    assert result.start == time(9, 15) and result.recurrence == "FREQ=WEEKLY;BYDAY=FR"
    assert result.has_block and result.block_end == datetime(2026, 3, 6, 10, 0)
    assert changed(task(), {"scheduled": DAY, "start": time(23), "duration_minutes": 60}).block_end \
        == datetime(2026, 3, 7, 0, 0)  # ending at midnight is inside the day


def test_only_editable_fields_change_this_way():
    with pytest.raises(TypeError):
        changed(task(), {"done": True})
    with pytest.raises(TypeError):
        changed(task(), {"colour": "#fff"})


def test_an_open_task_with_a_completion_time_is_inconsistent():
    with pytest.raises(ValueError, match="open task cannot have a completion time"):
        check(task(completed="2026-03-06T10:00:00"))
    assert check(task(done=True, completed="")) == task(done=True)  # done before times were kept


def test_a_link_is_https_only_since_the_user_opens_it():
    from daypane.core.tasks.task import Task, check
    assert check(Task("t", "Reply", link="https://outlook.office365.com/owa/?ItemID=x")).link
    for bad in ("javascript:alert(1)", "data:text/html,x", "http://example.com/"):
        with pytest.raises(ValueError):
            check(Task("t", "Reply", link=bad))
