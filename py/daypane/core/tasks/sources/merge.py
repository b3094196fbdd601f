"""Three-way merge of one task: a change made here (`ours`) against the task as the server has it
now (`theirs`), both made from the item as last synced (`base`).

A task is merged group by group, not field by field: the fields in one group of `FIELDS` must
change together to stay a valid `Task` (a block's day, start and duration; done and its
completion time), so a group is taken whole from one side. Every rule of `task.check` holds
inside one group, so a task made of valid groups is valid.

| base vs ours                   | base vs theirs          | result                              |
|--------------------------------|-------------------------|-------------------------------------|
| same                           | same                    | theirs                              |
| changed                        | same                    | ours                                |
| same                           | changed                 | theirs                              |
| changed                        | changed, equal to ours  | that value (no conflict)            |
| changed                        | changed, different      | theirs, and the group is a conflict |
| base None (no common ancestor) | -                       | theirs; every group where ours != theirs is a conflict |

Theirs wins a conflict because it is what every other client of the list already shows; the
caller tells the user which groups of theirs replaced a change made here (`Merged.conflicts`).

Done on both sides is the same value even when the completion times differ (two devices
completed the same task a moment apart): theirs' time is kept, and it is no conflict.

Everything outside the groups (id, home, list, created, next_id) is theirs: those are the
server's item's identity and placement, which a change here does not edit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from daypane.core.tasks.task import Task, check

# The groups merged as one unit (they must change together to stay a valid Task).
FIELDS: tuple[tuple[str, ...], ...] = (
    ("title",), ("notes",), ("priority",), ("due",), ("done", "completed"),
    ("scheduled", "start", "duration_minutes"), ("estimate_minutes",), ("recurrence",), ("parent",),
)


@dataclass(frozen=True)
class Merged:
    """The merged task (built on theirs), and the groups where theirs replaced a change of ours,
    each named by its first field ("title", "done", "scheduled")."""

    task: Task
    conflicts: tuple[str, ...] = ()

    @property
    def ours_kept(self) -> bool:
        """Nothing changed here was lost, so the user need not be told anything."""
        return not self.conflicts


def merge(base: Task | None, ours: Task, theirs: Task) -> Merged:
    """`ours` and `theirs` merged by the table in the module docstring."""
    taken: dict[str, object] = {}
    conflicts: list[str] = []
    for group in FIELDS:
        if base is None:
            # No common ancestor: nothing says which side changed, so any difference is a conflict.
            if not same(group, ours, theirs):
                conflicts.append(group[0])
            continue
        ours_changed = not same(group, base, ours)
        theirs_changed = not same(group, base, theirs)
        if ours_changed and not theirs_changed:
            taken.update(values(group, ours))
        elif ours_changed and theirs_changed and not same(group, ours, theirs):
            conflicts.append(group[0])
    # Cannot fail for valid ours and theirs (each group is whole and check's rules stay inside a
    # group); checked anyway so an invalid task never reaches the list or a server.
    return Merged(check(replace(theirs, **taken)), tuple(conflicts))


def values(group: tuple[str, ...], task: Task) -> dict[str, object]:
    """The fields of `group` in `task`."""
    return {name: getattr(task, name) for name in group}


def same(group: tuple[str, ...], a: Task, b: Task) -> bool:
    """Whether two tasks hold the same value for a group: for ("done", "completed"), two done
    tasks are the same whatever their completion times (a time is not something the user edits
    here, and two devices completing one task is one completion)."""
    if group[0] == "done" and a.done and b.done:
        return True
    return values(group, a) == values(group, b)
