"""The month view: whole weeks of day cells, each with its first events as one-line chips, its
scheduled tasks, and "+N more" for the rest (a dialog lists them). The values come from
core.calendar.month; an event chip is the time grid's own event button (ui/calendar.py), so a
click shows the same details. Text goes in as text, never as markup."""

from __future__ import annotations

from datetime import datetime, tzinfo

from daypane.browser.js.dom import build, closest, on, replace_children, t
from daypane.core.calendar.month import MonthDay
from daypane.core.calendar.screen import CalendarScreen
from daypane.core.locale import Conventions


class MonthView:
    def __init__(self, grid) -> None:
        """`grid`: the CalendarView whose event buttons (and details dialog) chips share."""
        self.grid = grid
        self.cells: dict[str, MonthDay] = {}
        self.tz = None
        on(grid.root, "click", self._on_more)

    def render(self, cells: list[MonthDay], *, conv: Conventions, tz: tzinfo, colors, names, now: datetime) -> None:
        grid = self.grid
        today = now.astimezone(tz).date()
        grid.screen = CalendarScreen(layouts=[], today=today, now=now, tz=tz, tasks_by_day={}, colors=colors,
                                     names=names, now_minutes={}, conv=conv)
        grid.shown, grid.colors, self.tz = {}, colors, tz
        self.cells = {cell.day.isoformat(): cell for cell in cells}
        weekdays = conv.patterns["short"].weekdays
        head = t("div", *(t("div", weekdays[cell.day.weekday()], class_="month-weekday") for cell in cells[:7]),
                 class_="month-head", aria_hidden="true")
        body = t("div", *(self._cell(cell, conv, tz) for cell in cells), class_="month-grid")
        replace_children(grid.root, build(t("div", head, body, class_="month")))

    def _cell(self, cell: MonthDay, conv: Conventions, tz: tzinfo):
        name = conv.date("day", cell.day)
        classes = "month-day" + ("" if cell.in_month else " other-month") + (" today" if cell.is_today else "")
        return t("div",
                 t("a", str(cell.day.day), href=f"#/day/{cell.day.isoformat()}", aria_label=name,
                   aria_current="date" if cell.is_today else None, class_="month-day-link"),
                 t("ul", *(t("li", self.grid.event_button(chip.occurrence, tz, "event chip", {}))
                           for chip in cell.chips), class_="month-events") if cell.chips else None,
                 t("ul", *(t("li", task.title, class_="scheduled-task done" if task.done else "scheduled-task")
                           for task in cell.tasks), class_="scheduled", aria_label=f"Tasks for {name}")
                 if cell.tasks else None,
                 t("button", f"+{cell.hidden_count} more", type="button", class_="more-button",
                   data_more=cell.day.isoformat(), aria_label=f"+{cell.hidden_count} more on {name}")
                 if cell.hidden_count else None,
                 class_=classes, role="group", aria_label=name)

    def _on_more(self, event) -> None:
        button = closest(event, "button[data-more]")
        cell = self.cells.get(str(button.dataset.more)) if button is not None else None
        if cell is not None and self.tz is not None:
            self.grid.show_more(self.grid.screen.conv.date("day", cell.day), [chip.occurrence for chip in cell.more],
                                cell.more_tasks)
