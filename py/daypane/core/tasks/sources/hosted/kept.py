"""What a hosted service cannot hold, kept on this device: `<kind>-kept:<account>`.

Google Tasks has no time of day, priority, repetition or estimate, and one date. A block or an
estimate the user gives such a task must not vanish at the next sync, so the push stores those
fields here (per item, by the service's id) once the service has the rest, and reading lays them
over the item. User data, not a cache: nobody else has it. The task says "kept on this device
only" for them (TaskBook.kept_here).

Stored as {"items": {item id: {field: value}}} with dates and times as ISO text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time

from daypane.core.records import Record
from daypane.core.tasks.task import Task, check

_READ = {"scheduled": date.fromisoformat, "start": time.fromisoformat}


@dataclass(frozen=True)
class Kept:
    items: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    def with_item(self, key: str, values: Mapping[str, object]) -> Kept:
        items = {k: v for k, v in self.items.items() if k != key}
        if values:
            items[key] = dict(values)
        return Kept(items)


def values_of(task: Task, names: frozenset[str]) -> dict[str, object]:
    """The fields `names` of `task` that hold something, as stored values."""
    blank = Task("-", "-")
    found = {}
    for name in sorted(names):
        value = getattr(task, name)
        if value != getattr(blank, name):
            found[name] = value.isoformat(timespec="minutes") if isinstance(value, time) else (
                value.isoformat() if isinstance(value, date) else value)
    return found


def laid_over(task: Task, values: Mapping[str, object]) -> Task:
    """`task` with the kept values; one that no longer fits the task's checks is left out."""
    try:
        kept = {name: _READ.get(name, lambda v: v)(value) for name, value in values.items()}
        candidate = replace(task, **kept)
        check(candidate)
        return candidate
    except (TypeError, ValueError):
        return task


def _read(data: dict) -> Kept:
    items = data["items"]
    if not isinstance(items, dict) or not all(isinstance(v, dict) for v in items.values()):
        raise ValueError("kept fields: not a mapping of items")
    return Kept({str(k): dict(v) for k, v in items.items()})


def _write(kept: Kept) -> dict:
    return {"items": {k: dict(v) for k, v in kept.items.items()}}


def kept_record(kind: str) -> Record:
    return Record(f"{kind}-kept", 1, read=_read, write=_write, empty=Kept, per_item=True,
                  what="task details kept on this device")
