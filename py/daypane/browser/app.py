"""The controller: holds the app's state, applies the user's actions through the pure core, stores
each change before the views show it, and redraws.

It decides nothing itself: task operations, parsing, layout, routes and wording all live in
daypane.core. What is here is order of operations: store, then render; and turning failures into
problems the user can read.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from zoneinfo import available_timezones

import js

from ..core import library, route as routes, settings as settings_mod, tasks as tasks_mod
from ..core.agenda import layout_days, now_minute, range_bounds
from ..core.ics import IcsError, ParsedCalendar, parse_calendar
from ..core.model import Calendar
from . import clock
from .dom import by_id, h, on, replace_children
from .http import FetchError, fetch_bytes, read_file
from .ui.alerts import Alerts
from .ui.calendar import CalendarView
from .ui.sources import SourcesView
from .ui.tasks import TasksView

SAMPLE = Calendar(id=library.SAMPLE_ID, name="Sample calendar", color="#8a5cd1", source="sample")
SAMPLE_URL = "./static/sample.ics"
MAX_IMPORT_BYTES = 200 * 1024 * 1024


class StorageFailed(Exception):
    pass


class App:
    def __init__(self, store) -> None:
        self.store = store
        self.settings = settings_mod.load(store.get("settings"))
        self.tz = clock.zone(self.settings.time_zone or clock.browser_zone_name())
        self.alerts = Alerts()
        self.tasks_view = TasksView(self)
        self.calendar_view = CalendarView(self)
        self.sources_view = SourcesView(self)
        self.parsed: dict[str, ParsedCalendar] = {}
        self.broken: set[str] = set()
        self.tasks_readonly = False
        self.tasks = self._load_tasks()
        self.calendars = library.load_calendars(store.get("calendars"))
        self.route = routes.parse_route(js.location.hash, self.today())
        self.zone_options_built = False

    # -- start-up ---------------------------------------------------------------------------

    async def start(self) -> None:
        if self.settings.show_sample:
            await self._load_sample()
        on(js.window, "hashchange", self._on_hashchange)
        on(by_id("nav-prev"), "click", lambda e: self.go(routes.step(self.route, -1)))
        on(by_id("nav-next"), "click", lambda e: self.go(routes.step(self.route, 1)))
        on(by_id("nav-today"), "click", lambda e: self.go(routes.Route(self.calendar_view_name(), self.today())))
        on(by_id("time-zone"), "change", self._on_time_zone)
        for button in ("nav-prev", "nav-today", "nav-next"):
            by_id(button).disabled = False
        self.tasks_view.enable()
        self.sources_view.enable()
        self.render(scroll=True)
        by_id("startup").hidden = True
        js.document.documentElement.dataset.appState = "ready"

    def _load_tasks(self) -> tasks_mod.TaskList:
        try:
            return tasks_mod.load(self.store.get("tasks"))
        except tasks_mod.TaskDataError as error:
            # Never overwrite data we cannot read (a newer version of the app wrote it).
            self.tasks_readonly = True
            self.alerts.problem("Your tasks could not be read", str(error), key="tasks")
            return tasks_mod.TaskList()

    async def _load_sample(self) -> None:
        if library.SAMPLE_ID in self.parsed:
            return
        try:
            self.parsed[library.SAMPLE_ID] = parse_calendar(await fetch_bytes(SAMPLE_URL),
                                                            floating_tz=self.tz)
        except (FetchError, IcsError) as error:
            self.alerts.problem("The sample calendar could not be loaded",
                                f"{error} Check your connection and reload the page.", key="sample")

    # -- time and routes --------------------------------------------------------------------

    def now(self):
        return clock.now(self.tz)

    def today(self) -> date:
        return self.now().date()

    def now_minute(self, day: date) -> int | None:
        return now_minute(self.now(), day, self.tz)

    def calendar_view_name(self) -> str:
        return self.route.view if self.route.view in ("day", "week") else "day"

    def go(self, route: routes.Route) -> None:
        js.location.hash = routes.format_route(route)

    def _on_hashchange(self, event) -> None:
        previous = self.route
        self.route = routes.parse_route(js.location.hash, self.today())
        self.render(scroll=previous.view != self.route.view or previous.view not in ("day", "week"))

    async def _on_time_zone(self, event) -> None:
        name = by_id("time-zone").value or None
        await self._save_settings(self.settings.with_time_zone(name))
        self.tz = clock.zone(name or clock.browser_zone_name())
        self.parsed.clear()  # floating times are read in the display zone: parse again
        if self.settings.show_sample:
            await self._load_sample()
        self.alerts.note(f"Times are now shown in {self.tz}.")

    # -- drawing ----------------------------------------------------------------------------

    def render(self, scroll: bool = False) -> None:
        self.redraw_tasks()
        self.sources_view.render(self.calendars, self.settings.show_sample)
        on_settings = self.route.view == "settings"
        by_id("settings").hidden = not on_settings
        by_id("calendar").hidden = on_settings
        by_id("nav-settings").setAttribute("aria-current", "page") if on_settings else \
            by_id("nav-settings").removeAttribute("aria-current")
        if on_settings:
            self._render_settings()
        else:
            self.redraw_calendar(scroll=scroll)

    def redraw_tasks(self, focus: str | None = None, focus_action: str | None = None) -> None:
        self.tasks_view.render(self.tasks.tasks, focus=focus, focus_action=focus_action)

    def redraw_calendar(self, scroll: bool = False) -> None:
        route = self.route if self.route.view in ("day", "week") else routes.Route("day", self.today())
        days = routes.week_days(route.day) if route.view == "week" else [route.day]
        start, end = range_bounds(days, self.tz)
        occurrences = []
        colors = {}
        for calendar, parsed in self._visible_calendars():
            colors[calendar.id] = calendar.color
            try:
                occurrences.extend(parsed.occurrences(calendar.id, start, end))
            except Exception as error:  # one broken calendar must not blank the others
                if calendar.id not in self.broken:
                    self.broken.add(calendar.id)
                    self.alerts.problem(f"Some events of “{calendar.name}” cannot be shown",
                                        f"Expanding its events failed ({error}). The other calendars "
                                        "are shown; removing and re-importing the file may help.",
                                        key=f"cal-{calendar.id}")
        today = self.today()
        self.calendar_view.render(
            layout_days(occurrences, days, self.tz), today=today, now=self.now(), tz=self.tz,
            tasks_by_day={day: self.tasks.for_day(day) for day in days}, colors=colors, scroll=scroll)
        by_id("range-title").textContent = routes.title(route, today)
        unit = "week" if route.view == "week" else "day"
        by_id("nav-prev").setAttribute("aria-label", f"Previous {unit}")
        by_id("nav-next").setAttribute("aria-label", f"Next {unit}")
        for view in ("day", "week"):
            link = by_id(f"view-{view}")
            link.href = routes.format_route(routes.Route(view, route.day))
            if view == route.view:
                link.setAttribute("aria-current", "page")
            else:
                link.removeAttribute("aria-current")

    def _visible_calendars(self):
        if self.settings.show_sample and library.SAMPLE_ID in self.parsed:
            yield SAMPLE, self.parsed[library.SAMPLE_ID]
        for item in self.calendars:
            if item.calendar.visible:
                parsed = self._parsed(item)
                if parsed is not None:
                    yield item.calendar, parsed

    def _parsed(self, item: library.StoredCalendar) -> ParsedCalendar | None:
        cal_id = item.calendar.id
        if cal_id not in self.parsed and cal_id not in self.broken:
            try:
                self.parsed[cal_id] = parse_calendar(item.ics, floating_tz=self.tz)
            except IcsError as error:
                self.broken.add(cal_id)
                self.alerts.problem(f"“{item.calendar.name}” cannot be shown", str(error),
                                    key=f"cal-{cal_id}")
        return self.parsed.get(cal_id)

    def calendar_name(self, calendar_id: str) -> str:
        if calendar_id == SAMPLE.id:
            return SAMPLE.name
        for item in self.calendars:
            if item.calendar.id == calendar_id:
                return item.calendar.name
        return calendar_id

    def _render_settings(self) -> None:
        select = by_id("time-zone")
        if not self.zone_options_built:
            browser = clock.browser_zone_name()
            options = [h("option", f"Browser default ({browser})", value="")]
            options += [h("option", name, value=name) for name in sorted(available_timezones())]
            replace_children(select, options)
            self.zone_options_built = True
        select.value = self.settings.time_zone or ""

    # -- storing ----------------------------------------------------------------------------

    async def _put(self, key: str, value, what: str) -> bool:
        try:
            await self.store.put(key, value)
            return True
        except Exception as error:  # quota exceeded, private mode, a broken database
            self.alerts.problem(f"Could not save {what}",
                                f"The browser refused to store it ({error}). Nothing was changed. "
                                "Free some space (for example remove a large imported calendar) "
                                "and try again.", key="storage")
            return False

    async def _save_tasks(self, new: tasks_mod.TaskList) -> bool:
        if self.tasks_readonly:
            self.alerts.problem("Tasks are read-only", "Stored tasks came from a newer version of "
                                "Daypane; reload to get the latest version before changing them.",
                                key="tasks")
            return False
        if not await self._put("tasks", tasks_mod.dump(new), "your tasks"):
            return False
        self.tasks = new
        self.alerts.clear("storage")
        return True

    async def _save_settings(self, new: settings_mod.Settings) -> bool:
        if await self._put("settings", settings_mod.dump(new), "your settings"):
            self.settings = new
            return True
        return False

    async def _save_calendars(self, new: list[library.StoredCalendar]) -> bool:
        if await self._put("calendars", library.dump_calendars(new), "your calendars"):
            self.calendars = new
            return True
        return False

    # -- task actions (called by TasksView) -------------------------------------------------

    async def _apply(self, change, *, focus: str | None = None, focus_action: str | None = None) -> bool:
        try:
            new = change(self.tasks)
        except ValueError as error:
            self.alerts.problem("That change was not made", str(error), key="task-input")
            return False
        if not await self._save_tasks(new):
            return False
        self.alerts.clear("task-input")
        self.redraw_tasks(focus=focus, focus_action=focus_action)
        if self.route.view in ("day", "week"):
            self.redraw_calendar()
        return True

    async def add_task(self, title: str) -> bool:
        task_id = js.crypto.randomUUID()
        created = self.now().isoformat(timespec="seconds")
        return await self._apply(lambda t: t.add(title, id=task_id, created=created))

    async def toggle_task(self, task_id: str, done: bool) -> None:
        await self._apply(lambda t: t.toggle(task_id, done), focus=task_id)

    async def edit_task(self, task_id: str, *, title: str, scheduled: str, estimate: str) -> bool:
        def change(t: tasks_mod.TaskList) -> tasks_mod.TaskList:
            day = date.fromisoformat(scheduled) if scheduled else None
            minutes = tasks_mod.parse_estimate(estimate)
            return t.rename(task_id, title).schedule(task_id, day).set_estimate(task_id, minutes)
        return await self._apply(change)

    async def delete_task(self, task_id: str) -> None:
        new, removed = self.tasks.remove(task_id)
        if await self._apply(lambda t: new):
            self.alerts.note(f"Deleted “{removed.task.title}”.", undo=lambda: self._restore(removed))

    async def _restore(self, removed) -> None:
        if await self._apply(lambda t: t.restore(removed), focus=removed.task.id):
            self.alerts.note(f"Restored “{removed.task.title}”.")

    async def move_task(self, task_id: str, index: int) -> None:
        await self._apply(lambda t: t.move(task_id, index), focus=task_id)

    async def move_task_by(self, task_id: str, delta: int, focus_action: str | None = None) -> None:
        await self._apply(lambda t: t.move_by(task_id, delta), focus=task_id, focus_action=focus_action)

    # -- calendar actions (called by SourcesView) -------------------------------------------

    async def show_sample(self, shown: bool) -> None:
        if await self._save_settings(self.settings.with_sample(shown)):
            if shown:
                await self._load_sample()
        self.render()

    async def set_calendar_visible(self, calendar_id: str, visible: bool) -> None:
        new = [library.StoredCalendar(item.calendar if item.calendar.id != calendar_id else
                                      replace(item.calendar, visible=visible), item.ics)
               for item in self.calendars]
        await self._save_calendars(new)
        self.render()

    async def remove_calendar(self, calendar_id: str) -> None:
        removed = [item for item in self.calendars if item.calendar.id == calendar_id]
        if not removed:
            return
        if await self._save_calendars([i for i in self.calendars if i.calendar.id != calendar_id]):
            self.parsed.pop(calendar_id, None)
            self.broken.discard(calendar_id)
            self.alerts.clear(f"cal-{calendar_id}")
            self.alerts.note(f"Removed “{removed[0].calendar.name}”.")
        self.render()

    async def import_file(self, file) -> None:
        name = str(file.name)
        if file.size > MAX_IMPORT_BYTES:
            self.alerts.problem(f"“{name}” was not imported",
                                f"It is {file.size / 1e6:.0f} MB; Daypane imports calendar files up to "
                                f"{MAX_IMPORT_BYTES // 1e6:.0f} MB. Export a shorter date range and try again.",
                                key="import")
            return
        self.alerts.note(f"Importing “{name}”…")
        try:
            data = await read_file(file)
            parsed = parse_calendar(data, floating_tz=self.tz)
        except IcsError as error:
            self.alerts.note("")
            self.alerts.problem(f"“{name}” was not imported", str(error), key="import")
            return
        display = parsed.summary.name or _stem(name)
        calendar = Calendar(
            id=library.new_calendar_id((i.calendar.id for i in self.calendars), display),
            name=display,
            color=library.next_color(i.calendar.color for i in self.calendars),
            source="ics",
        )
        text = data.decode("utf-8", errors="replace")
        if await self._save_calendars([*self.calendars, library.StoredCalendar(calendar, text)]):
            self.parsed[calendar.id] = parsed
            self.alerts.clear("import")
            self.alerts.note(parsed.summary.message())
            self.render()


def _stem(file_name: str) -> str:
    return file_name.rsplit(".", 1)[0] if "." in file_name else file_name
