"""Google Calendar in the page: leaving for Google's sign-in page and reading its answer, and
this tab's tokens in sessionStorage. The accounts and their weeks are core.providers.google.

The flow is Google's documented one for client-side apps, with no Google script in our origin:
the page goes to Google's authorization endpoint, Google sends the browser back to redirect.html
with the token in the fragment, redirect.js hands that fragment over in sessionStorage (never in
the app's URL or history), and the app checks the `state` it kept.
"""

from __future__ import annotations

import json
from datetime import datetime

import js

from daypane.browser.js import tab_secrets
from daypane.core.providers.google import auth as google_auth
from daypane.core.providers.google.auth import GoogleToken
from daypane.core.providers.google.provider import Google
from daypane.core.tasks.sources.google.api import GoogleTasksApi
from daypane.core.tasks.sources.google.mapping import SCOPE as TASKS_SCOPE

STATE_PREFIX = "google-"            # redirect.js tells Google's answers from MSAL's by this
PENDING = "daypane.google.pending"  # sessionStorage: {state, route, hint} of a sign-in under way
ANSWER = "daypane.google.answer"    # sessionStorage: the fragment redirect.js received
TOKENS = "daypane.google.tokens"    # sessionStorage: {account: {token, expires, scopes}}


def _read(key: str, default):
    raw = js.window.sessionStorage.getItem(key)
    try:
        return json.loads(raw) if isinstance(raw, str) else default
    except ValueError:
        return default


class SessionTokens:
    """core.providers.google.provider.TokenStore on this tab's sessionStorage."""

    def load(self) -> dict[str, GoogleToken]:
        found = {}
        stored = _read(TOKENS, {})
        for account, t in (stored.items() if isinstance(stored, dict) else ()):
            try:
                found[account] = GoogleToken(t["token"], datetime.fromisoformat(t["expires"]),
                                             frozenset(t.get("scopes", ())))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # unreadable: that account signs in again
        return found

    def save(self, tokens: dict[str, GoogleToken]) -> None:
        if tab_secrets.memory_only():
            return  # kept by the provider, in memory
        js.window.sessionStorage.setItem(TOKENS, json.dumps({
            account: {"token": t.access_token, "expires": t.expires_at.isoformat(), "scopes": sorted(t.scopes)}
            for account, t in tokens.items()}))


class GoogleSignIn:
    def __init__(self, client_id: str, redirect_uri: str) -> None:
        self.client_id, self.redirect_uri = client_id, redirect_uri
        self.asked_tasks = False  # the sign-in that came back was "Connect Google Tasks"

    def begin(self, hint: str = "", tasks: bool = False) -> None:
        """Leave for Google's sign-in page (synchronously, from the click); `tasks`: ask for
        Google Tasks too (the user chose "Connect Google Tasks")."""
        state = STATE_PREFIX + google_auth.new_state()
        js.window.sessionStorage.setItem(PENDING, json.dumps(
            {"state": state, "route": str(js.location.hash), "hint": hint or "", "tasks": tasks}))
        js.location.assign(google_auth.authorize_url(self.client_id, self.redirect_uri, state,
                                                     login_hint=hint or None,
                                                     prompt=None if hint else "select_account",
                                                     extra_scopes=(TASKS_SCOPE,) if tasks else ()))

    def returned(self, now: datetime):
        """Google's answer if this load is the way back from its sign-in page (a GoogleToken or
        an AuthFailed), else None. Consumed: a reload does not replay it."""
        answer = js.window.sessionStorage.getItem(ANSWER)
        if not isinstance(answer, str):
            return None
        pending = _read(PENDING, {})
        self.asked_tasks = pending.get("tasks") is True if isinstance(pending, dict) else False
        js.window.sessionStorage.removeItem(ANSWER)
        js.window.sessionStorage.removeItem(PENDING)
        return google_auth.parse_redirect(answer, pending.get("state", ""), now)


def build(records, transport, sign_in: GoogleSignIn, *, on_change, on_problem) -> Google:
    return Google(records, transport, SessionTokens(), sign_in=sign_in.begin,
                  on_change=on_change, on_problem=on_problem)


def tasks_api(google: Google, transport, account_id: str) -> GoogleTasksApi:
    """Google Tasks of one account, with this tab's token for it (None: sign in again)."""
    return GoogleTasksApi(transport, lambda: google.token_for(account_id, TASKS_SCOPE),
                          refused=lambda: google.token_refused(account_id))
