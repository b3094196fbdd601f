"""Google sign-in for a browser app without a server: OAuth 2.0's token ("implicit") flow.

Why this flow and not Google's script: Daypane loads nothing from another origin at run time, and
the documented client-side web flow needs no script — the page navigates (or opens a popup) to
Google's authorization endpoint and the access token comes back in the redirect URI's fragment:

    #access_token=…&token_type=Bearer&expires_in=3599&scope=…&state=…
    #error=access_denied&state=…

There is no refresh token in this flow: after about an hour the user is asked again with one click.
Everything here is pure (the browser adapter navigates and reads ``location.hash``).
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlencode

AUTHORIZE = "https://accounts.google.com/o/oauth2/v2/auth"
SCOPE = "https://www.googleapis.com/auth/calendar.readonly"
# Scopes that also allow reading calendars (a user may have granted the wider one earlier).
READING_SCOPES = frozenset({SCOPE, "https://www.googleapis.com/auth/calendar"})
CLIENT_ID = re.compile(r"^[A-Za-z0-9_.-]+\.apps\.googleusercontent\.com$")
SETUP_HINT = ("Whoever runs this copy of Daypane must create an OAuth client ID of type "
              "\"Web application\" in Google Cloud Console and put it in config.json as "
              "{\"google\": {\"clientId\": \"<id>.apps.googleusercontent.com\"}}.")


@dataclass(frozen=True)
class GoogleNotConfigured:
    """Why this deployment cannot offer Google Calendar, in words for the person who sees it."""

    message: str


def configuration_problem(client_id: str | None) -> GoogleNotConfigured | None:
    """None when ``client_id`` (config.json's google.clientId) can be used, else what is wrong."""
    if not client_id:
        return GoogleNotConfigured("Google Calendar is not configured for this copy of Daypane. "
                                   + SETUP_HINT)
    if not CLIENT_ID.match(client_id):
        return GoogleNotConfigured(f"config.json's google.clientId {client_id!r} is not a Google OAuth "
                                   "client ID (they end in .apps.googleusercontent.com). " + SETUP_HINT)
    return None


def new_state() -> str:
    """A random, unguessable ``state``: kept by the app and checked when Google redirects back."""
    return secrets.token_urlsafe(24)


def authorize_url(client_id: str, redirect_uri: str, state: str, login_hint: str | None = None,
                  prompt: str | None = None, extra_scopes: tuple[str, ...] = ()) -> str:
    """Where to send the browser to ask Google for a read-only calendar token.

    ``login_hint`` (an email) picks the account when reconnecting; ``prompt`` is "consent" or
    "select_account" when the user must see the screen again (None lets Google decide).
    ``extra_scopes``: asked beside the calendar's (Google Tasks', when the user connects it); with
    include_granted_scopes, later sign-ins keep what was granted once.
    """
    params = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": "token",
              "scope": " ".join((SCOPE, *extra_scopes)), "state": state, "include_granted_scopes": "true"}
    if login_hint:
        params["login_hint"] = login_hint
    if prompt:
        params["prompt"] = prompt
    return f"{AUTHORIZE}?{urlencode(params)}"


@dataclass(frozen=True)
class GoogleToken:
    """A granted access token; Google does not say whose, the calendar list does (primary id)."""

    access_token: str
    expires_at: datetime
    scopes: frozenset[str]

    def expired(self, now: datetime, margin: timedelta = timedelta(minutes=1)) -> bool:
        """True when the token is (nearly) unusable: better to ask again than to get a 401."""
        return now + margin >= self.expires_at


@dataclass(frozen=True)
class AuthFailed:
    """A sign-in that did not give us a usable token: ``reason`` for code, ``message`` for people."""

    reason: str   # "state_mismatch" | "access_denied" | "missing_scope" | "interaction_required" | ...
    message: str


_ERRORS = {
    "access_denied": "Google did not give Daypane access to your calendars: you cancelled, or your "
                     "organisation's administrator blocks this app. Click \"Connect Google Calendar\" to try "
                     "again, or ask your administrator to allow Daypane.",
    "interaction_required": "Google needs you to confirm the sign-in. Click \"Connect Google Calendar\".",
    "login_required": "You are not signed in to Google in this browser. Click \"Connect Google Calendar\".",
    "consent_required": "Google needs you to allow calendar access again. Click \"Connect Google Calendar\".",
    "account_selection_required": "Google needs you to choose an account. Click \"Connect Google Calendar\".",
    "temporarily_unavailable": "Google's sign-in is temporarily unavailable. Try again in a few minutes.",
    "server_error": "Google's sign-in failed on Google's side. Try again in a few minutes.",
}


def is_redirect(fragment: str) -> bool:
    """Whether a ``location.hash`` is Google's answer (and not one of the app's own #/routes)."""
    keys = parse_qs(fragment.lstrip("#")).keys()
    return "state" in keys and ("access_token" in keys or "error" in keys)


def parse_redirect(fragment: str, expected_state: str, now: datetime) -> GoogleToken | AuthFailed:
    """Google's answer in the redirect URI's fragment, checked: the state we sent, a bearer token,
    the calendar scope actually granted (users can untick it on the consent screen)."""
    values = {k: v[0] for k, v in parse_qs(fragment.lstrip("#"), keep_blank_values=True).items()}
    state = values.get("state", "")
    if not expected_state or not hmac.compare_digest(state.encode(), expected_state.encode()):
        return AuthFailed("state_mismatch", "This Google sign-in answer was not for a request from this "
                          "page (it may be old, or from another tab), so Daypane ignored it. Click "
                          "\"Connect Google Calendar\" to sign in again.")
    error = values.get("error")
    if error:
        return AuthFailed(error, _ERRORS.get(error, f"Google refused the sign-in ({error}). Click "
                                             "\"Connect Google Calendar\" to try again."))
    token = values.get("access_token", "")
    if not token or values.get("token_type", "").lower() != "bearer":
        return AuthFailed("invalid_response", "Google's answer had no usable access token. Click "
                          "\"Connect Google Calendar\" to try again.")
    scopes = frozenset(values.get("scope", "").split())
    if not scopes & READING_SCOPES:
        return AuthFailed("missing_scope", "You signed in but did not allow Daypane to see your calendars. "
                          "Click \"Connect Google Calendar\" again and tick \"See and download any calendar you can "
                          "access\".")
    try:
        lifetime = int(values.get("expires_in", ""))
    except ValueError:
        lifetime = 3600  # Google's documented lifetime when the value is missing or odd
    return GoogleToken(token, now + timedelta(seconds=max(lifetime, 0)), scopes)
