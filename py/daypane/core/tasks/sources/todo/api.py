"""Microsoft To Do on Graph v1.0 as a `TaskApi`: the requests, the paging, the delta cursor, and
what each answer means. The field mapping is `mapping.py`; the sync and merge rules are shared
with Google Tasks (`sources/hosted`).

- Lists: `GET /me/todo/lists`, in To Do's order (the default list first).
- Reading: `GET /me/todo/lists/{id}/tasks/delta` with `$select` and the plan extension expanded;
  the pages' `@odata.nextLink`, then `@odata.deltaLink` is the cursor. A cursor Graph no longer
  knows (410 Gone, or `syncStateNotFound`) means one full read that replaces what was held, so
  nothing is listed twice.
- Writing: `POST` a task, `PATCH` with `If-Match: <@odata.etag>` (412 when it changed there),
  `DELETE` with `If-Match`. Daypane's plan (block and estimate) is an open extension on the task
  (`mapping.PLAN_EXTENSION`): To Do's apps neither show nor drop it.
- Sending: core.providers.microsoft.sync's session (one silent token renewal on 401; 429/503
  waited out with Retry-After or a capped backoff).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlencode

from daypane.core.http import Request, Response, Transport
from daypane.core.providers.microsoft.auth import AuthError
from daypane.core.providers.microsoft.graph import GRAPH
from daypane.core.providers.microsoft.sync import GraphError, Session, Stats, TokenSource
from daypane.core.tasks.sources.hosted.source import Service
from daypane.core.tasks.sources.hosted.api import (
    Changes,
    Gone,
    HostedList,
    NeedsConsent,
    Refused,
    Stale,
    Unreachable,
)
from daypane.core.tasks.sources.todo import mapping
from daypane.core.tasks.task import Task

SCOPES = ("Tasks.ReadWrite",)  # asked only when the user connects To Do, never at sign-in
ASKED = "daypane-todo"  # the `state` of the sign-ins "Connect Microsoft To Do" starts


def connects(state: str, scopes: tuple[str, ...]) -> bool:
    """Whether a sign-in's answer connects To Do: it came from "Connect Microsoft To Do" (its
    state, which Microsoft hands back verbatim) and carries the permission. A token that merely
    carries Tasks.ReadWrite (an administrator consented for everyone) connects nothing, nor does
    an Outlook sign-in that finished while To Do's was under way: To Do is the user's choice."""
    return state == ASKED and set(SCOPES) <= set(scopes)


SERVICE = Service("todo", "Microsoft To Do", "#2564cf")  # To Do's blue: its lists have no colour of their own
MAX_PAGES = 200
PREFER = ("Prefer", "odata.maxpagesize=200")
FLAGGED = "flaggedEmails"


def _id(value: str) -> str:
    return quote(value, safe="")


class TodoApi:
    def __init__(self, transport: Transport, tokens: TokenSource, *, sleep: Callable[[float], Awaitable[None]],
                 stats: Stats | None = None) -> None:
        self.session = Session(transport, tokens, sleep, stats or Stats())

    async def _send(self, method: str, url: str, body: dict | None = None, etag: str = "") -> Response:
        headers = [PREFER] if method == "GET" else []
        if body is not None:
            headers.append(("Content-Type", "application/json"))
        if etag:
            headers.append(("If-Match", etag))
        request = Request(method, url, tuple(headers), json.dumps(body).encode() if body is not None else None)
        try:
            return await self.session.send(request)
        except AuthError as error:
            if error.failure.needs_interaction:
                raise NeedsConsent("Microsoft asks you to allow Daypane to use your To Do lists again.") from None
            raise Unreachable(f"Microsoft's sign-in did not answer ({error.failure.error_code}).") from None
        except GraphError as error:
            if error.status == 401:
                raise NeedsConsent(str(error)) from None
            raise Unreachable(str(error)) from None

    # -- reading ----------------------------------------------------------------------------

    async def lists(self) -> list[HostedList]:
        found, url = [], f"{GRAPH}/me/todo/lists?" + urlencode({"$top": "100"})
        for _ in range(MAX_PAGES):
            response = await self._send("GET", url)
            if response.status == 403:  # the permission was never granted here, or was taken back
                raise NeedsConsent("Microsoft no longer lets Daypane use your To Do lists; allow it again.")
            page = _answer(response, "Your To Do lists could not be listed")
            for item in page.get("value", ()):
                if isinstance(item, dict) and item.get("id"):
                    kind = str(item.get("wellknownListName") or "")
                    found.append(HostedList(str(item["id"]), str(item.get("displayName") or "Tasks"),
                                            True, "" if kind == "none" else kind))
            url = page.get("@odata.nextLink") or ""
            if not url:
                break
        return found

    async def changes(self, list_id: str, cursor: str) -> Changes:
        full = not cursor
        url = cursor or self._first_delta(list_id)
        items, removed = [], []
        for _ in range(MAX_PAGES):
            response = await self._send("GET", url)
            if not full and _forgotten(response):  # Graph no longer knows the cursor: read it all
                return await self.changes(list_id, "")
            page = _answer(response, "This To Do list could not be read")
            for item in page.get("value", ()):
                if not isinstance(item, dict) or not item.get("id"):
                    continue
                if "@removed" in item:
                    removed.append(str(item["id"]))
                else:
                    items.append(item)
            if page.get("@odata.deltaLink"):
                return Changes(tuple(items), tuple(removed), str(page["@odata.deltaLink"]), full)
            url = page.get("@odata.nextLink") or ""
            if not url:
                break
        raise Unreachable("To Do kept sending more pages; the list will be read again later.")

    def _first_delta(self, list_id: str) -> str:
        query = urlencode({"$select": mapping.SELECT, "$expand": mapping.EXPAND_PLAN}, safe=",$()'=", quote_via=quote)
        return f"{GRAPH}/me/todo/lists/{_id(list_id)}/tasks/delta?{query}"

    def _task_url(self, list_id: str, item_id: str) -> str:
        return f"{GRAPH}/me/todo/lists/{_id(list_id)}/tasks/{_id(item_id)}"

    async def fetch(self, list_id: str, item_id: str) -> dict:
        query = urlencode({"$expand": mapping.EXPAND_PLAN}, safe="$()'=", quote_via=quote)
        return _answer(await self._send("GET", f"{self._task_url(list_id, item_id)}?{query}"),
                       "The task could not be read")

    # -- writing ----------------------------------------------------------------------------

    async def create(self, list_id: str, task: Task) -> dict:
        url = f"{GRAPH}/me/todo/lists/{_id(list_id)}/tasks"
        item = _answer(await self._send("POST", url, mapping.patch_for(None, task)), "The task could not be saved")
        return await self._with_plan(list_id, item, None, task)

    async def update(self, list_id: str, item_id: str, base: Task | None, task: Task, etag: str) -> dict:
        body = mapping.patch_for(base, task)
        if body:
            item = _answer(await self._send("PATCH", self._task_url(list_id, item_id), body, etag),
                           "The change could not be saved")
        else:
            item = await self.fetch(list_id, item_id)
        return await self._with_plan(list_id, item, base, task)

    async def _with_plan(self, list_id: str, item: dict, base: Task | None, task: Task) -> dict:
        """The plan written to the task's extension when it changed; the item with it."""
        held = [e for e in item.get("extensions") or () if isinstance(e, dict)
                and mapping.PLAN_EXTENSION in (e.get("id"), e.get("extensionName"))]
        if not mapping.plan_changed(base, task):
            return {**item, "extensions": held}
        url = f"{self._task_url(list_id, str(item['id']))}/extensions"
        plan = mapping.plan_of(task)
        response = await self._send("PATCH", f"{url}/{mapping.PLAN_EXTENSION}", plan)
        if response.status == 404:
            response = await self._send("POST", url, plan)
        extension = _answer(response, "The task's plan could not be saved")
        return {**item, "extensions": [{**plan, **extension, "id": mapping.PLAN_EXTENSION}]}

    async def delete(self, list_id: str, item_id: str, etag: str) -> None:
        response = await self._send("DELETE", self._task_url(list_id, item_id), etag=etag)
        if response.status == 404:
            return
        if response.status not in (200, 204):
            _answer(response, "The task could not be deleted")

    # -- the mapping ------------------------------------------------------------------------

    def read(self, item: dict, *, list_name: str, home: str) -> Task:
        return mapping.read_task(item, list_name=list_name, home=home)

    def etag(self, item: dict) -> str:
        return str(item.get("@odata.etag") or "")

    def deleted(self, item: dict) -> bool:
        return "@removed" in item


def _forgotten(response: Response) -> bool:
    return response.status == 410 or (response.status in (400, 404) and "syncStateNotFound" in _code(response))


def _code(response: Response) -> str:
    try:
        return str(((response.json() or {}).get("error") or {}).get("code") or "")
    except (ValueError, AttributeError):
        return ""


def _answer(response: Response, doing: str) -> dict:
    """The JSON of a successful answer, or the ApiError that says what happened."""
    if 200 <= response.status < 300:
        try:
            value = response.json()
        except ValueError:
            raise Unreachable(f"{doing}: Microsoft's answer could not be read.") from None
        return value if isinstance(value, dict) else {}
    if response.status == 412:
        raise Stale(f"{doing}: it was changed in To Do meanwhile.")
    if response.status in (404, 410):
        raise Gone(f"{doing}: it is no longer in To Do.")
    if response.status == 403:
        raise Refused(f"{doing}: Microsoft does not allow it (403 {_code(response) or 'Forbidden'}).")
    if response.status in (400, 405, 409, 413, 422):
        raise Refused(f"{doing}: Microsoft refused it ({response.status} {_code(response)}).".replace(" )", ")"))
    raise Unreachable(f"{doing}: Microsoft answered {response.status}; it is tried again later.")

