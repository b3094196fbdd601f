"""Settings' "Your data": how much is stored, backups, and encryption at rest.

The view gets plain values (DataState) and draws one of a few small forms at a time, so a label
such as "New passphrase" is on the page only while it is asked for. What the buttons do is the
controller's (browser.data_actions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from daypane.browser.js.dom import by_id, closest, h, nullable, on, replace_children


BACKUP_FORMS = ("export", "restore-passphrase", "restore")


@dataclass(frozen=True)
class DataState:
    usage: str                      # what Daypane stores, in words
    encrypted: bool
    form: str = ""                  # "", "encrypt", "change", "stop", "export", "restore-passphrase", "restore"
    restore_title: str = ""         # what the chosen backup holds, for the "restore" form
    restore_loses: tuple[str, ...] = field(default_factory=tuple)   # what "Replace" removes here


class YourDataView:
    """`act(action, values)` is the controller's: values are the form's fields by name."""

    def __init__(self, act) -> None:
        self.act = act
        self.root = by_id("your-data")
        self.restore_input = by_id("restore-backup")
        self.status = by_id("data-status")
        on(self.root, "click", self._on_click)
        on(self.root, "submit", self._on_submit, prevent_default=True)
        on(self.restore_input, "change", self._on_file)

    def render(self, state: DataState, focus: bool = False) -> None:
        """focus: put the cursor in the form just opened (never on a redraw the user did not ask for)."""
        by_id("storage-usage").textContent = state.usage
        by_id("export-backup").disabled = bool(state.form)
        encryption = by_id("encryption")
        if state.encrypted:
            parts = [h("p", "Your data on this device is encrypted with your passphrase (AES-GCM 256). It "
                            "is unlocked in this tab until the tab is closed.", class_="hint"),
                     h("p", h("button", "Change passphrase", type="button", data_act="open-change"),
                       " ", h("button", "Stop encrypting", type="button", data_act="open-stop"))]
        else:
            parts = [h("p", "Encrypt what Daypane stores here (tasks, calendars, caches, settings, saved "
                            "passwords) with a passphrase: then nothing of it can be read from this device "
                            "without the passphrase, which is asked for at each start.", class_="hint"),
                     h("p", h("button", "Encrypt data on this device", type="button", data_act="open-encrypt"))]
        replace_children(encryption, *parts)
        # Each form opens beside the control that asked for it: a backup's under "Restore backup",
        # the passphrase's under "Encryption"; what it says when done, under it.
        form, other = by_id("backup-form"), by_id("data-form")
        if state.form not in BACKUP_FORMS:
            form, other = other, form
        replace_children(other)
        replace_children(form, self._form(state))
        if state.form:
            form.after(self.status)
        first = nullable(form.querySelector("input, [data-act='merge'], [data-act='stop']"))
        if focus and first is not None:
            first.focus()

    def _form(self, state: DataState):
        if state.form == "encrypt":
            return self._passphrase_form("encrypt", "Encrypt", new=True, hint=(
                "There is no way to recover a forgotten passphrase: keep it somewhere safe, and export a "
                "backup now and then."))
        if state.form == "change":
            return self._passphrase_form("change", "Save new passphrase", current=True, new=True)
        if state.form == "stop":
            return h("div", h("p", "Your data will be stored on this device without encryption, readable by "
                                   "anyone who can read this browser's files."),
                     h("p", h("button", "Store my data unencrypted", type="button", data_act="stop"), " ",
                       h("button", "Cancel", type="button", data_act="cancel")), class_="confirm")
        if state.form == "export":
            return self._passphrase_form("export", "Export encrypted backup", current=True, hint=(
                "The backup is encrypted with your passphrase: it opens, on any device, only with it."))
        if state.form == "restore-passphrase":
            return self._passphrase_form("restore-passphrase", "Open backup", backup=True,
                                         hint="This backup is encrypted: type the passphrase it was made with.")
        if state.form == "restore":
            loses = ("Replacing removes from this device: " + ", ".join(state.restore_loses) + "."
                     if state.restore_loses else "Replacing removes nothing that is not in the backup.")
            return h("div", h("p", state.restore_title),
                     h("p", "Merge adds what this device lacks and keeps what it has; replace makes this "
                            f"device's data the backup's. {loses}", class_="hint"),
                     h("p", h("button", "Merge with this device's data", type="button", data_act="merge"), " ",
                       h("button", "Replace this device's data", type="button", data_act="replace"), " ",
                       h("button", "Cancel", type="button", data_act="cancel")),
                     class_="confirm", role="group", aria_label="Restore backup")
        return None

    def _passphrase_form(self, name: str, submit: str, *, current: bool = False, new: bool = False,
                         backup: bool = False, hint: str = ""):
        fields = []

        def field_(label: str, field_name: str, autocomplete: str) -> None:
            field_id = f"{name}-{field_name}"
            fields.extend([h("label", label, for_=field_id),
                           h("input", id=field_id, name=field_name, type="password", required=True,
                             autocomplete=autocomplete)])
        if current:
            field_("Current passphrase", "current", "current-password")
        if backup:
            field_("Backup passphrase", "current", "off")
        if new:
            field_("New passphrase", "new", "new-password")
            field_("Repeat passphrase", "repeat", "new-password")
        return h("form", *fields, h("p", hint, class_="hint") if hint else None,
                 h("p", h("button", submit, type="submit"), " ",
                   h("button", "Cancel", type="button", data_act="cancel")),
                 class_="settings-form", data_form=name, autocomplete="off")

    def busy(self, text: str) -> None:
        self.status.textContent = text
        for button in self.root.querySelectorAll("button"):
            button.disabled = bool(text)

    # -- events --------------------------------------------------------------------------------

    def _on_click(self, event) -> None:
        button = closest(event, "button[data-act]")
        if button is not None:
            self.act(str(button.dataset.act), {})
        elif closest(event, "#export-backup") is not None:
            self.act("export", {})

    def _on_submit(self, event) -> None:
        form = event.target
        values = {str(el.name): str(el.value) for el in form.querySelectorAll("input") if el.name}
        self.act(f"submit-{form.dataset.form}", values)

    def _on_file(self, event) -> None:
        files = self.restore_input.files
        if files.length:
            self.act("restore-file", {"file": files.item(0)})
        self.restore_input.value = ""
