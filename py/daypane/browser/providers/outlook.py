"""Outlook accounts in the page: sign-in through MSAL, calendar lists, syncing weeks.

Order of operations only. What to request and how to read answers is core.graph / core.sync;
what a failure means is core.auth; the accounts, the week cache and the sync loop are the same as
every provider's (provider.py).
"""

from __future__ import annotations

from dataclasses import replace

from daypane.browser.js.msal import AccountTokens, MsalAccount, MsalClient
from daypane.core.providers import accounts as accounts_mod
from daypane.core.providers.microsoft.auth import AuthError
from daypane.core.providers.microsoft.graph import OutlookCalendar
from daypane.core.providers.microsoft.sync import GraphError, fetch_range, list_calendars
from daypane.core.providers.week_cached import ProviderProblem, WeekCachedProvider


async def _sleep(seconds: float) -> None:
    import asyncio
    await asyncio.sleep(seconds)


class Outlook(WeekCachedProvider):
    kind = "outlook"
    label = "Outlook"

    def __init__(self, store, client: MsalClient, transport, *, on_change, on_problem) -> None:
        # on_problem gets (account, AuthFailure | GraphError): sign-in failures are classified.
        super().__init__(store, transport, on_change=on_change, on_problem=on_problem)
        self.client = client

    # -- accounts ---------------------------------------------------------------------------

    def reconcile(self) -> None:
        """Accounts we stored whose tokens MSAL no longer has must sign in again."""
        known = {a.home_id for a in self.client.accounts()}
        self.needs_sign_in = {a.home_id for a in self.accounts if a.home_id not in known}

    async def add(self, signed_in: MsalAccount) -> accounts_mod.Account:
        self.client.accounts()  # refresh MSAL's account list
        return await super().add(accounts_mod.Account(
            home_id=signed_in.home_id, username=signed_in.username, name=signed_in.name,
            tenant_id=signed_in.tenant_id))

    async def remove(self, home_id: str) -> None:
        """Sign out: MSAL forgets the tokens; we forget the account and its cached events."""
        try:
            await self.client.sign_out(home_id)
        finally:
            await super().remove(home_id)

    # -- syncing ----------------------------------------------------------------------------

    async def _fetch(self, account, start, end, tz):
        tokens = AccountTokens(self.client, account.home_id)
        try:
            found: list[OutlookCalendar] = await list_calendars(self.transport, tokens, sleep=_sleep)
            account = account.with_calendars(found, default_ids=[c.id for c in found if c.is_default])
            self._replace(account)
            selected = [c.id for c in account.selected()]
            results = await fetch_range(self.transport, tokens, selected, start, end,
                                        time_zone=str(tz), zone=tz, sleep=_sleep) if selected else []
        except AuthError as error:
            raise ProviderProblem(str(error), needs_sign_in=error.failure.needs_interaction,
                                  cause=error.failure) from None
        except GraphError as error:
            raise ProviderProblem(str(error), cause=error) from None
        failed = [r for r in results if r.error]
        if failed:  # the other calendars are still stored and shown
            self.on_problem(account, GraphError(0, failed[0].error))
        # Outlook ids are unique only within a mailbox: occurrences carry the app-wide key.
        return account, {account.calendar_key(r.calendar_id):
                         [replace(occ, calendar_id=account.calendar_key(r.calendar_id)) for occ in r.occurrences]
                         for r in results if r.error is None}
