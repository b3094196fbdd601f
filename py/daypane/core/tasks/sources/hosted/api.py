"""What a hosted task service must offer the shared source and push (`TaskApi`), and the few
outcomes a request can have, as exceptions the service's adapter raises from its own answers.

The adapter owns the wire format (requests, paging, the service's change cursor, how a field is
written); the shared code owns what the answers mean for the user's tasks (the mirror, the
outbox, merging). So the merge and outbox rules are written once, and each service is a thin,
separately tested mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from daypane.core.tasks.task import Task


@dataclass(frozen=True)
class HostedList:
    id: str
    name: str
    writable: bool = True
    kind: str = ""  # the service's own word for a special list ("defaultList", "flaggedEmails")


@dataclass(frozen=True)
class Changes:
    """One list's changes since a cursor: changed items (the service's JSON), removed ids, the
    cursor to start from next time, and whether this was a full listing (an item not in it is
    gone: a first read, or a cursor the service no longer knows)."""

    items: tuple[dict, ...]
    removed: tuple[str, ...]
    cursor: str
    full: bool


class ApiError(Exception):
    """Base: the message is a sentence for the user."""


class Stale(ApiError):
    """The item changed on the service since the version the change was made on (412)."""


class Gone(ApiError):
    """The item (or its list) is no longer on the service (404, 410)."""


class Refused(ApiError):
    """Refused for good (403, 400 on this item): kept for the user to retry or discard."""


class Unreachable(ApiError):
    """No answer, a server error or throttling that outlasted the waits: try again later."""


class NeedsConsent(ApiError):
    """The account must be asked again (sign-in expired, or the task permission not granted)."""


class TaskApi(Protocol):
    async def lists(self) -> list[HostedList]: ...

    async def changes(self, list_id: str, cursor: str) -> Changes: ...  # "" (or an expired cursor): full

    async def fetch(self, list_id: str, item_id: str) -> dict: ...  # Gone when not there

    async def create(self, list_id: str, task: Task) -> dict: ...  # the item as stored

    async def update(self, list_id: str, item_id: str, base: Task | None, task: Task, etag: str) -> dict: ...

    async def delete(self, list_id: str, item_id: str, etag: str) -> None: ...  # Gone counts as done

    def read(self, item: dict, *, list_name: str, home: str) -> Task: ...  # ValueError: not a task

    def etag(self, item: dict) -> str: ...

    def deleted(self, item: dict) -> bool: ...  # a tombstone in a listing
