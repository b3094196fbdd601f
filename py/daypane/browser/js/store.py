"""The Store port (core.store) on IndexedDB, through pyscript.storage.

Values are JSON-like (dicts, lists, strings, numbers). `put` resolves only once IndexedDB has
committed the write, so callers can report a change as done only after it is stored.
"""

from __future__ import annotations

from pyscript import storage


class BrowserStore:
    def __init__(self, backend) -> None:
        self._backend = backend

    @classmethod
    async def open(cls, name: str = "daypane") -> "BrowserStore":
        return cls(await storage(name))

    def get(self, key: str, default=None):
        return self._backend.get(key, default)

    def keys(self) -> list[str]:
        return list(self._backend.keys())

    async def put(self, key: str, value) -> None:
        self._backend[key] = value
        await self._backend.sync()

    async def delete(self, key: str) -> None:
        if key in self._backend:
            del self._backend[key]
            await self._backend.sync()
