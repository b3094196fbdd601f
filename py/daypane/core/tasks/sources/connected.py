"""Which accounts the user connected for tasks at a hosted service (Microsoft To Do, Google
Tasks): the `task-accounts` record.

Signing in for a calendar never makes an account a task source: its task lists appear once the
user asked for them (and granted the permission), so this is the user's choice, kept as user data
(not a cache): {"version": 1, "todo": [account id, ...], "google": [...]}.
"""

from __future__ import annotations

from dataclasses import dataclass

from daypane.core.records import Record

KINDS = ("todo", "google")


@dataclass(frozen=True)
class TaskAccounts:
    todo: tuple[str, ...] = ()
    google: tuple[str, ...] = ()

    def of(self, kind: str) -> tuple[str, ...]:
        return getattr(self, kind)

    def with_account(self, kind: str, account_id: str) -> TaskAccounts:
        held = self.of(kind)
        return self if account_id in held else TaskAccounts(**{**self._dict(), kind: held + (account_id,)})

    def without(self, kind: str, account_id: str) -> TaskAccounts:
        return TaskAccounts(**{**self._dict(), kind: tuple(a for a in self.of(kind) if a != account_id)})

    def _dict(self) -> dict:
        return {kind: self.of(kind) for kind in KINDS}


def _read(data: dict) -> TaskAccounts:
    values = {}
    for kind in KINDS:
        ids = data.get(kind, [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ValueError(f"task-accounts: {kind} is not a list of ids")
        values[kind] = tuple(dict.fromkeys(ids))
    return TaskAccounts(**values)


def _write(accounts: TaskAccounts) -> dict:
    return {kind: list(accounts.of(kind)) for kind in KINDS}


TASK_ACCOUNTS = Record("task-accounts", 1, read=_read, write=_write, empty=TaskAccounts,
                       what="accounts connected for tasks")
