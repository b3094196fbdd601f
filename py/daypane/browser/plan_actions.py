""""Plan my day": a proposed plan (ghost blocks on the calendar, and what does not fit), then
"Accept plan" (one stored change, with Undo) or "Discard plan". Where blocks go is
core.planning's; which tasks, and accepting, core.tasks.plan's."""

from __future__ import annotations

from daypane.browser.js.dom import by_id, closest, h, on, replace_children, spawn
from daypane.core.model import Occurrence
from daypane.core.planning import Plan, plan_day
from daypane.core.providers.protocol import CalendarInfo
from daypane.core.tasks import plan as task_plan

PLAN = CalendarInfo("plan", "Proposed plan", "#8a94a6")


class PlanActions:
    def __init__(self, app) -> None:
        self.app = app
        self.plan: Plan | None = None
        self.day = None
        self.bar = by_id("plan-bar")
        on(by_id("plan-day"), "click", lambda event: self.propose())
        on(self.bar, "click", self._on_click)

    def enable(self) -> None:
        by_id("plan-day").disabled = False

    def propose(self) -> None:
        app = self.app
        days, today = app.shown_days(), app.today()
        self.day = today if today in days else days[0]
        tasks = app.book.tasks
        events = [occ for p in app.providers for occ in p.occurrences([self.day], app.tz)]
        self.plan = plan_day(task_plan.to_plan(tasks, self.day, today), day=self.day, tz=app.tz, now=app.now(),
                             events=events, existing_blocks=task_plan.existing_blocks(tasks, self.day, app.tz))
        self._render()
        app.redraw_calendar()

    def ghosts(self, days) -> tuple[list[Occurrence], list[CalendarInfo]]:
        """The proposed blocks, drawn like events on the calendar until accepted or discarded."""
        if self.plan is None or self.day not in days:
            return [], []
        titles = {t.id: t.title for t in self.app.book.tasks.tasks}
        return ([Occurrence(calendar_id=PLAN.key, uid=f"plan-{b.task_id}", title=f"Planned: {titles.get(b.task_id, '')}",
                            start=b.start, end=b.end, source="plan") for b in self.plan.blocks], [PLAN])

    def _render(self) -> None:
        if self.plan is None:
            self.bar.hidden = True
            replace_children(self.bar)
            return
        placed = len(self.plan.blocks)
        day = f"{self.day:%A} {self.day.day} {self.day:%B}"
        summary = (f"Proposed for {day}: {placed} block{'s' if placed != 1 else ''}."
                   if placed else f"Nothing to plan for {day}.")
        replace_children(self.bar,
                         h("p", summary),
                         h("ul", *[h("li", u.message) for u in self.plan.unplaced]) if self.plan.unplaced else None,
                         h("p", h("button", "Accept plan", type="button", data_act="accept", disabled=not placed), " ",
                           h("button", "Discard plan", type="button", data_act="discard")))
        self.bar.hidden = False

    def _on_click(self, event) -> None:
        button = closest(event, "button[data-act]")
        if button is None:
            return
        if button.dataset.act == "accept":
            spawn(self._accept())
        else:
            self._clear()

    def _clear(self) -> None:
        self.plan = None
        self._render()
        self.app.redraw_calendar()

    async def _accept(self) -> None:
        plan = self.plan
        if plan is None:
            return
        if await self.app.tasks.apply(lambda t: task_plan.accept(t, plan)):
            self._clear()
            count = len(plan.blocks)
            self.app.alerts.note(f"Planned {count} task{'s' if count != 1 else ''}.",
                                 undo=lambda: self._undo(plan))

    async def _undo(self, plan: Plan) -> None:
        if await self.app.tasks.apply(lambda t: task_plan.unaccept(t, plan)):
            self.app.alerts.note("Plan undone.")
