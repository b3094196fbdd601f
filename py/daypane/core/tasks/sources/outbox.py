"""The outbox: every change to a task at a source, stored before anything is shown and kept until
the server accepts it, so a change is never dropped (offline, a closed tab, a server error).

It holds at most one entry per task id: a newer change to the same task is folded into the one
already waiting (`Outbox.add`), so the server gets one request with the latest state, made on the
item as it was last synced (the base, which the merge needs when the server changed it too):

| pending | new         | result                                                        |
|---------|-------------|---------------------------------------------------------------|
| create  | update      | create, with the new task (still no base)                     |
| create  | delete      | nothing pending (it never reached the server)                 |
| update  | update      | update: the original base and `made`, the new task            |
| update  | delete      | delete, the original base                                     |
| delete  | create      | update, with the delete's base and the new task               |
| any     | any other   | the new change replaces it                                    |

A folded entry keeps the `made` of the first change still pending (it has been waiting since),
and a new change clears a refusal or a failure count: the user changed the task again, so it is
tried again at once. A task moved between lists is not modelled here: the caller records it as
a create in the new list and a delete in the old, under two task ids.

Stored as the `task-outbox` record (user data: these are changes nobody else has):
    {"version": 1, "items": [{"taskId", "home", "op": "create" | "update" | "delete",
      "task": <stored.task_dict> | null, "base": {"href", "etag", "ics"} | null, "made": ISO,
      "attempts": int, "nextTry": ISO | "", "error": text, "refused": text}]}
Reading is strict: one damaged entry refuses the whole outbox, so Records keeps it untouched
rather than saving an outbox with changes missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from daypane.core.records import Record, RecordError
from daypane.core.tasks.stored import task_dict, task_from_dict
from daypane.core.tasks.task import Task, check

OPS = ("create", "update", "delete")
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
_RETRY_CLEARED = {"attempts": 0, "next_try": "", "error": "", "refused": ""}


@dataclass(frozen=True)
class Base:
    """The item as last synced from the server, that a change was made on."""

    href: str
    etag: str
    ics: str  # the server's text (the source reads the base Task back from it)

    def __post_init__(self) -> None:
        if not all(isinstance(value, str) for value in (self.href, self.etag, self.ics)):
            raise TypeError("a base's href, etag and ics are text")


@dataclass(frozen=True)
class Pending:
    """One task's change waiting for its server. Checked when made, so what is stored can always
    be read back (a value the reader would refuse must never be written)."""

    task_id: str           # the task's id in Daypane
    home: str              # the list id it goes to (for a delete: where it was)
    op: str                # "create" | "update" | "delete"
    task: Task | None      # what it should become (None for a delete)
    base: Base | None      # None for a create
    made: str              # ISO time of the first change still pending
    attempts: int = 0
    next_try: str = ""     # ISO time; "" = as soon as possible
    error: str = ""        # the last transient failure, in words (shown while it retries)
    refused: str = ""      # the server refused it for good (a sentence); kept until retried or discarded

    def __post_init__(self) -> None:
        if not isinstance(self.task_id, str) or not self.task_id:
            raise TypeError("a pending change needs a task id")
        if not all(isinstance(value, str) for value in (self.home, self.made, self.next_try, self.error,
                                                        self.refused)):
            raise TypeError("home, made, next_try, error and refused are text")
        if self.op not in OPS:
            raise ValueError(f"{self.op!r} is not a change (create, update or delete)")
        if (self.task is None) != (self.op == "delete"):
            raise ValueError("a delete has no task; a create or an update has one")
        if self.task is not None:
            if not isinstance(self.task, Task) or not isinstance(self.task.id, str) or not self.task.id:
                raise TypeError("a pending change's task must be a Task with an id")
            check(self.task)
        if self.base is not None and not isinstance(self.base, Base):
            raise TypeError("a pending change's base must be a Base")
        if self.op == "create" and self.base is not None:
            raise ValueError("a create has no base: the server has no item yet")
        if not isinstance(self.attempts, int) or isinstance(self.attempts, bool) or self.attempts < 0:
            raise ValueError("attempts is a count")
        if self.next_try:
            datetime.fromisoformat(self.next_try)  # ValueError if not a time: due() compares it


@dataclass(frozen=True)
class Outbox:
    """The changes waiting, in the order they were made (a folded change keeps its place)."""

    items: tuple[Pending, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        ids = [pending.task_id for pending in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("the outbox holds one change per task")

    def get(self, task_id: str) -> Pending | None:
        return next((pending for pending in self.items if pending.task_id == task_id), None)

    def add(self, change: Pending) -> Outbox:
        """`change` recorded, folded into what is pending for its task (the module's table)."""
        pending = self.get(change.task_id)
        if pending is None:
            return Outbox((*self.items, change))
        return self._put(pending.task_id, _fold(pending, change))

    def done(self, task_id: str, sent: Pending | None = None, at: Base | None = None) -> Outbox:
        """The server accepted the change: it is gone.

        sent: the change that was sent. When given, and the task was changed again while it was
        on its way (the entry no longer equals it), the newer change is kept, now made on `at`:
        the item as the server holds it after accepting `sent` (None after a delete)."""
        pending = self.get(task_id)
        if pending is None or sent is None or _same_change(pending, sent):
            return self._put(task_id, None)
        return self._put(task_id, _rebased(pending, at))

    def failed(self, task_id: str, now: datetime, error: str) -> Outbox:
        """A transient failure (offline, a server error): tried again after `backoff`."""
        pending = self.get(task_id)
        if pending is None:  # discarded (maybe in another tab) while it was being sent
            return self
        attempts = pending.attempts + 1
        return self._put(task_id, replace(pending, attempts=attempts, error=error,
                                          next_try=(now + backoff(attempts)).isoformat()))

    def refuse(self, task_id: str, message: str) -> Outbox:
        """The server refused it for good: kept, and shown, until the user retries or discards it."""
        pending = self.get(task_id)
        if pending is None:
            return self
        return self._put(task_id, replace(pending, refused=message or "The server refused this change."))

    def retry(self, task_id: str) -> Outbox:
        """Tried again at the next sync, as if new."""
        pending = self.get(task_id)
        return self if pending is None else self._put(task_id, replace(pending, **_RETRY_CLEARED))

    def discard(self, task_id: str) -> Outbox:
        return self._put(task_id, None)

    def due(self, now: datetime, homes: Iterable[str] | None = None) -> tuple[Pending, ...]:
        """What to send now, in the order made: not refused, not waiting for a retry, and (when
        `homes` is given) going to one of those lists."""
        wanted = None if homes is None else set(homes)
        return tuple(pending for pending in self.items
                     if not pending.refused and (wanted is None or pending.home in wanted)
                     and (not pending.next_try or _aware(datetime.fromisoformat(pending.next_try)) <= _aware(now)))

    def refused_items(self) -> tuple[Pending, ...]:
        return tuple(pending for pending in self.items if pending.refused)

    def _put(self, task_id: str, new: Pending | None) -> Outbox:
        """The entry for `task_id` replaced by `new` (None: removed). It keeps its place when it
        keeps its `made`; a change that replaced it goes last, as the newest."""
        old = self.get(task_id)
        if old is None:
            return self if new is None else Outbox((*self.items, new))
        if new is None:
            return Outbox(tuple(pending for pending in self.items if pending is not old))
        if new.made == old.made:
            return Outbox(tuple(new if pending is old else pending for pending in self.items))
        return Outbox((*(pending for pending in self.items if pending is not old), new))


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure in a row: 30 s, 1 min, 2 min, ... doubling,
    never more than an hour (nothing has failed yet: no wait).

    No random jitter: jitter spreads out many clients retrying one server in step, but each
    outbox talks to its own user's accounts, so there is no crowd to spread; a fixed schedule can
    be tested exactly and told to the user ("trying again at 10:42")."""
    if attempts < 1:
        return timedelta(0)
    return min(FIRST_WAIT * 2 ** min(attempts - 1, 16), LONGEST_WAIT)  # exponent capped: no huge ints


def _fold(pending: Pending, new: Pending) -> Pending | None:
    """The module's table: `new` folded into the change already pending for the same task."""
    kept = {"made": pending.made, **_RETRY_CLEARED}
    pair = (pending.op, new.op)
    if pair == ("create", "update"):
        return replace(new, op="create", base=None, **kept)
    if pair == ("create", "delete"):
        return None
    if pair in (("update", "update"), ("update", "delete")):
        return replace(new, base=pending.base, **kept)
    if pair == ("delete", "create"):
        return replace(new, op="update", base=pending.base, **kept)
    return replace(new, **_RETRY_CLEARED)


def _same_change(a: Pending, b: Pending) -> bool:
    """Whether two entries ask the server for the same thing (retry bookkeeping aside)."""
    return (a.op, a.home, a.task, a.base) == (b.op, b.home, b.task, b.base)


def _rebased(pending: Pending, at: Base | None) -> Pending | None:
    """A change made while an earlier one was on its way, now made on what the server holds."""
    if at is None:  # the server no longer has the item
        return None if pending.op == "delete" else replace(pending, op="create", base=None)
    return replace(pending, op="delete" if pending.op == "delete" else "update", base=at)


def _aware(moment: datetime) -> datetime:
    """Daypane's clocks are aware; a naive time is taken as UTC so a mixed pair still compares."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _write(outbox: Outbox) -> dict:
    return {"items": [{
        "taskId": pending.task_id, "home": pending.home, "op": pending.op,
        "task": task_dict(pending.task) if pending.task is not None else None,
        "base": ({"href": pending.base.href, "etag": pending.base.etag, "ics": pending.base.ics}
                 if pending.base is not None else None),
        "made": pending.made, "attempts": pending.attempts, "nextTry": pending.next_try,
        "error": pending.error, "refused": pending.refused,
    } for pending in outbox.items]}


def _read(stored: dict) -> Outbox:
    damaged = RecordError("The saved task changes waiting to be sent are damaged and were not loaded.")
    items = stored.get("items")
    if not isinstance(items, list):
        raise damaged
    pending = tuple(_read_item(item, number) for number, item in enumerate(items, start=1))
    if len({change.task_id for change in pending}) != len(pending):
        raise damaged  # two entries for one task: which one to send cannot be known
    return Outbox(pending)


def _read_item(item: object, number: int) -> Pending:
    try:
        if not isinstance(item, dict):
            raise TypeError("not a record")
        base = item["base"]
        if base is not None and not isinstance(base, dict):
            raise TypeError("base is not a record")
        task = item["task"]
        return Pending(
            task_id=item["taskId"], home=item["home"], op=item["op"],
            task=None if task is None else task_from_dict(task, f"The task of change {number} waiting to be sent"),
            base=None if base is None else Base(base["href"], base["etag"], base["ics"]),
            made=item["made"], attempts=item["attempts"], next_try=item["nextTry"],
            error=item["error"], refused=item["refused"])
    except RecordError:
        raise  # already a sentence for the user (a damaged task)
    except (KeyError, TypeError, ValueError):
        raise RecordError(f"Change {number} of the task changes waiting to be sent is damaged, so none "
                          "were loaded; they are kept as they are.") from None


OUTBOX: Record[Outbox] = Record("task-outbox", 1, read=_read, write=_write, empty=Outbox,
                                what="task changes waiting to be sent")
