"""Settings' "Your data" actions: export and restore a backup, and encryption on, off or to a new
passphrase. The file format and the restore rules are core.storage.backup's, the encryption rules
core.storage.vault's; here is the order of things and what the user is told."""

from __future__ import annotations

import js

from daypane.browser.encryption import Encryption
from daypane.browser.js import crypto
from daypane.browser.js.dom import nullable, spawn
from daypane.browser.js.download import download
from daypane.browser.js.fetch import read_file
from daypane.browser.js.store import estimate
from daypane.browser.ui.your_data import DataState, YourDataView
from daypane.core.storage.backup import (BackupError, PassphraseNeeded, export_backup, file_name, in_words,
                                         open_backup, plan_restore)
from daypane.core.storage.envelope import passphrase_problem
from daypane.core.storage.usage import usage, usage_text
from daypane.core.store import StorageFailure

NOTE = "daypane.note"  # sessionStorage: a confirmation shown once after the reload a restore needs


class DataActions:
    def __init__(self, app, encryption: Encryption) -> None:
        self.app, self.encryption = app, encryption
        self.view = YourDataView(self._act)
        self.form = ""
        self.usage = ""
        self.pending: tuple | None = None         # (Backup, {mode: RestorePlan}) chosen for restore
        self.pending_bytes: bytes | None = None   # an encrypted backup waiting for its passphrase

    # -- drawing -------------------------------------------------------------------------------

    def render(self, focus: bool = False) -> None:
        title, loses = "", ()
        if self.form == "restore" and self.pending is not None:
            backup, plans = self.pending
            title = f"This backup holds {in_words(backup.summary)}."
            loses = tuple(plans["replace"].removed)
        self.view.render(DataState(self.usage or usage_text(self.app.storing.usage()), self.encryption.on, self.form,
                                   title, loses), focus=focus)

    async def refresh_usage(self) -> None:
        """The usage line with the browser's own figures (quota, persistence), then redraw."""
        _, quota, persisted = await estimate()
        self.usage = usage_text(usage(self.app.records.store.sizes(), quota=quota, persisted=persisted))
        self.render()

    def _open(self, form: str) -> None:
        self.form = form
        self.render(focus=True)

    def _close(self) -> None:
        self.form, self.pending, self.pending_bytes = "", None, None
        self.view.busy("")
        self.render()

    # -- what the buttons do -------------------------------------------------------------------

    def _act(self, action: str, values: dict) -> None:
        simple = {"open-encrypt": "encrypt", "open-change": "change", "open-stop": "stop"}
        if action in simple:
            self._open(simple[action])
        elif action == "cancel":
            self._close()
        elif action == "export":
            if self.encryption.on:
                self._open("export")
            else:
                spawn(self._export(None))
        else:
            handler = {"submit-encrypt": self._turn_on, "submit-change": self._change, "stop": self._turn_off,
                       "submit-export": self._export_sealed, "restore-file": self._restore_file,
                       "submit-restore-passphrase": self._restore_passphrase,
                       "merge": lambda v: self._restore("merge"), "replace": lambda v: self._restore("replace")}
            if action in handler:
                spawn(handler[action](values))

    def _problem(self, title: str, message: str) -> None:
        self.app.alerts.problem(title, message, key="your-data")

    async def _guarded(self, busy: str, work) -> bool:
        """Run a change that stores something; a refusal is an alert and leaves everything as it was."""
        self.app.alerts.clear("your-data")
        self.view.busy(busy)
        try:
            await work
        except StorageFailure as error:
            self.view.busy("")
            self.app.storing.refused(error, "your data")
            return False
        self.view.busy("")
        return True

    async def _turn_on(self, values: dict) -> None:
        problem = passphrase_problem(values.get("new", ""), values.get("repeat", ""))
        if problem:
            self._problem("Your data was not encrypted", problem)
            return
        if await self._guarded("Encrypting…", self.encryption.turn_on(values["new"])):
            await self.app.restart_outlook()  # MSAL's cache moves to this tab's sessionStorage
            self._close()
            self.app.alerts.note("Your data on this device is encrypted. Daypane asks for the passphrase at "
                                 "each start; Outlook sign-ins now last until the browser is closed.")

    async def _change(self, values: dict) -> None:
        problem = passphrase_problem(values.get("new", ""), values.get("repeat", ""))
        if problem:
            self._problem("The passphrase was not changed", problem)
            return
        try:
            changed = await self._guarded("Changing the passphrase…",
                                          self.encryption.change(values.get("current", ""), values["new"]))
        except crypto.WrongPassphrase:
            self.view.busy("")
            self._problem("The passphrase was not changed", "The current passphrase is not right. Nothing was "
                                                            "changed; try again.")
            return
        if changed:
            self._close()
            self.app.alerts.note("Your passphrase is changed. Other Daypane tabs ask for it when reloaded.")

    async def _turn_off(self, values: dict) -> None:
        if await self._guarded("Decrypting…", self.encryption.turn_off()):
            await self.app.restart_outlook()
            self._close()
            self.app.alerts.note("Your data on this device is no longer encrypted.")

    # -- backups -------------------------------------------------------------------------------

    async def _export(self, cipher) -> None:
        created = self.app.now()
        try:
            data = await export_backup(self.app.records, created, cipher)
        except BackupError as error:
            self._problem("No backup was made", str(error))
            return
        download(file_name(created), data, "application/json")
        self._close()
        self.app.alerts.note(f"Backup saved as {file_name(created)}"
                             f"{' (encrypted with your passphrase)' if cipher else ''}.")

    async def _export_sealed(self, values: dict) -> None:
        passphrase = values.get("current", "")
        self.view.busy("Checking the passphrase…")
        if not await self.encryption.check(passphrase):
            self.view.busy("")
            self._problem("No backup was made", "That passphrase is not right. Type the passphrase this "
                                                "device's data is encrypted with.")
            return
        self.view.busy("Encrypting the backup…")
        await self._export(crypto.PassphraseCipher(passphrase))

    async def _restore_file(self, values: dict) -> None:
        self.app.alerts.clear("your-data")
        data = await read_file(values["file"])
        await self._open_backup(data, None)

    async def _restore_passphrase(self, values: dict) -> None:
        if self.pending_bytes is not None:
            self.view.busy("Opening the backup…")
            await self._open_backup(self.pending_bytes, crypto.PassphraseCipher(values.get("current", "")))
            self.view.busy("")

    async def _open_backup(self, data: bytes, cipher) -> None:
        """Check the whole file before anything changes; then say what it holds and ask how."""
        try:
            backup = await open_backup(data, cipher)
            plans = {mode: plan_restore(backup, self.app.records, mode) for mode in ("merge", "replace")}
        except PassphraseNeeded:
            self.pending_bytes = data
            self._open("restore-passphrase")
            return
        except BackupError as error:
            self._problem("This backup cannot be restored", str(error))
            if self.form != "restore-passphrase":
                self._close()
            return
        self.pending, self.pending_bytes = (backup, plans), None
        self._open("restore")

    async def _restore(self, mode: str) -> None:
        if self.pending is None:
            return
        backup, plans = self.pending
        plan = plans[mode]
        if await self._guarded("Restoring…", self.app.records.put_many(plan.puts, plan.deletes)):
            done = "Merged" if mode == "merge" else "Restored"
            js.window.sessionStorage.setItem(NOTE, f"{done} {in_words(plan.summary)} from the backup.")
            js.location.reload()  # every provider reads the restored records afresh


def restored_note() -> str | None:
    """The confirmation a restore left for after its reload (shown once)."""
    note = nullable(js.window.sessionStorage.getItem(NOTE))
    if note is None:
        return None
    js.window.sessionStorage.removeItem(NOTE)
    return str(note)
