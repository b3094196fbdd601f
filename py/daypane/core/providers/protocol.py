"""The one shape every source of events has: Outlook, Google, CalDAV, subscriptions, imported
files and the sample. The app holds a list of `Provider`s and never asks which kind one is.

A provider answers, synchronously and from what it holds (so a redraw never waits on the
network): its accounts and their state, the calendars shown, and the occurrences of a range. It
refreshes in `sync` and reports through the callbacks it was built with: `on_problem(problem)` for
a `ProviderProblem`, `on_change(events)` when what it shows changed: `events=False` when only an
account's state did (syncing, failed: the accounts list is redrawn), `events=True` when the
events did (the calendar is redrawn too; once per sync, not per account).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Protocol, runtime_checkable

from daypane.core.model import Occurrence
from daypane.core.providers.accounts import Account
from daypane.core.providers.microsoft.auth import AuthFailure


@dataclass(frozen=True)
class ProviderWords:
    """What the UI says about a provider's accounts (plain values, so views never branch on a kind)."""

    name: str                                   # "Outlook", "Google", "CalDAV", "Subscription"
    problem_name: str = ""                      # in "Could not refresh the … events": defaults to name
    leave: str = "Remove"                       # the button that forgets an account
    left: str = "Removed"                       # … and what the note says afterwards
    reconnect: str = "Sign in again"            # the button when the account must act
    needs_action: str = "Signed out: sign in again to refresh"
    picks_calendars: bool = True                # does an account list calendars to pick?


@dataclass(frozen=True)
class CalendarInfo:
    """A calendar shown on the grid: its app-wide key (unique across providers), name, colour."""

    key: str
    name: str
    color: str


@dataclass(frozen=True)
class AccountState:
    """An account as the accounts list and the offline notice show it."""

    account: Account
    syncing: bool = False
    needs_sign_in: bool = False
    error: str | None = None


class ProviderProblem(Exception):
    """A provider could not do what was asked; `str()` is a complete sentence for the user.

    needs_sign_in: the account cannot sync until the user acts (sign in, enter the password).
    title: the alert's heading, when the provider knows better than "Could not refresh …".
    details: lines to show as they are (e.g. the CORS headers a server must send).
    auth: the sign-in failure behind it, when there is one: the app turns it into consent
        guidance (core.providers.microsoft.consent) whatever the provider.
    account: the account it concerns (None: the provider as a whole, or an account being added).
    key: names the problem, so a later success (or the same problem again) replaces its alert.
    """

    def __init__(self, message: str, *, needs_sign_in: bool = False, title: str = "",
                 details: Sequence[str] = (), auth: AuthFailure | None = None,
                 account: Account | None = None, key: str = "") -> None:
        super().__init__(message)
        self.key = key
        self.needs_sign_in = needs_sign_in
        self.title = title
        self.details = tuple(details)
        self.auth = auth
        self.account = account

    def about(self, account: Account) -> "ProviderProblem":
        """The same problem, concerning `account`."""
        self.account = account
        return self


@runtime_checkable
class Provider(Protocol):
    kind: str                 # namespaces stored keys and calendar keys; never branched on by the app
    words: ProviderWords

    def accounts(self) -> list[AccountState]: ...

    def calendars(self) -> Iterable[CalendarInfo]: ...

    def occurrences(self, days: Sequence[date], tz: tzinfo) -> list[Occurrence]: ...

    def stale(self, days: Sequence[date], now: datetime, max_age: float) -> bool: ...

    def reload(self, keys: Sequence[str]) -> bool:
        """Another tab stored these keys: read again what is this provider's among them. True
        when what it shows may have changed (the app then redraws)."""
        ...

    async def sync(self, days: Sequence[date], tz: tzinfo, now: datetime) -> None: ...

    async def set_selected(self, account_id: str, calendar_id: str, selected: bool) -> None: ...

    async def remove(self, account_id: str) -> None: ...

    def reconnect(self, account_id: str) -> None: ...
