"""A fake Microsoft identity platform and Microsoft Graph, answered through Playwright routing.

Faithful to what real MSAL.js checks (docs/facts/msal.md), so MSAL runs unmodified against it:
- authorize: 302 to `redirect_uri#code=…&client_info=…&state=<verbatim>&session_state=…`, or
  `#error=…&error_description=AADSTS…&state=…`; `prompt=none` without a session -> login_required.
- token: PKCE (S256) verified, codes single-use, refresh tokens honoured; JSON with short scope
  names, `expires_in`, `client_info` and an id_token carrying the authorize request's nonce.
- consent, per account and incremental, as the identity platform keeps it: an interactive authorize
  consents to the scopes it asks for (the fake user accepts the consent screen); a silent one
  (`prompt=none`) cannot, and answers `consent_required` (AADSTS65001); a scope that needs an
  administrator (``require_admin_consent``) answers the authorize `access_denied` with AADSTS90094
  (docs/facts/msal.md); a token request (code or refresh token, as MSAL's acquireTokenSilent sends)
  for a scope not consented answers 400 `invalid_grant`, suberror `consent_required`, AADSTS65001,
  which MSAL turns into InteractionRequiredAuthError. A token carries every Graph scope the account
  has consented to, not only those asked for (as the `scp` of Microsoft's v2 tokens is commonly
  seen to; not spelled out in the protocol docs), and its scopes reach the fake Graph, which
  refuses To Do without a Tasks scope.
- Graph: the fake Graph of tests/support/fakes/graph.py (the one the unit tests and the Graph bench
  use through MockTransport), with the access tokens issued here, behind CORS headers.
Everything it receives is logged so tests can assert on the requests the app made.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.support.fakes.graph import GRAPH, FakeGraph

__all__ = ["GRAPH", "LOGIN", "FakeAccount", "FakeMicrosoft", "Logged"]

LOGIN = "https://login.microsoftonline.com"
CORS = {"Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "Retry-After, Location, client-request-id"}
OIDC_SCOPES = ("openid", "profile", "offline_access", "email")
ADMIN_CONSENT_TEXT = {
    90094: "The grant requires admin permission.",
    90095: "Admin consent is required for the permissions requested by this application. "
           "An admin consent request may be sent to the admin."}
TRACE = ("Trace ID: 00000000-0000-0000-0000-000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 "
         "Timestamp: 2026-03-04 09:30:00Z")


def short_scopes(scope: str) -> list[str]:
    """Graph scopes as an access token names them: the resource prefix stripped, OIDC ones left out."""
    return [s.rsplit("/", 1)[-1] for s in scope.split() if s not in OIDC_SCOPES]


def b64url(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class FakeAccount:
    oid: str
    tid: str
    username: str
    name: str
    calendars: list[dict]
    events: dict[str, list[dict]]


@dataclass
class Logged:
    time: float
    method: str
    url: str
    headers: dict
    body: str
    sub_requests: list[dict] = field(default_factory=list)
    throttled: bool = False
    status: int = 0


@dataclass
class _Code:
    account: FakeAccount
    challenge: str
    nonce: str
    redirect_uri: str
    scope: str
    used: bool = False


class FakeMicrosoft:
    def __init__(self, client_id: str, accounts: list[FakeAccount], *, page_size: int = 50) -> None:
        self.client_id = client_id
        self.accounts = accounts
        self.graph = FakeGraph(page_size=page_size)
        self.signed_in_as: str | None = accounts[0].username if accounts else None
        self.log: list[Logged] = []
        self.sessions: set[str] = set()
        self._codes: dict[str, _Code] = {}
        self._refresh: dict[str, tuple[FakeAccount, str]] = {}
        self._authorize_failures: list[list] = []
        self._token_failures: list[list] = []
        self.app_name = "Daypane"
        self._consents: dict[str, set[str]] = {}  # username -> Graph scopes consented (short names)
        self._admin_only: dict[str, int] = {}  # scope -> the AADSTS code a user asking for it gets

    # -- set-up -----------------------------------------------------------------------------

    def install(self, context) -> None:
        context.route(f"{LOGIN}/**", self._login)
        context.route("https://graph.microsoft.com/**", self._graph)

    def fail_authorize(self, error: str, description: str, *, codes=(), suberror: str = "",
                       times: int = 1) -> None:
        self._authorize_failures.append([error, description, list(codes), suberror, times])

    def fail_token(self, status: int, body: dict, *, grant_type: str | None = None, times: int = 1) -> None:
        self._token_failures.append([status, body, grant_type, times])

    def throttle_graph(self, path_contains: str, *, retry_after: int | None, times: int = 1,
                       status: int = 429) -> None:
        self.graph.throttle(path_contains, retry_after=retry_after, times=times, status=status)

    def expire_access_tokens(self) -> None:
        self.graph.expire_tokens()

    # -- consent --------------------------------------------------------------------------------

    def require_admin_consent(self, scopes, codes=(90094,)) -> None:
        """Fakes a tenant where users may not consent to ``scopes`` themselves (user consent off, or
        the permission needs an admin): an authorize asking for one not yet consented answers
        ``access_denied`` with AADSTS``codes[0]`` (90094; 90095 when the admin consent workflow is
        on), as docs/facts/msal.md records it."""
        for scope in scopes:
            self._admin_only[scope] = codes[0]

    def admin_consents(self, scopes) -> None:
        """An administrator grants ``scopes`` tenant-wide: every account has consented to them."""
        for scope in scopes:
            self._admin_only.pop(scope, None)
        for account in self.accounts:
            self._consents.setdefault(account.username, set()).update(scopes)

    def consent(self, username: str, scopes) -> None:
        """``username`` consented to ``scopes`` before the test began."""
        self._consents.setdefault(username, set()).update(scopes)

    def consented(self, username: str) -> set[str]:
        return set(self._consents.get(username, set()))

    # -- what the app asked for ---------------------------------------------------------------

    def authorize_requests(self) -> list[dict]:
        return [{k: v[0] for k, v in parse_qs(urlsplit(e.url).query).items()}
                for e in self.log if "/oauth2/v2.0/authorize" in e.url]

    def token_requests(self) -> list[dict]:
        return [{k: v[0] for k, v in parse_qs(e.body).items()}
                for e in self.log if urlsplit(e.url).path.endswith("/oauth2/v2.0/token")]

    def graph_requests(self) -> list[Logged]:
        return [e for e in self.log if e.url.startswith("https://graph.microsoft.com/")]

    # -- identity platform --------------------------------------------------------------------

    def _record(self, request) -> Logged:
        entry = Logged(time.monotonic(), request.method, request.url, dict(request.headers),
                       request.post_data or "")
        self.log.append(entry)
        return entry

    def _login(self, route) -> None:
        request = route.request
        self._record(request)
        path = urlsplit(request.url).path
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers={**CORS, "Access-Control-Allow-Methods": "POST, GET",
                                                "Access-Control-Allow-Headers": "*"})
        elif path.endswith("/oauth2/v2.0/authorize"):
            self._authorize(route)
        elif path.endswith("/oauth2/v2.0/token"):
            self._token(route)
        else:
            route.fulfill(status=404, headers=CORS, body="not faked")

    def _account_for(self, hint: str) -> FakeAccount:
        wanted = hint or self.signed_in_as
        return next((a for a in self.accounts if a.username == wanted), self.accounts[0])

    def _authorize(self, route) -> None:
        q = {k: v[0] for k, v in parse_qs(urlsplit(route.request.url).query).items()}
        redirect, state = q.get("redirect_uri", ""), q.get("state", "")

        def answer(fragment: dict) -> None:
            route.fulfill(status=302, headers={"Location": f"{redirect}#{urlencode(fragment)}"})

        if q.get("client_id") != self.client_id:
            return answer({"error": "unauthorized_client", "state": state, "error_description":
                           f"AADSTS700016: Application with identifier '{q.get('client_id')}' was not "
                           "found in the directory. Trace ID: 0 Correlation ID: 0 Timestamp: 2026-03-04 09:30:00Z"})
        if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256":
            return answer({"error": "invalid_request", "state": state,
                           "error_description": "AADSTS900144: PKCE with S256 is required."})
        for failure in self._authorize_failures:
            if failure[4] > 0:
                failure[4] -= 1
                error, description, codes, suberror, _ = failure
                fragment = {"error": error, "error_description": description, "state": state}
                if codes:
                    fragment["error_codes"] = json.dumps(codes)
                if suberror:
                    fragment["suberror"] = suberror
                return answer(fragment)
        account = self._account_for(q.get("login_hint", ""))
        if q.get("prompt") == "none" and account.username not in self.sessions:
            return answer({"error": "login_required", "state": state, "error_description":
                           "AADSTS50058: A silent sign-in request was sent but no user is signed in."})
        missing = self._missing_consent(account, q.get("scope", ""))
        admin = [self._admin_only[s] for s in missing if s in self._admin_only]
        if admin:
            return answer({"error": "access_denied", "state": state, "error_description":
                           f"AADSTS{admin[0]}: {ADMIN_CONSENT_TEXT.get(admin[0], 'Admin consent is required.')} {TRACE}"})
        if missing and q.get("prompt") == "none":
            return answer({"error": "consent_required", "state": state, "error_description":
                           f"AADSTS65001: {self._not_consented()} {TRACE}"})
        self.consent(account.username, missing)
        self.sessions.add(account.username)
        code = secrets.token_urlsafe(24)
        self._codes[code] = _Code(account, q.get("code_challenge", ""), q.get("nonce", ""), redirect,
                                  q.get("scope", ""))
        answer({"code": code, "client_info": self._client_info(account), "state": state,
                "session_state": secrets.token_hex(8)})

    @staticmethod
    def _client_info(account: FakeAccount) -> str:
        return b64url(json.dumps({"uid": account.oid, "utid": account.tid}))

    def _token(self, route) -> None:
        form = {k: v[0] for k, v in parse_qs(route.request.post_data or "").items()}
        grant = form.get("grant_type")
        for failure in self._token_failures:
            if failure[3] > 0 and failure[2] in (None, grant):
                failure[3] -= 1
                return self._json(route, failure[0], failure[1])
        if form.get("client_id") != self.client_id:
            return self._token_error(route, "unauthorized_client", 700016, "Application not found.")
        if grant == "authorization_code":
            code = self._codes.get(form.get("code", ""))
            if code is None or code.used:
                return self._token_error(route, "invalid_grant", 70000, "The provided authorization code is invalid or used.")
            verifier = form.get("code_verifier", "")
            if b64url(hashlib.sha256(verifier.encode()).digest()) != code.challenge:
                return self._token_error(route, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge.")
            if form.get("redirect_uri") != code.redirect_uri:
                return self._token_error(route, "invalid_grant", 50148, "The redirect_uri does not match.")
            code.used = True
            account, scope, nonce = code.account, form.get("scope", code.scope), code.nonce
        elif grant == "refresh_token":
            known = self._refresh.get(form.get("refresh_token", ""))
            if known is None:
                return self._token_error(route, "invalid_grant", 70000, "The refresh token is invalid.")
            (account, nonce), scope = known, form.get("scope", "")
        else:
            return self._token_error(route, "unsupported_grant_type", 70003, "Unsupported grant type.")
        if self._missing_consent(account, scope):
            return self._token_error(route, "invalid_grant", 65001, self._not_consented(), suberror="consent_required")
        return self._tokens(route, account, scope, nonce)

    def _missing_consent(self, account: FakeAccount, scope: str) -> list[str]:
        have = self._consents.get(account.username, set())
        return [s for s in short_scopes(scope) if s != ".default" and s not in have]

    def _not_consented(self) -> str:
        return (f"The user or administrator has not consented to use the application with ID '{self.client_id}' "
                f"named '{self.app_name}'. Send an interactive authorization request for this user and resource.")
    def _tokens(self, route, account: FakeAccount, scope: str, nonce: str) -> None:
        # Short scope names: with the resource prefix every silent call misses MSAL's cache. A token
        # carries every scope consented for the resource: those asked for first, then the others.
        asked = [s for s in short_scopes(scope) if s != ".default"]
        granted = asked + sorted(self._consents.get(account.username, set()) - set(asked))
        access = secrets.token_urlsafe(32)
        self.graph.grant(access, account, time.time() + 3599, scopes=granted)
        refresh = secrets.token_urlsafe(32)
        self._refresh[refresh] = (account, nonce)
        now = int(time.time())
        claims = {"aud": self.client_id, "iss": f"{LOGIN}/{account.tid}/v2.0", "iat": now, "nbf": now,
                  "exp": now + 3600, "name": account.name, "oid": account.oid, "sub": b64url(account.oid),
                  "preferred_username": account.username, "tid": account.tid, "ver": "2.0"}
        if nonce:
            claims["nonce"] = nonce
        id_token = ".".join((b64url(json.dumps({"typ": "JWT", "alg": "RS256", "kid": "fake"})),
                             b64url(json.dumps(claims)), b64url(b"not-a-real-signature")))
        self._json(route, 200, {
            "token_type": "Bearer", "scope": " ".join(granted + ["openid", "profile", "email"]),
            "expires_in": 3599, "ext_expires_in": 3599, "access_token": access, "refresh_token": refresh,
            "id_token": id_token, "client_info": self._client_info(account)})

    def _token_error(self, route, error: str, number: int, text: str, *, suberror: str = "") -> None:
        body = {"error": error, "error_codes": [number], "timestamp": "2026-03-04 09:30:00Z",
                "error_description": f"AADSTS{number}: {text} {TRACE}",
                "trace_id": "00000000-0000-0000-0000-000000000000",
                "correlation_id": "00000000-0000-0000-0000-000000000000"}
        if suberror:
            body["suberror"] = suberror
        self._json(route, 400, body)

    @staticmethod
    def _json(route, status: int, body: dict, headers: dict | None = None) -> None:
        route.fulfill(status=status, headers={**CORS, **(headers or {})},
                      content_type="application/json", body=json.dumps(body))

    # -- Graph: tests/support/fakes/graph.py, with CORS around it -------------------------------

    def _graph(self, route) -> None:
        request = route.request
        entry = self._record(request)
        if request.method == "OPTIONS":
            # "*" does not cover Authorization in browsers: it is named beside it.
            return route.fulfill(status=204, headers={
                **CORS, "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE",
                "Access-Control-Allow-Headers": "*, Authorization, Content-Type, If-Match, Prefer"})
        answer = self.graph.answer(request.method, request.url, dict(request.headers), request.post_data or "")
        entry.status, entry.sub_requests, entry.throttled = answer.status, answer.sub_requests, answer.throttled
        if answer.body is None:
            return route.fulfill(status=answer.status, headers={**CORS, **answer.headers}, body="")
        self._json(route, answer.status, answer.body, answer.headers)
