"""MSAL.js through the Pyodide FFI: the only module that touches `msal`.

It returns plain Python values (core's SignedIn) and raises AuthError carrying an AuthFailure, so
the core never sees a JS object. Decisions (when to ask the user, what a code means) are the
core's; here is only how to call MSAL.
"""

from __future__ import annotations

from dataclasses import dataclass

import js
from pyodide.ffi import JsException, to_js

from daypane.browser.js.dom import nullable
from daypane.core.providers.microsoft.auth import AuthError, AuthFailure
from daypane.core.providers.microsoft.graph import SCOPES
from daypane.core.providers.microsoft.provider import SignedIn


# msal-browser's CacheLookupPolicy.AccessToken (types/utils/BrowserConstants.d.ts): the cache only.
CACHED_ACCESS_TOKEN = 1


def _js(value):
    return to_js(value, dict_converter=js.Object.fromEntries)


def failure_from(error) -> AuthFailure:
    """Plain values from an MSAL AuthError (or any JS error)."""
    js_error = getattr(error, "js_error", error)

    def field(name: str) -> str:
        value = nullable(getattr(js_error, name, None))
        return "" if value is None else str(value)

    return AuthFailure(error_code=field("errorCode") or field("name") or "unknown_error",
                       sub_error=field("subError"), message=field("errorMessage") or field("message"),
                       error_no=field("errorNo"), kind=field("name"))


def _account(info) -> SignedIn:
    return SignedIn(home_id=str(info.homeAccountId), username=str(info.username or ""),
                       name=str(nullable(info.name) or ""), tenant_id=str(nullable(info.tenantId) or ""))


@dataclass(frozen=True)
class Answer:
    """An interactive sign-in's answer (popup or redirect): who signed in, the scopes the token
    carries, and the `state` the request was sent with, which Microsoft hands back verbatim. The
    state says what this sign-in was for, even when two overlap or the page was reloaded."""
    account: SignedIn
    scopes: tuple[str, ...] = ()
    state: str = ""


def _answer(result) -> Answer:
    state = nullable(getattr(result, "state", None))
    return Answer(_account(result.account), _scopes(result), str(state or ""))


class MsalClient:
    """One PublicClientApplication for the configured client ID and authority."""

    def __init__(self, client_id: str, authority: str, redirect_uri: str,
                 cache_location: str = "localStorage") -> None:
        self.scopes = list(SCOPES)
        self.pca = js.msal.PublicClientApplication.new(_js({
            "auth": {"clientId": client_id, "authority": authority, "redirectUri": redirect_uri},
            # localStorage: a second tab shares the sign-in (MSAL encrypts tokens there with a key in
            # a session cookie). sessionStorage when the user's data is encrypted (browser.encryption).
            "cache": {"cacheLocation": cache_location},
        }))
        self._by_home: dict[str, object] = {}

    async def start(self) -> Answer | None:
        """initialize + handleRedirectPromise: must run on every load before any other call."""
        try:
            await self.pca.initialize()
            result = nullable(await self.pca.handleRedirectPromise())
        except JsException as error:
            raise AuthError(failure_from(error)) from None
        if result is None or nullable(result.account) is None:
            return None
        return _answer(result)

    def accounts(self) -> list[SignedIn]:
        infos = self.pca.getAllAccounts()
        self._by_home = {str(info.homeAccountId): info for info in infos}
        return [_account(info) for info in infos]

    def _login_request(self, login_hint: str, extra_scopes: tuple[str, ...], state: str) -> dict:
        request = {"scopes": self.scopes, "loginHint": login_hint} if login_hint else {
            "scopes": self.scopes, "prompt": "select_account"}
        if extra_scopes:  # consented on the same page, their tokens asked for later
            request["extraScopesToConsent"] = list(extra_scopes)
        return _with_state(request, state)

    def _consent_request(self, home_id: str, scopes: tuple[str, ...], state: str) -> dict:
        return _with_state({"scopes": list(scopes), "account": self._account_info(home_id)}, state)

    def begin_popup(self, login_hint: str = "", extra_scopes: tuple[str, ...] = (), state: str = ""):
        """Start a popup sign-in. Call it synchronously from the click handler: the popup needs
        the click's user activation. Returns the JS promise to await. `state` comes back in the
        Answer."""
        return self.pca.loginPopup(_js(self._login_request(login_hint, extra_scopes, state)))

    def begin_consent_popup(self, home_id: str, scopes: tuple[str, ...], state: str = ""):
        """Ask a signed-in account for more permissions in a popup (incremental consent). Call it
        within the click's user activation. Returns the JS promise to await with finish_popup;
        AuthError when MSAL refuses at once (another sign-in under way, say)."""
        try:
            return self.pca.acquireTokenPopup(_js(self._consent_request(home_id, scopes, state)))
        except JsException as error:
            raise AuthError(failure_from(error)) from None

    async def consent_redirect(self, home_id: str, scopes: tuple[str, ...], state: str = "") -> None:
        """The same in this tab; the answer arrives through start() on the next load."""
        try:
            await self.pca.acquireTokenRedirect(_js(self._consent_request(home_id, scopes, state)))
        except JsException as error:
            raise AuthError(failure_from(error)) from None

    async def finish_popup(self, promise) -> Answer:
        try:
            result = await promise
        except JsException as error:
            raise AuthError(failure_from(error)) from None
        return _answer(result)

    async def login_redirect(self, login_hint: str = "", extra_scopes: tuple[str, ...] = (),
                             state: str = "") -> None:
        """The page navigates away; the answer arrives through start() on the next load."""
        try:
            await self.pca.loginRedirect(_js(self._login_request(login_hint, extra_scopes, state)))
        except JsException as error:
            raise AuthError(failure_from(error)) from None

    def _account_info(self, home_id: str):
        account = self._by_home.get(home_id)
        if account is None:
            self.accounts()
            account = self._by_home.get(home_id)
        if account is None:
            raise AuthError(AuthFailure("no_account_error", message="This account is not signed in."))
        return account

    async def token(self, home_id: str, *, force_refresh: bool = False, scopes: tuple[str, ...] = (),
                    quick: bool = False) -> str:
        """An access token for Graph without user interaction (the calendar's scopes unless
        `scopes` are given), or AuthError. `quick`: this browser's token cache only, no request:
        for a check made between a click and the popup it may open, which must open within the
        click's user activation (5 s in Chromium; a token request on a slow machine can outlast
        it, and MSAL's hidden-iframe renewal takes up to 10 s)."""
        account = self._account_info(home_id)
        request = {"scopes": list(scopes) or self.scopes, "account": account, "forceRefresh": force_refresh}
        if quick:
            request["cacheLookupPolicy"] = CACHED_ACCESS_TOKEN
        try:
            result = await self.pca.acquireTokenSilent(_js(request))
        except JsException as error:
            raise AuthError(failure_from(error)) from None
        return str(result.accessToken)

    async def sign_out(self, home_id: str) -> None:
        """Forget this account's tokens in this browser (no Microsoft page, other accounts kept)."""
        account = self._by_home.get(home_id)
        if account is None:
            return
        try:
            await self.pca.clearCache(_js({"account": account}))
        except JsException as error:
            raise AuthError(failure_from(error)) from None
        self._by_home.pop(home_id, None)


def _with_state(request: dict, state: str) -> dict:
    return {**request, "state": state} if state else request


def _scopes(result) -> tuple[str, ...]:
    """The scopes an MSAL AuthenticationResult carries, short names ("Tasks.ReadWrite")."""
    found = nullable(getattr(result, "scopes", None))
    return tuple(str(scope).rsplit("/", 1)[-1] for scope in found) if found is not None else ()
