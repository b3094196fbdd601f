"""Encryption at rest (core.storage.vault, .envelope) with a stand-in cipher: what is sealed, what a
locked or out-of-date tab may do, and that turning encryption on or off is all or nothing.

The stand-in is a real authenticated cipher built from hashlib (a SHA-256 keystream and an HMAC
tag), so a wrong key or a changed byte is refused as AES-GCM would refuse it; the browser tests
use WebCrypto's AES-GCM itself."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os

import pytest

from daypane.core.records import Records, RecordUnreadable
from daypane.core.storage.envelope import (KEYRING, EnvelopeError, Keyring, passphrase_problem, read_keyring,
                                           unseal)
from daypane.core.storage.vault import SWITCHED, Vault
from daypane.core.store import Disk, MemoryStore, StorageFailure, StoreClosed
from daypane.core.tasks.model import RECORD as TASKS, TaskList

KEYRING_VALUE = Keyring(salt=b"s" * 16, iterations=600_000, iv=b"i" * 12, wrapped=b"wrapped-key")


class StandInCipher:
    def __init__(self, key: bytes = b"k" * 32) -> None:
        self.key = key

    def _stream(self, iv: bytes, size: int) -> bytes:
        blocks = (hashlib.sha256(self.key + iv + n.to_bytes(8, "big")).digest() for n in range(size // 32 + 1))
        return b"".join(blocks)[:size]

    async def encrypt(self, plain: bytes) -> tuple[bytes, bytes]:
        iv = os.urandom(12)
        body = bytes(a ^ b for a, b in zip(plain, self._stream(iv, len(plain))))
        return iv, body + hmac.new(self.key, iv + body, "sha256").digest()

    async def decrypt(self, iv: bytes, data: bytes) -> bytes:
        body, tag = data[:-32], data[-32:]
        if not hmac.compare_digest(tag, hmac.new(self.key, iv + body, "sha256").digest()):
            raise ValueError("not authentic")
        return bytes(a ^ b for a, b in zip(body, self._stream(iv, len(body))))


def run(coroutine):
    return asyncio.run(coroutine)


def with_tasks(*titles: str) -> MemoryStore:
    tasks = TaskList()
    for i, title in enumerate(titles):
        tasks = tasks.add(title, id=str(i), created="")
    return MemoryStore({"tasks": TASKS.encode(tasks), "snapshot": "<p>Pay the rent</p>"})


def test_turning_on_seals_every_record_and_leaves_no_plaintext_on_disk():
    store = with_tasks("Pay the rent", "Call Sam")
    vault = Vault(store)
    run(vault.turn_on(StandInCipher(), KEYRING_VALUE))
    on_disk = json.dumps(store.disk.data)
    assert "Pay the rent" not in on_disk and "Call Sam" not in on_disk
    assert set(store.disk.data) == {"tasks", "snapshot", KEYRING}
    assert all(unseal(value) for key, value in store.disk.data.items() if key != KEYRING)
    assert [t.title for t in Records(vault).get(TASKS).tasks] == ["Pay the rent", "Call Sam"]


def test_every_write_is_sealed_with_a_fresh_iv():
    store = with_tasks()
    vault = Vault(store)
    run(vault.turn_on(StandInCipher(), KEYRING_VALUE))
    records = Records(vault)
    run(records.put(TASKS, TaskList().add("Secret", id="a", created="")))
    first = unseal(store.disk.data["tasks"])
    run(records.put(TASKS, TaskList().add("Secret", id="a", created="")))
    second = unseal(store.disk.data["tasks"])
    assert "Secret" not in json.dumps(store.disk.data)
    assert first[0] != second[0] and first[1] != second[1]


def test_a_reloaded_tab_is_locked_until_unlocked_and_then_reads_everything():
    store = with_tasks("Pay the rent")
    run(Vault(store).turn_on(StandInCipher(), KEYRING_VALUE))
    reloaded = Vault(MemoryStore(disk=store.disk))
    assert reloaded.encrypted and reloaded.locked
    with pytest.raises(StoreClosed):
        run(reloaded.put_many({"tasks": {}}))
    run(reloaded.unlock(StandInCipher()))
    assert [t.title for t in Records(reloaded).get(TASKS).tasks] == ["Pay the rent"]


def test_a_record_that_does_not_open_is_damaged_and_never_overwritten():
    store = with_tasks("Pay the rent")
    run(Vault(store).turn_on(StandInCipher(), KEYRING_VALUE))
    iv, data = unseal(store.disk.data["tasks"])
    store.disk.data["tasks"] = {**store.disk.data["tasks"], "data": store.disk.data["snapshot"]["data"]}
    vault = Vault(MemoryStore(disk=store.disk))
    run(vault.unlock(StandInCipher()))
    records = Records(vault)
    assert not records.get(TASKS).tasks and not records.readable(TASKS)
    with pytest.raises(RecordUnreadable):
        run(records.put(TASKS, TaskList()))


def test_turning_off_stores_everything_decrypted_and_drops_the_keyring():
    store = with_tasks("Pay the rent")
    vault = Vault(store)
    run(vault.turn_on(StandInCipher(), KEYRING_VALUE))
    run(vault.turn_off())
    assert KEYRING not in store.disk.data and not vault.encrypted
    assert Records(Vault(MemoryStore(disk=store.disk))).get(TASKS).tasks[0].title == "Pay the rent"


def test_a_full_disk_while_turning_on_changes_nothing():
    store = with_tasks("Pay the rent")
    before = json.loads(json.dumps(store.disk.data))
    store.fail_with = StorageFailure("full", "QuotaExceededError")
    vault = Vault(store)
    with pytest.raises(StorageFailure):
        run(vault.turn_on(StandInCipher(), KEYRING_VALUE))
    assert store.disk.data == before and vault.cipher is None and not vault.encrypted


def test_another_unlocked_tab_hears_a_sealed_write_already_opened():
    disk = Disk()
    a, b = Vault(MemoryStore(disk=disk)), Vault(MemoryStore(disk=disk))
    run(a.turn_on(StandInCipher(), KEYRING_VALUE))
    b = Vault(MemoryStore(disk=disk))          # b reloaded after encryption was turned on
    run(b.unlock(StandInCipher()))
    heard = []

    async def listener(keys):
        heard.append(Records(b).get(TASKS).tasks[0].title)
    b.listen(listener)
    run(Records(a).put(TASKS, TaskList().add("From A", id="a", created="")))
    assert heard == ["From A"]


def test_a_tab_that_missed_the_switch_refuses_to_write():
    disk = Disk({"tasks": TASKS.encode(TaskList())})
    a, b = Vault(MemoryStore(disk=disk)), Vault(MemoryStore(disk=disk))
    closed = []
    b.on_closed(closed.append)
    run(a.turn_on(StandInCipher(), KEYRING_VALUE))
    assert closed == [SWITCHED]
    with pytest.raises(StoreClosed, match="Reload this tab"):
        run(Records(b).put(TASKS, TaskList().add("Would be plain", id="p", created="")))
    assert "Would be plain" not in json.dumps(disk.data)


def test_the_keyring_is_validated_before_any_passphrase_is_tried():
    assert read_keyring(None) is None
    assert read_keyring(KEYRING_VALUE.dump()) == KEYRING_VALUE
    for damage, says in (({"iterations": 1000}, "damaged"), ({"version": 2}, "newer version"),
                         ({"salt": "***"}, "damaged"), ({"iv": "AAAA"}, "damaged"),
                         ({"iterations": 10**9}, "damaged"), ({"kdf": "scrypt"}, "newer version")):
        with pytest.raises(EnvelopeError, match=says):
            read_keyring({**KEYRING_VALUE.dump(), **damage})


def test_a_new_passphrase_must_be_typed_twice_and_be_long_enough():
    assert passphrase_problem("correct horse", "correct horse") is None
    assert "not the same" in passphrase_problem("correct horse", "correct house")
    assert "at least 8" in passphrase_problem("short", "short")
