"""The stored form of an encrypted record, and of the keyring that unlocks them.

An encrypted record is `{"sealed": 1, "iv": <base64>, "data": <base64>}`: AES-GCM 256 with a
random 96-bit IV per write (never reused: a fresh one for every value), over the UTF-8 JSON of the
record's value, so versions and migrations work beneath encryption exactly as without it. GCM
authenticates, so a changed byte makes the record unreadable instead of silently wrong.

The keyring (key "keyring", the one record never encrypted) holds the data key wrapped by a key
derived from the passphrase: PBKDF2-SHA-256 with at least 600,000 iterations (OWASP's figure for
PBKDF2-HMAC-SHA256) and a random 16-byte salt. A new passphrase re-wraps this one key; no record
is rewritten. No crypto here: the browser (daypane.browser.js.crypto) does it with WebCrypto.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

KEYRING = "keyring"
SEALED_VERSION = 1
KEYRING_VERSION = 1
KDF = "PBKDF2-SHA-256"
CIPHER = "AES-GCM-256"
ITERATIONS = 600_000
MIN_ITERATIONS = 600_000
MAX_ITERATIONS = 10_000_000   # a keyring asking for more would hang the page: damaged or hostile
SALT_BYTES = 16
IV_BYTES = 12                 # 96 bits, GCM's native nonce size


class EnvelopeError(ValueError):
    """A stored envelope or keyring cannot be read; the message is a sentence for the user."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise EnvelopeError(f"The {what} is damaged.")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise EnvelopeError(f"The {what} is damaged.") from None


def seal(iv: bytes, data: bytes) -> dict:
    return {"sealed": SEALED_VERSION, "iv": b64(iv), "data": b64(data)}


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and "sealed" in value


def unseal(value: dict) -> tuple[bytes, bytes]:
    """(iv, ciphertext) of an envelope; EnvelopeError for a damaged or newer one."""
    if value.get("sealed") != SEALED_VERSION:
        raise EnvelopeError("This record was encrypted by a newer version of Daypane. Reload to update.")
    iv = unb64(value.get("iv"), "encrypted record")
    if len(iv) != IV_BYTES:
        raise EnvelopeError("The encrypted record is damaged.")
    return iv, unb64(value.get("data"), "encrypted record")


@dataclass(frozen=True)
class Keyring:
    salt: bytes
    iterations: int
    iv: bytes            # the IV the data key was wrapped with
    wrapped: bytes       # the data key, AES-GCM-wrapped by the passphrase's key

    def dump(self) -> dict:
        return {"version": KEYRING_VERSION, "kdf": KDF, "cipher": CIPHER, "iterations": self.iterations,
                "salt": b64(self.salt), "iv": b64(self.iv), "wrapped": b64(self.wrapped)}


def read_keyring(value: Any) -> Keyring | None:
    """The stored keyring, None when the data is not encrypted; EnvelopeError when it cannot be used."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise EnvelopeError("The encryption key stored on this device is damaged.")
    if value.get("version") != KEYRING_VERSION or value.get("kdf") != KDF or value.get("cipher") != CIPHER:
        raise EnvelopeError("Your data was encrypted by a newer version of Daypane. Reload the page to get it.")
    iterations = value.get("iterations")
    if (not isinstance(iterations, int) or isinstance(iterations, bool)
            or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS):
        raise EnvelopeError("The encryption key stored on this device is damaged.")
    keyring = Keyring(unb64(value.get("salt"), "encryption key"), iterations,
                      unb64(value.get("iv"), "encryption key"), unb64(value.get("wrapped"), "encryption key"))
    if len(keyring.salt) != SALT_BYTES or len(keyring.iv) != IV_BYTES or not keyring.wrapped:
        raise EnvelopeError("The encryption key stored on this device is damaged.")
    return keyring


def passphrase_problem(new: str, repeated: str) -> str | None:
    """Why a new passphrase is refused (a sentence), or None. Length, not rules: a long phrase of
    common words is strong, and there is no way to recover a forgotten one."""
    if new != repeated:
        return "The two passphrases are not the same. Type the same passphrase twice."
    if len(new) < 8:
        return "Use a passphrase of at least 8 characters; a few words you will remember is best."
    if len(new) > 1024:
        return "Use a passphrase of at most 1,024 characters."
    return None
