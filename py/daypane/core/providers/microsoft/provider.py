"""Outlook accounts: the Provider on Microsoft Graph, with MSAL behind a small port.

The sign-in itself (a popup from the click, or a redirect) is the browser's; this provider gets
the accounts MSAL holds through `SignInClient`, asks it for tokens, and does the rest: the
calendar list, the weeks (core.providers.microsoft.sync), what a failure means.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from daypane.core.providers import accounts as accounts_mod
from daypane.core.providers.microsoft.auth import AuthError
from daypane.core.providers.microsoft.sync import GraphError, fetch_range, list_calendars
from daypane.core.providers.protocol import ProviderProblem, ProviderWords
from daypane.core.providers.week_cached import WeekCachedProvider


@dataclass(frozen=True)
class SignedIn:
    """An account MSAL holds tokens for."""

    home_id: str
    username: str
    name: str
    tenant_id: str


class SignInClient(Protocol):
    """What the provider needs of MSAL (the browser's MsalClient; a fake in tests)."""

    def accounts(self) -> list[SignedIn]: ...

    async def token(self, home_id: str, *, force_refresh: bool = False) -> str: ...

    async def sign_out(self, home_id: str) -> None: ...


class _Tokens:
    """core.providers.microsoft.sync's TokenSource for one account."""

    def __init__(self, client: SignInClient, home_id: str) -> None:
        self.client, self.home_id = client, home_id

    async def token(self, *, force_refresh: bool = False) -> str:
        return await self.client.token(self.home_id, force_refresh=force_refresh)


class Outlook(WeekCachedProvider):
    kind = "outlook"
    words = ProviderWords(name="Outlook", leave="Sign out", left="Signed out")

    def __init__(self, records, transport, client: SignInClient, *, sign_in: Callable[[str], None],
                 on_change, on_problem, sleep=asyncio.sleep) -> None:
        super().__init__(records, transport, on_change=on_change, on_problem=on_problem)
        self.client = client
        self.sign_in = sign_in   # (login hint) -> None: starts the browser's sign-in
        self.sleep = sleep

    def reconcile(self) -> None:
        """Accounts we stored whose tokens MSAL no longer has must sign in again."""
        known = {a.home_id for a in self.client.accounts()}
        self.needs_sign_in = {a.home_id for a in self.list if a.home_id not in known}

    async def add_signed_in(self, signed_in: SignedIn) -> accounts_mod.Account:
        self.client.accounts()  # refresh MSAL's account list
        return await self.add(accounts_mod.Account(
            home_id=signed_in.home_id, username=signed_in.username, name=signed_in.name,
            tenant_id=signed_in.tenant_id))

    async def remove(self, account_id: str) -> None:
        """Sign out: MSAL forgets the tokens; we forget the account and its cached events."""
        try:
            await self.client.sign_out(account_id)
        except AuthError as error:  # the account is forgotten here all the same
            self.on_problem(ProviderProblem(str(error), auth=error.failure, account=self.find(account_id)))
        await super().remove(account_id)

    def reconnect(self, account_id: str) -> None:
        account = self.find(account_id)
        self.sign_in(account.username if account else "")

    async def _fetch(self, account, start, end, tz):
        tokens = _Tokens(self.client, account.home_id)
        try:
            found = await list_calendars(self.transport, tokens, sleep=self.sleep)
            account = account.with_calendars(found, default_ids=[c.id for c in found if c.is_default])
            selected = [c.id for c in account.selected()]
            results = await fetch_range(self.transport, tokens, selected, start, end,
                                        time_zone=str(tz), zone=tz, sleep=self.sleep) if selected else []
        except AuthError as error:
            raise ProviderProblem(str(error), needs_sign_in=error.failure.needs_interaction,
                                  auth=error.failure) from None
        except GraphError as error:
            raise ProviderProblem(str(error)) from None
        failed = [r for r in results if r.error]
        if failed:  # the other calendars are still stored and shown
            self.on_problem(ProviderProblem(failed[0].error, account=account))
        # Outlook ids are unique only within a mailbox: occurrences carry the app-wide key.
        return account, {account.calendar_key(r.calendar_id):
                         [replace(occ, calendar_id=account.calendar_key(r.calendar_id)) for occ in r.occurrences]
                         for r in results if r.error is None}
