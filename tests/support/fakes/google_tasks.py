"""A fake Google Tasks API v1, faithful to what Google documents and does, so the task source's
real requests are tested against Google's shapes and rules without Google.

- Tokens as in the Calendar fake (fakes/google.py): none, unknown or expired -> 401, no Tasks
  scope -> 403 insufficientPermissions; tasks.readonly may only read.
- `GET /users/@me/lists[/{list}]`; `GET /lists/{list}/tasks`: maxResults (20, at most 100),
  pageToken, showCompleted (default true), showHidden (default false), showDeleted (default
  false), updatedMin (at or after), dueMin (inclusive), dueMax (exclusive); each parent followed
  by its sub-tasks, siblings by position. `@default` is the account's first list, as at Google.
- get, insert (`?parent=&previous=`; without previous, first among its siblings), patch, update
  (PUT: writable fields left out are cleared), delete, clear (completed tasks become hidden).
- Every write sets `updated` (the clock, to the millisecond) and a new etag; If-Match with another
  etag -> 412. status "completed" sets `completed` (one sent with it is kept: Google's reference
  marks `completed` writable, unlike hidden/links/parent/position; else now); "needsAction"
  removes it and un-hides. `due` keeps only its date, at T00:00:00.000Z. Read-only fields in a
  body are ignored; an unknown field is Google's 400 (so a misspelt field cannot pass).
- Delete leaves a tombstone (`deleted: true`, with its sub-tasks), listed with showDeleted=true,
  still answered by get. Filters apply each on its own: a hidden tombstone needs showHidden too.
- Empty fields are left out, as in Google's JSON: no "notes": "", no "items" on an empty page.

``answer(method, url, headers, body) -> (status, headers, bytes)`` is FakeGoogle's shape (for
Playwright routing); ``__call__`` serves MockTransport. Ids and etags are Google-like, deterministic.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Callable, Iterable, Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from tests.support.fakes.google import UNAUTHENTICATED, Answer, _cors, _offset, _page_token, _rfc3339, api_error

HOST = "https://tasks.googleapis.com"
API = f"{HOST}/tasks/v1"
SELF = "https://www.googleapis.com/tasks/v1"  # Google's selfLinks still name the old host
TASKS_SCOPE = "https://www.googleapis.com/auth/tasks"
READONLY_SCOPE = "https://www.googleapis.com/auth/tasks.readonly"
USER = "09876543210987654321"  # list ids are base64 of "<user>:0:<n>"
TITLE_MAX, NOTES_MAX = 1024, 8192
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
WRITABLE = frozenset({"title", "notes", "status", "due", "completed", "deleted"})
READ_ONLY = frozenset({"parent", "hidden", "links"})  # ignored in a request; test helpers may set them
OUTPUT_ONLY = frozenset({"kind", "id", "etag", "selfLink", "position", "webViewLink", "updated", "assignmentInfo"})
INSUFFICIENT = api_error(403, "Request had insufficient authentication scopes.", "insufficientPermissions",
                         "PERMISSION_DENIED", item_message="Insufficient Permission")
MISSING = api_error(401, "Request is missing required authentication credential. Expected OAuth 2 access token, "
                         "login cookie or other valid authentication credential.", "required", "UNAUTHENTICATED",
                    item_message="Login Required.", location="Authorization", locationType="header")
NOT_FOUND = api_error(404, "Not Found", "notFound", "NOT_FOUND")
PRECONDITION = api_error(412, "Precondition Failed", "conditionNotMet", "FAILED_PRECONDITION")


class _Invalid(ValueError):
    """A request Google refuses with 400 (the message is Google's)."""


@dataclass
class _Task:
    id: str
    etag: str
    updated: int  # milliseconds since 1970, as Google keeps it
    fields: dict  # title, notes, status, due, completed, hidden, deleted, parent, links: as answered


@dataclass
class _List:
    id: str
    title: str
    etag: str
    updated: int
    tasks: list[_Task] = field(default_factory=list)  # a task's position: its index among its siblings


class FakeGoogleTasks:
    def __init__(self, account: str = "alex.martin@example.com", *, clock: Callable[[], float] = time.time) -> None:
        """``account`` is whose lists the test helpers change unless told another."""
        self.account = account
        self.clock = clock
        self.requests: list[tuple[str, str]] = []
        self._lists: dict[str, list[_List]] = {}
        self._tokens: dict[str, tuple[str, frozenset[str], float]] = {}
        self._serial = 0

    # -- set-up (what the test, or another client, does) -------------------------------------------

    def grant(self, token: str, account: str, scopes: Iterable[str] | str = (TASKS_SCOPE,),
              expires: float = math.inf) -> None:
        """Accept ``token`` for ``account`` with ``scopes`` until ``expires`` (seconds on ``clock``)."""
        scopes = scopes.split() if isinstance(scopes, str) else scopes
        self._tokens[token] = (account, frozenset(scopes), expires)

    def add_list(self, title: str, account: str | None = None) -> str:
        """A new list; an account's first is its default list (Google's "My Tasks")."""
        lists = self._lists.setdefault(account or self.account, [])
        number = 0 if not lists else 1_000_000_000 + self._next()
        list_id = _b64(f"{USER}:0:{number}")
        lists.append(_List(list_id, title, self._etag(list_id), self._now()))
        return list_id

    def add_task(self, list_id: str, **fields) -> dict:
        """A task appended at the end of its siblings, as answered. ``fields`` are Google's
        (output-only ones such as kind or etag are ignored, so a fixture item can be given); an
        ``id`` keeps that id, and read-only ones (parent, hidden, links, deleted) are set as given."""
        task_list = self._find_list(list_id)
        task_id = fields.pop("id", None) or self._task_id()
        task = _Task(task_id, "", 0, {"title": "", "status": "needsAction"})
        self._write(task, fields, editor=True)
        task_list.tasks.append(task)
        return self._render(task_list, task)

    def edit_task(self, list_id: str, task_id: str, **fields) -> dict:
        """Another client changes a task (read-only fields included, as Google's own apps can)."""
        self._write(self._find(list_id, task_id), fields, editor=True)
        return self.task(list_id, task_id)

    def hide_completed(self, list_id: str) -> None:
        """What "clear completed" does in Google's app (and tasks.clear): completed tasks hidden."""
        task_list = self._find_list(list_id)
        for task in task_list.tasks:
            if task.fields.get("status") == "completed" and not task.fields.get("hidden"):
                self._write(task, {"hidden": True}, editor=True)

    def task(self, list_id: str, task_id: str) -> dict:
        """A task as Google would answer it (tombstones too), for assertions."""
        return self._render(self._find_list(list_id), self._find(list_id, task_id))

    def tasks(self, list_id: str) -> list[dict]:
        """Every task of a list as Google would answer it (tombstones too), for assertions."""
        task_list = self._find_list(list_id)
        return [self._render(task_list, task) for task in task_list.tasks]

    # -- answering -------------------------------------------------------------------------------

    def __call__(self, request):
        """The core's MockTransport handler: a daypane.core.http Request -> Response."""
        from daypane.core.http import Response

        status, headers, body = self.answer(request.method, request.url, dict(request.headers), request.body or b"")
        return Response(status, tuple(headers.items()), body)

    def answer(self, method: str, url: str, headers: Mapping[str, str], body: bytes | str = b"") -> Answer:
        """Google's answer to one request (logged in ``requests``); header names in any case."""
        self.requests.append((method, url))
        headers = {k.lower(): v for k, v in headers.items()}
        cors = _cors(headers)
        if method == "OPTIONS":
            return 200, {**cors, "Access-Control-Allow-Methods": "DELETE,GET,HEAD,PATCH,POST,PUT",
                         "Access-Control-Allow-Headers": headers.get("access-control-request-headers", ""),
                         "Access-Control-Max-Age": "3600", "Content-Type": "text/html; charset=UTF-8"}, b""
        status, payload, extra = self._answer(method, url, headers, body)
        if payload is None:
            return status, cors, b""
        return status, {**cors, "Content-Type": "application/json; charset=UTF-8",
                        "Cache-Control": "private, max-age=0, must-revalidate, no-transform",
                        **extra}, json.dumps(payload).encode()

    def _answer(self, method: str, url: str, headers: dict, body) -> tuple[int, dict | None, dict]:
        authorization = headers.get("authorization", "")
        if not authorization.startswith("Bearer "):
            return 401, MISSING, {}
        account, scopes, expires = self._tokens.get(authorization.removeprefix("Bearer "), ("", frozenset(), 0))
        if expires <= self.clock():
            return 401, UNAUTHENTICATED, {
                "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'}
        if TASKS_SCOPE not in scopes and (method != "GET" or READONLY_SCOPE not in scopes):
            return 403, INSUFFICIENT, {}
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != HOST or not parts.path.startswith("/tasks/v1/"):
            return 404, NOT_FOUND, {}
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = [unquote(s) for s in parts.path.removeprefix("/tasks/v1/").split("/")]
        lists = self._lists.setdefault(account, [])
        try:
            return (*self._dispatch(method, path, q, headers, body, lists), {})
        except _Invalid as error:
            return 400, api_error(400, str(error), "invalid", "INVALID_ARGUMENT"), {}

    def _dispatch(self, method, path, q, headers, body, lists) -> tuple[int, dict | None]:
        if path[:3] == ["users", "@me", "lists"] and method == "GET":
            if len(path) == 3:
                return 200, _page("tasks#taskLists", [self._render_list(one) for one in lists], q)
            found = next((one for one in lists if one.id == path[3]), None) if len(path) == 4 else None
            return (200, self._render_list(found)) if found else (404, NOT_FOUND)
        task_list = (lists[0] if lists and path[1] == "@default" else next(
            (one for one in lists if one.id == path[1]), None)) if len(path) > 2 and path[0] == "lists" else None
        if task_list is None:
            return 404, NOT_FOUND
        rest = path[2:]
        if rest == ["clear"] and method == "POST":
            self.hide_completed(task_list.id)
            return 204, None
        if rest == ["tasks"] and method == "GET":
            return 200, _page("tasks#tasks", [self._render(task_list, t) for t in self._listed(task_list, q)], q)
        if rest == ["tasks"] and method == "POST":
            return 200, self._insert(task_list, q, _json(body))
        task = next((t for t in task_list.tasks if t.id == rest[1]), None) if len(rest) == 2 else None
        if task is None or rest[0] != "tasks" or method not in ("GET", "PATCH", "PUT", "DELETE"):
            return 404, NOT_FOUND
        if method != "GET" and headers.get("if-match", "*").strip() not in ("*", task.etag):
            return 412, PRECONDITION
        if method == "DELETE":
            self._delete(task_list, task)
            return 204, None
        if method in ("PATCH", "PUT"):
            self._write(task, _json(body), whole=method == "PUT")
        return 200, self._render(task_list, task)

    # -- what the endpoints do ---------------------------------------------------------------------

    def _listed(self, task_list: _List, q: dict) -> list[_Task]:
        try:
            show = {name: _flag(q, name, name == "showCompleted")
                    for name in ("showCompleted", "showHidden", "showDeleted")}
            bounds = {name: _rfc3339(q[name]) for name in ("updatedMin", "dueMin", "dueMax") if name in q}
        except (KeyError, ValueError) as error:
            raise _Invalid("Invalid Value") from error
        # `updated` is in milliseconds: compare in microseconds, exactly (no float)
        low = (bounds["updatedMin"] - EPOCH) // timedelta(microseconds=1) if "updatedMin" in bounds else -1

        def shown(task: _Task) -> bool:
            f = task.fields
            due = _rfc3339(f["due"]) if f.get("due") else None
            return ((show["showDeleted"] or not f.get("deleted")) and (show["showHidden"] or not f.get("hidden"))
                    and (show["showCompleted"] or f.get("status") != "completed") and task.updated * 1000 >= low
                    and ("dueMin" not in bounds or (due is not None and due >= bounds["dueMin"]))
                    and ("dueMax" not in bounds or (due is not None and due < bounds["dueMax"])))

        return [task for task in _in_order(task_list) if shown(task)]

    def _insert(self, task_list: _List, q: dict, body: dict) -> dict:
        parent, previous = q.get("parent", ""), q.get("previous", "")
        live = {t.id: t for t in task_list.tasks if not t.fields.get("deleted")}
        if parent and parent not in live:
            raise _Invalid("Invalid Value")  # Google's wording for a parent it does not know: unverified
        if previous and (previous not in live or live[previous].fields.get("parent", "") != parent):
            raise _Invalid("Invalid Value")
        task = _Task(self._task_id(), "", 0, {"title": "", "status": "needsAction"})
        self._write(task, body)
        if parent:
            task.fields["parent"] = parent
        first = next((i for i, t in enumerate(task_list.tasks) if t.fields.get("parent", "") == parent),
                     len(task_list.tasks))
        task_list.tasks.insert(task_list.tasks.index(live[previous]) + 1 if previous else first, task)
        return self._render(task_list, task)

    def _delete(self, task_list: _List, task: _Task) -> None:
        """A tombstone, and its sub-tasks' too (they go with it in Google's apps); deleting a
        tombstone again changes nothing."""
        if task.fields.get("deleted"):
            return
        self._write(task, {"deleted": True})
        for child in task_list.tasks:
            if child.fields.get("parent") == task.id and not child.fields.get("deleted"):
                self._delete(task_list, child)

    def _write(self, task: _Task, body, *, whole: bool = False, editor: bool = False) -> None:
        """Apply a request body (``editor``: a test helper, which may also set read-only fields),
        then stamp the change. _Invalid for a value Google refuses, before anything changes."""
        if not isinstance(body, dict):
            raise _Invalid("Invalid JSON payload received.")
        unknown = sorted(set(body) - WRITABLE - READ_ONLY - OUTPUT_ONLY)
        if unknown:  # a test helper's typo is the test's error, not Google's answer
            error = TypeError if editor else _Invalid
            raise error(f'Invalid JSON payload received. Unknown name "{unknown[0]}" at \'task\': Cannot find field.')
        if whole:  # PUT replaces: what is not sent is cleared
            body = {"title": "", "notes": None, "due": None, "status": "needsAction", **body}
        f = dict(task.fields)
        if "title" in body:
            f["title"] = _string(body["title"], "title", TITLE_MAX)
        if "notes" in body:
            f["notes"] = _string(body["notes"], "notes", NOTES_MAX)
        if "due" in body:  # the date as written, in the time's own offset: no conversion
            due = _time(body["due"], "due")
            f["due"] = due and f"{due.date().isoformat()}T00:00:00.000Z"
        status = (body.get("status") or "needsAction") if "status" in body else f.get("status")
        if status not in ("completed", "needsAction"):
            raise _Invalid(f"Invalid value for status: {status}")
        sent = _time(body.get("completed"), "completed")
        if status == "completed" and (sent or f.get("status") != "completed" or not f.get("completed")):
            f["completed"] = _stamp(sent or self._now())
        if status == "needsAction":
            f.pop("completed", None)
            f.pop("hidden", None)
        f["status"] = status
        if "deleted" in body:
            if not isinstance(body["deleted"], bool):
                raise _Invalid("Invalid value for deleted")
            f["deleted"] = body["deleted"]
        if editor:
            f.update({k: body[k] for k in READ_ONLY if k in body})
        task.fields = {k: v for k, v in f.items() if v not in (None, "", False, [])}
        task.fields.setdefault("title", "")
        task.updated, task.etag = self._now(), self._etag(task.id)

    # -- rendering -------------------------------------------------------------------------------

    def _render(self, task_list: _List, task: _Task) -> dict:
        f = task.fields
        out = {"kind": "tasks#task", "id": task.id, "etag": task.etag, "title": f.get("title", ""),
               "updated": _stamp(task.updated), "selfLink": f"{SELF}/lists/{task_list.id}/tasks/{task.id}"}
        if f.get("parent"):
            out["parent"] = f["parent"]
        siblings = [t for t in task_list.tasks if t.fields.get("parent", "") == f.get("parent", "")]
        out["position"] = f"{siblings.index(task):020d}"
        out.update({k: f[k] for k in ("notes", "status", "due", "completed", "deleted", "hidden", "links") if k in f})
        out["webViewLink"] = f"https://tasks.google.com/task/{task.id}?sa=6"
        return out

    def _render_list(self, task_list: _List) -> dict:
        return {"kind": "tasks#taskList", "id": task_list.id, "etag": task_list.etag, "title": task_list.title,
                "updated": _stamp(task_list.updated), "selfLink": f"{SELF}/users/@me/lists/{task_list.id}"}

    # -- ids, etags, time ------------------------------------------------------------------------

    def _find_list(self, list_id: str) -> _List:
        return next(one for lists in self._lists.values() for one in lists if one.id == list_id)

    def _find(self, list_id: str, task_id: str) -> _Task:
        return next(t for t in self._find_list(list_id).tasks if t.id == task_id)

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def _task_id(self) -> str:
        """Like Google's: base64 of 16 characters of base64."""
        return _b64(base64.urlsafe_b64encode(hashlib.sha256(f"task:{self._next()}".encode()).digest()[:12]).decode())

    def _etag(self, key: str) -> str:
        """Like Google's: a quoted base64 of a signed 32-bit number ("LTIwNzQ5…" is "-2074…")."""
        number = zlib.crc32(f"{key}:{self._next()}".encode())
        return f'"{_b64(str(number - (1 << 32) if number >= 1 << 31 else number))}"'

    def _now(self) -> int:
        return math.floor(self.clock() * 1000)  # Google keeps milliseconds


def _page(kind: str, items: list[dict], q: dict) -> dict:
    try:
        size = min(int(q.get("maxResults", 20)), 100)
        offset = _offset(q.get("pageToken"))
    except ValueError as error:
        raise _Invalid("Invalid Value") from error
    if size < 1:
        raise _Invalid("Invalid value for maxResults")
    page = items[offset:offset + size]
    number = zlib.crc32("".join(item["etag"] for item in items).encode())
    payload = {"kind": kind, "etag": f'"{_b64(str(number))}"'}
    if offset + size < len(items):
        payload["nextPageToken"] = _page_token(offset + size)
    if page:
        payload["items"] = page
    return payload


def _in_order(task_list: _List, parent: str = "") -> list[_Task]:
    """Each parent followed by its sub-tasks, siblings by position; a sub-task whose parent is not
    in the list is listed at the top level."""
    ids = {t.id for t in task_list.tasks}
    return [one for t in task_list.tasks if (t.fields["parent"] if t.fields.get("parent") in ids else "") == parent
            for one in (t, *_in_order(task_list, t.id))]


def _json(body) -> dict:
    try:
        return json.loads(body or b"{}")
    except ValueError as error:
        raise _Invalid("Invalid JSON payload received.") from error


def _flag(q: dict, name: str, default: bool) -> bool:
    value = q.get(name, str(default)).lower()
    return {"true": True, "false": False}[value]  # KeyError: Google's 400


def _string(value, name: str, longest: int) -> str | None:
    if value is not None and not isinstance(value, str):
        raise _Invalid(f"Invalid value for {name}")
    if value and len(value) > longest:
        raise _Invalid(f"Invalid value for {name}: longer than {longest} characters")
    return value


def _time(value, name: str) -> datetime | None:
    """A sent RFC 3339 time (an offset required); None for null; Google's 400 for anything else."""
    try:
        return None if value is None else _rfc3339(value)
    except (ValueError, TypeError, AttributeError) as error:
        raise _Invalid(f"Invalid value for {name}: {value}") from error


def _stamp(moment: int | datetime) -> str:
    """Google's RFC 3339 form, to the millisecond (truncated), in UTC with "Z"."""
    if isinstance(moment, int):
        moment = EPOCH + timedelta(milliseconds=moment)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

