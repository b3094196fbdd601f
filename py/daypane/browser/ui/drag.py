"""Dragging tasks and time blocks with pointer events (mouse, pen and touch alike).

What can be dragged, and where it lands:
- a task in the list: onto a time of the day or week view (a block starting there), onto a day's
  heading (planned for that day), or onto another task of the list (reordered, in "All tasks");
- a block on the calendar: to another time or day (moved), or back onto the list (unscheduled);
- a block's bottom edge: up or down (its length).

Only pixels are measured here; where a drop lands (snap, length, clamping to the day) is
core.tasks.drag's, and the change is stored by the controller before anything is redrawn. Every
drag has a keyboard path too: the Edit form's fields and Alt+arrows on a focused block.

A press only becomes a drag once the pointer has moved a few pixels, so a click on a task or a
block still does what it did; the click that ends a drag is swallowed. Touch drags start on a
block or on a task's grip (elsewhere a finger scrolls, as it should).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import js
from pyodide.ffi import create_proxy

from daypane.browser.js.dom import by_id, closest, document, h, nullable, on, query, spawn
from daypane.browser.ui.calendar import HOUR_PX
from daypane.core.tasks import drag

THRESHOLD_PX = 5  # a press that moves less is a click
EDGE_PX = 36      # near the top or bottom of the timeline, a drag scrolls it
SCROLL_STEP_PX = 14

# Where a press does not start a drag: fields keep their caret and selection, links their own
# drag. Buttons and checkboxes may start one (as in any native drag); a press without a move is
# still their click.
CONTROLS = "input:not([type=checkbox]), textarea, select, a, form"


@dataclass
class Press:
    kind: str              # "task" (from the list), "block" (moved) or "resize"
    task_id: str
    x: float
    y: float
    pointer: int
    grab_minute: float = 0  # how far below the block's top it was grabbed
    source: object = None   # the pressed element, dimmed while dragging
    dragging: bool = False


class Dragging:
    """`actions`: place_block(id, day, minute), resize_block(id, end_minute), schedule_day(id, day),
    unschedule_block(id) and move_task(id, index): coroutines that store, then redraw.
    `tasks()` is the task list now (for the preview); `reorderable()` says whether the list may
    be reordered now (only in "All tasks")."""

    def __init__(self, actions, tasks, reorderable, conventions) -> None:
        self.actions, self.tasks, self.reorderable, self.conventions = actions, tasks, reorderable, conventions
        self.list, self.calendar, self.tasks_region = by_id("task-list"), by_id("agenda"), by_id("tasks")
        self.press: Press | None = None
        self.preview = None
        self.swallow_click = False
        on(self.list, "pointerdown", self._on_list_down)
        on(self.calendar, "pointerdown", self._on_calendar_down)
        on(document, "pointermove", self._on_move)
        on(document, "pointerup", self._on_up)
        on(document, "pointercancel", lambda event: self._end())
        on(document, "keydown", self._on_key)
        on(document, "click", self._on_click, capture=True)
        self._stop_swallowing = create_proxy(self._clear_swallow)

    # -- starting -------------------------------------------------------------------------------

    def _on_list_down(self, event) -> None:
        item = closest(event, "li.task[data-id]")
        if item is None or event.button != 0 or closest(event, CONTROLS) is not None:
            return
        if event.pointerType == "touch" and closest(event, ".task-grip") is None:
            return
        self.press = Press("task", str(item.dataset.id), event.clientX, event.clientY, event.pointerId, source=item)
        _no_selection(event)

    def _on_calendar_down(self, event) -> None:
        block = closest(event, ".task-block[data-task]")
        if block is None or event.button != 0 or closest(event, "input") is not None:
            return
        task_id = str(block.dataset.task)
        if closest(event, ".block-resize") is not None:
            self.press = Press("resize", task_id, event.clientX, event.clientY, event.pointerId, source=block)
        else:
            grab = (event.clientY - block.getBoundingClientRect().top) * 60 / HOUR_PX
            self.press = Press("block", task_id, event.clientX, event.clientY, event.pointerId, grab, block)
        _no_selection(event)

    # -- moving ---------------------------------------------------------------------------------

    def _on_move(self, event) -> None:
        press = self.press
        if press is None or event.pointerId != press.pointer:
            return
        if not press.dragging:
            if abs(event.clientX - press.x) + abs(event.clientY - press.y) < THRESHOLD_PX:
                return
            press.dragging = True
            press.source.classList.add("dragging")
            document.body.classList.add("dragging-task")
        event.preventDefault()
        self._scroll_near_edges(event.clientY)
        self._show_target(event)

    def _scroll_near_edges(self, y: float) -> None:
        scroller = query(self.calendar, ".timeline-scroll")
        if scroller is None:
            return
        rect = scroller.getBoundingClientRect()
        if rect.top <= y < rect.top + EDGE_PX:
            scroller.scrollTop -= SCROLL_STEP_PX
        elif rect.bottom - EDGE_PX < y <= rect.bottom:
            scroller.scrollTop += SCROLL_STEP_PX

    def _target(self, event):
        """(what, value, element) under the pointer: ("time", (day, minute), column),
        ("day", day, heading), ("list", index or None, element), or None."""
        press = self.press
        if press.kind == "resize":
            column = self._column_of(press.source)
            if column is None:
                return None
            return ("end", _offset_minutes(event, column), column)
        under = nullable(document.elementFromPoint(event.clientX, event.clientY))
        if under is None:
            return None
        column = nullable(under.closest(".day-col[data-day]"))
        if column is not None:
            minute = _offset_minutes(event, column)
            if press.kind == "block":
                minute = drag.moved_top(minute, press.grab_minute)
            return ("time", (date.fromisoformat(str(column.dataset.day)), minute), column)
        heading = nullable(under.closest(".day-head[data-day]"))
        if heading is not None:
            return ("day", date.fromisoformat(str(heading.dataset.day)), heading)
        if nullable(under.closest("#tasks")) is not None:
            return ("list", self._list_index(under, event.clientY), self.tasks_region)
        return None

    def _column_of(self, block):
        """The day column of the block being resized; found again by its task if a redraw
        (another tab, a sync) replaced the pressed element meanwhile."""
        if not block.isConnected:
            block = query(self.calendar, f'.task-block[data-task="{self.press.task_id}"]')
        return None if block is None else nullable(block.closest(".day-col"))

    def _list_index(self, under, y: float):
        """Where a task dropped on the list goes, as the reordering has it: on the lower half of
        an item, after it; on the upper half, before it. None when the list cannot be reordered."""
        if self.press.kind != "task" or not self.reorderable() or nullable(under.closest("#task-list")) is None:
            return None
        ids = [str(li.dataset.id) for li in self.list.querySelectorAll("li.task[data-id]")]
        if self.press.task_id not in ids:  # redrawn meanwhile without it
            return None
        item = nullable(under.closest("li.task[data-id]"))
        if item is None:  # below the last task: to the end
            return len(ids) - 1
        dragged, target = ids.index(self.press.task_id), ids.index(str(item.dataset.id))
        rect = item.getBoundingClientRect()
        lower = y > rect.top + rect.height / 2
        if lower and target < dragged:
            target += 1
        elif not lower and target > dragged:
            target -= 1
        return target

    def _show_target(self, event) -> None:
        self._clear_preview()
        target = self._target(event)
        if target is None:
            return
        what, value, element = target
        if what in ("time", "end"):
            self.preview = self._time_preview(what, value, element)
            if self.preview is not None:
                element.append(self.preview)
        else:
            element.classList.add("drop-target")
            self.preview = element

    def _time_preview(self, what: str, value, column):
        """The outline of where the block will be, with its time range, as text."""
        tasks = self.tasks()
        try:
            if what == "end":
                changed = drag.resize(tasks, self.press.task_id, value)
            else:
                changed = drag.place(tasks, self.press.task_id, *value)
        except (KeyError, ValueError):  # gone meanwhile (another tab): nothing to show
            return None
        task = changed.get(self.press.task_id)
        top = (task.start.hour * 60 + task.start.minute) * HOUR_PX / 60
        conv = self.conventions()
        return h("div", conv.time_span(task.start, task.block_end), class_="drop-preview", aria_hidden="true",
                 style={"top": f"{top:.1f}px", "height": f"{task.duration_minutes * HOUR_PX / 60 - 2:.1f}px"})

    def _clear_preview(self) -> None:
        if self.preview is not None:
            if self.preview.classList.contains("drop-preview"):
                self.preview.remove()
            else:
                self.preview.classList.remove("drop-target")
            self.preview = None

    # -- dropping -------------------------------------------------------------------------------

    def _on_up(self, event) -> None:
        press = self.press
        if press is None or event.pointerId != press.pointer:
            return
        target = self._target(event) if press.dragging else None
        dragged = press.dragging
        self._end()
        if not dragged:
            return  # a click: the control's own handler acts on it
        self.swallow_click = True
        js.setTimeout(self._stop_swallowing, 0)  # the click, if any, comes before this runs
        if target is not None:
            spawn(self._drop(press, *target[:2]))

    async def _drop(self, press: Press, what: str, value) -> None:
        actions = self.actions
        if what == "end":
            await actions.resize_block(press.task_id, value)
        elif what == "time":
            await actions.place_block(press.task_id, *value)
        elif what == "day":
            await actions.schedule_day(press.task_id, value)
        elif what == "list" and press.kind == "block":
            await actions.unschedule_block(press.task_id)
        elif what == "list" and value is not None:
            await actions.move_task(press.task_id, value)

    def _end(self) -> None:
        if self.press is not None and self.press.source is not None:
            self.press.source.classList.remove("dragging")
        self._clear_preview()
        document.body.classList.remove("dragging-task")
        self.press = None

    def _on_key(self, event) -> None:
        if event.key == "Escape" and self.press is not None and self.press.dragging:
            event.preventDefault()
            self._end()  # dropped nowhere: nothing changes

    def _clear_swallow(self, *args) -> None:
        self.swallow_click = False

    def _on_click(self, event) -> None:
        if self.swallow_click:
            self.swallow_click = False
            event.preventDefault()
            event.stopPropagation()


def _offset_minutes(event, column) -> float:
    return (event.clientY - column.getBoundingClientRect().top) * 60 / HOUR_PX


def _no_selection(event) -> None:
    """A mouse press that may become a drag selects no text (the click still comes)."""
    if event.pointerType == "mouse":
        event.preventDefault()
