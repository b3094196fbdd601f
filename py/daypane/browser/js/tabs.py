"""The other tabs and windows of Daypane: BroadcastChannel, the only module that touches it.

After a write, a tab tells the others which keys changed; they re-read those keys from IndexedDB
(the message carries no data, so nothing of the user's travels through the channel, encrypted or
not) and redraw. A message from this tab itself never arrives (BroadcastChannel skips the sender).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import js
from pyodide.ffi import create_proxy

from daypane.browser.js.dom import spawn

CHANNEL = "daypane"


class Tabs:
    def __init__(self) -> None:
        self._listeners: list[Callable[[list[str]], Awaitable[None]]] = []
        self._channel = js.BroadcastChannel.new(CHANNEL) if hasattr(js, "BroadcastChannel") else None
        if self._channel is not None:
            self._channel.onmessage = create_proxy(self._message)

    def tell(self, keys: list[str]) -> None:
        if self._channel is not None and keys:
            self._channel.postMessage(json.dumps({"keys": keys}))

    def listen(self, listener: Callable[[list[str]], Awaitable[None]]) -> None:
        self._listeners.append(listener)

    def _message(self, event) -> None:
        try:
            message = json.loads(str(event.data))
        except ValueError:
            return
        keys = [str(key) for key in message.get("keys", ()) if isinstance(key, str)]
        if keys:
            spawn(self._deliver(keys))

    async def _deliver(self, keys: list[str]) -> None:
        for listener in self._listeners:
            await listener(keys)
