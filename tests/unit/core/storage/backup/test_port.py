"""Export and open through the `Cipher` port: an encrypted backup hides its content, opens only
with its passphrase, and asks for one when none was given."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from datetime import datetime, timezone

import pytest

from daypane.core.storage.backup import (BackupError, PassphraseNeeded, Sealed, WrongPassphrase, export_backup,
                                         open_backup)
from daypane.core.storage.backup.file import ITERATIONS
from tests.unit.core.storage.backup.device import PASSWORD, filled, run

CREATED = datetime(2026, 1, 12, 9, 30, tzinfo=timezone.utc)


class FakeCipher:
    """Stands in for Web Crypto: a keyed stream and an authentication tag, so a wrong passphrase
    or an altered byte is refused like AES-GCM refuses it (None)."""

    def __init__(self, passphrase: str) -> None:
        self.passphrase = passphrase.encode()

    def _key(self, salt: bytes) -> bytes:
        return hashlib.pbkdf2_hmac("sha256", self.passphrase, salt, 1)

    def _stream(self, key: bytes, iv: bytes, size: int) -> bytes:
        return hashlib.shake_256(key + iv).digest(size)

    async def seal(self, plaintext: bytes) -> Sealed:
        salt, iv = os.urandom(16), os.urandom(12)
        key = self._key(salt)
        body = bytes(a ^ b for a, b in zip(plaintext, self._stream(key, iv, len(plaintext))))
        return Sealed(salt=salt, iv=iv, data=body + hmac.digest(key, iv + body, "sha256"), iterations=ITERATIONS)

    async def open(self, sealed: Sealed) -> bytes | None:
        key = self._key(sealed.salt)
        body, tag = sealed.data[:-32], sealed.data[-32:]
        if not hmac.compare_digest(tag, hmac.digest(key, sealed.iv + body, "sha256")):
            return None
        return bytes(a ^ b for a, b in zip(body, self._stream(key, sealed.iv, len(body))))


def test_a_plain_export_opens_without_a_passphrase():
    backup = run(open_backup(run(export_backup(filled(), CREATED))))
    assert backup.summary[0] == "2 tasks"


def test_an_encrypted_export_hides_the_content_and_opens_with_its_passphrase():
    data = run(export_backup(filled(), CREATED, FakeCipher("correct horse")))
    assert b"Buy milk" not in data and b"content" not in data and PASSWORD.encode() not in data
    assert json.loads(data)["encrypted"]["iterations"] == ITERATIONS
    backup = run(open_backup(data, FakeCipher("correct horse")))
    assert [t.title for t in backup.tasks.tasks] == ["Buy milk", "Call Ann"]


def test_an_encrypted_backup_opened_without_a_passphrase_asks_for_one():
    data = run(export_backup(filled(), CREATED, FakeCipher("correct horse")))
    with pytest.raises(PassphraseNeeded, match="Enter the passphrase"):
        run(open_backup(data))


def test_a_wrong_passphrase_is_told_apart_from_a_damaged_file():
    data = run(export_backup(filled(), CREATED, FakeCipher("correct horse")))
    with pytest.raises(WrongPassphrase, match="does not open"):
        run(open_backup(data, FakeCipher("wrong horse")))


def test_decrypted_content_is_checked_like_plain_content():
    class Garbling(FakeCipher):
        async def open(self, sealed):
            return b'{"tasks": {"version": 1, "tasks": 5}}'
    data = run(export_backup(filled(), CREATED, FakeCipher("x")))
    with pytest.raises(BackupError, match="its tasks are damaged"):
        run(open_backup(data, Garbling("x")))
