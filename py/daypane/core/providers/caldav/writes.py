"""Changing to-dos on a CalDAV server: PUT, DELETE and GET of one calendar object resource.

Every change is guarded by the resource's ETag (RFC 9110 13.1, RFC 4791 5.3.2), so a change made
elsewhere is never overwritten: a new to-do is PUT with ``If-None-Match: *``, a changed one with
``If-Match: <the ETag Daypane read>``, a deletion with ``If-Match`` too. A 412 (PreconditionFailed)
means "read it again, then decide". The failures a caller must tell apart:

- PreconditionFailed (412): changed on the server since it was read, or already there on create;
- ItemGone (404, 410): the to-do no longer exists;
- WriteRefused (403, 405, 409, 415, 400, 507, a redirect, any other 4xx): refused for good,
  trying again changes nothing; ``status`` says which;
- ServerFailed (5xx, 429), WrongCredentials (401), NoAnswer (no answer at all): passing; try
  again later (after signing in again for a 401). A NoAnswer to a write does not say whether the
  server stored it: read the to-do back before trying again;
- UnexpectedAnswer: a success status a server should not give (206, 207…).

Redirects are not followed: a write is sent to the address Daypane read, or not at all (a browser
also refuses a redirected preflight). The server must expose the ETag header for the page to read
it (problems.cors_headers(origin, writes=True)).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urljoin

from daypane.core.http import NetworkError, Request, Response, Transport
from daypane.core.providers.caldav.client import DavResource
from daypane.core.providers.caldav.dav_xml import error_conditions
from daypane.core.providers.caldav.problems import CalDavError, problem_for_status
from daypane.core.providers.cors import NoAnswer
from daypane.core.providers.problems import host_of

ICS_TYPE = "text/calendar; charset=utf-8"
PUT_STORED = (200, 201, 204)
DELETED = (200, 202, 204)
MAX_NAME_BYTES = 200  # a UID longer than this gets a hashed file name (file systems stop at 255)


class PreconditionFailed(CalDavError):
    """412: the item changed on the server since it was read (If-Match), or already exists
    (If-None-Match: *). Read it again, then decide."""


class ItemGone(CalDavError):
    """404 or 410 on an item: it was deleted (or its list was)."""


class WriteRefused(CalDavError):
    """The server refused the change for good (no permission, not allowed, a UID conflict, data
    it does not accept, no room): sending it again changes nothing. ``status`` is the HTTP status."""


# -- sending ----------------------------------------------------------------------------------
async def _send_once(transport: Transport, method: str, url: str, auth: str,
                     headers: tuple[tuple[str, str], ...] = (), body: bytes | None = None) -> Response:
    """One request, redirects not followed; no answer at all is NoAnswer (as client._send)."""
    sent = headers + ((("Authorization", auth),) if auth else ())
    try:
        return await transport.send(Request(method, url, sent, body))
    except NetworkError as error:
        raise NoAnswer(
            f"Daypane could not read an answer from {host_of(url)}: the server is unreachable "
            "or does not allow browser access.", url=url) from error


_VERB = {"PUT": "save", "DELETE": "delete"}


def _refused(response: Response, method: str, url: str, creating: bool) -> CalDavError:
    """The problem for a write's answer that is not a success."""
    status, host, verb = response.status, host_of(url), _VERB.get(method, method)
    if status == 412:
        if creating:
            return PreconditionFailed(
                f"There is already an item at {url}, so the new to-do was not saved over it. "
                "Refresh the task list: the item there is kept as it is.", status=status, url=url)
        return PreconditionFailed(
            f"The to-do at {url} was changed on the server since Daypane last read it, so it was "
            f"not {'deleted' if method == 'DELETE' else 'overwritten'}. Refresh the task list to "
            "see the newer version, then make your change again.", status=status, url=url)
    if status in (404, 410):
        return ItemGone(
            f"The to-do at {url} no longer exists on the server (HTTP {status}): it was deleted, "
            "or its task list was. Refresh the task list.", status=status, url=url)
    if status in (401, 429) or (status >= 500 and status != 507) or status < 300:
        # WrongCredentials, ServerFailed: passing problems; an odd 1xx/2xx: UnexpectedAnswer
        return problem_for_status(status, url)
    if 300 <= status < 400:
        location = response.header("Location") or "another address"
        return WriteRefused(
            f"The calendar server at {host} answered with a redirect to {urljoin(url, location)} "
            f"(HTTP {status}) instead of letting Daypane {verb} the to-do at {url}, so nothing was "
            "changed. Check the account's address, then refresh the task lists.",
            status=status, url=url)
    conditions = error_conditions(response.body)
    if "no-uid-conflict" in conditions:
        what = ("Another item in this task list already has the same UID, so the server would not "
                "store this to-do as a second one.")
        todo = "Refresh the task list; delete the duplicate if there is one."
    elif "max-resource-size" in conditions or status == 413:
        what = "The to-do is larger than the server accepts."
        todo = "Shorten its description or remove attachments, then save it again."
    elif conditions & {"supported-calendar-component", "supported-calendar-data"} or status == 415:
        what = "The server does not accept this kind of item in this list."
        todo = "Use a task list that holds to-dos."
    elif conditions & {"valid-calendar-data", "valid-calendar-object-resource"} or status == 400:
        what = "The server did not accept the to-do's data as valid."
        todo = "Edit the to-do (its dates especially) and save it again."
    elif status == 403:
        what = f"This account has no permission to {verb} to-dos in this task list."
        todo = "Ask the list's owner for write access, or use a list of your own."
    elif status == 405:
        what = f"The server does not let this account {verb} items here: the list is read-only for it."
        todo = "Ask the list's owner for write access, or use a list of your own."
    elif status == 409:
        what = "The server reported a conflict: the task list this to-do belongs to may no longer exist."
        todo = "Refresh the task lists."
    elif status == 507:
        what = "The server has no room left to store it."
        todo = "Free some space on the server, or ask its administrator."
    else:
        what = f"The server refused to {verb} the to-do."
        todo = "Check the account's address, then refresh the task lists."
    return WriteRefused(f"The calendar server at {host} refused to {verb} the to-do at {url} "
                        f"(HTTP {status}). {what} {todo}", status=status, url=url)


# -- writing ----------------------------------------------------------------------------------
async def put_item(transport: Transport, url: str, auth: str, ics: str, *, etag: str | None) -> str:
    """Store ``ics`` at ``url``: a new item when ``etag`` is None (``If-None-Match: *``), else a
    change of the item read with that ETag (``If-Match``, sent exactly as the server gave it).

    Returns the new ETag from the answer's header, or "" when the server sent none (it may have
    changed the text as it stored it: read it back with ``get_item``). Raises PreconditionFailed,
    ItemGone, WriteRefused, or a passing problem (ServerFailed, WrongCredentials, NoAnswer).
    """
    condition = ("If-None-Match", "*") if etag is None else ("If-Match", etag)
    response = await _send_once(transport, "PUT", url, auth,
                                (("Content-Type", ICS_TYPE), condition), ics.encode("utf-8"))
    if response.status not in PUT_STORED:
        raise _refused(response, "PUT", url, creating=etag is None)
    return response.header("ETag") or ""


async def delete_item(transport: Transport, url: str, auth: str, etag: str) -> None:
    """Delete the item at ``url`` if it still has ``etag`` (``If-Match``). Raises ItemGone when it
    is already gone (the caller may take that as done), PreconditionFailed when it changed."""
    response = await _send_once(transport, "DELETE", url, auth, (("If-Match", etag),))
    if response.status not in DELETED:
        raise _refused(response, "DELETE", url, creating=False)


async def get_item(transport: Transport, url: str, auth: str) -> DavResource:
    """The item at ``url`` as the server holds it now: its text and ETag ("" when the answer has
    no ETag header). Raises ItemGone (404, 410) or the problem for the status."""
    response = await _send_once(transport, "GET", url, auth)
    if response.status in (404, 410):
        raise _refused(response, "GET", url, creating=False)
    if response.status not in (200, 203):
        raise problem_for_status(response.status, url)
    return DavResource(url, response.header("ETag") or "", response.body.decode("utf-8-sig", "replace"))


# -- addresses --------------------------------------------------------------------------------
_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


def item_url(list_url: str, uid: str) -> str:
    """The address Daypane gives a new to-do in the list at ``list_url``: the list's URL (with its
    trailing slash), the UID as the file name (every byte outside ``A-Za-z0-9._-`` of its UTF-8
    percent-encoded), then ".ics". A UID that starts with "." (a hidden file on servers that
    store files, which Radicale refuses) or is longer than MAX_NAME_BYTES is named by its SHA-256
    instead, so the address stays one a server accepts and the same for the same UID."""
    if not uid:
        raise ValueError("a to-do needs a UID to be given an address")
    raw = uid.encode("utf-8")
    if uid.startswith(".") or len(raw) > MAX_NAME_BYTES:
        name = hashlib.sha256(raw).hexdigest()
    else:
        name = "".join(chr(byte) if byte in _SAFE else f"%{byte:02X}" for byte in raw)
    return list_url.rstrip("/") + "/" + name + ".ics"


__all__ = ["ItemGone", "PreconditionFailed", "WriteRefused", "delete_item", "get_item",
           "item_url", "put_item"]
