"""Google Calendar accounts in the page: the OAuth token flow for browser apps, and syncing weeks.

The sign-in is Google's documented flow for client-side apps, with no Google script in our
origin: the page goes to Google's authorization endpoint, Google sends the browser back to our
redirect.html with the token in the fragment, redirect.js hands that fragment to the app (in
sessionStorage, never in the app's URL or history), and the app checks the `state` it kept.
Access tokens live about an hour and only in this tab's sessionStorage; when one expires the
account says so and "Sign in again" is one click (no silent loop).

What to request and how to read the answers is core.google / core.google_auth.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import js

from daypane.core.http import NetworkError
from daypane.core.providers import accounts as accounts_mod
from daypane.core.providers.google import auth as google_auth
from daypane.core.providers.google import calendar_api as google
from daypane.core.providers.week_cached import ProviderProblem, WeekCachedProvider

STATE_PREFIX = "google-"           # redirect.js tells Google's answers from MSAL's by this
PENDING = "daypane.google.pending"  # sessionStorage: {state, route, hint} of a sign-in under way
ANSWER = "daypane.google.answer"    # sessionStorage: the fragment redirect.js received
TOKENS = "daypane.google.tokens"    # sessionStorage: {account: {token, expires}}


def _session():
    return js.window.sessionStorage


def _read(key: str, default):
    raw = _session().getItem(key)
    try:
        return json.loads(raw) if isinstance(raw, str) else default
    except ValueError:
        return default


def _stored_tokens() -> dict[str, google_auth.GoogleToken]:
    """This tab's tokens; anything unreadable is dropped (that account then signs in again)."""
    found = {}
    stored = _read(TOKENS, {})
    for account, t in (stored.items() if isinstance(stored, dict) else ()):
        try:
            found[account] = google_auth.GoogleToken(t["token"], datetime.fromisoformat(t["expires"]),
                                                     frozenset(t.get("scopes", ())))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return found


class Google(WeekCachedProvider):
    kind = "google"
    label = "Google"

    def __init__(self, store, transport, client_id: str, redirect_uri: str, **callbacks) -> None:
        super().__init__(store, transport, **callbacks)
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self.tokens = _stored_tokens()
        now = datetime.now(timezone.utc)
        self.needs_sign_in = {a.home_id for a in self.accounts
                              if a.home_id not in self.tokens or self.tokens[a.home_id].expired(now)}

    # -- sign-in ----------------------------------------------------------------------------

    def begin_sign_in(self, hint: str | None, route: str) -> None:
        """Leave for Google's sign-in page (synchronously, from the click)."""
        state = STATE_PREFIX + google_auth.new_state()
        _session().setItem(PENDING, json.dumps({"state": state, "route": route, "hint": hint or ""}))
        js.location.assign(google_auth.authorize_url(self.client_id, self.redirect_uri, state,
                                                     login_hint=hint or None,
                                                     prompt=None if hint else "select_account"))

    def returned(self, now: datetime) -> tuple[google_auth.GoogleToken | google_auth.AuthFailed | None, str]:
        """Google's answer if this load is the way back from its sign-in page, and the route the
        user was on; (None, "") otherwise. The answer is consumed: a reload does not replay it."""
        answer = _session().getItem(ANSWER)
        if not isinstance(answer, str):
            return None, ""
        pending = _read(PENDING, {})
        _session().removeItem(ANSWER)
        _session().removeItem(PENDING)
        return google_auth.parse_redirect(answer, pending.get("state", ""), now), pending.get("route", "")

    async def connect(self, token: google_auth.GoogleToken) -> accounts_mod.Account:
        """The account a fresh token belongs to (its primary calendar's id, the email)."""
        try:
            entries = await google.list_calendar_entries(self.transport, token.access_token, sleep=_sleep)
            email = google.account_of(entries)
        except google.GoogleError as error:
            raise ProviderProblem(str(error)) from None
        except NetworkError:
            raise ProviderProblem(NO_NETWORK) from None
        self._keep_token(email, token)
        account = await self.add(accounts_mod.Account(home_id=email, username=email, name="", provider="google"))
        account = account.with_calendars(
            [_Choice(c.id, c.name, c.color) for c in entries],
            default_ids=[c.id for c in entries if c.primary or c.selected])
        self._replace(account)
        await self._save_accounts()
        return account

    def _keep_token(self, account: str, token: google_auth.GoogleToken) -> None:
        self.tokens[account] = token
        self._save_tokens()

    def _save_tokens(self) -> None:
        _session().setItem(TOKENS, json.dumps({
            account: {"token": t.access_token, "expires": t.expires_at.isoformat(), "scopes": sorted(t.scopes)}
            for account, t in self.tokens.items()}))

    async def _forget(self, account_id: str) -> None:
        # Google's token simply expires; revoking would need a request to Google the user did not ask for.
        self.tokens.pop(account_id, None)
        self._save_tokens()

    # -- syncing ----------------------------------------------------------------------------

    async def _fetch(self, account, start, end, tz):
        token = self.tokens.get(account.home_id)
        if token is None or token.expired(datetime.now(timezone.utc)):
            raise ProviderProblem(EXPIRED, needs_sign_in=True)
        try:
            entries = await google.list_calendar_entries(self.transport, token.access_token, sleep=_sleep)
            account = account.with_calendars([_Choice(c.id, c.name, c.color) for c in entries],
                                             default_ids=[c.id for c in entries if c.primary or c.selected])
            self._replace(account)
            selected = [c.id for c in account.selected()]
            results = await google.fetch_events(self.transport, token.access_token, selected, start, end,
                                                account=account.home_id, zone=tz, sleep=_sleep)
        except google.GoogleSignInExpired:
            self.tokens.pop(account.home_id, None)
            self._save_tokens()
            raise ProviderProblem(EXPIRED, needs_sign_in=True) from None
        except google.GoogleError as error:
            raise ProviderProblem(str(error)) from None
        except NetworkError:
            raise ProviderProblem(NO_NETWORK) from None
        failed = [r for r in results if r.error is not None]
        if failed and len(failed) == len(results):
            raise ProviderProblem(str(failed[0].error))
        return account, {r.calendar_id: list(r.occurrences) for r in results if r.error is None}


class _Choice:
    """A calendar as Account.with_calendars reads it."""

    def __init__(self, id: str, name: str, color: str) -> None:
        self.id, self.name, self.color = id, name, color


EXPIRED = ("Google's sign-in for this account has expired (Google allows about an hour). "
           "Click \"Sign in again\".")
NO_NETWORK = ("Google Calendar could not be reached: check the connection.")


async def _sleep(seconds: float) -> None:
    import asyncio
    await asyncio.sleep(seconds)
