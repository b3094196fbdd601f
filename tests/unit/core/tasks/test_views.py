"""What each tasks tab shows: each open task in one place across Today and Upcoming, in the
user's order, done ones only under Done (and in search), and one list when asked."""

from datetime import date, timedelta

from daypane.core.tasks.lists import INBOX, PALETTE
from daypane.core.tasks.tasklist import TaskList
from daypane.core.tasks.views import (
    DayGroup, ListGroup, all_view, done_view, overdue_count, search, today_view, upcoming_view,
)

TODAY = date(2026, 3, 6)
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


def ids(tasks) -> list[str]:
    return [task.id for task in tasks]


def sample() -> TaskList:
    return (TaskList()
            .add("Old plan", id="late", scheduled=YESTERDAY, list="Work")       # overdue, in a list
            .add("Inbox idea", id="idea")                                       # inbox
            .add("Due today", id="due", due=TODAY, list="Home")
            .add("Slipped but due later", id="slip", scheduled=YESTERDAY, due=TOMORROW)
            .add("Planned today", id="plan", scheduled=TODAY, due=TOMORROW, list="Work")
            .add("Work someday", id="someday", list="Work")                     # not inbox: in a list
            .add("Tomorrow", id="tmrw", scheduled=TOMORROW)
            .add("Due in a week", id="week", due=TODAY + timedelta(days=7), list="Home")
            .add("Planned in two weeks", id="edge", scheduled=TODAY + timedelta(days=14))
            .add("Too far", id="far", scheduled=TODAY + timedelta(days=15))
            .add("Done yesterday", id="d1", scheduled=YESTERDAY)
            .add("Done today", id="d2", scheduled=TODAY, list="Work")
            .add("Done long ago", id="d0")
            .toggle("d1", True, "2026-03-05T17:00:00+01:00")
            .toggle("d2", True, "2026-03-06T08:00:00+01:00")
            .toggle("d0", True))  # done before completion times were kept


def test_today_view_splits_overdue_today_and_inbox_in_list_order():
    view = today_view(sample(), TODAY)
    assert ids(view.overdue) == ["late", "slip"]  # a planned day before today is overdue
    assert ids(view.today) == ["due", "plan"]
    assert ids(view.inbox) == ["idea"]  # "someday" is in Work, not waiting in the Inbox


def test_a_task_both_overdue_and_due_today_is_only_overdue():
    tasks = TaskList().add("Both", id="b", scheduled=YESTERDAY, due=TODAY)
    view = today_view(tasks, TODAY)
    assert ids(view.overdue) == ["b"] and view.today == () and overdue_count(tasks, TODAY) == 1


def test_done_tasks_are_left_out_of_today_upcoming_and_all():
    tasks = sample()
    shown = [*today_view(tasks, TODAY).overdue, *today_view(tasks, TODAY).today, *today_view(tasks, TODAY).inbox,
             *(t for g in upcoming_view(tasks, TODAY) for t in g.tasks), *(t for g in all_view(tasks) for t in g.tasks)]
    assert not {"d0", "d1", "d2"} & set(ids(shown))


def test_filtering_by_list():
    view = today_view(sample(), TODAY, in_list="Work")
    assert (ids(view.overdue), ids(view.today), view.inbox) == (["late"], ["plan"], ())
    assert overdue_count(sample(), TODAY) == 2 and overdue_count(sample(), TODAY, in_list="Work") == 1
    assert [g.name for g in all_view(sample(), in_list="Home")] == ["Home"]
    assert ids(done_view(sample(), in_list="Work")) == ["d2"]
    assert ids(search(sample(), "plan", in_list="Work")) == ["late", "plan"]
    assert [ids(g.tasks) for g in upcoming_view(sample(), TODAY, in_list="Home") if g.tasks] == [["week"]]


def test_upcoming_runs_from_tomorrow_for_fourteen_days_each_task_once():
    groups = upcoming_view(sample(), TODAY)
    assert [g.day for g in groups] == [TODAY + timedelta(days=n) for n in range(1, 15)]
    assert groups[0] == DayGroup(TOMORROW, tuple(sample().get(i) for i in ["tmrw"]))  # not "plan": Today has it
    assert ids(groups[6].tasks) == ["week"]  # on its due date, having no planned day
    assert ids(groups[13].tasks) == ["edge"] and "far" not in ids(t for g in groups for t in g.tasks)
    assert [g.day for g in upcoming_view(sample(), TODAY, days=3)][-1] == TODAY + timedelta(days=3)


def test_all_view_groups_open_tasks_inbox_first_then_by_first_appearance():
    groups = all_view(sample())
    assert [(g.name, ids(g.tasks)) for g in groups] == [
        (INBOX, ["idea", "slip", "tmrw", "edge", "far"]),
        ("Work", ["late", "plan", "someday"]),
        ("Home", ["due", "week"]),
    ]
    assert groups[1] == ListGroup("Work", PALETTE[0], groups[1].tasks)
    assert all_view(TaskList()) == ()


def test_done_view_newest_first_unknown_times_last():
    tasks = sample().add("Done in UTC", id="utc").toggle("utc", True, "2026-03-06T07:30:00Z")
    # 07:30Z is 08:30 in Paris: after d2 (08:00+01:00) although its text sorts before it.
    assert ids(done_view(tasks)) == ["utc", "d2", "d1", "d0"]
    assert ids(done_view(tasks.toggle("d2", False))) == ["utc", "d1", "d0"]


def test_search_ignores_case_and_accents_in_title_notes_and_list():
    tasks = (TaskList().add("Café with Zoë", id="cafe").add("Call", id="call", notes="Ask about the CRÈCHE")
             .add("Report", id="rep", list="Équipe").add("Straße", id="street").toggle("street", True, "2026-03-06T09:00:00")
             .add("Other", id="other"))
    assert ids(search(tasks, "cafe zoe")) == ["cafe"]  # every word, in any field
    assert ids(search(tasks, "CAFÉ")) == ["cafe"]
    assert ids(search(tasks, "creche")) == ["call"]
    assert ids(search(tasks, "equipe")) == ["rep"]
    assert ids(search(tasks, "strasse")) == ["street"]  # done ones are found too
    assert ids(search(tasks, "cafe other")) == []
    assert search(tasks, "   ") == ()


def test_search_lists_open_tasks_before_done_ones():
    tasks = TaskList().add("Pay rent", id="a").add("Pay tax", id="b").toggle("a", True, "2026-03-01T09:00:00")
    assert ids(search(tasks, "pay")) == ["b", "a"]


def test_a_sub_task_is_listed_right_after_its_parent_and_drawn_one_level_deeper():
    from daypane.core.tasks.views import depth, nested
    from daypane.core.tasks.task import Task
    tasks = (Task("c1", "Child one", parent="p"), Task("x", "Other"), Task("p", "Parent"),
             Task("c2", "Child two", parent="p"), Task("g", "Grandchild", parent="c1"))
    assert [t.id for t in nested(tasks)] == ["x", "p", "c1", "g", "c2"]
    parents = {t.id: t.parent for t in tasks}
    assert [depth(t, parents) for t in nested(tasks)] == [0, 0, 1, 2, 1]


def test_a_missing_parent_or_a_loop_of_parents_leaves_tasks_listed_once():
    from daypane.core.tasks.views import nested
    from daypane.core.tasks.task import Task
    orphan = (Task("a", "A", parent="gone"), Task("b", "B"))
    assert [t.id for t in nested(orphan)] == ["a", "b"]
    loop = (Task("a", "A", parent="b"), Task("b", "B", parent="a"), Task("c", "C", parent="c"))
    assert sorted(t.id for t in nested(loop)) == ["a", "b", "c"]
