"""WebCrypto, the only module that touches `crypto.subtle`: the data key, the passphrase's key,
and AES-GCM for records (core.storage.vault's Cipher port).

The data key is created extractable only for the moment it is wrapped; the key this tab uses is
unwrapped non-extractable, so no script can read its bytes back out of the page. The passphrase
itself is kept nowhere: it is turned into a key (PBKDF2) and dropped.
"""

from __future__ import annotations

import js
from pyodide.ffi import JsException, to_js

from daypane.core.storage.backup.file import ITERATIONS as BACKUP_ITERATIONS, Sealed
from daypane.core.storage.envelope import IV_BYTES, SALT_BYTES, Keyring


class WrongPassphrase(Exception):
    """The passphrase does not unwrap the data key (AES-GCM refused the wrapped key)."""


def _js(value):
    return to_js(value, dict_converter=js.Object.fromEntries)


def random_bytes(size: int) -> bytes:
    array = js.Uint8Array.new(size)
    js.crypto.getRandomValues(array)
    return array.to_bytes()


def _buffer(data: bytes):
    array = js.Uint8Array.new(len(data))  # a copy the page owns: WebCrypto may keep it past this call
    array.assign(data)
    return array


async def _passphrase_key(passphrase: str, salt: bytes, iterations: int, usages=("wrapKey", "unwrapKey")):
    """An AES-GCM 256 key from the passphrase (PBKDF2-SHA-256), never extractable."""
    subtle = js.crypto.subtle
    material = await subtle.importKey("raw", js.TextEncoder.new().encode(passphrase), "PBKDF2", False,
                                      _js(["deriveKey"]))
    return await subtle.deriveKey(
        _js({"name": "PBKDF2", "salt": _buffer(salt), "iterations": iterations, "hash": "SHA-256"}),
        material, _js({"name": "AES-GCM", "length": 256}), False, _js(list(usages)))


async def _unwrap(wrapping_key, keyring: Keyring, extractable: bool):
    try:
        return await js.crypto.subtle.unwrapKey(
            "raw", _buffer(keyring.wrapped), wrapping_key, _js({"name": "AES-GCM", "iv": _buffer(keyring.iv)}),
            _js({"name": "AES-GCM"}), extractable, _js(["encrypt", "decrypt"]))
    except JsException:
        raise WrongPassphrase() from None


async def _wrap(data_key, passphrase: str, iterations: int) -> Keyring:
    salt, iv = random_bytes(SALT_BYTES), random_bytes(IV_BYTES)
    wrapping_key = await _passphrase_key(passphrase, salt, iterations)
    wrapped = await js.crypto.subtle.wrapKey("raw", data_key, wrapping_key,
                                             _js({"name": "AES-GCM", "iv": _buffer(iv)}))
    return Keyring(salt=salt, iterations=iterations, iv=iv, wrapped=js.Uint8Array.new(wrapped).to_bytes())


async def new_keyring(passphrase: str, iterations: int) -> tuple["WebCipher", Keyring]:
    """A fresh random data key, wrapped by the passphrase; and the cipher that uses it."""
    data_key = await js.crypto.subtle.generateKey(_js({"name": "AES-GCM", "length": 256}), True,
                                                  _js(["encrypt", "decrypt"]))
    keyring = await _wrap(data_key, passphrase, iterations)
    return await unlock(passphrase, keyring), keyring


async def unlock(passphrase: str, keyring: Keyring) -> "WebCipher":
    """The cipher for the data key the passphrase unwraps; WrongPassphrase when it does not."""
    wrapping_key = await _passphrase_key(passphrase, keyring.salt, keyring.iterations)
    return WebCipher(await _unwrap(wrapping_key, keyring, extractable=False))


async def rewrap(old: str, new: str, keyring: Keyring) -> Keyring:
    """The same data key under a new passphrase (WrongPassphrase when `old` is not the current one)."""
    data_key = await _unwrap(await _passphrase_key(old, keyring.salt, keyring.iterations), keyring,
                             extractable=True)
    return await _wrap(data_key, new, keyring.iterations)


class WebCipher:
    """core.storage.vault.Cipher with WebCrypto's AES-GCM and a fresh random 96-bit IV per value."""

    def __init__(self, key) -> None:
        self.key = key

    async def encrypt(self, plain: bytes) -> tuple[bytes, bytes]:
        iv = random_bytes(IV_BYTES)
        data = await js.crypto.subtle.encrypt(_js({"name": "AES-GCM", "iv": _buffer(iv)}), self.key, _buffer(plain))
        return iv, js.Uint8Array.new(data).to_bytes()

    async def decrypt(self, iv: bytes, data: bytes) -> bytes:
        try:
            plain = await js.crypto.subtle.decrypt(_js({"name": "AES-GCM", "iv": _buffer(iv)}), self.key,
                                                   _buffer(data))
        except JsException:
            raise ValueError("the record does not open with this key") from None
        return js.Uint8Array.new(plain).to_bytes()


class PassphraseCipher:
    """core.storage.backup's Cipher: a backup file sealed with a key derived from the passphrase
    (a fresh salt and IV per file), so it opens on any device with the passphrase alone."""

    def __init__(self, passphrase: str) -> None:
        self.passphrase = passphrase

    async def _key(self, salt: bytes, iterations: int):
        return await _passphrase_key(self.passphrase, salt, iterations, ("encrypt", "decrypt"))

    async def seal(self, plaintext: bytes) -> Sealed:
        salt, iv = random_bytes(SALT_BYTES), random_bytes(IV_BYTES)
        key = await self._key(salt, BACKUP_ITERATIONS)
        data = await js.crypto.subtle.encrypt(_js({"name": "AES-GCM", "iv": _buffer(iv)}), key, _buffer(plaintext))
        return Sealed(salt=salt, iv=iv, data=js.Uint8Array.new(data).to_bytes(), iterations=BACKUP_ITERATIONS)

    async def open(self, sealed: Sealed) -> bytes | None:
        key = await self._key(sealed.salt, sealed.iterations)
        try:
            plain = await js.crypto.subtle.decrypt(_js({"name": "AES-GCM", "iv": _buffer(sealed.iv)}), key,
                                                   _buffer(sealed.data))
        except JsException:
            return None
        return js.Uint8Array.new(plain).to_bytes()
