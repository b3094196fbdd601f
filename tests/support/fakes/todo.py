"""A fake Microsoft To Do as Microsoft Graph v1.0 serves it under ``/me/todo``, for one mailbox.

FakeGraph (tests/support/fakes/graph.py) routes ``/me/todo/...`` here after checking the token and
its scopes; tests seed and inspect through the plain methods (``add_list``, ``add_task``,
``edit_task`` and ``move_task`` act as another client would). Faithful, from Graph's documentation
(todoTask, todoTask delta, delta query overview, open extensions, paging):
- lists: ``isOwner``, ``isShared``, ``wellknownListName`` (defaultList, flaggedEmails, none);
- tasks: Graph's todoTask JSON with its defaults, a weak ``@odata.etag`` that changes on every edit,
  ``If-Match`` on PATCH and DELETE (a stale one: 412), 404 ``ErrorItemNotFound`` for unknown ids;
- delta: the first round returns every task, later rounds (``$deltatoken``) only what changed since,
  deletions as ``{"id", "@removed": {"reason": "deleted"}}``; ``$select``/``$expand``/``$top`` are
  given once and travel encoded inside the opaque ``$skiptoken``/``$deltatoken`` of
  ``@odata.nextLink``/``@odata.deltaLink``, as Graph documents; an unknown, malformed or expired
  token answers 410 ``syncStateNotFound`` (the delta overview's "synchronization reset");
- open extensions: Graph documents for its Exchange-backed items (messages, events, contacts) an
  ``id`` that is the fully qualified ``Microsoft.OutlookServices.OpenTypeExtension.<name>``, the
  extension addressed by name or by that id; To Do lives in Exchange too, so the fake does the same
  (inferred: no todoTask example shows it). PATCH merges, ``null`` values are refused (documented).
  ``$expand=extensions($filter=id eq '…')`` matches the full id, and leniently the bare name.
Quirks as reported by users of the live service, not documented:
- To Do due dates are dates: a ``dueDateTime`` is converted to UTC and its time of day dropped
  (``2026-03-06T00:00`` Europe/Berlin is stored as ``2026-03-05T00:00:00.0000000`` UTC);
- ``completedDateTime`` comes back as midnight UTC of the day of completion;
- moving a task to another list (To Do's apps can, Graph v1.0 cannot) gives it a new id, and the
  old list's delta reports the old id removed.
Assumptions not verified against the live service: changing an open extension makes delta report
the task again but changes neither its etag nor ``lastModifiedDateTime``; a stale ``If-Match``
answers code ``PreconditionFailed`` (Exchange answers some items ``ErrorIrresolvableConflict``, so
read the status, not the code); without ``$top`` a page holds the server's ``page_size``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

GRAPH = "https://graph.microsoft.com/v1.0"  # as in graph.py, which imports this module
EXTENSION_PREFIX = "Microsoft.OutlookServices.OpenTypeExtension."
# Windows zone names Graph accepts beside IANA ones (a few; CLDR's windowsZones.xml has them all).
WINDOWS_ZONES = {"W. Europe Standard Time": "Europe/Berlin", "Romance Standard Time": "Europe/Paris",
                 "GMT Standard Time": "Europe/London", "Eastern Standard Time": "America/New_York",
                 "Pacific Standard Time": "America/Los_Angeles", "Tokyo Standard Time": "Asia/Tokyo"}
STATUSES = ("notStarted", "inProgress", "completed", "waitingOnOthers", "deferred")
IMPORTANCES = ("low", "normal", "high")
DATES = ("dueDateTime", "startDateTime", "reminderDateTime", "completedDateTime")
WRITABLE = {"title", "body", "importance", "status", "isReminderOn", "categories", "recurrence",
            "linkedResources", "checklistItems", *DATES}
NOT_FOUND = ("ErrorItemNotFound", "The specified object was not found in the store.")

Answer = tuple[int, dict, Any]  # status, headers, JSON body (None: no body, as for 204)


class TodoError(Exception):
    def answer(self) -> Answer:
        status, code, message = self.args
        return status, {}, {"error": {"code": code, "message": message}}


def _gone() -> TodoError:
    return TodoError(410, "syncStateNotFound", "The sync state generation is not found. "
                                               "The delta token is expired and data must be synchronized again.")


@dataclass
class _Task:
    json: dict
    version: int
    extensions: dict[str, dict] = field(default_factory=dict)  # extensionName -> custom properties


@dataclass
class _List:
    json: dict
    tasks: dict[str, _Task] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)  # task id -> version of its deletion


class FakeTodo:
    """One mailbox's To Do. Every change bumps ``version``; a task remembers the version of its last
    change and a deletion leaves a tombstone with its version, which is all delta needs."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.version = 0
        self.generation = 0  # expire_delta_links() bumps it: older tokens answer 410
        self.lists: dict[str, _List] = {}

    # -- for tests: seeding and inspecting, as another client would -----------------------------

    def add_list(self, display_name: str, *, wellknown: str = "none", list_id: str | None = None) -> str:
        list_id = list_id or _new_id("AAMkAD")
        self.lists[list_id] = _List({"@odata.etag": _etag(), "displayName": display_name, "isOwner": True,
                                     "isShared": False, "wellknownListName": wellknown, "id": list_id})
        return list_id

    def add_task(self, list_id: str, **fields) -> dict:
        return self._create(self._list(list_id), fields, strict=False).json.copy()

    def edit_task(self, list_id: str, task_id: str, **fields) -> dict:
        task = self._task(self._list(list_id), task_id)
        for extension in fields.pop("extensions", []):
            task.extensions.setdefault(extension["extensionName"], {}).update(_custom(extension))
        self._apply(task.json, fields, strict=False)
        self._touch(task, edited=True)
        return task.json.copy()

    def delete_task(self, list_id: str, task_id: str) -> None:
        todo_list = self._list(list_id)
        self._task(todo_list, task_id)
        del todo_list.tasks[task_id]
        todo_list.removed[task_id] = self._bump()

    def move_task(self, task_id: str, to_list_id: str) -> str:
        source = _found(next((l for l in self.lists.values() if task_id in l.tasks), None))
        old = source.tasks[task_id]
        self.delete_task(source.json["id"], task_id)
        fields = {k: v for k, v in old.json.items() if k not in ("id", "@odata.etag", "lastModifiedDateTime")}
        moved = self._create(self._list(to_list_id), fields, strict=False)
        moved.extensions = old.extensions
        return moved.json["id"]

    def tasks(self, list_id: str) -> list[dict]:
        return [t.json.copy() for t in self._list(list_id).tasks.values()]

    def extension(self, list_id: str, task_id: str, name: str) -> dict | None:
        task = self._task(self._list(list_id), task_id)
        return _extension_json(name, task.extensions[name]) if name in task.extensions else None

    def expire_delta_links(self) -> None:
        self.generation += 1

    # -- Graph requests (FakeGraph has checked the token and its scopes) --------------------------

    def answer(self, method: str, segments: list[str], query: dict, headers: dict, body: bytes | str,
               *, page_limit: int) -> Answer:
        """``segments``: the path after ``/me/todo``; ``page_limit``: min(server page, maxpagesize)."""
        try:
            return self._route(method, segments, query, headers, body, page_limit)
        except TodoError as error:
            return error.answer()

    def _route(self, method, segments, query, headers, body, page_limit) -> Answer:
        n = len(segments)
        if segments == ["lists"]:
            if method == "GET":
                values = sorted(self.lists.values(), key=lambda l: l.json["wellknownListName"] != "defaultList")
                return self._page("/me/todo/lists", [l.json for l in values], query, page_limit, "todo/lists")
            raise _not_allowed(method, "GET")
        if not (n >= 3 and segments[0] == "lists" and segments[2] == "tasks"
                and (n <= 4 or (segments[4] == "extensions" and n <= 6))):
            raise TodoError(404, "ResourceNotFound", f"/me/todo/{'/'.join(segments)} is not faked.")
        list_id = segments[1]
        todo_list = self._list(list_id)
        if n == 3 and method == "GET":
            shaped = [self._shape(t, query) for t in todo_list.tasks.values()]
            return self._page(f"/me/todo/lists/{quote(list_id, safe='')}/tasks", shaped, query, page_limit,
                              f"todo/lists('{list_id}')/tasks")
        if n == 3 and method == "POST":
            return 201, {}, self._shape(self._create(todo_list, _json(body), strict=True), {})
        if n == 3:
            raise _not_allowed(method, "GET, POST")
        if segments[3] == "delta":
            if method == "GET":
                return self._delta(list_id, todo_list, query, page_limit)
            raise _not_allowed(method, "GET")
        task = self._task(todo_list, segments[3])
        if n > 4:
            return self._extensions(method, task, segments[5:], body)
        if method == "GET":
            return 200, {}, self._shape(task, query)
        if method not in ("PATCH", "DELETE"):
            raise _not_allowed(method, "GET, PATCH, DELETE")
        _check_etag(task, headers)
        if method == "DELETE":
            self.delete_task(list_id, segments[3])
            return 204, {}, None
        self._apply(task.json, _json(body), strict=True)
        self._touch(task, edited=True)
        return 200, {}, self._shape(task, {})

    def _extensions(self, method: str, task: _Task, rest: list[str], body) -> Answer:
        if not rest and method == "GET":
            return 200, {}, {"value": [_extension_json(k, v) for k, v in task.extensions.items()]}
        if not rest and method == "POST":
            data = _json(body)
            name = data.get("extensionName")
            if not name or not str(data.get("@odata.type")).lower().endswith(".opentypeextension"):
                raise TodoError(400, "invalidRequest", "An openTypeExtension needs @odata.type and extensionName.")
            if name in task.extensions:
                raise TodoError(409, "NameAlreadyExists", f"An extension named '{name}' already exists.")
            task.extensions[name] = _custom(data)
            self._touch(task, edited=False)
            return 201, {}, _extension_json(name, task.extensions[name])
        if not rest:
            raise _not_allowed(method, "GET, POST")
        name = rest[0].removeprefix(EXTENSION_PREFIX)
        if name not in task.extensions:
            raise TodoError(404, *NOT_FOUND)
        if method == "GET":
            return 200, {}, _extension_json(name, task.extensions[name])
        if method == "PATCH":
            data = _custom(_json(body))
            if any(v is None for v in data.values()):
                raise TodoError(400, "invalidRequest", "Null values are not allowed in an open extension.")
            task.extensions[name].update(data)
            self._touch(task, edited=False)
            return 200, {}, _extension_json(name, task.extensions[name])
        if method == "DELETE":
            del task.extensions[name]
            self._touch(task, edited=False)
            return 204, {}, None
        raise _not_allowed(method, "GET, PATCH, DELETE")

    # -- delta ------------------------------------------------------------------------------------

    def _delta(self, list_id: str, todo_list: _List, query: dict, page_limit: int) -> Answer:
        if "$deltatoken" in query or "$skiptoken" in query:
            state = _decode(query.get("$skiptoken") or query["$deltatoken"])
            if state.get("l") != list_id or state.get("g") != self.generation:
                raise _gone()
            if "$deltatoken" in query:  # a new round: what changed after the version the last one ended at
                state = {**state, "since": state.get("v"), "upto": self.version, "after": state.get("v")}
            if not all(isinstance(state.get(k), int) for k in ("since", "upto", "after")):
                raise _gone()
        else:
            state = {"l": list_id, "g": self.generation, "since": 0, "upto": self.version, "after": 0,
                     "s": query.get("$select"), "e": query.get("$expand"), "top": _top(query)}
        after, upto = state["after"], state["upto"]
        changed: list[tuple[int, Any]] = [(t.version, t) for t in todo_list.tasks.values() if after < t.version <= upto]
        if state["since"]:  # the first round lists what exists; later ones also what went
            changed += [(v, i) for i, v in todo_list.removed.items() if after < v <= upto]
        changed.sort(key=lambda pair: pair[0])
        size = _size(page_limit, state.get("top"))
        page = changed[:size]
        shape_query = {"$select": state.get("s"), "$expand": state.get("e")}
        body: dict = {"@odata.context": f"{GRAPH}/$metadata#Collection(todoTask)", "value": [
            self._shape(item, shape_query) if isinstance(item, _Task) else {"id": item, "@removed": {"reason": "deleted"}}
            for _version, item in page]}
        base = f"{GRAPH}/me/todo/lists/{quote(list_id, safe='')}/tasks/delta?"
        if len(changed) > size:
            body["@odata.nextLink"] = base + "$skiptoken=" + _encode({**state, "after": page[-1][0]})
        else:
            body["@odata.deltaLink"] = base + "$deltatoken=" + _encode(
                {"l": list_id, "g": self.generation, "v": upto, "s": state.get("s"), "e": state.get("e"),
                 "top": state.get("top")})
        return 200, {}, body

    # -- tasks ------------------------------------------------------------------------------------

    def _create(self, todo_list: _List, fields: dict, *, strict: bool) -> _Task:
        if strict and not isinstance(fields.get("title"), str):
            raise TodoError(400, "invalidRequest", "Invalid request body: 'title' is required.")
        now = _stamp(self.clock())
        task = _Task({"@odata.etag": _etag(), "importance": "normal", "isReminderOn": False, "status": "notStarted",
                      "title": "", "createdDateTime": now, "lastModifiedDateTime": now, "hasAttachments": False,
                      "categories": [], "id": _new_id("AAMkAD"), "body": {"content": "", "contentType": "text"}},
                     self._bump())
        extensions = fields.pop("extensions", None) or []
        self._apply(task.json, fields, strict=strict)
        task.extensions = {e["extensionName"]: _custom(e) for e in extensions}
        todo_list.tasks[task.json["id"]] = task
        return task

    def _apply(self, stored: dict, fields: dict, *, strict: bool) -> None:
        """Graph's PATCH semantics on ``stored``, all or nothing: given fields replace, ``null`` clears
        an optional one."""
        if fields.get("importance") not in (None, *IMPORTANCES) or fields.get("status") not in (None, *STATUSES):
            raise TodoError(400, "invalidRequest", "Invalid value for importance or status.")
        task = dict(stored)
        for key, value in fields.items():
            if strict and key not in WRITABLE:
                continue  # Graph ignores what it does not know (and read-only properties)
            if value is None:
                if key in ("title", "importance", "status", "body"):
                    raise TodoError(400, "invalidRequest", f"'{key}' cannot be null.")
                task.pop(key, None)
            elif key in DATES:
                task[key] = _date_time(value, date_only=key in ("dueDateTime", "completedDateTime"))
            elif key == "body":
                task[key] = {"content": "", "contentType": "text", **value}
            elif key == "linkedResources":
                task[key] = [{"id": _new_id(""), **r} if "id" not in r else r for r in value]
            else:
                task[key] = value
        if task["status"] != "completed":
            task.pop("completedDateTime", None)
        elif stored.get("status") != "completed" and "completedDateTime" not in fields:
            today = datetime.fromtimestamp(self.clock(), timezone.utc).date()
            task["completedDateTime"] = {"dateTime": f"{today.isoformat()}T00:00:00.0000000", "timeZone": "UTC"}
        stored.clear()
        stored.update(task)

    def _touch(self, task: _Task, *, edited: bool) -> None:
        task.version = self._bump()
        if edited:  # an extension's change is seen by delta but keeps the etag (an assumption)
            task.json["@odata.etag"] = _etag()
            task.json["lastModifiedDateTime"] = _stamp(self.clock())

    def _bump(self) -> int:
        self.version += 1
        return self.version

    def _list(self, list_id: str) -> _List:
        return _found(self.lists.get(list_id))

    @staticmethod
    def _task(todo_list: _List, task_id: str) -> _Task:
        return _found(todo_list.tasks.get(task_id))

    @staticmethod
    def _shape(task: _Task, query: dict) -> dict:
        shaped = task.json.copy()
        if query.get("$select"):
            wanted = set(query["$select"].split(",")) | {"id", "@odata.etag"}
            shaped = {k: v for k, v in shaped.items() if k in wanted}
        expand = query.get("$expand")
        if expand:
            match = re.fullmatch(r"extensions(?:\(\$filter=id eq '([^']*)'\))?", expand.strip())
            if not match:
                raise TodoError(400, "BadRequest", f"Parsing OData Select and Expand failed: {expand}")
            wanted_name = match.group(1)
            shaped["extensions"] = [_extension_json(name, data) for name, data in task.extensions.items()
                                    if wanted_name is None or wanted_name in (name, EXTENSION_PREFIX + name)]
        return shaped

    def _page(self, path: str, items: list[dict], query: dict, page_limit: int, context: str) -> Answer:
        size = _size(page_limit, _top(query))
        try:
            skip = int(_decode(query["$skiptoken"]).get("o", 0)) if "$skiptoken" in query else 0
        except (TodoError, ValueError, TypeError):
            raise TodoError(400, "BadRequest", "Invalid $skiptoken.") from None
        body: dict = {"@odata.context": f"{GRAPH}/$metadata#users('me')/{context}", "value": items[skip:skip + size]}
        if skip + size < len(items):
            rest = {k: v for k, v in query.items() if k != "$skiptoken"}
            rest["$skiptoken"] = _encode({"o": skip + size})
            body["@odata.nextLink"] = f"{GRAPH}{path}?" + urlencode(rest, safe="$()',")
        return 200, {}, body


def _top(query: dict) -> int | None:
    if "$top" in query and not query["$top"].isdigit():
        raise TodoError(400, "BadRequest", f"Invalid value for $top: {query['$top']}")
    return int(query["$top"]) if "$top" in query else None


def _size(page_limit: int, top: int | None) -> int:
    return max(1, min(page_limit, top or page_limit))


def _found(item):
    if item is None:
        raise TodoError(404, *NOT_FOUND)
    return item


def _not_allowed(method: str, allowed: str) -> TodoError:
    return TodoError(405, "MethodNotAllowed", f"{method} is not allowed here ({allowed}).")


def _check_etag(task: _Task, headers: dict) -> None:
    wanted = headers.get("if-match")
    if wanted and wanted != "*" and wanted != task.json["@odata.etag"]:
        raise TodoError(412, "PreconditionFailed", "The etag given in If-Match does not match the item's.")


def _json(body: bytes | str) -> dict:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise TodoError(400, "BadRequest", "Unable to read JSON request payload.") from None
    if not isinstance(data, dict):
        raise TodoError(400, "invalidRequest", "The request body must be a JSON object.")
    return data


def _custom(extension: dict) -> dict:
    return {k: v for k, v in extension.items() if k not in ("@odata.type", "extensionName", "id")}


def _extension_json(name: str, data: dict) -> dict:
    return {"@odata.type": "#microsoft.graph.openTypeExtension", "id": EXTENSION_PREFIX + name,
            "extensionName": name, **data}


def _date_time(value: dict, *, date_only: bool) -> dict:
    """A dateTimeTimeZone as Graph stores a task's: in UTC, seven fractional digits; a due or
    completion date loses its time of day *after* the conversion to UTC."""
    try:
        name = value.get("timeZone") or "UTC"
        zone = timezone.utc if name == "UTC" else ZoneInfo(WINDOWS_ZONES.get(name, name))
        local = datetime.fromisoformat(value["dateTime"].split(".")[0].rstrip("Z"))
    except (AttributeError, KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
        raise TodoError(400, "invalidRequest", f"Invalid dateTimeTimeZone: {value!r}") from None
    moment = local.replace(tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)
    text = f"{moment.date().isoformat()}T00:00:00" if date_only else moment.isoformat(timespec="seconds")
    return {"dateTime": text + ".0000000", "timeZone": "UTC"}


def _stamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def _new_id(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(30) + "="  # Exchange ids are base64 and often end in "="


def _etag() -> str:
    return 'W/"' + base64.b64encode(secrets.token_bytes(18)).decode() + '"'


def _encode(state: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(token: str) -> dict:
    try:
        state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(state, dict):
            raise ValueError
        return state
    except (ValueError, binascii.Error):
        raise _gone() from None
