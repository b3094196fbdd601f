"""Settings, "Working hours": a row per weekday (working day?, start, end), the buffer between
blocks and "Split long tasks around meetings"; checked by core.planning.preferences, saved by the
controller. The rows are built here once, so index.html holds only the empty form."""

from __future__ import annotations

from daypane.browser.js.dom import by_id, h, on, replace_children, spawn
from daypane.core.planning import preferences as plan_prefs


class WorkingHoursView:
    """`save(PlanPreferences) -> bool` (stored?) is the controller's; the view reports what the
    core finds wrong itself, before anything is stored."""

    def __init__(self, alerts, *, save) -> None:
        self.alerts, self.save = alerts, save
        self.form = by_id("planning-form")
        self.status = by_id("planning-status")
        rows = [h("tr",
                  h("th", h("input", type="checkbox", id=f"wh-{i}-works"), " ",
                    h("label", name, for_=f"wh-{i}-works", id=f"wh-{i}-name"), scope="row"),
                  # Named by the visible weekday and column heading: "Monday Start".
                  h("td", h("input", type="time", id=f"wh-{i}-start", required=True,
                            aria_labelledby=f"wh-{i}-name wh-start-head")),
                  h("td", h("input", type="time", id=f"wh-{i}-end", required=True,
                            aria_labelledby=f"wh-{i}-name wh-end-head")))
                for i, name in enumerate(plan_prefs.WEEKDAYS)]
        replace_children(by_id("working-hours-rows"), rows)
        on(self.form, "submit", self._on_submit, prevent_default=True)

    def render(self, prefs: plan_prefs.PlanPreferences) -> None:
        for i, day in enumerate(prefs.days):
            by_id(f"wh-{i}-works").checked = day.works
            by_id(f"wh-{i}-start").value = f"{day.start:%H:%M}"
            by_id(f"wh-{i}-end").value = f"{day.end:%H:%M}"
        by_id("plan-buffer").value = str(prefs.buffer_minutes)
        by_id("plan-split").checked = prefs.split

    def _on_submit(self, event) -> None:
        # Read in the event, before anything awaits: the form may change while the save runs.
        days = [(bool(by_id(f"wh-{i}-works").checked), by_id(f"wh-{i}-start").value, by_id(f"wh-{i}-end").value)
                for i in range(7)]
        prefs, problems = plan_prefs.from_form(days, by_id("plan-buffer").value, bool(by_id("plan-split").checked))
        if problems:
            self.status.textContent = ""
            self.alerts.problem("The working hours were not saved", " ".join(problems), key="working-hours")
            return
        spawn(self._save(prefs))

    async def _save(self, prefs: plan_prefs.PlanPreferences) -> None:
        if await self.save(prefs):
            self.alerts.clear("working-hours")
            self.status.textContent = "Saved. “Plan my day” uses these hours."
