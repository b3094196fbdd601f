"""Outlook accounts in the page: sign-in, calendar lists, syncing weeks, the offline cache.

Order of operations only. What to request and how to read answers is core.graph / core.sync;
what a failure means is core.auth; stored shapes are core.accounts / core.event_cache.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import js

from ..core import accounts as accounts_mod
from ..core.auth import AuthError
from ..core.event_cache import EventCache, weeks_for
from ..core.graph import OutlookCalendar
from ..core.sync import GraphError, fetch_range, list_calendars
from .msal import AccountTokens, MsalAccount, MsalClient

ACCOUNTS_KEY = "outlook"
KEEP_WEEKS = 12  # weeks of cached events kept per account, around the ones last shown


async def _sleep(seconds: float) -> None:
    import asyncio
    await asyncio.sleep(seconds)


class Outlook:
    def __init__(self, store, client: MsalClient, transport, *, on_change, on_problem) -> None:
        self.store = store
        self.client = client
        self.transport = transport
        self.on_change = on_change        # redraw
        self.on_problem = on_problem      # (account label, AuthFailure | GraphError | str)
        self.accounts = accounts_mod.load(store.get(ACCOUNTS_KEY))
        self.caches = {a.home_id: EventCache.load(store.get(self._cache_key(a.home_id)))
                       for a in self.accounts}
        self.needs_sign_in: set[str] = set()
        self.syncing: set[str] = set()
        self.last_error: dict[str, str] = {}

    @staticmethod
    def _cache_key(home_id: str) -> str:
        return f"outlook-events:{home_id}"

    # -- accounts ---------------------------------------------------------------------------

    def reconcile(self) -> None:
        """Accounts we stored whose tokens MSAL no longer has must sign in again."""
        known = {a.home_id for a in self.client.accounts()}
        self.needs_sign_in = {a.home_id for a in self.accounts if a.home_id not in known}

    async def add(self, signed_in: MsalAccount) -> accounts_mod.Account:
        existing = next((a for a in self.accounts if a.home_id == signed_in.home_id), None)
        account = existing or accounts_mod.Account(
            home_id=signed_in.home_id, username=signed_in.username, name=signed_in.name,
            tenant_id=signed_in.tenant_id)
        self.client.accounts()  # refresh MSAL's account list
        self.needs_sign_in.discard(account.home_id)
        if existing is None:
            self.accounts.append(account)
            self.caches[account.home_id] = EventCache()
        await self._save_accounts()
        return account

    async def remove(self, home_id: str) -> None:
        """Sign out: MSAL forgets the tokens; we forget the account and its cached events."""
        try:
            await self.client.sign_out(home_id)
        finally:
            self.accounts = [a for a in self.accounts if a.home_id != home_id]
            self.caches.pop(home_id, None)
            self.needs_sign_in.discard(home_id)
            await self.store.delete(self._cache_key(home_id))
            await self._save_accounts()

    async def set_selected(self, home_id: str, calendar_id: str, selected: bool) -> None:
        self._replace(self._get(home_id).with_selected(calendar_id, selected))
        await self._save_accounts()

    def _get(self, home_id: str) -> accounts_mod.Account:
        return next(a for a in self.accounts if a.home_id == home_id)

    def _replace(self, account: accounts_mod.Account) -> None:
        self.accounts = [account if a.home_id == account.home_id else a for a in self.accounts]

    async def _save_accounts(self) -> None:
        await self.store.put(ACCOUNTS_KEY, accounts_mod.dump(self.accounts))

    # -- what the calendar shows ------------------------------------------------------------

    def calendars(self):
        """(app-wide calendar key, name, colour) of every selected Outlook calendar."""
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
                await self._sync_account(account, days, tz, zone_name, now)
            finally:
                self.syncing.discard(account.home_id)
        self.on_change()

    async def _sync_account(self, account, days, tz, zone_name, now) -> None:
        tokens = AccountTokens(self.client, account.home_id)
        try:
            found: list[OutlookCalendar] = await list_calendars(self.transport, tokens, sleep=_sleep)
            account = account.with_calendars(found, default_ids=[c.id for c in found if c.is_default])
            self._replace(account)
            mondays = weeks_for(days)
            start = datetime.combine(mondays[0], datetime.min.time(), tz)
            end = datetime.combine(mondays[-1] + timedelta(days=7), datetime.min.time(), tz)
            selected = [c.id for c in account.selected()]
            results = await fetch_range(self.transport, tokens, selected, start, end,
                                        time_zone=zone_name, zone=tz, sleep=_sleep) if selected else []
        except AuthError as error:
            if error.failure.needs_interaction:
                self.needs_sign_in.add(account.home_id)
            self.on_problem(account, error.failure)
            return
        except GraphError as error:
            self.last_error[account.home_id] = str(error)
            self.on_problem(account, error)
            return
        cache = self.caches[account.home_id]
        # Outlook ids are unique only within a mailbox: occurrences carry the app-wide key.
        good = {}
        for result in results:
            if result.error is None:
                key = account.calendar_key(result.calendar_id)
                good[key] = [replace(occ, calendar_id=key) for occ in result.occurrences]
        cache.put_weeks(mondays, good, now.isoformat(timespec="seconds"), tz)
        cache.prune(weeks_for(days, margin=KEEP_WEEKS // 2))
        failed = [r for r in results if r.error]
        if failed:
            self.on_problem(account, GraphError(0, failed[0].error))
        else:
            self.last_error.pop(account.home_id, None)
        self._replace(replace(account, last_synced=now.isoformat(timespec="seconds")))
        await self.store.put(self._cache_key(account.home_id), cache.dump())
        await self._save_accounts()
