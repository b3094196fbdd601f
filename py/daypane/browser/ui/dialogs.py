"""The "Add CalDAV account" and "Subscribe to calendar URL" dialogs.

Each is a modal <dialog> with a form: progress is announced in its role=status line, a failure in
its own role=alert box (inside the dialog: a modal dialog makes the rest of the page inert, so an
alert outside it would not be seen or announced). What to do with the values is the controller's.

showModal() alone makes the page behind inert: out of the keyboard's reach and left out of the
accessibility tree the browser gives assistive technology, so the dialog's "Connect" or "Subscribe"
is the only one offered. Nothing is marked aria-hidden; a test that looks for the dialog's button
looks inside the dialog (role dialog), as a person would.
"""

from __future__ import annotations

from daypane.browser.js.dom import by_id, h, on, replace_children


class FormDialog:
    def __init__(self, name: str, opener: str, submit) -> None:
        self.dialog = by_id(f"{name}-dialog")
        self.form = by_id(f"{name}-form")
        self.status = by_id(f"{name}-status")
        self.problem = by_id(f"{name}-problem")
        self.submit = submit  # async (form) -> problem text and optional detail lines, or None when done
        self.busy = False
        on(by_id(opener), "click", lambda event: self.open())
        on(by_id(f"{name}-cancel"), "click", lambda event: self.dialog.close())
        on(self.form, "submit", self._on_submit, prevent_default=True)

    def open(self, **values) -> None:
        self.status.textContent = ""
        replace_children(self.problem, [])
        for field, value in values.items():
            self.form.elements.namedItem(field).value = value
        self.dialog.showModal()  # modal: the rest of the page is inert until it closes

    async def _on_submit(self, event) -> None:
        if self.busy:
            return
        self.busy = True
        replace_children(self.problem, [])
        self.status.textContent = "Connecting…"
        try:
            result = await self.submit(self.form)
        finally:
            self.busy = False
        self.status.textContent = ""
        if result is None:
            self.form.reset()
            self.dialog.close()
            return
        text, details = result
        replace_children(self.problem, [h("p", text), *(h("pre", line) for line in details)])
