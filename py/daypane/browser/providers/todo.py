"""Microsoft To Do in the page: connecting an Outlook account for tasks (the permission asked
from the click, only then), and each connected account's TaskApi with MSAL's token for it.

Order of operations only: what the answers mean and how To Do is read and written are
core.tasks.sources.todo and core.tasks.sources.hosted.
"""

from __future__ import annotations

import asyncio

import js

from daypane.browser.js.dom import spawn
from daypane.browser.js.msal import MsalClient
from daypane.core.providers.microsoft.auth import AuthError
from daypane.core.tasks.sources.todo.api import ASKED, SCOPES, TodoApi


class TaskTokens:
    """core.providers.microsoft.sync's TokenSource for one account, with To Do's scope."""

    def __init__(self, client: MsalClient, home_id: str) -> None:
        self.client, self.home_id = client, home_id

    async def token(self, *, force_refresh: bool = False) -> str:
        return await self.client.token(self.home_id, force_refresh=force_refresh, scopes=SCOPES)


def api(client: MsalClient, transport, home_id: str) -> TodoApi:
    return TodoApi(transport, TaskTokens(client, home_id), sleep=asyncio.sleep)


class TodoConnect:
    """The "Connect Microsoft To Do" path. `connected(home_id)` is awaited once an account may
    use To Do; `failed(failure, account)` gets a failure of that step (the calendar's guidance,
    the admin path included); `note(text)` says what happens."""

    def __init__(self, client: MsalClient, sign_in, *, connected, failed, note) -> None:
        self.client, self.sign_in = client, sign_in
        self.connected, self.failed, self.note = connected, failed, note

    def begin(self, account) -> None:
        """From the click. `account`: the Outlook account to connect, or None to sign in a new one
        (its consent page then names To Do's permission beside the calendar's)."""
        if account is None:  # its answer says it asked (ASKED), however it comes back
            self.sign_in.begin(extra_scopes=SCOPES, state=ASKED)
            return
        spawn(self._consent(account))

    async def _consent(self, account) -> None:
        try:  # a To Do token in this browser's cache already: no window
            await self.client.token(account.home_id, scopes=SCOPES, quick=True)
        except AuthError:
            # Not cached: Microsoft decides in the popup. When consent exists (another device, an
            # administrator for everyone) it closes by itself; a token request first could
            # outlast the click's user activation, and the popup would be blocked.
            await self._ask(account)
            return
        await self.connected(account.home_id)

    async def _ask(self, account) -> None:
        if js.matchMedia("(display-mode: standalone)").matches:
            await self._redirect(account)  # installed app: a popup would open outside it
            return
        try:
            promise = self.client.begin_consent_popup(account.home_id, SCOPES, ASKED)
            await self.client.finish_popup(promise)
        except AuthError as error:
            if error.failure.popup_blocked:
                self.note("The sign-in window was blocked; continuing in this tab…")
                await self._redirect(account)
            else:
                self.failed(error.failure, account)
            return
        await self.connected(account.home_id)

    async def _redirect(self, account) -> None:
        try:
            # The answer comes back through OutlookSignIn.start() on the next load, with ASKED.
            await self.client.consent_redirect(account.home_id, SCOPES, ASKED)
        except AuthError as error:
            self.failed(error.failure, account)
