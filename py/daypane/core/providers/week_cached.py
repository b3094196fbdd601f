"""What every connected calendar account has in common in the page: its accounts, the calendars
picked in each, a week cache of their events (shown at once, kept offline), and a sync loop.

A provider (Google, CalDAV) subclasses it and says only how to fetch: `_fetch` returns the
account's calendar list and the occurrences of the asked range, or raises `ProviderProblem`.
Stored shapes are core.accounts and core.event_cache; what a failure means is the provider's core.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from daypane.core.providers import accounts as accounts_mod
from daypane.core.providers.week_cache import EventCache, weeks_for

KEEP_WEEKS = 12  # weeks of cached events kept per account, around the ones last shown


class ProviderProblem(Exception):
    """A sync failed; the message is a complete sentence for the user. needs_sign_in: the account
    cannot sync until the user acts (sign in again, re-enter a password). cause: a value the
    provider's problem handler classifies itself (Outlook: the AuthFailure or GraphError)."""

    def __init__(self, message: str, *, needs_sign_in: bool = False, cause=None) -> None:
        super().__init__(message)
        self.needs_sign_in = needs_sign_in
        self.cause = cause


class WeekCachedProvider:
    kind = ""    # "google" | "caldav": the stored keys and the calendar keys' prefix
    label = ""   # "Google", "CalDAV": shown beside each account

    def __init__(self, store, transport, *, on_change, on_problem) -> None:
        self.store = store
        self.transport = transport
        self.on_change = on_change        # redraw
        self.on_problem = on_problem      # (account, the problem's cause, or its message)
        self.accounts = accounts_mod.load(store.get(self.kind))
        self.caches = {a.home_id: EventCache.load(store.get(self._cache_key(a.home_id)))
                       for a in self.accounts}
        self.needs_sign_in: set[str] = set()
        self.syncing: set[str] = set()
        self.last_error: dict[str, str] = {}

    def _cache_key(self, account_id: str) -> str:
        return f"{self.kind}-events:{account_id}"

    # -- accounts ---------------------------------------------------------------------------

    async def add(self, account: accounts_mod.Account) -> accounts_mod.Account:
        """Add (or refresh) an account; keeps the user's calendar picks of a known one."""
        existing = self.find(account.home_id)
        if existing is not None:
            account = replace(existing, name=account.name or existing.name,
                              username=account.username or existing.username)
            self._replace(account)
        else:
            self.accounts.append(account)
            self.caches[account.home_id] = EventCache()
        self.needs_sign_in.discard(account.home_id)
        self.last_error.pop(account.home_id, None)
        await self._save_accounts()
        return account

    async def remove(self, account_id: str) -> None:
        """Forget the account, its credentials and its cached events."""
        self.accounts = [a for a in self.accounts if a.home_id != account_id]
        self.caches.pop(account_id, None)
        self.needs_sign_in.discard(account_id)
        self.last_error.pop(account_id, None)
        await self._forget(account_id)
        await self.store.delete(self._cache_key(account_id))
        await self._save_accounts()

    async def set_selected(self, account_id: str, calendar_id: str, selected: bool) -> None:
        self._replace(self.find(account_id).with_selected(calendar_id, selected))
        await self._save_accounts()

    def find(self, account_id: str) -> accounts_mod.Account | None:
        """The account with this id, or None (also used by the app to name it in messages)."""
        return next((a for a in self.accounts if a.home_id == account_id), None)

    def _replace(self, account: accounts_mod.Account) -> None:
        self.accounts = [account if a.home_id == account.home_id else a for a in self.accounts]

    async def _save_accounts(self) -> None:
        await self.store.put(self.kind, accounts_mod.dump(self.accounts))

    # -- what the calendar shows ------------------------------------------------------------

    def calendars(self):
        """(app-wide calendar key, name, colour) of every selected calendar."""
        for account in self.accounts:
            for choice in account.selected():
                yield account.calendar_key(choice.id), choice.name, choice.color

    def occurrences(self, days: list[date]):
        found = []
        for account in self.accounts:
            keys = {account.calendar_key(c.id) for c in account.selected()}
            found.extend(self.caches[account.home_id].occurrences(weeks_for(days, margin=0), keys))
        return found

    # -- syncing ----------------------------------------------------------------------------

    def stale(self, days: list[date], now: datetime, max_age: float) -> bool:
        """Does any account lack the shown weeks, or hold them for longer than max_age seconds?"""
        for account in self.accounts:
            if account.home_id in self.needs_sign_in:
                continue
            cache = self.caches[account.home_id]
            for monday in weeks_for(days, margin=0):
                fetched = cache.fetched(monday)
                if fetched is None or (now - datetime.fromisoformat(fetched)).total_seconds() > max_age:
                    return True
        return False

    async def sync(self, days: list[date], tz, zone_name: str, now: datetime) -> None:
        due = [a for a in self.accounts
               if a.home_id not in self.needs_sign_in and a.home_id not in self.syncing]
        self.syncing.update(a.home_id for a in due)
        self.on_change()  # show "Syncing…" at once
        for account in due:
            try:
                await self._sync_account(account, days, tz, now)
            finally:
                self.syncing.discard(account.home_id)
        self.on_change()

    async def _sync_account(self, account, days, tz, now) -> None:
        mondays = weeks_for(days)
        start = datetime.combine(mondays[0], datetime.min.time(), tz)
        end = datetime.combine(mondays[-1] + timedelta(days=7), datetime.min.time(), tz)
        try:
            account, by_calendar = await self._fetch(account, start, end, tz)
        except ProviderProblem as problem:
            if problem.needs_sign_in:
                self.needs_sign_in.add(account.home_id)
            self.last_error[account.home_id] = str(problem)
            self.on_problem(account, problem.cause if problem.cause is not None else str(problem))
            return
        cache = self.caches.setdefault(account.home_id, EventCache())
        cache.put_weeks(mondays, by_calendar, now.isoformat(timespec="seconds"), tz)
        cache.prune(weeks_for(days, margin=KEEP_WEEKS // 2))
        self.last_error.pop(account.home_id, None)
        self._replace(replace(account, last_synced=now.isoformat(timespec="seconds")))
        await self.store.put(self._cache_key(account.home_id), cache.dump())
        await self._save_accounts()

    # -- what a provider says ---------------------------------------------------------------

    async def _fetch(self, account, start: datetime, end: datetime, tz):
        """(account with a fresh calendar list, {calendar key: [Occurrence]} for the selected
        calendars in [start, end)); raise ProviderProblem when that cannot be had."""
        raise NotImplementedError

    async def _forget(self, account_id: str) -> None:
        """Drop what the provider keeps besides the account (tokens, passwords, resources)."""
