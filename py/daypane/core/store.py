"""The storage port: what the core needs from durable storage, and an in-memory one beside it
(as httpx keeps a mock transport beside the real one).

The browser's adapter (daypane.browser.js.store, IndexedDB) implements it; tests use MemoryStore.
Values are JSON-like. Records (core.records) are the only users: they add versions and the
"unreadable is never overwritten" rule on top.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class Store(Protocol):
    """Durable key -> JSON-like value storage. `put` returns once the value is committed and
    raises when the browser refused it (quota, private mode, a closed database)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def keys(self) -> Iterable[str]: ...

    async def put(self, key: str, value: Any) -> None: ...

    async def delete(self, key: str) -> None: ...


class MemoryStore:
    """A Store for tests: the same contract, kept in a dict. `fail_with` makes every write fail
    the way a full disk does, to test that nothing is reported done (or lost) then."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data = dict(data or {})
        self.fail_with: Exception | None = None
        self.writes = 0

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def keys(self) -> list[str]:
        return list(self.data)

    async def put(self, key: str, value: Any) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.writes += 1
        self.data[key] = value

    async def delete(self, key: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.data.pop(key, None)
