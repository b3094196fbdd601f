"""Outlook in the page: MSAL's sign-in from a click (a popup, or a redirect where popups cannot
work), handing the signed-in account to the core's Outlook provider.

Order of operations only: what to request, what answers and failures mean, and the accounts and
their weeks are core.providers.microsoft.
"""

from __future__ import annotations

import js

from daypane.browser.js.dom import spawn
from daypane.browser.js.msal import MsalClient
from daypane.core.providers.microsoft.auth import AuthError
from daypane.core.providers.microsoft.provider import Outlook


class OutlookSignIn:
    """The "Connect Outlook" / "Sign in again" path. `added(answer)` is awaited once an account
    signed in (a js.msal.Answer: the account, its scopes, and the state the sign-in was sent
    with); `failed(failure)` gets a sign-in failure; `note(text)` says what happens."""

    def __init__(self, client: MsalClient, *, added, failed, note) -> None:
        self.client, self.added, self.failed, self.note = client, added, failed, note

    async def start(self) -> None:
        """On every load, before any other MSAL call: finish a redirect sign-in, if one came back."""
        try:
            returned = await self.client.start()
        except AuthError as error:
            self.failed(error.failure)
            return
        if returned is not None:
            await self.added(returned)

    def begin(self, hint: str = "", extra_scopes: tuple[str, ...] = (), state: str = "") -> None:
        """From the click: open the popup at once (it needs the click's user activation).
        `extra_scopes`: permissions consented on the same page (To Do's, when connecting it);
        `state`: what this sign-in is for, handed back in its answer."""
        if js.matchMedia("(display-mode: standalone)").matches:
            spawn(self._redirect(hint, extra_scopes, state))  # installed app: a popup would open outside it
            return
        promise = self.client.begin_popup(hint, extra_scopes, state)
        spawn(self._finish(promise, hint, extra_scopes, state))

    async def _finish(self, promise, hint: str, extra_scopes: tuple[str, ...], state: str) -> None:
        try:
            answer = await self.client.finish_popup(promise)
        except AuthError as error:
            if error.failure.popup_blocked:
                self.note("The sign-in window was blocked; continuing in this tab…")
                await self._redirect(hint, extra_scopes, state)
            else:
                self.failed(error.failure)
            return
        await self.added(answer)

    async def _redirect(self, hint: str, extra_scopes: tuple[str, ...], state: str) -> None:
        try:
            await self.client.login_redirect(hint, extra_scopes, state)
        except AuthError as error:
            self.failed(error.failure)


def build(records, transport, client: MsalClient, sign_in: OutlookSignIn, *, on_change, on_problem) -> Outlook:
    return Outlook(records, transport, client, sign_in=sign_in.begin, on_change=on_change, on_problem=on_problem)
