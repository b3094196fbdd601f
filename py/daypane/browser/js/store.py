"""The Store port (core.store) on IndexedDB (static/idb.js), shared with the other tabs.

Values are kept as JSON text in IndexedDB and decoded once, when read. Every write is one
transaction that resolves only once IndexedDB committed it; an abort (a full disk), an error or a
closed database becomes a StorageFailure, and this tab's copy is only changed after the commit.
After a write the other tabs are told which keys changed (browser.js.tabs); they re-read them.

The records pyscript.storage kept before this adapter are moved here on first open (then that
database is deleted, so nothing is left unencrypted there once encryption is on).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import js
from pyodide.ffi import JsException, create_proxy, to_js

from daypane.browser.js.dom import nullable
from daypane.browser.js.tabs import Tabs
from daypane.core.store import Listener, StorageFailure, StoreClosed, Unparsed

CLOSED = {
    "versionchange": "A newer version of Daypane was opened in another tab. Reload to update; "
                     "until then this tab saves nothing.",
    "closed": "The browser closed Daypane's storage (site data may have been cleared). Reload the page; "
              "until then this tab saves nothing.",
}


def opening_failed(failure: StorageFailure) -> str:
    """What the page says when the database cannot be opened at all."""
    if failure.name == "VersionError":
        return ("A newer version of Daypane stored your data on this device. Reload the page to get it; "
                "your data has not been changed.")
    return (f"The browser does not let Daypane store data here ({failure.name}: {failure}). In a private "
            "window, open Daypane in a normal one; otherwise check that site data is allowed.")


def _decode(text: str):
    try:
        return json.loads(text)
    except ValueError:  # never a reason not to start: Records reads it as a damaged value
        return Unparsed(text)


def _failure(error) -> StorageFailure:
    js_error = getattr(error, "js_error", error)
    name = str(getattr(js_error, "name", "") or "UnknownError")
    message = str(getattr(js_error, "message", "") or error)
    return StorageFailure(message, name)


class BrowserStore:
    def __init__(self, db, data: dict[str, Any], tabs: Tabs) -> None:
        self._db = db
        self.data = data
        self.tabs = tabs
        self.closed: str | None = None       # why writes are refused for good, once they are
        self._listeners: list[Listener] = []
        self._on_closed = []
        self._sizes: dict[str, int] = {}
        db.onclose = create_proxy(self._closed_by_browser)
        tabs.listen(self._changed_elsewhere)

    @classmethod
    async def open(cls) -> "BrowserStore":
        """Raises StorageFailure ("VersionError": a newer Daypane owns the database)."""
        try:
            db = await js.daypaneIdb.open()
            keys, values = await db.entries()
        except JsException as error:
            raise _failure(error) from None
        texts = {str(k): str(v) for k, v in zip(keys, values)}
        store = cls(db, {key: _decode(text) for key, text in texts.items()}, Tabs())
        store._sizes = {key: len(text) for key, text in texts.items()}
        if not store.data:
            await store._move_legacy()
        return store

    async def _move_legacy(self) -> None:
        """Records pyscript.storage kept (its own "flatted" encoding) into this database, once."""
        async with self.exclusive("daypane:open"):
            legacy = nullable(await js.daypaneIdb.legacy())
            if legacy is None or self.keys():
                return
            from pyscript.flatted import parse  # only on this one-time path

            moved = {}
            for key, text in zip(legacy[0], legacy[1]):
                kind, value = parse(str(text))
                if kind == "generic":
                    moved[str(key)] = value
            if moved:
                await self.put_many(moved)
            await js.daypaneIdb.dropLegacy()

    # -- the Store port -----------------------------------------------------------------------

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def keys(self) -> list[str]:
        return list(self.data)

    async def put_many(self, puts: Mapping[str, Any], deletes: Iterable[str] = ()) -> None:
        if self.closed is not None:
            raise StoreClosed(CLOSED[self.closed])
        deletes = list(deletes)
        texts = [[key, json.dumps(value, separators=(",", ":"))] for key, value in puts.items()]
        try:
            await self._db.write(to_js(texts), to_js(deletes))
        except JsException as error:
            if self.closed is not None:
                raise StoreClosed(CLOSED[self.closed]) from None
            raise _failure(error) from None
        self.data.update(puts)
        self._sizes.update((key, len(text)) for key, text in texts)
        for key in deletes:
            self.data.pop(key, None)
            self._sizes.pop(key, None)
        self.tabs.tell([*puts, *deletes])

    async def refresh(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if not keys or self.closed is not None:
            return
        try:
            values = await self._db.read(to_js(keys))
        except JsException as error:
            raise _failure(error) from None
        for key, value in zip(keys, values):
            if value is None:  # undefined: deleted
                self.data.pop(key, None)
                self._sizes.pop(key, None)
            else:
                self.data[key] = _decode(str(value))
                self._sizes[key] = len(str(value))

    @asynccontextmanager
    async def exclusive(self, name: str) -> AsyncIterator[None]:
        release = await js.daypaneIdb.acquire(name)
        try:
            yield
        finally:
            release()

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def sizes(self) -> dict[str, int]:
        return dict(self._sizes)

    # -- this tab and the others ---------------------------------------------------------------

    def on_closed(self, callback) -> None:
        """`callback(message)` once writes are refused for good (see CLOSED)."""
        self._on_closed.append(callback)

    def close(self, reason: str) -> None:
        if self.closed is not None:
            return
        self.closed = reason
        for callback in self._on_closed:
            callback(CLOSED[reason])

    def _closed_by_browser(self, reason) -> None:
        self.close(str(reason))

    async def _changed_elsewhere(self, keys: list[str]) -> None:
        await self.refresh(keys)
        for listener in self._listeners:
            await listener(keys)

    async def erase(self) -> None:
        """Forget everything stored on this device (the passphrase is forgotten)."""
        self._db.close()
        self.closed = "closed"
        await js.daypaneIdb.erase()


_asked = False


async def ask_persistence() -> None:
    """Ask the browser, once per visit, to keep Daypane's data under disk pressure (Chromium
    decides without a prompt; Firefox may ask the user)."""
    global _asked
    if _asked or not hasattr(js.navigator, "storage") or not hasattr(js.navigator.storage, "persist"):
        return
    _asked = True
    try:
        if not await js.navigator.storage.persisted():
            await js.navigator.storage.persist()
    except JsException:
        pass  # only a request: the data is stored either way


async def estimate() -> tuple[int | None, int | None, bool | None]:
    """(origin usage, quota, persisted) as the browser estimates them; None where it cannot say."""
    storage = getattr(js.navigator, "storage", None)
    if storage is None:
        return None, None, None
    try:
        found = await storage.estimate()
        persisted = bool(await storage.persisted())
        return int(found.usage), int(found.quota), persisted
    except (JsException, AttributeError, TypeError):
        return None, None, None
