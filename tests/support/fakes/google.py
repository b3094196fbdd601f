"""A fake Google authorization endpoint and Calendar API v3, answered through Playwright routing.

Faithful to what Google checks and how it answers, so the app's real requests can be tested:
- authorize (`/o/oauth2/v2/auth`, the token flow): unknown client_id -> Google's error page
  "Error 401: invalid_client"; a redirect_uri not registered -> "Error 400: redirect_uri_mismatch"
  (Google never redirects back in those cases); response_type must be `token`, scopes must be
  known. Then 302 to `redirect_uri#access_token=…&token_type=Bearer&expires_in=3599&scope=…&state=…`,
  or `#error=access_denied&state=…` when told to deny.
- Calendar API: bearer tokens checked (unknown/expired -> 401 in Google's JSON error shape, missing
  scope -> 403 insufficientPermissions), calendarList with paging, events.list honouring
  timeMin/timeMax (bounds on end/start), singleEvents/orderBy, showDeleted, maxResults and pageToken;
  CORS like Google's (the request's Origin echoed, preflight answered); injectable rate limits.

The answering logic is ``FakeGoogle.answer(method, url, headers, body) -> (status, headers, body)``,
a plain function testable without a browser; ``install`` only wires it to ``context.route``.
The fake stores event *instances* (what singleEvents=true returns); it does not expand series.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from datetime import time as clock_time
from html import escape
from typing import Callable, Mapping
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit
from zoneinfo import ZoneInfo

ACCOUNTS = "https://accounts.google.com"
APIS = "https://www.googleapis.com"
CALENDAR = f"{APIS}/calendar/v3"
AUTH_PATH = "/o/oauth2/v2/auth"
CALENDAR_SCOPES = {"https://www.googleapis.com/auth/calendar.readonly", "https://www.googleapis.com/auth/calendar"}
TASKS = "https://tasks.googleapis.com"  # the Tasks API, answered by `tasks` (google_tasks.FakeGoogleTasks)
KNOWN_SCOPES = CALENDAR_SCOPES | {"openid", "email", "profile", "https://www.googleapis.com/auth/userinfo.email",
                                  "https://www.googleapis.com/auth/tasks",
                                  "https://www.googleapis.com/auth/userinfo.profile"}
LIFETIME = 3599

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class FakeGoogleAccount:
    """One Google account: its calendarList entries (Google's shape; the primary one's id is the
    email) and, per calendar id, its event instances in events.list's shape."""

    email: str
    calendars: list[dict]
    events: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class Logged:
    time: float
    method: str
    url: str
    headers: dict
    body: bytes
    status: int = 0


@dataclass
class _Token:
    account: FakeGoogleAccount
    expires: float
    scopes: set[str]


@dataclass
class _RateLimit:
    path_contains: str
    times: int
    status: int
    reason: str
    retry_after: int | None


def api_error(code: int, message: str, reason: str, status: str, *, item_message: str | None = None,
              domain: str = "global", **where: str) -> dict:
    """Google's JSON error shape (Calendar API v3); ``where`` adds location/locationType."""
    item = {"message": item_message or message, "domain": domain, "reason": reason, **where}
    return {"error": {"code": code, "message": message, "errors": [item], "status": status}}


UNAUTHENTICATED = api_error(
    401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
         "other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    "authError", "UNAUTHENTICATED", item_message="Invalid Credentials", location="Authorization",
    locationType="header")


class FakeGoogle:
    def __init__(self, client_id: str, redirect_uris: list[str], accounts: list[FakeGoogleAccount], *,
                 page_size: int | None = None, calendar_page_size: int | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        """``page_size`` / ``calendar_page_size`` cap pages below what the client asks for, so
        paging is exercised with few items (Google may also return fewer than maxResults)."""
        self.client_id = client_id
        self.redirect_uris = list(redirect_uris)
        self.accounts = accounts
        self.page_size = page_size
        self.calendar_page_size = calendar_page_size
        self.clock = clock
        self.signed_in_as: str | None = accounts[0].email if accounts else None
        self.sessions: set[str] = set()
        self.log: list[Logged] = []
        self._tokens: dict[str, _Token] = {}
        self._denials: list[list] = []
        self._granted_override: str | None = None
        self._rate_limits: list[_RateLimit] = []
        self.tasks = None  # a FakeGoogleTasks: every token issued here is valid there too

    def with_tasks(self, tasks) -> FakeGoogle:
        """Google Tasks beside the calendar: tokens issued here are honoured there, scopes and all."""
        self.tasks = tasks
        return self

    # -- set-up -------------------------------------------------------------------------------

    def install(self, context) -> None:
        """Answer accounts.google.com and www.googleapis.com for every page of ``context``."""
        context.route(f"{ACCOUNTS}/**", self._route)
        context.route(f"{APIS}/**", self._route)
        if self.tasks is not None:
            context.route(f"{TASKS}/**", self._route_tasks)

    def _route_tasks(self, route) -> None:
        request = route.request
        status, headers, body = self.tasks.answer(request.method, request.url, request.all_headers(),
                                                  request.post_data_buffer or b"")
        route.fulfill(status=status, headers=headers, body=body)

    def _route(self, route) -> None:
        request = route.request
        try:
            headers = request.all_headers()
        except Exception:  # noqa: BLE001 - older Playwright, or a request that is gone
            headers = dict(request.headers)
        status, answer_headers, body = self.answer(request.method, request.url, headers,
                                                   request.post_data_buffer or b"")
        route.fulfill(status=status, headers=answer_headers, body=body)

    def deny(self, *, error: str = "access_denied", times: int = 1) -> None:
        """The next authorizations redirect back with ``#error=<error>&state=…`` (user said no)."""
        self._denials.append([error, times])

    def grant_only(self, scope: str) -> None:
        """The next consent grants just ``scope`` (the user unticked calendar access)."""
        self._granted_override = scope

    def expire_tokens(self) -> None:
        """Every issued access token is now past its hour."""
        for value, token in self._tokens.items():
            token.expires = 0
            if self.tasks is not None:
                self.tasks.grant(value, token.account.email, token.scopes, expires=0)

    def rate_limit(self, *, times: int = 1, path_contains: str = "", status: int = 403,
                   reason: str = "rateLimitExceeded", retry_after: int | None = None) -> None:
        """The next ``times`` API calls whose URL contains ``path_contains`` are refused as
        rate limited (403 rateLimitExceeded by default; 429 and userRateLimitExceeded also occur)."""
        self._rate_limits.append(_RateLimit(path_contains, times, status, reason, retry_after))

    def issue_token(self, email: str, scope: str = "https://www.googleapis.com/auth/calendar.readonly") -> str:
        """A valid token for ``email`` without going through the consent screen."""
        account = next(a for a in self.accounts if a.email == email)
        token = "ya29." + secrets.token_urlsafe(40)
        self._tokens[token] = _Token(account, self.clock() + LIFETIME, set(scope.split()))
        if self.tasks is not None:
            self.tasks.grant(token, account.email, scope.split(), expires=self.clock() + LIFETIME)
        return token

    # -- what the app asked for -------------------------------------------------------------

    def authorize_requests(self) -> list[dict]:
        return [{k: v[0] for k, v in parse_qs(urlsplit(e.url).query).items()}
                for e in self.log if e.url.startswith(ACCOUNTS + AUTH_PATH)]

    def api_requests(self) -> list[Logged]:
        return [e for e in self.log if e.url.startswith(APIS) and e.method != "OPTIONS"]

    # -- the answers --------------------------------------------------------------------------

    def answer(self, method: str, url: str, headers: Mapping[str, str], body: bytes = b"") -> Answer:
        """Google's answer to one request (and log it). Header names are matched case-insensitively."""
        headers = {k.lower(): v for k, v in headers.items()}
        entry = Logged(self.clock(), method, url, headers, body)
        self.log.append(entry)
        if url.startswith(ACCOUNTS + "/"):
            status, out, payload = self._accounts(method, url)
        elif url.startswith(APIS + "/"):
            status, out, payload = self._api(method, url, headers)
        else:
            status, out, payload = 404, {"Content-Type": "text/plain"}, b"not faked"
        entry.status = status
        return status, out, payload

    # authorization endpoint ------------------------------------------------------------------

    def _accounts(self, method: str, url: str) -> Answer:
        parts = urlsplit(url)
        if parts.path != AUTH_PATH or method != "GET":
            return _page(404, "Error 404 (Not Found)", "The requested URL was not found on this server.")
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if q.get("client_id") != self.client_id:
            return _page(401, "Error 401: invalid_client", "The OAuth client was not found.",
                         heading="Access blocked: Authorization Error")
        redirect = q.get("redirect_uri", "")
        if redirect not in self.redirect_uris:
            return _page(400, "Error 400: redirect_uri_mismatch",
                         "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 "
                         f"policy. If you're the app developer, register the redirect URI in the Google Cloud "
                         f"Console. Request details: redirect_uri={redirect}",
                         heading="Access blocked: This app's request is invalid")
        if q.get("response_type") != "token":
            return _page(400, "Error 400: invalid_request",
                         f"Invalid response_type: {q.get('response_type', '(missing)')}. This fake answers "
                         "the client-side (token) flow only.")
        scopes = q.get("scope", "").split()
        if not scopes:
            return _page(400, "Error 400: invalid_request", "Missing required parameter: scope")
        unknown = [s for s in scopes if s not in KNOWN_SCOPES]
        if unknown:
            return _page(400, "Error 400: invalid_scope", f"Some requested scopes were invalid: {unknown}")
        state = q.get("state")

        def back(values: dict) -> Answer:
            if state is not None:
                values["state"] = state
            return 302, {"Location": f"{redirect}#{urlencode(values, quote_via=quote)}"}, b""

        for denial in self._denials:
            if denial[1] > 0:
                denial[1] -= 1
                return back({"error": denial[0]})
        account = next((a for a in self.accounts if a.email == q.get("login_hint")), None) or next(
            (a for a in self.accounts if a.email == self.signed_in_as), None)
        if account is None:
            return _page(400, "Error 400: invalid_request", "No account to sign in with.")
        if q.get("prompt") == "none" and account.email not in self.sessions:
            return back({"error": "login_required"})
        self.sessions.add(account.email)
        granted = self._granted_override if self._granted_override is not None else " ".join(scopes)
        self._granted_override = None
        token = self.issue_token(account.email, granted)
        return back({"access_token": token, "token_type": "Bearer", "expires_in": str(LIFETIME),
                     "scope": granted, "authuser": "0", "prompt": q.get("prompt") or "consent"})

    # Calendar API ---------------------------------------------------------------------------

    def _api(self, method: str, url: str, headers: dict) -> Answer:
        cors = _cors(headers)
        if method == "OPTIONS":
            return 200, {**cors, "Access-Control-Allow-Methods": "DELETE,GET,HEAD,PATCH,POST,PUT",
                         "Access-Control-Allow-Headers": headers.get("access-control-request-headers", ""),
                         "Access-Control-Max-Age": "3600", "Content-Type": "text/html; charset=UTF-8"}, b""

        def json_answer(status: int, payload: dict, extra: dict | None = None) -> Answer:
            return status, {**cors, "Content-Type": "application/json; charset=UTF-8",
                            "Cache-Control": "private, max-age=0, must-revalidate, no-transform",
                            **(extra or {})}, json.dumps(payload).encode()

        authorization = headers.get("authorization", "")
        if not authorization.startswith("Bearer "):
            return json_answer(401, api_error(
                401, "Request is missing required authentication credential. Expected OAuth 2 access token, "
                     "login cookie or other valid authentication credential.", "required", "UNAUTHENTICATED",
                item_message="Login Required.", location="Authorization", locationType="header"))
        token = self._tokens.get(authorization.removeprefix("Bearer "))
        if token is None or token.expires <= self.clock():
            return json_answer(401, UNAUTHENTICATED, {
                "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'})
        if not token.scopes & CALENDAR_SCOPES:
            return json_answer(403, api_error(403, "Request had insufficient authentication scopes.",
                                              "insufficientPermissions", "PERMISSION_DENIED",
                                              item_message="Insufficient Permission"))
        for limit in self._rate_limits:
            if limit.times > 0 and limit.path_contains in url:
                limit.times -= 1
                extra = {}
                if limit.retry_after is not None:
                    extra = {"Retry-After": str(limit.retry_after), "Access-Control-Expose-Headers": "Retry-After"}
                status_word = "RESOURCE_EXHAUSTED" if limit.status == 429 else "PERMISSION_DENIED"
                words = "User Rate Limit Exceeded" if limit.reason == "userRateLimitExceeded" else "Rate Limit Exceeded"
                return json_answer(limit.status, api_error(limit.status, words, limit.reason, status_word,
                                                           domain="usageLimits"), extra)
        if method != "GET":
            return json_answer(403, api_error(403, "Insufficient Permission: this token is read-only.",
                                              "insufficientPermissions", "PERMISSION_DENIED"))
        parts = urlsplit(url)
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        segments = [unquote(s) for s in parts.path.split("/")[1:]]
        if segments == ["calendar", "v3", "users", "me", "calendarList"]:
            return json_answer(*self._calendar_list(token.account, q))
        if len(segments) == 5 and segments[:3] == ["calendar", "v3", "calendars"] and segments[4] == "events":
            return json_answer(*self._events(token.account, segments[3], q))
        return json_answer(404, api_error(404, "Not Found", "notFound", "NOT_FOUND"))

    def _calendar_list(self, account: FakeGoogleAccount, q: dict) -> tuple[int, dict]:
        entries = [c for c in account.calendars if q.get("showHidden") == "true" or not c.get("hidden")]
        try:
            size = min(int(q.get("maxResults", 100)), 250, self.calendar_page_size or 250)
            offset = _offset(q.get("pageToken"))
        except ValueError:
            return 400, api_error(400, "Invalid Value", "invalid", "INVALID_ARGUMENT")
        items = [{"kind": "calendar#calendarListEntry", "etag": f'"{1709543400000000 + offset + i}"', **c}
                 for i, c in enumerate(entries[offset:offset + size])]
        payload = {"kind": "calendar#calendarList", "etag": '"p32ofplf5q6gf80o"', "items": items}
        if offset + size < len(entries):
            payload["nextPageToken"] = _page_token(offset + size)
        else:
            payload["nextSyncToken"] = "CKCr8qWc0oQDEhdmYWtlQGV4YW1wbGUuY29t"
        return 200, payload

    def _events(self, account: FakeGoogleAccount, calendar_id: str, q: dict) -> tuple[int, dict]:
        calendar = next((c for c in account.calendars if c["id"] == calendar_id), None)
        if calendar is None:
            return 404, api_error(404, "Not Found", "notFound", "NOT_FOUND")
        if q.get("orderBy") == "startTime" and q.get("singleEvents") != "true":
            return 400, api_error(400, "The requested ordering is not available for the particular query.",
                                  "invalid", "INVALID_ARGUMENT", location="orderBy", locationType="parameter")
        zone = ZoneInfo(calendar.get("timeZone") or "UTC")
        try:
            low = _rfc3339(q["timeMin"]) if "timeMin" in q else None
            high = _rfc3339(q["timeMax"]) if "timeMax" in q else None
            size = min(int(q.get("maxResults", 250)), 2500, self.page_size or 2500)
            offset = _offset(q.get("pageToken"))
        except (ValueError, KeyError):
            return 400, api_error(400, "Bad Request", "badRequest", "INVALID_ARGUMENT")
        if size < 1:
            return 400, api_error(400, "Invalid value for maxResults", "invalid", "INVALID_ARGUMENT")
        if low and high and high <= low:
            return 400, api_error(400, "The specified time range is empty.", "timeRangeEmpty",
                                  "INVALID_ARGUMENT", location="timeMax", locationType="parameter")
        matching = [e for e in account.events.get(calendar_id, [])
                    if (q.get("showDeleted") == "true" or e.get("status") != "cancelled")
                    and (low is None or _instant(e.get("end") or e.get("originalStartTime"), zone) > low)
                    and (high is None or _instant(e.get("start") or e.get("originalStartTime"), zone) < high)]
        if q.get("orderBy") == "startTime":
            matching.sort(key=lambda e: _instant(e.get("start") or e.get("originalStartTime"), zone))
        page = [{"kind": "calendar#event", **e} for e in matching[offset:offset + size]]
        payload = {"kind": "calendar#events", "etag": '"p33cb9nvpbr6ge0o"',
                   "summary": calendar.get("summary", calendar_id), "description": "",
                   "updated": "2026-03-01T17:02:11.318Z", "timeZone": str(zone),
                   "accessRole": calendar.get("accessRole", "reader"), "defaultReminders": [], "items": page}
        if offset + size < len(matching):
            payload["nextPageToken"] = _page_token(offset + size)
        else:
            payload["nextSyncToken"] = "CPDAlvWDx70CEPDAlvWDx70CGAU="
        return 200, payload


def _cors(headers: dict) -> dict:
    """Google echoes the Origin (no '*') and varies on it."""
    out = {"Vary": "Origin, X-Origin, Referer"}
    if headers.get("origin"):
        out["Access-Control-Allow-Origin"] = headers["origin"]
    return out


def _page(status: int, title: str, detail: str, heading: str = "Sign in with Google") -> Answer:
    """Google's HTML error page: shown in the window, never redirected back to the app."""
    html = (f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)}</title>"
            f"<h1>{escape(heading)}</h1><p><b>{escape(title)}</b></p><p>{escape(detail)}</p></html>")
    return status, {"Content-Type": "text/html; charset=utf-8"}, html.encode()


def _page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()


def _offset(token: str | None) -> int:
    if not token:
        return 0
    try:
        return int(json.loads(base64.urlsafe_b64decode(token.encode()))["o"])
    except Exception as error:  # noqa: BLE001 - any malformed token is Google's 400
        raise ValueError(token) from error


def _rfc3339(text: str) -> datetime:
    """Google requires the offset ('Z' or ±hh:mm) in timeMin/timeMax."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(text)
    return moment


def _instant(value: dict | None, zone: ZoneInfo) -> datetime:
    """When an event time is, as an aware datetime; all-day dates start at midnight in the
    calendar's zone (that is how Google compares them with timeMin/timeMax)."""
    if not value:
        return datetime.min.replace(tzinfo=timezone.utc)
    if value.get("date"):
        return datetime.combine(date.fromisoformat(value["date"]), clock_time(), zone)
    moment = datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(value.get("timeZone") or str(zone)))
