"""A fake Microsoft Graph (v1.0: calendars read-only, To Do read-write), faithful to what Daypane relies on.

Facts it follows are in docs/facts/graph.md:
- bearer tokens: an unknown or expired access token gets 401 `InvalidAuthenticationToken`
  (for a `$batch` too: the POST itself is refused);
- `GET /me`, `GET /me/calendars` (honours `$select`);
- `GET /me/calendars/{id}/calendarView?startDateTime&endDateTime` (both required, else 400): the
  events overlapping the window, sorted by start, times in the zone of
  `Prefer: outlook.timezone="…"` (UTC without it; all-day events are not converted), `$select`
  (plus `id` and `@odata.etag`), pages of min(`$top` (default 10), `odata.maxpagesize`, the
  server's ``page_size``) chained by `@odata.nextLink` (a `$skiptoken`);
- `POST /$batch`: at most 20 requests (else 400), each answered with its own status, headers and
  body;
- throttling on demand: 429 (or 503) with `Retry-After`, for a request or a batch item;
- 404 `ErrorItemNotFound` for a calendar it does not know;
- Microsoft To Do under `/me/todo` (GET, POST, PATCH, DELETE; GET only inside a `$batch`): the fake of
  tests/support/fakes/todo.py, one per mailbox (``graph.todo(mailbox)`` seeds and inspects it). A
  token carries the scopes it was granted for: `/me/todo` needs `Tasks.ReadWrite` (or `Tasks.Read`
  to read), else 403 `ErrorAccessDenied`, as Graph answers a token without the permission. Calendar
  paths do not check scopes (every token the app gets carries `Calendars.Read`).

It answers as a plain function, ``answer(method, url, headers, body) -> GraphAnswer``, so it is used
both from CPython through the core's MockTransport (``MockTransport(fake)``: unit tests, the Graph
bench) and from Playwright routing (``tests/support/fakes/microsoft.py`` puts CORS around it).
A mailbox is any object with ``oid``, ``name``, ``username``, ``calendars`` (Graph calendar dicts)
and ``events`` (calendar id -> Graph event dicts, occurrences as calendarView returns them); its To Do
is the mailbox's ``todo`` attribute when that is a FakeTodo, else one the fake keeps by ``oid``.
"""

from __future__ import annotations

import base64
import json
import math
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Mapping
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from tests.support.fakes.todo import FakeTodo

GRAPH = "https://graph.microsoft.com/v1.0"
MAX_BATCH = 20
DEFAULT_TOP = 10  # Graph's page size when the request names none


@dataclass
class Mailbox:
    """The simplest mailbox: one user's calendars and their events."""

    oid: str = "00000000-0000-0000-0000-000000000001"
    name: str = "Test User"
    username: str = "user@contoso.com"
    calendars: list[dict] = field(default_factory=list)
    events: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class GraphAnswer:
    status: int
    headers: dict[str, str]
    body: dict | None  # None: no body at all (204)
    sub_requests: list[dict] = field(default_factory=list)  # a $batch's requests, as sent
    throttled: bool = False  # this answer (or one of its batch items) is a 429/503

    def bytes(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body).encode()


@dataclass
class _Throttle:
    path_contains: str
    retry_after: int | None
    times: int
    status: int


@dataclass
class _Grant:
    mailbox: Any
    expires: float
    scopes: frozenset[str]


def error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


DENIED = error("ErrorAccessDenied", "Access is denied. Check credentials and try again.")


class FakeGraph:
    def __init__(self, *, page_size: int = 50, clock: Callable[[], float] = time.time) -> None:
        self.page_size = page_size
        self.clock = clock
        self._tokens: dict[str, _Grant] = {}  # access token -> what it grants
        self._throttles: list[_Throttle] = []
        self._todos: dict[str, FakeTodo] = {}  # mailbox oid -> its To Do

    # -- set-up -------------------------------------------------------------------------------

    def grant(self, token: str, mailbox, expires: float = math.inf,
              scopes=("Calendars.Read", "User.Read")) -> None:
        """Accept ``token`` for ``mailbox`` until ``expires`` (seconds on ``clock``), with ``scopes``
        (short names, as in an access token's ``scp``)."""
        self._tokens[token] = _Grant(mailbox, expires, frozenset(scopes))

    def expire_tokens(self) -> None:
        for grant in self._tokens.values():
            grant.expires = 0

    def todo(self, mailbox) -> FakeTodo:
        """The To Do of ``mailbox`` (a Mailbox, a FakeAccount: anything with ``oid``), created empty
        on first use; tests seed and inspect it."""
        own = getattr(mailbox, "todo", None)
        if isinstance(own, FakeTodo):
            return own
        return self._todos.setdefault(mailbox.oid, FakeTodo(self.clock))

    def throttle(self, path_contains: str, *, retry_after: int | None, times: int = 1,
                 status: int = 429) -> None:
        """The next ``times`` requests (or batch items) whose path contains ``path_contains`` are
        answered ``status`` with ``Retry-After: retry_after`` (none when None)."""
        self._throttles.append(_Throttle(path_contains, retry_after, times, status))

    # -- answering ------------------------------------------------------------------------------

    def __call__(self, request):
        """The core's MockTransport handler: a daypane.core.http Request -> Response."""
        from daypane.core.http import Response

        answer = self.answer(request.method, request.url, dict(request.headers), request.body or b"")
        headers = {"Content-Type": "application/json", **answer.headers} if answer.body is not None else answer.headers
        return Response(answer.status, tuple(headers.items()), answer.bytes())

    def answer(self, method: str, url: str, headers: Mapping[str, str], body: bytes | str = b"") -> GraphAnswer:
        headers = {k.lower(): v for k, v in headers.items()}
        grant = self._grant(headers.get("authorization", ""))
        if grant is None:
            return GraphAnswer(401, {}, error("InvalidAuthenticationToken",
                                              "Access token has expired or is not yet valid."))
        path = url[len(GRAPH):] if url.startswith(GRAPH) else urlsplit(url).path
        if path == "/$batch" and method == "POST":
            return self._batch(grant, json.loads(body or b"{}").get("requests", []))
        if _is_todo(path):
            return self._todo(grant, method, path, headers, body)
        if method != "GET":
            return GraphAnswer(405, {}, error("MethodNotAllowed", "Calendars are read-only here: GET and $batch only."))
        return self._get(grant.mailbox, path, headers)

    def _grant(self, authorization: str) -> _Grant | None:
        known = self._tokens.get(authorization.removeprefix("Bearer ").strip())
        if known is None or known.expires <= self.clock():
            return None
        return known

    def _batch(self, grant: _Grant, items: list[dict]) -> GraphAnswer:
        if len(items) > MAX_BATCH:
            return GraphAnswer(400, {}, error("BadRequest", "Too many requests in the batch."), items)
        responses = []
        throttled = False
        for item in items:
            if item.get("method", "GET").upper() != "GET":
                inner = GraphAnswer(405, {}, error("MethodNotAllowed", "Read-only fake."))
            else:
                item_headers = {k.lower(): v for k, v in (item.get("headers") or {}).items()}
                inner = (self._todo(grant, "GET", item["url"], item_headers, b"") if _is_todo(item["url"])
                         else self._get(grant.mailbox, item["url"], item_headers))
            throttled |= inner.throttled
            responses.append({"id": item["id"], "status": inner.status, "headers": inner.headers,
                              "body": inner.body})
        return GraphAnswer(200, {}, {"responses": responses}, items, throttled)

    def _throttled(self, path: str) -> GraphAnswer | None:
        for throttle in self._throttles:
            if throttle.times > 0 and throttle.path_contains in path:
                throttle.times -= 1
                extra = {"Retry-After": str(throttle.retry_after)} if throttle.retry_after is not None else {}
                return GraphAnswer(throttle.status, extra, error(
                    "TooManyRequests", "Application is over its MailboxConcurrency limit."), throttled=True)
        return None

    def _todo(self, grant: _Grant, method: str, path: str, headers: dict, body) -> GraphAnswer:
        throttled = self._throttled(path)
        if throttled:
            return throttled
        needed = {"Tasks.ReadWrite", "Tasks.Read"} if method == "GET" else {"Tasks.ReadWrite"}
        if not needed & grant.scopes:
            return GraphAnswer(403, {}, DENIED)
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        segments = [unquote(s) for s in parts.path.split("/") if s][2:]  # after /me/todo
        maxpagesize = _preference(headers.get("prefer", ""), "odata.maxpagesize")
        limit = min(self.page_size, int(maxpagesize)) if maxpagesize.isdigit() else self.page_size
        status, extra, answer = self.todo(grant.mailbox).answer(method, segments, query, headers, body,
                                                                page_limit=limit)
        return GraphAnswer(status, extra, answer)

    def _get(self, mailbox, path: str, headers: dict) -> GraphAnswer:
        throttled = self._throttled(path)
        if throttled:
            return throttled
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        segments = [s for s in parts.path.split("/") if s]
        if segments == ["me"]:
            return GraphAnswer(200, {}, {"id": mailbox.oid, "displayName": mailbox.name,
                                         "userPrincipalName": mailbox.username, "mail": mailbox.username})
        if segments == ["me", "calendars"]:
            return GraphAnswer(200, {}, {"value": [_select(c, query.get("$select")) for c in mailbox.calendars]})
        if len(segments) == 4 and segments[:2] == ["me", "calendars"] and segments[3] == "calendarView":
            return self._calendar_view(mailbox, unquote(segments[2]), query, headers.get("prefer", ""))
        return GraphAnswer(404, {}, error("ResourceNotFound", f"{path} is not faked."))

    def _calendar_view(self, mailbox, calendar_id: str, query: dict, prefer: str) -> GraphAnswer:
        if calendar_id not in mailbox.events and calendar_id not in {c["id"] for c in mailbox.calendars}:
            return GraphAnswer(404, {}, error("ErrorItemNotFound", "The calendar was not found."))
        if "startDateTime" not in query or "endDateTime" not in query:
            return GraphAnswer(400, {}, error(
                "ErrorInvalidParameter", "This request requires a time window specified by the query "
                                         "string parameters StartDateTime and EndDateTime."))
        start, end = _parse_time(query["startDateTime"]), _parse_time(query["endDateTime"])
        zone = _preference(prefer, "outlook.timezone") or "UTC"
        matching = [e for e in mailbox.events.get(calendar_id, [])
                    if _utc(e["start"]) < end and _utc(e["end"]) > start]
        matching.sort(key=lambda e: _utc(e["start"]))
        sizes = [int(query.get("$top", DEFAULT_TOP)), self.page_size]
        if _preference(prefer, "odata.maxpagesize"):
            sizes.append(int(_preference(prefer, "odata.maxpagesize")))
        size = max(1, min(sizes))
        skip = int(query.get("$skiptoken", 0))
        page = [_shape(e, zone, query.get("$select")) for e in matching[skip:skip + size]]
        body = {"@odata.context": f"{GRAPH}/$metadata#users('{mailbox.oid}')/calendars('{calendar_id}')/calendarView",
                "value": page}
        if skip + size < len(matching):
            rest = {k: v for k, v in query.items() if k != "$skiptoken"}
            rest["$skiptoken"] = str(skip + size)
            body["@odata.nextLink"] = (f"{GRAPH}/me/calendars/{quote(calendar_id, safe='')}/calendarView?"
                                       + urlencode(rest))
        return GraphAnswer(200, {"Preference-Applied": f'outlook.timezone="{zone}"'}, body)


def _is_todo(path: str) -> bool:
    path = path[len(GRAPH):] if path.startswith(GRAPH) else path
    path = urlsplit(path).path
    return path == "/me/todo" or path.startswith("/me/todo/")


def _preference(prefer: str, name: str) -> str:
    """The value of one preference in a Prefer header ("" when absent), quotes removed."""
    for item in prefer.split(","):
        key, _eq, value = item.strip().partition("=")
        if key.strip().lower() == name:
            return value.strip().strip('"')
    return ""


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _zone_of(name: str):
    return timezone.utc if name in ("UTC", "") else ZoneInfo(name)


def _utc(value: dict) -> datetime:
    text = value["dateTime"].split(".")[0]
    return datetime.fromisoformat(text).replace(tzinfo=_zone_of(value.get("timeZone", "UTC"))).astimezone(timezone.utc)


def _select(item: dict, select: str | None) -> dict:
    if not select:
        return item
    wanted = set(select.split(",")) | {"id"}
    return {k: v for k, v in item.items() if k in wanted}


def _shape(event: dict, zone: str, select: str | None) -> dict:
    shaped = json.loads(json.dumps(event))
    if not event.get("isAllDay"):  # all-day events are not converted
        for key in ("start", "end"):
            local = _utc(event[key]).astimezone(_zone_of(zone))
            shaped[key] = {"dateTime": local.replace(tzinfo=None).isoformat() + ".0000000", "timeZone": zone}
    shaped = _select(shaped, select)
    shaped["@odata.etag"] = 'W/"' + base64.urlsafe_b64encode(event.get("id", "").encode()).rstrip(b"=").decode() + '"'
    return shaped
