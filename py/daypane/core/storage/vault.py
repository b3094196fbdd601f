"""Encryption at rest, as a Store between Records and the browser's store.

Locked or not encrypted, a Vault passes values through. Unlocked, it holds the decrypted copy
this tab reads from (reads stay synchronous), seals every value it writes (core.storage.envelope)
and opens what other tabs wrote before telling its listeners. Turning encryption on or off
rewrites every record and the keyring in ONE transaction, so a crash or a full disk leaves either
all of it encrypted or none of it.

The keyring changing under this tab (another tab turned encryption on or off, or changed the
passphrase) leaves this tab's key or copy out of date: it then refuses every write until reloaded.
The crypto itself is the Cipher port's (WebCrypto in the page; a stand-in in unit tests).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from daypane.core.storage.envelope import KEYRING, EnvelopeError, Keyring, is_sealed, seal, unseal
from daypane.core.store import Listener, Store, StoreClosed, Unparsed

SWITCHED = ("Encryption was turned on or off, or the passphrase changed, in another Daypane tab. Reload "
            "this tab to go on; until then it saves nothing.")


class Cipher(Protocol):
    """AES-GCM with the data key: `encrypt` picks a fresh random IV for every call."""

    async def encrypt(self, plain: bytes) -> tuple[bytes, bytes]: ...   # (iv, ciphertext)

    async def decrypt(self, iv: bytes, data: bytes) -> bytes: ...        # ValueError: not authentic


class Vault:
    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.cipher: Cipher | None = None
        self.plain: dict[str, Any] = {}
        self.closed: str | None = None
        self._listeners: list[Listener] = []
        self._on_closed: list[Callable[[str], None]] = []
        inner.listen(self._changed_elsewhere)

    # -- state --------------------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        """Is the data on this device encrypted (whether or not this tab has unlocked it)?"""
        return self.inner.get(KEYRING) is not None

    @property
    def locked(self) -> bool:
        return self.encrypted and self.cipher is None

    async def unlock(self, cipher: Cipher) -> None:
        """Open every record with the data key (the keyring already proved the passphrase)."""
        self.plain = {key: await self._open(self.inner.get(key), cipher) for key in self._inner_keys()}
        self.cipher = cipher

    async def turn_on(self, cipher: Cipher, keyring: Keyring) -> None:
        """Encrypt every record and store the keyring, in one transaction."""
        plain = {key: self.inner.get(key) for key in self._inner_keys()}
        sealed = {key: await self._seal(value, cipher) for key, value in plain.items()}
        await self.inner.put_many({**sealed, KEYRING: keyring.dump()})
        self.plain, self.cipher = plain, cipher

    async def turn_off(self) -> None:
        """Store every record decrypted and drop the keyring, in one transaction."""
        await self.inner.put_many(dict(self.plain), [KEYRING])
        self.plain, self.cipher = {}, None

    async def rewrap(self, keyring: Keyring) -> None:
        """A new passphrase: only the keyring changes (the data key, and every record, stay)."""
        self._refuse_if_closed()
        await self.inner.put_many({KEYRING: keyring.dump()})

    def on_closed(self, callback: Callable[[str], None]) -> None:
        self._on_closed.append(callback)

    # -- the Store port -----------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        if key == KEYRING:
            return default
        return self.plain.get(key, default) if self.cipher is not None else self.inner.get(key, default)

    def keys(self) -> list[str]:
        return list(self.plain) if self.cipher is not None else self._inner_keys()

    async def put_many(self, puts: Mapping[str, Any], deletes: Iterable[str] = ()) -> None:
        self._refuse_if_closed()
        if KEYRING in puts or KEYRING in deletes:
            raise ValueError("the keyring is written only by turn_on, turn_off and rewrap")
        deletes = list(deletes)
        if self.locked:
            raise StoreClosed("Your data is locked: unlock it with your passphrase first.")
        if self.cipher is None:
            await self.inner.put_many(puts, deletes)
            return
        sealed = {key: await self._seal(value, self.cipher) for key, value in puts.items()}
        await self.inner.put_many(sealed, deletes)
        self.plain.update(puts)
        for key in deletes:
            self.plain.pop(key, None)

    async def refresh(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        await self.inner.refresh(keys)
        if KEYRING in keys:
            self._switched()
        await self._open_keys(keys)

    def exclusive(self, name: str):
        return self.inner.exclusive(name)

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def sizes(self) -> dict[str, int]:
        return {key: size for key, size in self.inner.sizes().items() if key != KEYRING}

    # -- internals ----------------------------------------------------------------------------

    def _inner_keys(self) -> list[str]:
        return [key for key in self.inner.keys() if key != KEYRING]

    def _refuse_if_closed(self) -> None:
        if self.closed is not None:
            raise StoreClosed(self.closed)

    def _switched(self) -> None:
        if self.closed is None:
            self.closed = SWITCHED
            for callback in self._on_closed:
                callback(SWITCHED)

    async def _open_keys(self, keys: list[str]) -> None:
        if self.cipher is None:
            return
        for key in keys:
            if key == KEYRING:
                continue
            value = self.inner.get(key)
            if value is None:
                self.plain.pop(key, None)
            else:
                self.plain[key] = await self._open(value, self.cipher)

    async def _changed_elsewhere(self, keys: list[str]) -> None:
        if KEYRING in keys:
            self._switched()
            return
        await self._open_keys(keys)
        for listener in self._listeners:
            await listener(keys)

    @staticmethod
    async def _seal(value: Any, cipher: Cipher) -> dict:
        iv, data = await cipher.encrypt(json.dumps(value, separators=(",", ":")).encode("utf-8"))
        return seal(iv, data)

    @staticmethod
    async def _open(value: Any, cipher: Cipher) -> Any:
        """The decrypted value; a value that is not an envelope (written before encryption was
        turned on, by an older tab) is taken as it is; one that cannot be opened is damaged."""
        if not is_sealed(value):
            return value
        try:
            iv, data = unseal(value)
            return json.loads((await cipher.decrypt(iv, data)).decode("utf-8"))
        except (EnvelopeError, ValueError, UnicodeDecodeError):
            return Unparsed(json.dumps(value))
