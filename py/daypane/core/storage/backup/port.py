"""The passphrase cipher as a port, and the two flows that use it: making a backup file and
opening one.

The browser implements `Cipher` with Web Crypto, built with the passphrase the user typed:
PBKDF2-SHA-256 (`file.ITERATIONS`, a fresh random salt of `file.SALT_BYTES`) derives an AES-GCM
256-bit key; a fresh random IV of `file.IV_BYTES` per backup. Tests use a fake one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from daypane.core.records import Records
from daypane.core.storage.backup.content import Backup, backup_content, read_content
from daypane.core.storage.backup.file import (PassphraseNeeded, Sealed, WrongPassphrase, content_bytes,
                                              content_from_bytes, read_file, to_file)


class Cipher(Protocol):
    async def seal(self, plaintext: bytes) -> Sealed:
        """The plaintext encrypted with a key derived from the passphrase (fresh salt and IV)."""
        ...

    async def open(self, sealed: Sealed) -> bytes | None:
        """The plaintext, or None when AES-GCM refuses it: a wrong passphrase, or an altered file."""
        ...


async def export_backup(records: Records, created: datetime, cipher: Cipher | None = None) -> bytes:
    """The bytes of "Export backup": sealed with `cipher` when given (the user's data is encrypted),
    else plain. BackupError when part of the data cannot be read, or the file would be too large."""
    content = backup_content(records)
    if cipher is None:
        return to_file(content, created)
    return to_file(await cipher.seal(content_bytes(content)), created)


async def open_backup(data: bytes, cipher: Cipher | None = None) -> Backup:
    """The whole file checked and decoded, ready for plan_restore; BackupError (nothing changed)
    otherwise. An encrypted file without a cipher raises PassphraseNeeded: ask, then call again."""
    backup_file = read_file(data)
    if backup_file.sealed is None:
        return read_content(backup_file.content)
    if cipher is None:
        raise PassphraseNeeded("This backup is encrypted. Enter the passphrase it was made with "
                               "to restore it.")
    plaintext = await cipher.open(backup_file.sealed)
    if plaintext is None:
        raise WrongPassphrase("This passphrase does not open the backup. Nothing was changed. Check "
                              "it (capital letters count) and try again.")
    return read_content(content_from_bytes(plaintext))
