"""Google Calendar accounts: the Provider on the Calendar API v3, tokens behind a small port.

The sign-in is Google's token flow for browser apps (core.providers.google.auth); the browser
leaves for Google's page and hands the answer back. Tokens live about an hour, kept only for this
tab (the browser backs `TokenStore` with sessionStorage); when one expires the account says so and
"Sign in again" is one click, never a silent loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Protocol

from daypane.core.providers import accounts as accounts_mod
from daypane.core.providers.google import calendar_api as api
from daypane.core.providers.google.auth import GoogleToken
from daypane.core.providers.protocol import ProviderProblem, ProviderWords
from daypane.core.providers.week_cached import WeekCachedProvider

EXPIRED = ("Google's sign-in for this account has expired (Google allows about an hour). "
           "Click \"Sign in again\".")


class TokenStore(Protocol):
    """Where this tab keeps Google tokens: {account: GoogleToken}."""

    def load(self) -> dict[str, GoogleToken]: ...

    def save(self, tokens: dict[str, GoogleToken]) -> None: ...


class MemoryTokens:
    """A TokenStore for tests."""

    def __init__(self, tokens: dict[str, GoogleToken] | None = None) -> None:
        self.tokens = dict(tokens or {})

    def load(self) -> dict[str, GoogleToken]:
        return dict(self.tokens)

    def save(self, tokens: dict[str, GoogleToken]) -> None:
        self.tokens = dict(tokens)


class Google(WeekCachedProvider):
    kind = "google"
    words = ProviderWords(name="Google", problem_name="Google Calendar", leave="Sign out", left="Signed out")

    def __init__(self, records, transport, tokens: TokenStore, *, sign_in: Callable[[str], None],
                 on_change, on_problem, now=lambda: datetime.now(timezone.utc), sleep=asyncio.sleep) -> None:
        super().__init__(records, transport, on_change=on_change, on_problem=on_problem)
        self.token_store = tokens
        self.tokens = tokens.load()
        self.sign_in = sign_in   # (login hint) -> None: leaves for Google's sign-in page
        self.now = now
        self.sleep = sleep
        self.needs_sign_in = {a.home_id for a in self.list
                              if a.home_id not in self.tokens or self.tokens[a.home_id].expired(now())}

    async def connect(self, token: GoogleToken) -> accounts_mod.Account:
        """The account a fresh token belongs to (its primary calendar's id, the email)."""
        try:
            entries = await api.list_calendar_entries(self.transport, token.access_token, sleep=self.sleep)
            email = api.account_of(entries)
        except api.GoogleError as error:
            raise ProviderProblem(str(error)) from None
        self._keep_token(email, token)
        account = await self.add(accounts_mod.Account(home_id=email, username=email, name="", provider="google"))
        account = account.with_calendars(entries, default_ids=[c.id for c in entries if c.primary or c.selected])
        await self._store_account(account)
        return account

    def reconnect(self, account_id: str) -> None:
        self.sign_in(account_id)

    def token_for(self, account_id: str, scope: str) -> str | None:
        """This tab's access token for the account when it is valid and carries `scope`."""
        token = self.tokens.get(account_id)
        if token is None or token.expired(self.now()) or scope not in token.scopes:
            return None
        return token.access_token

    def token_refused(self, account_id: str) -> None:
        """Google refused this account's token (401) elsewhere (its task lists): it is dropped,
        and the account says it must sign in again, as after a refused calendar read."""
        if account_id in self.tokens:
            self._keep_token(account_id, None)
            self.needs_sign_in.add(account_id)
            self.on_change(False)

    def _keep_token(self, account: str, token: GoogleToken | None) -> None:
        if token is None:
            self.tokens.pop(account, None)
        else:
            self.tokens[account] = token
        self.token_store.save(self.tokens)

    async def _forget(self, account_id: str) -> None:
        # Google's token simply expires; revoking would need a request to Google the user did not ask for.
        self._keep_token(account_id, None)

    async def _fetch(self, account, start, end, tz):
        token = self.tokens.get(account.home_id)
        if token is None or token.expired(self.now()):
            raise ProviderProblem(EXPIRED, needs_sign_in=True)
        try:
            entries = await api.list_calendar_entries(self.transport, token.access_token, sleep=self.sleep)
            account = account.with_calendars(entries, default_ids=[c.id for c in entries if c.primary or c.selected])
            selected = [c.id for c in account.selected()]
            results = await api.fetch_events(self.transport, token.access_token, selected, start, end,
                                             account=account.home_id, zone=tz, sleep=self.sleep)
        except api.GoogleSignInExpired:
            self._keep_token(account.home_id, None)
            raise ProviderProblem(EXPIRED, needs_sign_in=True) from None
        except api.GoogleError as error:
            raise ProviderProblem(str(error)) from None
        failed = [r for r in results if r.error is not None]
        if failed and len(failed) == len(results):
            raise ProviderProblem(str(failed[0].error))
        return account, {r.calendar_id: list(r.occurrences) for r in results if r.error is None}
