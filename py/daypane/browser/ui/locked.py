"""The locked start: Daypane's data on this device is encrypted and nothing of it is shown until
the passphrase opens it.

`<html data-app-state="locked">` while the form is up. A wrong passphrase is an alert and another
try, as often as the user likes (no lock-out: the slow key derivation, about half a second a try,
is the brake). "Forgot passphrase" erases this device's data after an explicit confirmation; a
backup file can then be restored. The form exists only while locked, so its "Passphrase" field is
the only one on the page.
"""

from __future__ import annotations

import asyncio

import js

from daypane.browser.js.dom import by_id, h, on, replace_children


class LockScreen:
    """`try_passphrase(text) -> bool` (unlocked?) and `erase()` are the controller's."""

    def __init__(self, try_passphrase, erase) -> None:
        self.try_passphrase, self.erase = try_passphrase, erase
        self.root = by_id("locked")
        self.done = asyncio.get_event_loop().create_future()
        self.field = h("input", id="unlock-passphrase", type="password", autocomplete="current-password",
                       required=True)
        self.status = h("p", id="unlock-status", class_="form-status", role="status")
        self.problem = h("div", id="unlock-problem", class_="form-problem")
        self.confirm = h("input", id="erase-confirm", type="checkbox")
        self.erase_button = h("button", "Erase this device's data", type="button", id="erase-device", disabled=True)
        form = h("form", h("label", "Passphrase", for_="unlock-passphrase"), self.field,
                 h("p", h("button", "Unlock", type="submit", id="unlock")), self.status, self.problem,
                 id="unlock-form", class_="settings-form", autocomplete="off")
        forgot = h("details",
                   h("summary", "Forgot passphrase: erase this device's data"),
                   h("p", "Without the passphrase nothing stored here can be read, by you or anyone: there "
                          "is no recovery. Erasing deletes Daypane's tasks, imported calendars, settings and "
                          "accounts from this browser; you can then start again or restore a backup file."),
                   h("p", h("label", self.confirm, " I understand that everything Daypane stored on this "
                                                   "device will be deleted", class_="check")),
                   h("p", self.erase_button), class_="forgot")
        replace_children(self.root,
                         h("h2", "Daypane is locked", id="locked-title"),
                         h("p", "Your data on this device is encrypted. Enter your passphrase to open it."),
                         form, forgot)
        on(form, "submit", self._on_submit, prevent_default=True)
        on(self.confirm, "change", lambda event: setattr(self.erase_button, "disabled", not self.confirm.checked))
        on(self.erase_button, "click", self._on_erase)

    async def wait(self) -> None:
        """Show the form until the passphrase is right (or the data is erased)."""
        self.root.hidden = False
        by_id("startup").hidden = True
        js.document.documentElement.dataset.appState = "locked"
        self.field.focus()
        await self.done
        replace_children(self.root)
        self.root.hidden = True
        by_id("startup").hidden = False
        js.document.documentElement.dataset.appState = "loading"

    async def _on_submit(self, event) -> None:
        passphrase = str(self.field.value)
        if not passphrase:
            return
        replace_children(self.problem)
        self.status.textContent = "Unlocking…"
        self.field.disabled = True
        try:
            unlocked = await self.try_passphrase(passphrase)
        finally:
            self.field.disabled = False
            self.status.textContent = ""
        if unlocked:
            if not self.done.done():
                self.done.set_result(None)
            return
        self.field.value = ""
        self.field.focus()
        replace_children(self.problem, h("div", h("p", h("strong", "That passphrase is not right")),
                                         h("p", "Nothing was changed. Check it (capital letters count) and "
                                                "try again."), role="alert", class_="alert"))

    async def _on_erase(self, event) -> None:
        if not self.confirm.checked:
            return
        self.erase_button.disabled = True
        self.status.textContent = "Erasing…"
        await self.erase()
