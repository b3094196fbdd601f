"""The passwords port: where a CalDAV password is kept for this session only (the browser backs it
with this tab's sessionStorage), and an in-memory one beside it for tests.

A password the user asked to remember on this device is in the `caldav-login` record instead
(caldav.provider); one kept here is gone when the tab is closed, and the account then asks for it.
"""

from __future__ import annotations

from typing import Protocol


class Passwords(Protocol):
    def get(self, account_id: str) -> str: ...          # "" when none is kept

    def put(self, account_id: str, password: str) -> None: ...

    def forget(self, account_id: str) -> None: ...


class MemoryPasswords:
    """Passwords for tests: the same contract, kept in a dict (a new one = a closed tab)."""

    def __init__(self, passwords: dict[str, str] | None = None) -> None:
        self.passwords = dict(passwords or {})

    def get(self, account_id: str) -> str:
        return self.passwords.get(account_id, "")

    def put(self, account_id: str, password: str) -> None:
        self.passwords[account_id] = password

    def forget(self, account_id: str) -> None:
        self.passwords.pop(account_id, None)
