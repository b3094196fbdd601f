"""The Calendars panel's actions: the sample, imported calendars (show, hide, remove) and
importing a file. The work is the core's Library provider (and, for a file's to-dos, the task
list's import); here is only what the user is told."""

from __future__ import annotations

from daypane.browser.js.fetch import FetchError, fetch_bytes, read_file
from daypane.core.ics.parse import IcsError, parse_calendar
from daypane.core.providers.imported import MAX_IMPORT_BYTES, ImportRefused
from daypane.core.store import StorageFailure
from daypane.core.tasks.import_merge import file_parts


SAMPLE_URL = "./static/sample.ics"


class LibraryActions:
    def __init__(self, app) -> None:
        self.app = app
        self.library = app.library

    async def load_sample(self) -> None:
        if self.library.sample is not None:
            return
        try:
            self.library.sample = parse_calendar(await fetch_bytes(SAMPLE_URL), floating_tz=self.app.tz)
        except (FetchError, IcsError) as error:
            self.app.alerts.problem("The sample calendar could not be loaded",
                                    f"{error} Check your connection and reload the page.", key="sample")

    async def show_sample(self, shown: bool) -> None:
        await self.app.prefs.show_sample(shown)

    async def set_calendar_visible(self, calendar_id: str, visible: bool) -> None:
        # Shown again by the library's change notice (the calendar and this panel are redrawn).
        if not await self.app.storing.guarded(self.library.set_selected("", calendar_id, visible), "your calendars"):
            self.app.render_sources()  # the box goes back to what is stored

    async def remove_calendar(self, calendar_id: str) -> None:
        calendar = self.library.find(calendar_id)
        if calendar is None:
            return
        if await self.app.storing.guarded(self.library.remove(calendar_id), "your calendars"):
            self.app.alerts.clear(f"cal-{calendar_id}")
            self.app.alerts.note(f"Removed “{calendar.name}”.")

    async def import_file(self, file) -> None:
        name = str(file.name)
        alerts = self.app.alerts
        if file.size > MAX_IMPORT_BYTES:  # refused before the file is read into memory
            alerts.problem(f"“{name}” was not imported",
                           f"It is {file.size / 1e6:.0f} MB; Daypane imports calendar files up to "
                           f"{MAX_IMPORT_BYTES // 1_000_000} MB. Export a shorter date range and try again.",
                           key="import")
            return
        alerts.note(f"Importing “{name}”…")
        data = await read_file(file)
        parts = file_parts(data)  # to-dos become tasks; only other events make a calendar
        said = []
        if parts.tasks:
            told = await self.app.tasks.import_ics(data, self.app.tz)
            if told is None:  # not stored: the alert says why, and the calendar waits for a retry
                alerts.note("")
                return
            said.append(told)
        if parts.calendar:
            try:
                said.insert(0, await self.library.import_file(
                    name, data, self.app.tz, lambda share: alerts.note(f"Importing “{name}”… {share:.0%}"),
                    tasks_taken=parts.tasks, days=self.app.shown_days()))
            except ImportRefused as problem:
                alerts.note(" ".join(said))
                alerts.problem(problem.title, str(problem), key="import")
                return
            except StorageFailure as error:  # the browser refused to store it: nothing is shown as imported
                alerts.note(" ".join(said))
                self.app.storing.refused(error, f"“{name}”")
                return
            self.app.storing.stored()
        alerts.clear("import")
        alerts.note(" ".join(said))
