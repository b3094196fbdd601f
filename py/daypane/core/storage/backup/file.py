"""The outer layer of a backup file: a small JSON envelope around the content, plain or sealed.

    {"format": "daypane-backup", "version": 1, "created": "2026-01-12T09:30:00+00:00",
     "content": {<record key>: <the record kind's encoded value>, ...}}

or, when the user's data is encrypted, the content's UTF-8 JSON sealed with a passphrase:

    {"format": "daypane-backup", "version": 1, "created": ...,
     "encrypted": {"kdf": "PBKDF2-SHA-256", "iterations": 600000, "salt": "<base64>",
                   "cipher": "AES-GCM-256", "iv": "<base64>", "data": "<base64>"}}

The core builds and checks this envelope; the crypto itself is the browser's (Web Crypto), behind
the `Cipher` port (backup.port). `"format"` is written first, so even a truncated file still
shows it was a Daypane backup and is reported as damaged rather than as a foreign file.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

FORMAT = "daypane-backup"
VERSION = 1  # raised when an older Daypane could not restore a newer file correctly

# The largest file read or written. The biggest real backups are imported calendars (each up to
# 200 MB at import); restoring holds several copies of the file at once in Pyodide's wasm heap
# (the bytes, the text, the parsed JSON), so much more than this would fail halfway, late and
# unclearly. Export refuses beyond it too, so no file is made that cannot be restored.
MAX_FILE_BYTES = 600_000_000

# What the browser uses to seal a backup, and the only values a file may name.
KDF = "PBKDF2-SHA-256"
CIPHER = "AES-GCM-256"
ITERATIONS = 600_000                  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256
MIN_ITERATIONS = 100_000              # fewer: not a file we made, and too weak to trust
MAX_ITERATIONS = 10_000_000           # more would freeze the page for minutes before failing
SALT_BYTES = 16
IV_BYTES = 12                         # AES-GCM's standard nonce

_NOTHING_CHANGED = "Nothing was changed."


class BackupError(ValueError):
    """A backup cannot be made or restored. ``str(error)`` is a complete sentence for the user:
    what happened and what to do. Raised before anything is changed."""


class PassphraseNeeded(BackupError):
    """The backup is encrypted and no passphrase was given: the caller asks for one, then retries."""


class WrongPassphrase(BackupError):
    """The passphrase does not open the backup (or the file was altered: AES-GCM cannot tell)."""


@dataclass(frozen=True)
class Sealed:
    """An encrypted content: what the browser needs to derive the key and decrypt it."""

    salt: bytes
    iv: bytes
    data: bytes                       # AES-GCM ciphertext with its tag, of the content's UTF-8 JSON
    iterations: int = ITERATIONS
    kdf: str = KDF
    cipher: str = CIPHER


@dataclass(frozen=True)
class BackupFile:
    """A backup's outer layer, checked: its version, when it was made, and either its content
    (a plain file) or its sealed content (an encrypted one: `encrypted` is True)."""

    version: int
    created: datetime
    content: dict | None = None
    sealed: Sealed | None = None

    @property
    def encrypted(self) -> bool:
        return self.sealed is not None


def to_file(content: dict | Sealed, created: datetime) -> bytes:
    """The backup file's bytes: `content` (from backup_content) as is, or sealed by the browser.
    Raises BackupError when the file would be too large to restore."""
    if created.tzinfo is None:
        raise ValueError("a backup's creation time must carry its zone")  # a bug, not the user's
    envelope: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                                "created": created.isoformat(timespec="seconds")}
    if isinstance(content, Sealed):
        envelope["encrypted"] = {"kdf": content.kdf, "iterations": content.iterations,
                                 "salt": _b64(content.salt), "cipher": content.cipher,
                                 "iv": _b64(content.iv), "data": _b64(content.data)}
    else:
        envelope["content"] = content
    data = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise BackupError(f"The backup would be larger than {MAX_FILE_BYTES // 1_000_000} MB, too large "
                          "to restore in a browser, so it was not made. Remove an imported calendar "
                          "you no longer need (or import a shorter date range of it) and try again.")
    return data


def file_name(created: datetime) -> str:
    """The name the download is offered under: "daypane-backup-2026-01-12.json"."""
    return f"{FORMAT}-{created.date().isoformat()}.json"


def content_bytes(content: dict) -> bytes:
    """The content's UTF-8 JSON: what the browser seals for an encrypted backup."""
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_from_bytes(plaintext: bytes) -> dict:
    """The content back from what the browser decrypted."""
    try:
        content = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        content = None
    if not isinstance(content, dict):
        raise BackupError(f"This backup's encrypted part is damaged, so it cannot be restored. "
                          f"{_NOTHING_CHANGED} Try another backup file.")
    return content


def read_file(data: bytes) -> BackupFile:
    """The outer layer checked, or BackupError saying why the file cannot be restored: too large,
    not a Daypane backup, damaged, or made by a newer Daypane."""
    if len(data) > MAX_FILE_BYTES:
        raise BackupError(f"This file is larger than {MAX_FILE_BYTES // 1_000_000} MB, more than any "
                          f"Daypane backup, so it was not read. {_NOTHING_CHANGED} Choose the file "
                          "that “Export backup” saved.")
    try:
        text = data.decode("utf-8-sig")  # a BOM added by an editor is harmless
    except UnicodeDecodeError:
        raise _foreign() from None
    head = text.lstrip()[:200]
    if head.upper().startswith("BEGIN:VCALENDAR"):
        raise BackupError("This is a calendar file (.ics), not a Daypane backup. "
                          f"{_NOTHING_CHANGED} To add its events, use “Import calendar”; to restore, "
                          "choose the file that “Export backup” saved.")
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        if head.startswith("{") and FORMAT in head:
            raise _damaged("it is incomplete or was changed") from None
        raise _foreign() from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise _foreign()
    version = envelope.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _damaged("its version is missing")
    if version > VERSION:
        raise BackupError(f"This backup was made by a newer version of Daypane (backup format "
                          f"{version}), so this one cannot restore it. {_NOTHING_CHANGED} Reload "
                          "the page to get the latest version of Daypane, then restore it again.")
    created = _created(envelope.get("created"))
    content, sealed = envelope.get("content"), envelope.get("encrypted")
    if (content is None) == (sealed is None):
        raise _damaged("it holds neither its content nor its encrypted content")
    if content is not None:
        if not isinstance(content, dict):
            raise _damaged("its content is not readable")
        return BackupFile(version, created, content=content)
    return BackupFile(version, created, sealed=_sealed(sealed))


def _created(value: Any) -> datetime:
    try:
        created = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _damaged("its date is missing") from None
    if created.tzinfo is None:
        raise _damaged("its date has no time zone")
    return created


def _sealed(value: Any) -> Sealed:
    if not isinstance(value, dict):
        raise _damaged("its encrypted content is not readable")
    if value.get("kdf") != KDF or value.get("cipher") != CIPHER:
        # Only a later Daypane would seal a backup another way.
        raise BackupError("This backup is encrypted in a way this version of Daypane does not know. "
                          f"{_NOTHING_CHANGED} Reload the page to get the latest version of Daypane, "
                          "then restore it again.")
    iterations = value.get("iterations")
    if isinstance(iterations, bool) or not isinstance(iterations, int) \
            or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise _damaged("its encryption settings are not ones Daypane uses")
    salt, iv, data = (_unb64(value.get(name)) for name in ("salt", "iv", "data"))
    if len(salt) < SALT_BYTES or len(iv) != IV_BYTES or not data:
        raise _damaged("its encryption settings are not ones Daypane uses")
    return Sealed(salt=salt, iv=iv, data=data, iterations=iterations)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise _damaged("its encrypted content is incomplete")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _damaged("its encrypted content is incomplete") from None


def _damaged(why: str) -> BackupError:
    return BackupError(f"This Daypane backup is damaged ({why}), so it cannot be restored. "
                       f"{_NOTHING_CHANGED} Try another backup file, or export a new one.")


def _foreign() -> BackupError:
    return BackupError(f"This file is not a Daypane backup. {_NOTHING_CHANGED} Choose the file "
                       "that “Export backup” saved (its name ends in .json).")
