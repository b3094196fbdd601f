"""The mini month in the side panel: a month of buttons, each named by its full date ("24
December 2026"), to jump to any day; today and the days the calendar shows are marked. One
button is in the tab order (roving tabindex); the arrow keys move by a day or a week, Page
Up/Down by a month (core.calendar.month.moved), Enter or a click goes to that day."""

from __future__ import annotations

from datetime import date

from daypane.browser.js.dom import build, by_id, closest, on, query, replace_children, t
from daypane.core.calendar.month import month_days, moved, step_month
from daypane.core.locale import Conventions


class MiniMonth:
    def __init__(self, go) -> None:
        """go(day): show that day."""
        self.root = by_id("mini-month")
        self.go = go
        self.month: date | None = None  # any day of the month shown
        self.focus: date | None = None  # the button in the tab order
        self.anchor: date | None = None  # the calendar's day when last drawn
        self.state: tuple[date, frozenset[date], Conventions] | None = None
        on(self.root, "click", self._on_click)
        on(self.root, "keydown", self._on_key)

    def render(self, today: date, shown: list[date], conv: Conventions, anchor: date) -> None:
        """Show the month of `anchor` (the calendar's day) unless the user browsed to another."""
        self.state = (today, frozenset(shown), conv)
        if anchor != self.anchor:  # the calendar moved: so does the mini month (a redraw keeps it)
            self.anchor = self.month = self.focus = anchor
        self._draw()

    def _draw(self, focused: bool = False) -> None:
        today, shown, conv = self.state
        days = month_days(self.month, conv.first_weekday)
        weekdays = conv.patterns["short"].weekdays
        replace_children(self.root, build(t("div",
            t("div",
              t("button", "‹", type="button", data_step="-1", aria_label="Show earlier dates"),
              t("span", conv.date("month_year", self.month), class_="mini-title", aria_live="polite"),
              t("button", "›", type="button", data_step="1", aria_label="Show later dates"),
              class_="mini-head"),
            t("div", *(t("span", weekdays[d.weekday()][:2], aria_hidden="true", class_="mini-weekday") for d in days[:7]),
              *(self._day(d, today, shown, conv) for d in days), class_="mini-grid"),
            class_="mini")))
        if focused:
            target = query(self.root, 'button[tabindex="0"]')
            if target is not None:
                target.focus()

    def _day(self, day: date, today: date, shown: frozenset[date], conv: Conventions):
        classes = ["mini-day"]
        if day.month != self.month.month:
            classes.append("other-month")
        if day in shown:
            classes.append("in-range")
        return t("button", str(day.day), type="button", class_=" ".join(classes), data_day=day.isoformat(),
                 aria_label=conv.date("date", day), aria_current="date" if day == today else None,
                 tabindex="0" if day == self.focus else "-1")

    def _on_click(self, event) -> None:
        step = closest(event, "button[data-step]")
        if step is not None:
            self.month = step_month(self.month, int(step.dataset.step))
            self.focus = self.month.replace(day=1)
            self._draw()
            return
        button = closest(event, "button[data-day]")
        if button is not None:
            self.focus = date.fromisoformat(str(button.dataset.day))
            self.go(self.focus)

    def _on_key(self, event) -> None:
        button = closest(event, "button[data-day]")
        target = moved(date.fromisoformat(str(button.dataset.day)), str(event.key)) if button is not None else None
        if target is None:
            return
        event.preventDefault()
        self.focus = target
        if (target.year, target.month) != (self.month.year, self.month.month):
            self.month = target
        self._draw(focused=True)
