""""Plan my day": a proposed plan (ghost blocks on the calendar, and what does not fit), then
"Accept plan" (one stored change, with Undo) or "Discard plan"; a task that does not fit can be
moved to the next working day. Where blocks go is core.planning's, with the user's working
hours, buffer and split from Settings; which tasks, accepting and moving, core.tasks.plan's."""

from __future__ import annotations

import js

from daypane.browser.js.dom import by_id, closest, h, on, replace_children, spawn
from daypane.core.model import Occurrence
from daypane.core.planning import Plan, next_working_day, plan_day
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

    def propose(self, day=None) -> None:
        """Plan `day` (default: today when shown, else the first day shown)."""
        app = self.app
        days, today = app.shown_days(), app.today()
        self.day = day or (today if today in days else days[0])
        tasks, prefs = app.book.tasks, app.prefs.settings.planning
        events = [occ for p in app.providers for occ in p.occurrences([self.day], app.tz)]
        # User Timing: `make bench` (tools/bench/planning.py) reads "daypane:plan", the planner alone.
        js.performance.mark("daypane:plan-start")
        self.plan = plan_day(task_plan.to_plan(tasks, self.day, today), day=self.day, tz=app.tz, now=app.now(),
                             events=events, existing_blocks=task_plan.existing_blocks(tasks, self.day, app.tz),
                             hours=prefs.working_hours(), buffer_minutes=prefs.buffer_minutes, split=prefs.split)
        js.performance.measure("daypane:plan", "daypane:plan-start")
        self._render()
        app.redraw_calendar()

    def refresh(self) -> None:
        """The inputs changed (working hours): a plan on show is made again for its day."""
        if self.plan is not None:
            self.propose(self.day)

    def _next_day(self):
        try:
            return next_working_day(self.day, self.app.prefs.settings.planning.working_hours())
        except ValueError:  # no weekday has working hours: nowhere to move to
            return None

    def ghosts(self, days) -> tuple[list[Occurrence], list[CalendarInfo]]:
        """The proposed blocks, drawn like events on the calendar until accepted or discarded."""
        if self.plan is None or self.day not in days:
            return [], []
        titles = {t.id: t.title for t in self.app.book.tasks.tasks}
        return ([Occurrence(calendar_id=PLAN.key, uid=f"plan-{b.task_id}", title=f"Proposed: {titles.get(b.task_id, '')}",
                            start=b.start, end=b.end, source="plan") for b in self.plan.blocks], [PLAN])

    def _render(self) -> None:
        if self.plan is None:
            self.bar.hidden = True
            replace_children(self.bar)
            return
        placed = len(self.plan.blocks)
        day = task_plan.day_words(self.day, self.app.conventions())
        summary = (f"Proposed for {day}: {placed} block{'s' if placed != 1 else ''}."
                   if placed else f"Nothing to plan for {day}.")
        unplaced, target = self.plan.unplaced, self._next_day()
        replace_children(self.bar,
                         h("p", summary),
                         h("ul", *[self._unplaced_item(index, u, target) for index, u in enumerate(unplaced)])
                         if unplaced else None,
                         h("p", h("button", "Accept plan", type="button", data_act="accept", disabled=not placed), " ",
                           h("button", "Discard plan", type="button", data_act="discard"),
                           *([" ", h("button", f"Move all to {task_plan.day_words(target, self.app.conventions())}", type="button",
                                     data_act="move-all")] if target and len(unplaced) > 1 else [])))
        self.bar.hidden = False

    def _unplaced_item(self, index: int, unplaced, target):
        if target is None:
            return h("li", unplaced.message)
        # Named by its own text then the message: every such button says which task it moves.
        message_id, button_id = f"plan-unplaced-{index}", f"plan-move-{index}"
        return h("li", h("span", unplaced.message, id=message_id), " ",
                 h("button", f"Move to next working day ({task_plan.day_words(target, self.app.conventions())})",
                   type="button",
                   id=button_id, data_act="move", data_task=unplaced.task_id,
                   aria_labelledby=f"{button_id} {message_id}"))

    def _on_click(self, event) -> None:
        button = closest(event, "button[data-act]")
        if button is None:
            return
        act = button.dataset.act
        if act == "accept":
            spawn(self._accept())
        elif act == "move":
            spawn(self._move([button.dataset.task]))
        elif act == "move-all" and self.plan is not None:
            spawn(self._move([u.task_id for u in self.plan.unplaced]))
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

    async def _move(self, task_ids: list[str]) -> None:
        """The tasks to the next working day, one stored change; then the plan is made again."""
        day, target = self.day, self._next_day()
        if target is None:
            return
        moved = {}

        def change(tasks):
            tasks, before = task_plan.move(tasks, task_ids, target)
            moved.update(before)
            return tasks
        if not await self.app.tasks.apply(change) or not moved:
            return
        titles = {t.id: t.title for t in self.app.book.tasks.tasks}
        what = titles.get(next(iter(moved)), "") if len(moved) == 1 else f"{len(moved)} tasks"
        self.refresh()
        self.app.alerts.note(f"Moved {what} to {task_plan.day_words(target, self.app.conventions())}.",
                             undo=lambda: self._unmove(moved, target, day))

    async def _unmove(self, before: dict, target, day) -> None:
        if await self.app.tasks.apply(lambda t: task_plan.unmove(t, before, target)):
            if self.day == day:
                self.refresh()
            self.app.alerts.note("Move undone.")
