"""Backup and restore: one versioned file of everything the user made, and restoring it.

- file: the envelope (format, version, created; the content plain or sealed) and its checks;
- content: what a backup holds, and reading it back record by record (`Backup`, its summary);
- restore: the plan of writes for "merge" or "replace", applied by the caller in one transaction;
- port: the `Cipher` port the browser implements, and the export and open flows using it.

Every refusal is a `BackupError` whose text is a sentence for the user, raised before anything is
changed. Pure core: see daypane.core.storage for the import rule.
"""

from daypane.core.storage.backup.content import Backup, backup_content, in_words, read_content
from daypane.core.storage.backup.file import (FORMAT, MAX_FILE_BYTES, VERSION, BackupError, BackupFile,
                                              PassphraseNeeded, Sealed, WrongPassphrase, content_bytes,
                                              content_from_bytes, file_name, read_file, to_file)
from daypane.core.storage.backup.port import Cipher, export_backup, open_backup
from daypane.core.storage.backup.restore import MODES, Mode, RestorePlan, plan_restore

__all__ = [
    "FORMAT", "MAX_FILE_BYTES", "MODES", "VERSION",
    "Backup", "BackupError", "BackupFile", "Cipher", "Mode", "PassphraseNeeded", "RestorePlan", "Sealed",
    "WrongPassphrase",
    "backup_content", "content_bytes", "content_from_bytes", "export_backup", "file_name", "in_words",
    "open_backup", "plan_restore", "read_content", "read_file", "to_file",
]
