"""The backup file's outer layer: what is written, what is read back, and every file refused with
a sentence for the user before anything is looked at further."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

import pytest

from daypane.core.storage.backup import file as backup_file
from daypane.core.storage.backup.file import (BackupError, Sealed, content_from_bytes, file_name, read_file,
                                              to_file)
from tests.support.fixtures import read_fixture

CREATED = datetime(2026, 1, 12, 9, 30, tzinfo=timezone.utc)
CONTENT = {"tasks": {"version": 1, "tasks": []}}
SEALED = Sealed(salt=b"s" * 16, iv=b"i" * 12, data=b"\x00ciphertext and tag\xff")


def envelope(**fields) -> bytes:
    return json.dumps({"format": "daypane-backup", "version": 1, "created": CREATED.isoformat(),
                       "content": CONTENT, **fields}).encode()


def refusal(data: bytes) -> str:
    with pytest.raises(BackupError) as caught:
        read_file(data)
    return str(caught.value)


def test_a_plain_file_reads_back_as_written():
    read = read_file(to_file(CONTENT, CREATED))
    assert (read.version, read.created, read.content, read.encrypted) == (1, CREATED, CONTENT, False)


def test_the_format_name_comes_first_so_a_cut_file_is_still_recognised():
    assert to_file(CONTENT, CREATED).startswith(b'{"format":"daypane-backup","version":1,')


def test_a_sealed_file_carries_every_parameter_the_browser_needs_and_no_plain_content():
    data = to_file(SEALED, CREATED)
    outer = json.loads(data)
    assert "content" not in outer
    assert outer["encrypted"] == {"kdf": "PBKDF2-SHA-256", "iterations": 600_000,
                                  "salt": base64.b64encode(SEALED.salt).decode(), "cipher": "AES-GCM-256",
                                  "iv": base64.b64encode(SEALED.iv).decode(),
                                  "data": base64.b64encode(SEALED.data).decode()}
    read = read_file(data)
    assert read.encrypted and read.sealed == SEALED and read.content is None


def test_a_creation_time_without_a_zone_is_a_bug_not_a_file():
    with pytest.raises(ValueError):
        to_file(CONTENT, datetime(2026, 1, 12, 9, 30))


def test_the_download_is_named_after_its_day():
    assert file_name(CREATED) == "daypane-backup-2026-01-12.json"


def test_an_editors_byte_order_mark_does_not_make_a_backup_foreign():
    assert read_file(b"\xef\xbb\xbf" + to_file(CONTENT, CREATED)).content == CONTENT


def test_truncated_json_of_a_real_backup_is_called_damaged_not_foreign():
    data = to_file({"tasks": {"version": 1, "tasks": [{"id": "t", "title": "x" * 100}]}}, CREATED)
    assert "damaged" in refusal(data[: len(data) // 2])


@pytest.mark.parametrize("name", ["screenshot.png", "web-page.html", "api-answer.json"])
def test_a_file_that_is_not_a_backup_is_called_foreign(name):
    assert "not a Daypane backup" in refusal(read_fixture("ics", name))


def test_non_json_bytes_are_foreign():
    assert "not a Daypane backup" in refusal(b"\x00\x01\x02 random bytes \xfe")


def test_an_ics_file_is_named_as_one_and_pointed_to_import():
    message = refusal(read_fixture("ics", "outlook-export.ics"))
    assert "calendar file (.ics)" in message and "Import calendar" in message


@pytest.mark.parametrize("outer", [
    {"version": 1, "content": {}},                          # JSON without the format
    {"format": "other-app-backup", "version": 1, "content": {}},
    [1, 2, 3],
    "daypane-backup",
])
def test_json_that_does_not_name_our_format_is_foreign(outer):
    assert "not a Daypane backup" in refusal(json.dumps(outer).encode())


def test_a_newer_version_is_refused_and_the_user_told_to_reload():
    message = refusal(envelope(version=2))
    assert "newer version of Daypane" in message and "Reload" in message


@pytest.mark.parametrize("fields", [
    {"version": "1"}, {"version": True}, {"version": 0}, {"version": None},
    {"created": "yesterday"}, {"created": "2026-01-12T09:30:00"},   # no zone
    {"content": [1]}, {"content": None},                            # neither content nor sealed
    {"encrypted": {"kdf": "PBKDF2-SHA-256"}},                       # both
])
def test_a_damaged_envelope_is_refused(fields):
    assert "damaged" in refusal(envelope(**fields))


def sealed_envelope(**changes) -> bytes:
    outer = json.loads(to_file(SEALED, CREATED))
    outer["encrypted"].update(changes)
    return json.dumps(outer).encode()


def test_an_unknown_cipher_is_left_to_a_newer_daypane():
    assert "does not know" in refusal(sealed_envelope(cipher="ChaCha20"))
    assert "does not know" in refusal(sealed_envelope(kdf="scrypt"))


@pytest.mark.parametrize("changes", [
    {"iterations": 1000}, {"iterations": 10**12}, {"iterations": "600000"},
    {"salt": "not base64!"}, {"salt": base64.b64encode(b"short").decode()},
    {"iv": base64.b64encode(b"x" * 16).decode()}, {"data": ""}, {"data": None},
])
def test_sealed_parameters_daypane_never_writes_are_refused(changes):
    assert "damaged" in refusal(sealed_envelope(**changes))


def test_a_file_larger_than_any_backup_is_refused_unread(monkeypatch):
    monkeypatch.setattr(backup_file, "MAX_FILE_BYTES", 100)
    assert "larger than" in refusal(b" " * 101)


def test_a_backup_too_large_to_restore_is_not_made(monkeypatch):
    monkeypatch.setattr(backup_file, "MAX_FILE_BYTES", 100)
    with pytest.raises(BackupError, match="too large to restore"):
        to_file({"calendar-text:big": {"version": 1, "text": "x" * 200}}, CREATED)


@pytest.mark.parametrize("plaintext", [b"[1]", b"{cut", b"\xff\xfe"])
def test_decrypted_content_that_is_not_an_object_is_damaged(plaintext):
    with pytest.raises(BackupError, match="damaged"):
        content_from_bytes(plaintext)


@pytest.mark.parametrize("data", [
    b"", b"\x89PNG", read_fixture("ics", "truncated.ics"), envelope(version=2), envelope(version=0),
    sealed_envelope(cipher="x"), sealed_envelope(iterations=1),
])
def test_every_refusal_is_a_whole_sentence_that_says_nothing_changed(data):
    message = refusal(data)
    assert message[0].isupper() and message.endswith(".")
    assert "Nothing was changed." in message
