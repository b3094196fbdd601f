"""What Outlook, Google and CalDAV accounts share: the accounts and the calendars picked in each,
a week cache of their events (shown at once, kept offline), and the sync loop.

A subclass says only how to fetch (`_fetch`: the account's calendar list and the occurrences of
the asked range, or ProviderProblem) and what it keeps besides (`_forget`). Everything here is
plain Python on the Store and Transport ports, so it is tested under CPython with MemoryStore.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from daypane.core.providers import accounts as accounts_mod
from daypane.core.providers.protocol import AccountState, CalendarInfo, ProviderProblem, ProviderWords
from daypane.core.providers.week_cache import EventCache, record as cache_record, weeks_for
from daypane.core.records import Records

KEEP_WEEKS = 12  # weeks of cached events kept per account, around the ones last shown


class WeekCachedProvider:
    kind = ""                         # "outlook" | "google" | "caldav": stored keys, calendar keys
    words = ProviderWords(name="")

    def __init__(self, records: Records, transport, *, on_change, on_problem) -> None:
        self.records = records
        self.transport = transport
        self.on_change = on_change        # (events: bool) -> None
        self.on_problem = on_problem      # (ProviderProblem) -> None
        self.accounts_record = accounts_mod.record(self.kind)
        self.cache_record = cache_record(self.kind)
        self.list: list[accounts_mod.Account] = records.get(self.accounts_record)
        self.caches = {a.home_id: records.get(self.cache_record, a.home_id) for a in self.list}
        self.needs_sign_in: set[str] = set()
        self.syncing: set[str] = set()
        self.last_error: dict[str, str] = {}

    # -- accounts ---------------------------------------------------------------------------

    def accounts(self) -> list[AccountState]:
        return [AccountState(a, a.home_id in self.syncing, a.home_id in self.needs_sign_in,
                             self.last_error.get(a.home_id)) for a in self.list]

    def find(self, account_id: str) -> accounts_mod.Account | None:
        return next((a for a in self.list if a.home_id == account_id), None)

    async def add(self, account: accounts_mod.Account) -> accounts_mod.Account:
        """Add (or refresh) an account; keeps the user's calendar picks of a known one."""
        def change(accounts):
            existing = _find(accounts, account.home_id)
            if existing is None:
                return [*accounts, account]
            return _replaced(accounts, replace(existing, name=account.name or existing.name,
                                               username=account.username or existing.username))
        await self._save_accounts(change)
        self.caches.setdefault(account.home_id, EventCache())
        self.needs_sign_in.discard(account.home_id)
        self.last_error.pop(account.home_id, None)
        return self.find(account.home_id)

    async def remove(self, account_id: str) -> None:
        """Forget the account, its credentials and its cached events."""
        await self._save_accounts(lambda accounts: [a for a in accounts if a.home_id != account_id])
        self.caches.pop(account_id, None)
        self.needs_sign_in.discard(account_id)
        self.last_error.pop(account_id, None)
        await self._forget(account_id)
        await self.records.delete(self.cache_record, account_id)

    async def set_selected(self, account_id: str, calendar_id: str, selected: bool) -> None:
        def change(accounts):
            account = _find(accounts, account_id)
            return accounts if account is None else _replaced(accounts, account.with_selected(calendar_id, selected))
        await self._save_accounts(change)
        self.on_change(True)

    async def _store_account(self, account: accounts_mod.Account) -> None:
        """Store `account` in place of the stored one of the same id (or at the end)."""
        await self._save_accounts(lambda accounts: _replaced(accounts, account) if _find(accounts, account.home_id)
                                  else [*accounts, account])

    async def _save_accounts(self, change) -> None:
        """`change(stored accounts) -> accounts`, on the list as stored now (another tab may
        have changed it): stored first, then kept; a refused write leaves the previous list."""
        self.list = await self.records.update(self.accounts_record, change)

    def reload(self, keys: Sequence[str]) -> bool:
        """Another tab changed some of these stored keys: read this provider's again. True when
        what it shows may have changed."""
        prefix = f"{self.cache_record.name}:"
        mine = [key for key in keys if key == self.accounts_record.name or key.startswith(prefix)]
        if not mine:
            return False
        self.list = self.records.get(self.accounts_record)
        for account in self.list:
            if account.home_id not in self.caches or f"{prefix}{account.home_id}" in mine:
                self.caches[account.home_id] = self.records.get(self.cache_record, account.home_id)
        for gone in set(self.caches) - {a.home_id for a in self.list}:
            del self.caches[gone]
        return True

    # -- what the calendar shows ------------------------------------------------------------

    def calendars(self):
        for account in self.list:
            for choice in account.selected():
                yield CalendarInfo(account.calendar_key(choice.id), choice.name, choice.color)

    def occurrences(self, days: Sequence[date], tz):
        found = []
        for account in self.list:
            keys = {account.calendar_key(c.id) for c in account.selected()}
            found.extend(self.caches[account.home_id].occurrences(weeks_for(days, margin=0), keys))
        return found

    # -- syncing ----------------------------------------------------------------------------

    def stale(self, days: Sequence[date], now: datetime, max_age: float) -> bool:
        """Does any account lack the shown weeks, or hold them for longer than max_age seconds?"""
        for account in self.list:
            if account.home_id in self.needs_sign_in:
                continue
            cache = self.caches[account.home_id]
            for monday in weeks_for(days, margin=0):
                fetched = cache.fetched(monday)
                if fetched is None or (now - datetime.fromisoformat(fetched)).total_seconds() > max_age:
                    return True
        return False

    async def sync(self, days: Sequence[date], tz, now: datetime) -> None:
        due = [a for a in self.list if a.home_id not in self.needs_sign_in and a.home_id not in self.syncing]
        if not due:
            return
        self.syncing.update(a.home_id for a in due)
        self.on_change(False)  # "Syncing…" in the accounts list; the grid stays as it is
        changed = False
        for account in due:
            try:
                changed |= await self._sync_account(account, days, tz, now)
            finally:
                self.syncing.discard(account.home_id)
        self.on_change(changed)

    async def _sync_account(self, account, days, tz, now) -> bool:
        """True when the account's events were replaced by fresh ones."""
        mondays = weeks_for(days)
        start = datetime.combine(mondays[0], datetime.min.time(), tz)
        end = datetime.combine(mondays[-1] + timedelta(days=7), datetime.min.time(), tz)
        try:
            account, by_calendar = await self._fetch(account, start, end, tz)
        except ProviderProblem as problem:
            if problem.needs_sign_in:
                self.needs_sign_in.add(account.home_id)
            self.last_error[account.home_id] = str(problem)
            self.on_problem(problem.about(account))
            return False
        cache = EventCache(dict(self.caches.get(account.home_id, EventCache()).weeks))
        cache.put_weeks(mondays, by_calendar, now.isoformat(timespec="seconds"), tz)
        cache.prune(weeks_for(days, margin=KEEP_WEEKS // 2))
        await self.records.put(self.cache_record, cache, account.home_id)
        self.caches[account.home_id] = cache
        self.last_error.pop(account.home_id, None)
        synced = replace(account, last_synced=now.isoformat(timespec="seconds"))
        # Only if it is still there: another tab may have removed it while this one fetched.
        await self._save_accounts(lambda accounts: _replaced(accounts, synced))
        return True

    # -- what a provider says ---------------------------------------------------------------

    async def _fetch(self, account, start: datetime, end: datetime, tz):
        """(account with a fresh calendar list, {calendar key: [Occurrence]} for the selected
        calendars in [start, end)); raise ProviderProblem when that cannot be had."""
        raise NotImplementedError

    async def _forget(self, account_id: str) -> None:
        """Drop what the provider keeps besides the account (tokens, passwords, resources)."""

    def reconnect(self, account_id: str) -> None:
        """Start what the user must do for an account that needs_sign_in (a sign-in, a dialog)."""


def _find(accounts, account_id: str):
    return next((a for a in accounts if a.home_id == account_id), None)


def _replaced(accounts, account):
    """The list with the account of the same id replaced (and nothing added if there is none)."""
    return [account if a.home_id == account.home_id else a for a in accounts]
