"""What each tasks tab shows, as plain values (no HTML): Today, Upcoming, All, Done, and search.

Every view keeps the user's own order (the list order) inside a group, and takes `in_list` to
show one list only. Open tasks only, except Done (and search, which finds done ones too, after
the open ones): a done task is finished business everywhere else.

A task shows once across Today and Upcoming: overdue wins over today, today over a later day.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from daypane.core.locale import ENGLISH, Conventions
from daypane.core.tasks.lists import INBOX
from daypane.core.tasks.task import Task
from daypane.core.tasks.tasklist import TaskList


@dataclass(frozen=True)
class TodayView:
    overdue: tuple[Task, ...]  # planned or due before today
    today: tuple[Task, ...]  # planned or due today
    inbox: tuple[Task, ...]  # no day, no due date, in the Inbox: waiting to be sorted


@dataclass(frozen=True)
class DayGroup:
    day: date
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class ListGroup:
    name: str
    color: str
    tasks: tuple[Task, ...]


def _open(tasks: TaskList, in_list: str | None) -> list[Task]:
    return [task for task in tasks.tasks if not task.done and (in_list is None or task.list == in_list)]


def _is_overdue(task: Task, today: date) -> bool:
    return any(day is not None and day < today for day in (task.scheduled, task.due))


def _is_today(task: Task, today: date) -> bool:
    return today in (task.scheduled, task.due)


def today_view(tasks: TaskList, today: date, in_list: str | None = None) -> TodayView:
    open_tasks = _open(tasks, in_list)
    overdue = tuple(task for task in open_tasks if _is_overdue(task, today))
    due_today = tuple(task for task in open_tasks if _is_today(task, today) and not _is_overdue(task, today))
    inbox = tuple(task for task in open_tasks
                  if task.scheduled is None and task.due is None and task.list == INBOX)
    return TodayView(overdue, due_today, inbox)


def overdue_count(tasks: TaskList, today: date, in_list: str | None = None) -> int:
    return sum(1 for task in _open(tasks, in_list) if _is_overdue(task, today))


def upcoming_view(tasks: TaskList, today: date, days: int = 14,
                  in_list: str | None = None) -> tuple[DayGroup, ...]:
    """Tomorrow through today + `days` (Today has today), one group per day, empty days
    included so the tab can show the week's shape. A task is on its planned day, else on its
    due date; one also in Today (due today, or overdue) is left to Today."""
    shown = [today + timedelta(days=offset) for offset in range(1, days + 1)]
    by_day: dict[date, list[Task]] = {day: [] for day in shown}
    for task in _open(tasks, in_list):
        if _is_overdue(task, today) or _is_today(task, today):
            continue
        day = task.scheduled or task.due
        if day in by_day:
            by_day[day].append(task)
    return tuple(DayGroup(day, tuple(by_day[day])) for day in shown)


def all_view(tasks: TaskList, in_list: str | None = None) -> tuple[ListGroup, ...]:
    """Open tasks by list: the Inbox first, then lists in the order a task first shows them;
    lists with no open task are left out."""
    groups: dict[str, list[Task]] = {}
    for task in _open(tasks, in_list):
        groups.setdefault(task.list, []).append(task)
    names = sorted(groups, key=lambda name: name != INBOX)  # stable: first appearance kept
    return tuple(ListGroup(name, tasks.color_of(name), tuple(groups[name])) for name in names)


def done_view(tasks: TaskList, in_list: str | None = None) -> tuple[Task, ...]:
    """Done tasks, the most recently completed first; those done at an unknown time (stored
    before completion times were) last, in list order."""
    done = [task for task in tasks.tasks if task.done and (in_list is None or task.list == in_list)]
    known = [task for task in done if _moment(task.completed) is not None]
    unknown = [task for task in done if _moment(task.completed) is None]
    return tuple(sorted(known, key=lambda task: _moment(task.completed), reverse=True)) + tuple(unknown)


def search(tasks: TaskList, query: str, in_list: str | None = None) -> tuple[Task, ...]:
    """Tasks whose title, notes or list hold every word of `query`, ignoring case and accents
    ("cafe" finds "Café"); open ones first, then done ones, each in list order. An empty query
    finds nothing (the tab shows its own view then)."""
    words = _folded(query).split()
    if not words:
        return ()
    found = [task for task in tasks.tasks if (in_list is None or task.list == in_list)
             and all(word in _folded(f"{task.title}\n{task.notes}\n{task.list}") for word in words)]
    return tuple(task for task in found if not task.done) + tuple(task for task in found if task.done)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _moment(stamp: str) -> datetime | None:
    """A completion time comparable with the others: aware ones in UTC, naive ones (no zone
    given) taken as UTC too, since they cannot be placed any better."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


TABS = ("today", "upcoming", "all", "done")


@dataclass(frozen=True)
class Shown:
    """One heading's worth of the Tasks region ("" title: no heading)."""

    title: str
    tasks: tuple[Task, ...]


def shown(tab: str, tasks: TaskList, today: date, *, query: str = "", keep: frozenset[str] = frozenset(),
          in_list: str | None = None, conv: Conventions = ENGLISH) -> tuple[Shown, ...]:
    """What the Tasks region lists for a tab (or a search, across every tab). `keep`: tasks added
    in this tab since it was opened, listed even when the tab would not show them (a new task stays
    where it was added). "All tasks" is the list itself, in its order, done ones included."""
    if query.strip():
        return (Shown("", search(tasks, query, in_list)),)
    if tab == "all":
        groups = [Shown("", nested(tuple(t for t in tasks.tasks if in_list is None or t.list == in_list)))]
    elif tab == "done":
        groups = [Shown("", done_view(tasks, in_list))]
    elif tab == "upcoming":
        groups = [Shown(conv.date("short", g.day), g.tasks) for g in upcoming_view(tasks, today, in_list=in_list)]
    else:
        view = today_view(tasks, today, in_list)
        groups = [Shown("Overdue", view.overdue), Shown("Today", view.today), Shown("Inbox", view.inbox)]
    listed = {t.id for group in groups for t in group.tasks}
    extra = tuple(t for t in tasks.tasks if t.id in keep and t.id not in listed)
    return tuple(g for g in (*groups, Shown("Just added", extra)) if g.tasks)


MAX_DEPTH = 3  # deeper sub-tasks are drawn at this depth: a phone row has no room for more


def nested(tasks: tuple[Task, ...]) -> tuple[Task, ...]:
    """The tasks in their order, each sub-task moved right after its parent (and the parent's
    earlier sub-tasks), when the parent is among them. A parent that is missing, or a loop of
    parents (only a damaged source could write one), leaves the task where it was."""
    ids = {t.id for t in tasks}
    children: dict[str, list[Task]] = {}
    for task in tasks:
        if task.parent in ids and task.parent != task.id:
            children.setdefault(task.parent, []).append(task)
    placed: set[str] = set()
    ordered: list[Task] = []

    def place(task: Task, trail: frozenset[str]) -> None:
        placed.add(task.id)
        ordered.append(task)
        for child in children.get(task.id, ()):
            if child.id not in placed and child.id not in trail:
                place(child, trail | {task.id})

    for task in tasks:
        if task.id not in placed and (task.parent not in ids or task.parent == task.id or _in_loop(task, tasks)):
            place(task, frozenset())
    ordered += [t for t in tasks if t.id not in placed]  # unreachable (a loop): as they were
    return tuple(ordered)


def _in_loop(task: Task, tasks: tuple[Task, ...]) -> bool:
    parents = {t.id: t.parent for t in tasks}
    seen, current = {task.id}, parents.get(task.id, "")
    while current in parents:
        if current in seen:
            return True
        seen.add(current)
        current = parents[current]
    return False


def depth(task: Task, shown_ids: dict[str, str]) -> int:
    """How deep a sub-task is drawn among the shown tasks ({id: parent id}), at most MAX_DEPTH."""
    level, current, seen = 0, task.parent, {task.id}
    while current in shown_ids and current not in seen and level < MAX_DEPTH:
        level += 1
        seen.add(current)
        current = shown_ids[current]
    return level
