"""The Calendar region: draws day layouts from core.agenda as a time grid.

Positions come from the pure layout (minutes, columns); this module only turns them into pixels
and nodes. Event text goes in with textContent, so an event called `<img onerror=…>` is just text.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from daypane.browser.js.clock import measure
from daypane.browser.js.dom import build, by_id, closest, document, h, on, query, replace_children, spawn, t
from daypane.core.calendar.format import event_parts, link_label, safe_link, status_words, when_text
from daypane.core.calendar.layout import Block, DayLayout
from daypane.core.calendar.meetings import joinable
from daypane.core.calendar.screen import CalendarScreen
from daypane.core.model import Occurrence
from daypane.core.tasks import drag
from daypane.core.tasks.blocks import BlockMark, overlap_words
from daypane.core.tasks.model import Task, format_estimate

HOUR_PX = 52
SCROLL_TO_HOUR = 7  # a working day starts near the top of the visible grid


class CalendarView:
    """`blocks` acts on time blocks: toggle_task(id, done), nudge_block(id, nudge) (coroutines
    that store first and say whether it worked); dragging them is browser/ui/drag.py's."""

    def __init__(self, blocks) -> None:
        self.blocks = blocks
        self.root = by_id("agenda")
        self.dialog = by_id("event-dialog")
        self.shown: dict[str, Occurrence] = {}
        self.more_dialog = by_id("more-dialog")
        self.colors: dict[str, str] = {}
        self.screen: CalendarScreen | None = None
        on(self.root, "click", self._on_click)
        on(by_id("more-dialog-list"), "click", self._on_listed)
        on(self.root, "change", self._on_change)
        on(self.root, "keydown", self._on_keydown)

    def render(self, screen: CalendarScreen, *, scroll: bool) -> None:
        self.screen = screen
        layouts, today, now, tz = screen.layouts, screen.today, screen.now, screen.tz
        tasks_by_day = screen.tasks_by_day
        old = query(self.root, ".timeline-scroll")
        kept_scroll = old.scrollTop if old is not None else SCROLL_TO_HOUR * HOUR_PX
        self.shown = {}
        self.colors = screen.colors
        week = len(layouts) > 1
        # Described in Python, built in one call (dom.t/build): a 1,000-event week is ~10,000 nodes.
        grid = t("div", class_="agenda-grid week" if week else "agenda-grid day",
                 style={"--days": str(len(layouts)), "--hour": f"{HOUR_PX}px"})
        grid.append(t("div",
                      t("div", class_="gutter"),
                      *(self._day_head(layout.day, today, tasks_by_day.get(layout.day, ()), week)
                        for layout in layouts),
                      class_="day-heads"))
        grid.append(t("div",
                      t("div", "All day", class_="allday-label gutter"),
                      *(t("div", *(self._all_day(occ, tz) for occ in layout.all_day),
                          class_="allday-cell") for layout in layouts),
                      class_="allday-row"))
        timeline = t("div", self._hours(), class_="timeline")
        for layout in layouts:
            timeline.append(self._day_column(layout, now, tz))
        grid.append(t("div", timeline, class_="timeline-scroll"))
        # Stages of a redraw for `make bench` (tools/bench/render.py), after app's render-layout.
        measure("daypane:render-describe", "daypane:render-start")
        replace_children(self.root, build(grid))
        measure("daypane:render-build", "daypane:render-start")
        # The zone "today" is in: static/boot.js saves it with the start-up snapshot, so the next
        # start tells today's view from yesterday's in this zone, not necessarily the browser's.
        document.documentElement.dataset.timeZone = str(tz)
        scroller = query(self.root, ".timeline-scroll")
        # A new view starts at the working day; a redraw of the same view stays where the user was.
        scroller.scrollTop = SCROLL_TO_HOUR * HOUR_PX if scroll else kept_scroll
        scroller.dataset.start = str(SCROLL_TO_HOUR * HOUR_PX)  # where a pane shown later opens it (ui/panes.py)

    def _day_head(self, day: date, today: date, tasks: tuple[Task, ...], week: bool):
        conv = self.screen.conv
        label = conv.date("weekday_day", day) if week else conv.date("day", day)
        return t("div",
                 t("a", label, href=f"#/day/{day.isoformat()}",
                   aria_current="date" if day == today else None,
                   class_="day-link today" if day == today else "day-link"),
                 t("ul", *(t("li", _task_line(task), class_="scheduled-task done" if task.done
                             else "scheduled-task") for task in tasks),
                   class_="scheduled", aria_label=f"Tasks for {conv.date('day', day)}")  # not "scheduled for": that names the Edit form field
                 if tasks else None,
                 class_="day-head", data_day=day.isoformat())

    def _hours(self):
        conv = self.screen.conv
        return t("div", *(t("div", conv.hour(hour), class_="hour-label") for hour in range(24)),
                 class_="hours", aria_hidden="true")

    def _day_column(self, layout: DayLayout, now: datetime, tz: tzinfo):
        column = t("div", class_="day-col", data_day=layout.day.isoformat(),
                   aria_label=self.screen.conv.date("day", layout.day), role="group")
        for block in layout.blocks:
            column.append(self._block(block, tz))
        for index, more in enumerate(layout.more):
            top, height = more.start_minute * HOUR_PX / 60, max((more.end_minute - more.start_minute) * HOUR_PX / 60, 24)
            column.append(t("button", f"+{len(more.occurrences)} more", type="button", class_="more-button in-grid",
                            data_more=f"{layout.day.isoformat()}/{index}",
                            style={"top": f"{top:.1f}px", "height": f"{height - 2:.1f}px",
                                   "left": f"calc({more.left * 100:.4f}% + 1px)",
                                   "width": f"calc({more.width * 100:.4f}% - 3px)"}))
        minute = self.screen.now_minutes.get(layout.day)
        if minute is not None:
            column.append(t("div", class_="now-line", title=f"Now, {self.screen.conv.time(now.astimezone(tz))}",
                            style={"top": f"{minute * HOUR_PX / 60:.1f}px"}))
        return column

    def _block(self, block: Block, tz: tzinfo):
        occ = block.occurrence
        top = block.start_minute * HOUR_PX / 60
        height = max((block.end_minute - block.start_minute) * HOUR_PX / 60, 18)
        place = {"top": f"{top:.1f}px", "height": f"{height - 2:.1f}px",
                 "left": f"calc({block.left * 100:.4f}% + 1px)", "width": f"calc({block.width * 100:.4f}% - 3px)"}
        kind = "event short" if block.short else "event"
        mark = self.screen.blocks.get(occ.uid)
        if mark is not None:
            return self._task_block(occ, mark, tz, place, kind)
        join = safe_link(occ.join_url) if joinable(occ, self.screen.now) else None
        if join is None:
            return self.event_button(occ, tz, kind, place)
        # On now or about to start: "Join" on the block itself, beside (never inside) its button.
        return t("div", self.event_button(occ, tz, kind, {}),
                 t("a", "Join", href=join, target="_blank", rel="noopener noreferrer", class_="join-link",
                   aria_label=f"Join {occ.title or 'the meeting'}"),
                 class_="event-wrap", style=place)

    def _task_block(self, occ: Occurrence, mark: BlockMark, tz: tzinfo, place: dict[str, str], kind: str):
        """A task's block: the event-like button (details; drag it to move it, Alt+arrows), a
        checkbox to complete it in place, and a bottom edge to drag for its length.

        The checkbox is named "Done" and the group carries the title: a checkbox named by the
        title is the task list's own, and only one control may answer to that name."""
        marker = overlap_words(mark.overlapping) if mark.overlapping else ""
        button = self.event_button(occ, tz, kind + (" overlaps" if marker else ""), {}, extra=marker)
        return t("div",
                 t("input", type="checkbox", class_="block-done", aria_label="Done", checked=mark.done,
                   data_task=mark.task_id),
                 button,
                 t("span", class_="block-resize", title="Drag to change how long it lasts", aria_hidden="true"),
                 class_="task-block done" if mark.done else "task-block", role="group",
                 aria_label=f"Time block: {occ.title}", data_task=mark.task_id, style=place)

    def _all_day(self, occ: Occurrence, tz: tzinfo):
        return self.event_button(occ, tz, "event all-day", {})

    def event_button(self, occ: Occurrence, tz: tzinfo, kind: str, style: dict[str, str], extra: str = ""):
        key = str(len(self.shown))
        self.shown[key] = occ
        classes = [kind, f"show-{occ.show_as}"]
        if occ.cancelled:
            classes.append("cancelled")
        if occ.status == "tentative":
            classes.append("tentative")
        # The name is the visible text itself; a hidden comma ends each piece so it reads as a
        # sentence (the browser puts a space between the block-level pieces).
        parts = event_parts(occ, tz, self.screen.conv, in_all_day_row=occ.all_day) + ([("overlap", extra)] if extra else [])
        content = [t("span", text, t("span", ",", class_="sep") if index < len(parts) - 1 else None,
                     class_=f"event-{part}")
                   for index, (part, text) in enumerate(parts)]
        # The whole text on hover too: a narrow or short block shows only the start of it.
        return t("button", *content, type="button", class_=" ".join(classes), data_key=key,
                 title=", ".join(text for _, text in parts),
                 style={**style, "--cal": self.colors.get(occ.calendar_id, "#3b6fd8")})

    def join_changed(self, now: datetime) -> bool:
        """Whether an event on screen has come into (or left) its Join window since it was drawn."""
        if self.screen is None:
            return False
        drawn = {key for key, occ in self.shown.items() if joinable(occ, self.screen.now)}
        return drawn != {key for key, occ in self.shown.items() if joinable(occ, now)}

    def show_more(self, title: str, occurrences, tasks=()) -> None:
        """The events (and tasks) behind a "+N more", in a dialog; an event opens its details."""
        tz = self.screen.tz
        by_id("more-dialog-title").textContent = title
        replace_children(by_id("more-dialog-list"),
                         [h("li", build(self.event_button(occ, tz, "event chip", {}))) for occ in occurrences],
                         [h("li", task.title, class_="scheduled-task") for task in tasks])
        self.more_dialog.showModal()

    def _on_listed(self, event) -> None:
        button = closest(event, "button[data-key]")
        occ = self.shown.get(str(button.dataset.key)) if button is not None else None
        if occ is not None:
            self.more_dialog.close()
            self.show_details(occ)

    def _on_click(self, event) -> None:
        more = closest(event, "button.in-grid[data-more]")
        if more is not None and self.screen is not None:
            day, _, index = str(more.dataset.more).partition("/")
            layout = next((l for l in self.screen.layouts if l.day.isoformat() == day), None)
            if layout is not None and int(index) < len(layout.more):
                self.show_more(self.screen.conv.date("day", layout.day), layout.more[int(index)].occurrences)
            return
        button = closest(event, "button[data-key]")
        if button is None:
            return
        occ = self.shown.get(button.dataset.key)
        if occ is not None:
            self.show_details(occ)

    def _on_change(self, event) -> None:
        box = closest(event, "input.block-done")
        if box is not None:  # read now: the async part runs after the browser moved on
            spawn(self._then_focus(self.blocks.toggle_task(str(box.dataset.task), bool(box.checked)),
                                   str(box.dataset.task), "input.block-done"))

    def _on_keydown(self, event) -> None:
        """Alt+arrows move a focused block by 15 minutes or a day; with Shift, Up/Down change its
        length (core.tasks.drag.nudge_for)."""
        if not event.altKey:
            return
        block = closest(event, ".task-block[data-task]")
        step = drag.nudge_for(str(event.key), bool(event.shiftKey)) if block is not None else None
        if step is None:
            return
        event.preventDefault()
        task_id = str(block.dataset.task)
        spawn(self._then_focus(self.blocks.nudge_block(task_id, step), task_id, "button.event"))

    async def _then_focus(self, change, task_id: str, control: str) -> None:
        """After the change is stored and redrawn, the keyboard is back on the same block."""
        if await change:
            self.focus_block(task_id, control)

    def focus_block(self, task_id: str, control: str = "button.event") -> None:
        target = query(self.root, f'.task-block[data-task="{task_id}"] {control}')
        if target is not None:
            target.focus()

    def show_details(self, occ: Occurrence) -> None:
        tz = self.screen.tz
        by_id("event-dialog-title").textContent = occ.title or "(no title)"
        rows = [("When", when_text(occ, tz, self.screen.conv))]
        if occ.location:
            rows.append(("Where", occ.location))
        words = status_words(occ)
        if words:
            rows.append(("Status", ", ".join(words).capitalize()))
        rows.append(("Calendar", self.screen.names.get(occ.calendar_id, occ.calendar_id)))
        if occ.description:
            rows.append(("Notes", occ.description))
        links = [(text, safe_link(url)) for text, url in
                 (("Join online meeting", occ.join_url), (link_label(occ.source), occ.url)) if url]
        body = by_id("event-dialog-body")
        replace_children(body, [(h("dt", term), h("dd", value)) for term, value in rows],
                         [(h("dt", "Link"), h("dd", h("a", text, href=href, target="_blank", rel="noopener noreferrer")))
                          for text, href in links if href])
        self.dialog.showModal()


def _task_line(task: Task) -> str:
    if task.estimate_minutes:
        return f"{task.title} ({format_estimate(task.estimate_minutes)})"
    return task.title
