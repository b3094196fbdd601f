"""The Calendar region's controller: which days the route shows (a day, a week, a month), what is
on them (every provider's events, the task blocks, a proposed plan), the range title and the view
switch. Drawing is ui/calendar.py's (the time grid) and ui/month.py's; deciding is the core's."""

from __future__ import annotations

import js

from daypane.browser.js.dom import by_id, on
from daypane.browser.ui.calendar import CalendarView
from daypane.browser.ui.mini_month import MiniMonth
from daypane.browser.ui.month import MonthView
from daypane.core.calendar import routes
from daypane.core.calendar.layout import layout_days
from daypane.core.calendar.month import month_grid
from daypane.core.calendar.screen import calendar_screen
from daypane.core.tasks.blocks import block_marks, block_occurrences, unblocked_for_day


class CalendarPane:
    def __init__(self, app) -> None:
        self.app = app
        self.view = CalendarView(app.tasks)
        self.month = MonthView(self.view)
        self.mini = MiniMonth(go=lambda day: app.go(routes.Route("day", day)))
        on(by_id("view-month"), "click", lambda event: app.go(routes.Route("month", self.route().day)))

    def route(self) -> routes.Route:
        """The calendar's route: the app's when it shows the calendar, else today's day."""
        app = self.app
        return app.route if app.route.view in routes.CALENDAR_VIEWS else routes.Route("day", app.today())

    def shown_days(self):
        return routes.shown_days(self.route(), self.app.conventions().first_weekday)

    def redraw(self, scroll: bool = False) -> None:
        app = self.app
        # User Timing marks: `make bench` reads the "daypane:render" measures.
        js.performance.mark("daypane:render-start")
        route, days, conv = self.route(), self.shown_days(), app.conventions()
        occurrences = [occ for p in app.providers for occ in p.occurrences(days, app.tz)]
        blocks, block_calendars = block_occurrences(app.book.tasks, days, app.tz)
        marks = block_marks(app.book.tasks, blocks, occurrences, app.tz)
        ghosts, ghost_calendars = app.planner.ghosts(days)
        occurrences += blocks + ghosts
        block_calendars += ghost_calendars
        js.performance.measure("daypane:render-query", "daypane:render-start")
        calendars = [info for p in app.providers for info in p.calendars()] + block_calendars
        tasks_by_day = {day: unblocked_for_day(app.book.tasks, day) for day in days}
        if route.view == "month":
            cells = month_grid(layout_days(occurrences, days, app.tz), route.day, app.today(), tasks_by_day)
            self.month.render(cells, conv=conv, tz=app.tz, colors={c.key: c.color for c in calendars},
                              names={c.key: c.name for c in calendars}, now=app.now())
        else:
            screen = calendar_screen(occurrences, calendars, days, app.tz, app.now(), tasks_by_day, marks, conv=conv)
            js.performance.measure("daypane:render-layout", "daypane:render-start")
            self.view.render(screen, scroll=scroll)
        self._heading(route)
        self.mini.render(app.today(), days, conv, route.day)
        js.performance.measure("daypane:render", "daypane:render-start")
        self.app.snapshot.later()

    def _heading(self, route: routes.Route) -> None:
        conv = self.app.conventions()
        by_id("range-title").textContent = routes.title(route, self.app.today(), conv)
        unit = route.view if route.view in routes.CALENDAR_VIEWS else "day"
        by_id("nav-prev").setAttribute("aria-label", f"Previous {unit}")
        by_id("nav-next").setAttribute("aria-label", f"Next {unit}")
        for view in ("day", "week"):
            link = by_id(f"view-{view}")
            link.href = routes.format_route(routes.Route(view, route.day))
            link.setAttribute("aria-current", "page") if view == route.view else link.removeAttribute("aria-current")
        month = by_id("view-month")
        month.setAttribute("aria-pressed", "true" if route.view == "month" else "false")

    def minute_passed(self) -> None:
        """A meeting's Join link appears on its block from 10 minutes before (core.calendar.meetings)."""
        if self.app.route.view in ("day", "week") and self.view.join_changed(self.app.now()):
            self.redraw()
