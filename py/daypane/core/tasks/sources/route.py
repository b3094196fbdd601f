"""One change to the task list, split by where each task lives.

Every task operation (add, toggle, edit, drag, plan, import, undo) is a pure TaskList -> TaskList
function, and stays one: the TaskBook applies it to the combined list (this device's tasks and
every source's), then `route` compares before and after and says what that means for each home:
the tasks kept on this device (the `tasks` record, as before) and, for tasks at a source, the
outbox entries to send. So no operation ever asks where a task lives.

- A task added, or renamed into another list's name, goes where `resolve_home` says.
- A task that moves between homes is one change made of two entries: created in the new home
  (under a new id when that home is a source, since the outbox holds one entry per id), then
  deleted from the old; both are stored in the same transaction, so neither is lost.
- Completing a repeating task at a source does what the common CalDAV clients do with the same
  item (docs/facts/caldav-tasks.md): the series itself moves on to its next occurrence, open, and
  the occurrence just done is kept as a completed to-do of its own.
- The order of tasks at a source is not stored there (CalDAV has no order Daypane could rely on);
  moving one only reorders this device's tasks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from daypane.core.tasks.lists import INBOX
from daypane.core.tasks.sources.outbox import Base, Pending
from daypane.core.tasks.sources.protocol import LOCAL, SourceList, resolve_home
from daypane.core.tasks.task import Task
from daypane.core.tasks.tasklist import TaskList


@dataclass(frozen=True)
class Routed:
    local: TaskList                 # what the `tasks` record holds now
    changes: tuple[Pending, ...]    # for the outbox, in order (a move's create before its delete)


def route(before: TaskList, after: TaskList, *, lists: Iterable[SourceList], local_names: Iterable[str],
          base_of: Callable[[str], Base | None], new_id: Callable[[], str], now: str) -> Routed:
    """`before` and `after` are combined lists (every home); `base_of(id)` is the synced item a
    source task was read from (None when it has not reached its server yet)."""
    lists = list(lists)
    by_id = {source_list.id: source_list for source_list in lists}
    local_names = [INBOX, *local_names]
    old = {task.id: task for task in before.tasks}
    homed: list[Task] = []
    for task in after.tasks:
        previous = old.get(task.id)
        if previous is not None and previous.list == task.list:
            home = previous.home
        else:
            origin = previous.home if previous is not None else _series_home(task, before)
            home = resolve_home(task.list, lists, local_names, origin)
        if home != LOCAL and home in by_id:
            task = replace(task, list=by_id[home].name)  # the list's own spelling
        homed.append(replace(task, home=home) if home != task.home else task)
    changes: list[Pending] = []
    local = [task for task in homed if task.home == LOCAL]
    new = {task.id: task for task in homed}
    series = _completed_series(old, new)
    for task in homed:
        if task.home == LOCAL or task.id in series.values():
            continue
        previous = old.get(task.id)
        if task.id in series:
            changes += _complete_series(previous, task, new[series[task.id]], base_of, now)
        elif previous is None or previous.home == LOCAL:
            changes.append(Pending(task.id, task.home, "create", task, None, now))
        elif previous.home != task.home:  # moved from one source list to another
            moved = replace(task, id=new_id())
            changes.append(Pending(moved.id, moved.home, "create", moved, None, now))
            changes.append(Pending(previous.id, previous.home, "delete", None, base_of(previous.id), now))
        elif previous != task:
            changes.append(Pending(task.id, task.home, "update", task, base_of(task.id), now))
    for task_id, previous in old.items():
        gone = task_id not in new
        moved_here = not gone and new[task_id].home == LOCAL
        if previous.home != LOCAL and (gone or moved_here):
            changes.append(Pending(task_id, previous.home, "delete", None, base_of(task_id), now))
    kept_lists = tuple((name, color) for name, color in after.lists
                       if name in local_names or any(task.list == name for task in local))
    return Routed(TaskList(tuple(local), kept_lists), tuple(changes))


def _series_home(task: Task, before: TaskList) -> str:
    """A new task that is a repeating task's next occurrence lives where that task does."""
    return next((t.home for t in before.tasks if t.next_id == task.id), LOCAL)


def _completed_series(old: dict[str, Task], new: dict[str, Task]) -> dict[str, str]:
    """{series id: id of the occurrence toggle() made} for repeating source tasks just completed."""
    found = {}
    for task_id, task in new.items():
        previous = old.get(task_id)
        if (previous is not None and task.home != LOCAL and previous.home == task.home and task.recurrence
                and task.done and not previous.done and task.next_id and task.next_id in new
                and task.next_id not in old):
            found[task_id] = task.next_id
    return found


def _complete_series(previous: Task, done: Task, following: Task, base_of, now: str) -> list[Pending]:
    """The series item takes the next occurrence's dates and stays open; the occurrence just done
    becomes a completed to-do of its own (no rule), under the id toggle() made for the next one."""
    advanced = replace(following, id=previous.id, created=previous.created, next_id="", home=previous.home)
    finished = replace(done, id=following.id, recurrence="", next_id="", home=previous.home)
    return [Pending(previous.id, previous.home, "update", advanced, base_of(previous.id), now),
            Pending(finished.id, finished.home, "create", finished, None, now)]
