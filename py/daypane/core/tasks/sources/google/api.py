"""Google Tasks (API v1) as a `TaskApi`: the requests, paging, the incremental cursor, and what
each answer means. The field mapping is `mapping.py`; the sync and merge rules are shared with
Microsoft To Do (`sources/hosted`).

- Lists: `GET /users/@me/lists`, in Google's order.
- Reading: `GET /lists/{id}/tasks` with `showCompleted`, `showHidden` (a task completed in
  Google's own apps is hidden, and would otherwise read as gone) and, when incremental,
  `updatedMin` and `showDeleted` (a deletion is a tombstone). The cursor is the latest `updated`
  seen, Google's own clock, never this device's: `updatedMin` includes it, so the newest item is
  read once more, which is harmless, and nothing updated in the same millisecond is missed.
- Writing: POST, PATCH with `If-Match: <etag>` (412 when it changed there), DELETE with If-Match.
- Tokens: the Google sign-in's, for this tab (about an hour, no refresh token): a missing or
  refused one means the user must sign in again, with one click, never a loop.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import quote, urlencode

from daypane.core.http import NetworkError, Request, Response, Transport
from daypane.core.tasks.sources.google import mapping
from daypane.core.tasks.sources.hosted.api import (
    Changes,
    Gone,
    HostedList,
    NeedsConsent,
    Refused,
    Stale,
    Unreachable,
)
from daypane.core.tasks.sources.hosted.source import Service
from daypane.core.tasks.task import Task

SERVICE = Service("google", "Google Tasks", "#1a73e8", keeps_locally=mapping.KEEPS_LOCALLY)
MAX_PAGES = 100
PAGE = "100"  # Google's largest page


def _id(value: str) -> str:
    return quote(value, safe="")


class GoogleTasksApi:
    def __init__(self, transport: Transport, token: Callable[[], str | None],
                 refused: Callable[[], None] = lambda: None) -> None:
        """token(): this tab's access token for the account with the tasks scope, or None;
        refused(): Google refused that token (401): it is dropped, so no request is made with it
        again until the user signs in (one click, never a loop)."""
        self.transport, self.token, self.refused = transport, token, refused

    async def _send(self, method: str, url: str, body: dict | None = None, etag: str = "") -> Response:
        assert url.startswith(mapping.API + "/"), "Google tokens go to the Tasks API only"
        token = self.token()
        if not token:
            raise NeedsConsent("Sign in to Google again to sync your Google Tasks.")
        headers = [("Authorization", f"Bearer {token}")]
        if body is not None:
            headers.append(("Content-Type", "application/json"))
        if etag:
            headers.append(("If-Match", etag))
        try:
            response = await self.transport.send(
                Request(method, url, tuple(headers), json.dumps(body).encode() if body is not None else None))
        except NetworkError:
            raise Unreachable("Google could not be reached (are you offline?); your changes wait here.") from None
        if response.status == 401:
            self.refused()
            raise NeedsConsent("Your Google sign-in expired; sign in again to sync Google Tasks.")
        return response

    # -- reading ----------------------------------------------------------------------------

    async def lists(self) -> list[HostedList]:
        found, page_token = [], ""
        for _ in range(MAX_PAGES):
            query = {"maxResults": PAGE, **({"pageToken": page_token} if page_token else {})}
            response = await self._send("GET", f"{mapping.API}/users/@me/lists?{urlencode(query)}")
            if response.status == 403 and _reason(response) == "insufficientPermissions":
                raise NeedsConsent("Google no longer lets Daypane see your tasks; connect Google Tasks again.")
            page = _answer(response, "Your Google Tasks lists could not be listed")
            for item in page.get("items") or ():
                if isinstance(item, dict) and item.get("id"):
                    found.append(HostedList(str(item["id"]), str(item.get("title") or "My Tasks")))
            page_token = str(page.get("nextPageToken") or "")
            if not page_token:
                break
        return found

    async def changes(self, list_id: str, cursor: str) -> Changes:
        query = {"maxResults": PAGE, "showCompleted": "true", "showHidden": "true"}
        if cursor:
            query.update(updatedMin=cursor, showDeleted="true")
        items, latest, page_token = [], cursor, ""
        for _ in range(MAX_PAGES):
            asked = {**query, **({"pageToken": page_token} if page_token else {})}
            page = _answer(await self._send("GET", f"{mapping.API}/lists/{_id(list_id)}/tasks?{urlencode(asked)}"),
                           "This Google Tasks list could not be read")
            for item in page.get("items") or ():
                if isinstance(item, dict) and item.get("id"):
                    items.append(item)
                    latest = max(latest, str(item.get("updated") or ""))
            page_token = str(page.get("nextPageToken") or "")
            if not page_token:
                return Changes(tuple(items), (), latest, not cursor)
        raise Unreachable("Google kept sending more pages; the list will be read again later.")

    def _task_url(self, list_id: str, item_id: str) -> str:
        return f"{mapping.API}/lists/{_id(list_id)}/tasks/{_id(item_id)}"

    async def fetch(self, list_id: str, item_id: str) -> dict:
        item = _answer(await self._send("GET", self._task_url(list_id, item_id)), "The task could not be read")
        if mapping.is_deleted(item):
            raise Gone("The task is no longer in Google Tasks.")
        return item

    # -- writing ----------------------------------------------------------------------------

    async def create(self, list_id: str, task: Task) -> dict:
        return _answer(await self._send("POST", f"{mapping.API}/lists/{_id(list_id)}/tasks",
                                        mapping.body_for(None, task)), "The task could not be saved")

    async def update(self, list_id: str, item_id: str, base: Task | None, task: Task, etag: str) -> dict:
        body = mapping.body_for(base, task)
        if not body:  # only what Google cannot hold changed: kept on this device
            return await self.fetch(list_id, item_id)
        return _answer(await self._send("PATCH", self._task_url(list_id, item_id), body, etag),
                       "The change could not be saved")

    async def delete(self, list_id: str, item_id: str, etag: str) -> None:
        response = await self._send("DELETE", self._task_url(list_id, item_id), etag=etag)
        if response.status in (200, 204, 404, 410):
            return
        _answer(response, "The task could not be deleted")

    # -- the mapping ------------------------------------------------------------------------

    def read(self, item: dict, *, list_name: str, home: str) -> Task:
        return mapping.read_task(item, list_name=list_name, home=home)

    def etag(self, item: dict) -> str:
        return str(item.get("etag") or "")

    def deleted(self, item: dict) -> bool:
        return mapping.is_deleted(item)


def _reason(response: Response) -> str:
    try:
        errors = ((response.json() or {}).get("error") or {}).get("errors") or [{}]
        return str(errors[0].get("reason") or "")
    except (ValueError, AttributeError, IndexError, TypeError):
        return ""


def _answer(response: Response, doing: str) -> dict:
    """The JSON of a successful answer, or the ApiError that says what happened."""
    if 200 <= response.status < 300:
        try:
            value = response.json()
        except ValueError:
            raise Unreachable(f"{doing}: Google's answer could not be read.") from None
        return value if isinstance(value, dict) else {}
    reason = _reason(response)
    if response.status == 412:
        raise Stale(f"{doing}: it was changed in Google Tasks meanwhile.")
    if response.status in (404, 410):
        raise Gone(f"{doing}: it is no longer in Google Tasks.")
    if response.status == 429 or reason in ("rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"):
        raise Unreachable(f"{doing}: Google asks Daypane to slow down; it is tried again later.")
    if response.status in (400, 403, 405, 409):
        raise Refused(f"{doing}: Google refused it ({response.status}{' ' + reason if reason else ''}).")
    raise Unreachable(f"{doing}: Google answered {response.status}; it is tried again later.")
