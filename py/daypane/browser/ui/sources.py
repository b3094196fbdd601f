"""The Calendars panel: the sample toggle, imported calendars (show/hide, remove), and .ics import
by file picker or by dropping a file anywhere on the page."""

from __future__ import annotations

from daypane.browser.js.dom import by_id, closest, document, h, nullable, on, replace_children, spawn
from daypane.core.model import Calendar
from daypane.core.providers.library import SAMPLE_ID


class SourcesView:
    def __init__(self, controller) -> None:
        self.controller = controller
        self.list = by_id("calendar-list")
        self.sample = by_id("show-sample")
        self.file_input = by_id("ics-file")
        on(self.sample, "change", self._on_sample)
        on(self.file_input, "change", self._on_file)
        on(self.list, "change", self._on_visibility)
        on(self.list, "click", self._on_click)
        on(document, "dragover", self._on_dragover)
        on(document, "dragleave", self._on_dragleave)
        on(document, "drop", self._on_drop)

    def enable(self) -> None:
        self.sample.disabled = False
        self.file_input.disabled = False

    def render(self, calendars: list[Calendar], show_sample: bool) -> None:
        self.sample.checked = show_sample
        replace_children(self.list, [self._item(cal) for cal in calendars if cal.id != SAMPLE_ID])

    def _item(self, cal: Calendar):
        return h("li",
                 h("input", type="checkbox", id=f"cal-{cal.id}", checked=cal.visible, data_role="visible"),
                 h("label", h("span", class_="swatch", style={"--cal": cal.color}), cal.name,
                   for_=f"cal-{cal.id}"),
                 h("button", "Remove", type="button", data_action="remove", aria_label=f"Remove {cal.name}"),
                 class_="calendar-item", data_id=cal.id)

    async def _on_sample(self, event) -> None:
        await self.controller.show_sample(bool(self.sample.checked))

    async def _on_visibility(self, event) -> None:
        item = closest(event, "[data-id]")
        if item is not None and event.target.dataset.role == "visible":
            await self.controller.set_calendar_visible(item.dataset.id, bool(event.target.checked))

    async def _on_click(self, event) -> None:
        button = closest(event, '[data-action="remove"]')
        if button is not None:
            await self.controller.remove_calendar(button.closest("[data-id]").dataset.id)

    async def _on_file(self, event) -> None:
        files = self.file_input.files
        if files.length:
            file = files.item(0)
            self.file_input.value = ""  # picking the same file again must fire change again
            await self.controller.import_file(file)

    # Dropping a file anywhere imports it; the page shows where it will land while dragging.
    def _is_file_drag(self, event) -> bool:
        transfer = nullable(event.dataTransfer)
        types = transfer.types if transfer is not None else None
        return bool(types) and any(t == "Files" for t in types)

    def _on_dragover(self, event) -> None:
        if self._is_file_drag(event):
            event.preventDefault()
            event.dataTransfer.dropEffect = "copy"
            document.body.classList.add("file-over")

    def _on_dragleave(self, event) -> None:
        if nullable(event.relatedTarget) is None:
            document.body.classList.remove("file-over")

    def _on_drop(self, event) -> None:
        document.body.classList.remove("file-over")
        if not self._is_file_drag(event):
            return
        event.preventDefault()
        files = event.dataTransfer.files
        if files.length:
            spawn(self.controller.import_file(files.item(0)))
