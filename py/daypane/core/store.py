"""The storage port: what the core needs from durable storage, and an in-memory one beside it
(as httpx keeps a mock transport beside the real one).

The browser's adapter (daypane.browser.js.store, IndexedDB) implements it; tests use MemoryStore.
Values are JSON-like. Records (core.records) are the only users: they add versions, the
"unreadable is never overwritten" rule and read-modify-write on top.

Several tabs share one store. Each keeps what it read in memory (reads are synchronous, so a
redraw never waits on the disk), so a tab's copy can be behind the disk: `refresh` re-reads keys,
`exclusive` is a lock every tab honours, and `listen` hears of keys another tab changed (already
refreshed when the listener runs).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

Listener = Callable[[list[str]], Awaitable[None]]


class StorageFailure(Exception):
    """The browser refused to store something (quota, private mode, a closed database).

    name: the DOMException name ("QuotaExceededError", "InvalidStateError", ...), for the wording.
    """

    def __init__(self, message: str, name: str = "UnknownError") -> None:
        super().__init__(message)
        self.name = name

    @property
    def full(self) -> bool:
        return self.name == "QuotaExceededError"


class StoreClosed(StorageFailure):
    """Writes are refused for good in this tab: a newer Daypane took over the database (or
    encryption was switched in another tab). The user must reload; nothing is written until then."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "InvalidStateError")


@dataclass(frozen=True)
class Unparsed:
    """A stored text that is not JSON (damaged on disk, or written by something else): handed to
    Records as it is, which reads it as damaged (user data is then never overwritten)."""

    text: str


class Store(Protocol):
    """Durable key -> JSON-like value storage. `put_many` returns once every value is committed,
    in one transaction (all or nothing), and raises StorageFailure when the browser refused it."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def keys(self) -> Iterable[str]: ...

    async def put_many(self, puts: Mapping[str, Any], deletes: Iterable[str] = ()) -> None: ...

    async def refresh(self, keys: Iterable[str]) -> None: ...

    def exclusive(self, name: str): ...  # an async context manager: a lock across tabs

    def listen(self, listener: Listener) -> None: ...

    def sizes(self) -> Mapping[str, int]: ...  # key -> bytes it takes as stored


class Disk:
    """What every tab of one origin shares in tests: the stored values and the locks."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = dict(data or {})
        self.locks: dict[str, asyncio.Lock] = {}
        self.tabs: list["MemoryStore"] = []


class MemoryStore:
    """A Store for tests: one tab's view of a `Disk`, with the same contract as the browser's.

    Like a tab, it reads what is on the disk when it opens and keeps a copy: a write by another
    MemoryStore on the same disk reaches this one only through `refresh` or its listeners (run
    on each write, as BroadcastChannel does). `fail_with` makes every write fail the way a full
    disk does, to test that nothing is reported done (or lost) then."""

    def __init__(self, data: Mapping[str, Any] | None = None, *, disk: Disk | None = None) -> None:
        # Alone on its disk (most tests), the copy *is* the disk: a test may edit `data` directly.
        self.disk = disk if disk is not None else Disk(data)
        self.data: dict[str, Any] = dict(self.disk.data) if disk is not None else self.disk.data
        self.fail_with: Exception | None = None
        self.writes = 0
        self._listeners: list[Listener] = []
        self.disk.tabs.append(self)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def keys(self) -> list[str]:
        return list(self.data)

    async def put(self, key: str, value: Any) -> None:
        await self.put_many({key: value})

    async def delete(self, key: str) -> None:
        await self.put_many({}, [key])

    async def put_many(self, puts: Mapping[str, Any], deletes: Iterable[str] = ()) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        deletes = list(deletes)
        self.writes += 1
        for key, value in puts.items():
            self.disk.data[key] = self.data[key] = value
        for key in deletes:
            self.disk.data.pop(key, None)
            self.data.pop(key, None)
        changed = [*puts, *deletes]
        for tab in self.disk.tabs:
            if tab is not self:
                await tab._changed_elsewhere(changed)

    async def refresh(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key in self.disk.data:
                self.data[key] = self.disk.data[key]
            else:
                self.data.pop(key, None)

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[None]:
        lock = self.disk.locks.setdefault(name, asyncio.Lock())
        async with lock:
            yield

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def sizes(self) -> dict[str, int]:
        return {key: len(json.dumps(value)) for key, value in self.data.items()}

    async def _changed_elsewhere(self, keys: list[str]) -> None:
        await self.refresh(keys)
        for listener in self._listeners:
            await listener(keys)
