"""The task-source protocol: where tasks live, shaped like the calendar `Provider` protocol.

A source has lists (each with an id, a name, a colour, and whether Daypane may write to it), the
tasks of those lists as last synced, and `sync`. Tasks on this device are the `tasks` record (the
TaskBook keeps them); every other source is read through this protocol, so the app, the views,
quick-add, the planner, export and backup see one TaskList and never ask where a task lives.

A task at a source carries the id of its list in `Task.home` ("" is this device) and that list's
name in `Task.list`. Every change to such a task is recorded in the outbox (`outbox.py`) before
anything is shown, and the source sends it when it syncs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from daypane.core.tasks.sources.outbox import Base
from daypane.core.tasks.task import Task

LOCAL = ""  # the home of a task kept on this device
LOCAL_NAME = "On this device"


@dataclass(frozen=True)
class SourceList:
    """One task list at a source."""

    id: str                  # the home id its tasks carry: unique across sources
    name: str                # what the user reads, types after "#" and picks in the Edit form
    color: str               # "#rrggbb"
    writable: bool
    where: str               # the source and account, in words: "CalDAV: alice on dav.example.com"
    # Task fields this source cannot hold: kept on this device and said so on the task.
    keeps_locally: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SyncReport:
    """What a sync of one source did that the user should hear of (plain values for alerts)."""

    changed: bool = False                  # the source's tasks changed: redraw
    conflicts: tuple[str, ...] = ()        # sentences, one per task changed on both sides
    problems: tuple[str, ...] = ()         # sentences: a list that could not be read or written
    needs_sign_in: tuple[str, ...] = ()    # account ids whose password is needed


class TaskSource(Protocol):
    kind: str

    def lists(self) -> list[SourceList]: ...

    def tasks(self) -> list[Task]: ...  # every list's tasks as last synced; ids unique in the source

    def base(self, task_id: str) -> Base | None: ...  # the synced item a change to this task is made on

    def keys(self) -> Iterable[str]: ...  # the record keys it reads (another tab's write: reload)

    def reload(self, keys: Iterable[str]) -> bool: ...

    async def sync(self, now: datetime, force: bool = False) -> SyncReport: ...  # force: every waiting change, backoff or not


def resolve_home(name: str, lists: Iterable[SourceList], local_names: Iterable[str], current: str = LOCAL) -> str:
    """The list a task named into `name` (quick-add `#name`, the Edit form's List) lives in.

    The list it is in already, when that list has this name; else a list on this device of that
    name; else the first writable list of that name at a source; else this device (a new list
    there, as a new name always made). Names compare ignoring case, as list names always have."""
    folded = name.casefold()
    lists = [source_list for source_list in lists if source_list.writable]
    for source_list in lists:
        if source_list.id == current and source_list.name.casefold() == folded:
            return current
    if any(local.casefold() == folded for local in local_names):
        return LOCAL
    return next((source_list.id for source_list in lists if source_list.name.casefold() == folded), LOCAL)
