"""What the Tasks region lists per tab (core.tasks.views.shown)."""

from datetime import date

from daypane.core.tasks.model import TaskList
from daypane.core.tasks.views import shown

TODAY = date(2026, 3, 4)


def tasks() -> TaskList:
    return (TaskList().add("Late", id="l", created="", scheduled=date(2026, 3, 1))
            .add("Now", id="n", created="", scheduled=TODAY)
            .add("Loose", id="i", created="")
            .add("Soon", id="s", created="", scheduled=date(2026, 3, 6))
            .add("Finished", id="f", created="").toggle("f", True))


def titles(groups):
    return [(g.title, [t.title for t in g.tasks]) for g in groups]


def test_each_tab_lists_its_tasks_under_headings():
    assert titles(shown("today", tasks(), TODAY)) == [("Overdue", ["Late"]), ("Today", ["Now"]), ("Inbox", ["Loose"])]
    assert titles(shown("upcoming", tasks(), TODAY)) == [("Fri 6 Mar", ["Soon"])]
    assert titles(shown("done", tasks(), TODAY)) == [("", ["Finished"])]
    assert titles(shown("all", tasks(), TODAY)) == [("", ["Late", "Now", "Loose", "Soon", "Finished"])]


def test_a_task_added_in_a_tab_stays_visible_there_and_search_spans_every_tab():
    assert titles(shown("upcoming", tasks(), TODAY, keep=frozenset({"i"}))) == [
        ("Fri 6 Mar", ["Soon"]), ("Just added", ["Loose"])]
    assert titles(shown("done", tasks(), TODAY, query="soo")) == [("", ["Soon"])]
