"""What the core needs from the outside world, as Protocols.

The browser adapters (daypane.browser) implement these; tests use the in-memory versions below.
Keeping I/O behind these few seams is what lets every decision be tested under CPython.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, Protocol


class Store(Protocol):
    """Durable key -> JSON-like value storage. `put` returns once the value is committed."""

    def get(self, key: str, default: Any = None) -> Any: ...

    async def put(self, key: str, value: Any) -> None: ...

    async def delete(self, key: str) -> None: ...


class Clock(Protocol):
    def now(self, tz: tzinfo) -> datetime: ...


class MemoryStore:
    """A Store for tests: the same contract, kept in a dict."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data = dict(data or {})

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    async def put(self, key: str, value: Any) -> None:
        self.data[key] = value

    async def delete(self, key: str) -> None:
        self.data.pop(key, None)
