"""The Tasks region: the list, in-place editing, reordering by keyboard (dragging is ui/drag.py's).

Listeners are delegated to the list itself (one proxy each, for the page's lifetime), and every
change goes through the controller, which stores it before this view redraws.
"""

from __future__ import annotations

from daypane.browser.js.dom import by_id, closest, document, h, nullable, on, query, replace_children, spawn
from daypane.core.calendar.format import short_day
from daypane.core.locale import ENGLISH, Conventions
from daypane.core.tasks.edit_form import PRIORITY_LABELS, repeat_choices
from daypane.core.tasks.model import INBOX, Task, TaskList, format_estimate
from daypane.core.tasks.repeat import KEEP, short_label
from daypane.core.tasks.views import TABS, depth, overdue_count, shown


PRIORITY_WORDS = {"low": "Low priority", "medium": "Medium priority", "high": "High priority"}


class TasksView:
    def __init__(self, controller) -> None:
        self.controller = controller
        self.list = by_id("task-list")
        self.input = by_id("new-task")
        self.empty = by_id("tasks-empty")
        self.editing: str | None = None
        self.colors: dict[str, str] = {}
        self.reorderable = True
        self.preview = by_id("quick-add-preview")
        self.tab = "all"
        self.keep: set[str] = set()  # added while this tab was open: they stay in it
        self.search = by_id("task-search")
        self.list_filter = by_id("task-list-filter")
        self.filter_names: tuple[str, ...] = ()
        self.tasks, self.today = TaskList(), None  # as last drawn: the Edit form's choices need them
        self.conv = ENGLISH
        self.sync_state: dict[str, str] = {}
        self.kept_here: dict[str, str] = {}
        self.list_choices: list[tuple[str, str]] = []
        on(self.list_filter, "change", lambda event: self.show_tab(self.tab))  # a new view, as a tab is
        on(by_id("task-tabs"), "click", self._on_tab)
        on(by_id("task-tabs"), "keydown", self._on_tab_key)
        on(self.search, "input", lambda event: self.controller.redraw_tasks())
        on(by_id("new-task-form"), "submit", self._on_submit, prevent_default=True)
        on(self.input, "input", lambda event: self._show_preview())
        on(self.list, "change", self._on_change)
        on(self.list, "submit", self._on_edit_submit, prevent_default=True)
        on(self.list, "click", self._on_click)
        on(self.list, "keydown", self._on_keydown)

    def enable(self) -> None:
        self.input.disabled = False

    # -- drawing ----------------------------------------------------------------------------

    def render(self, tasks: TaskList, today, conv: Conventions, focus: str | None = None,
               focus_action: str | None = None, sync_state: dict[str, str] | None = None,
               list_choices: list[tuple[str, str]] | None = None, kept_here: dict[str, str] | None = None) -> None:
        """`sync_state`: {task id: words} for tasks whose change its server has not accepted yet;
        `list_choices`: (name, where it lives) of each list the Edit form offers."""
        self.sync_state = sync_state or {}
        self.kept_here = kept_here or {}  # {task id: "Kept on this device only: …"}
        self.list_choices = list_choices if list_choices is not None else [(n, "") for n in tasks.list_names()]
        self.colors = {name: tasks.color_of(name) for name in tasks.list_names()}
        self.tasks, self.today, self.conv = tasks, today, conv
        in_list = self._draw_filter(tasks.list_names())
        # Moving by one among hidden tasks would look like nothing happened: whole list only.
        self.reorderable = self.tab == "all" and not str(self.search.value).strip() and in_list is None
        groups = shown(self.tab, tasks, today, query=str(self.search.value), keep=frozenset(self.keep),
                       in_list=in_list, conv=conv)
        items = []
        for group in groups:
            if group.title:
                items.append(h("li", h("h3", group.title), class_="task-group"))
            parents = {task.id: task.parent for task in group.tasks}
            items.extend(self._item(task, depth(task, parents)) for task in group.tasks)
        # Where the keyboard is now: a change is redrawn when it is stored, a moment after the
        # user acted, and by then they may be typing elsewhere (ticked a task, then went on to
        # "New task"): the focus goes back to the list only if it was there (or nowhere).
        active = nullable(document.activeElement)  # null when nothing has the focus
        keyboard_here = active is None or active == document.body or bool(self.list.contains(active))
        replace_children(self.list, items)
        self.empty.hidden = bool(items)
        overdue = overdue_count(tasks, today, in_list)
        count = by_id("overdue-count")
        count.hidden = not overdue
        count.textContent = f"{overdue} overdue" if overdue else ""
        for button in by_id("task-tabs").querySelectorAll("[role=tab]"):
            selected = button.dataset.tab == self.tab
            button.setAttribute("aria-selected", "true" if selected else "false")
            button.tabIndex = 0 if selected else -1
        if focus and keyboard_here:
            # Keep the keyboard where the user was: the same control of the same task.
            inner = f'[data-action="{focus_action}"]' if focus_action else "[data-focus]"
            target = query(self.list, f'[data-id="{focus}"] {inner}')
            if target is not None:
                target.focus()

    def _draw_filter(self, names: tuple[str, ...]) -> str | None:
        """The "Filter by list" options, redrawn only when the lists changed (not under an open
        select); the list chosen, None for all."""
        chosen = str(self.list_filter.value)
        if names != self.filter_names:
            self.filter_names = names
            replace_children(self.list_filter, h("option", "All lists", value=""),
                             *(h("option", name, value=name) for name in names))
            self.list_filter.value = chosen if chosen in names else ""
        return str(self.list_filter.value) or None

    def _on_tab(self, event) -> None:
        button = closest(event, "[role=tab]")
        if button is not None:
            self.show_tab(str(button.dataset.tab))

    def _on_tab_key(self, event) -> None:
        """Arrow keys move between tabs, as the ARIA tabs pattern has it."""
        if event.key not in ("ArrowLeft", "ArrowRight"):
            return
        index = TABS.index(self.tab) + (1 if event.key == "ArrowRight" else -1)
        self.show_tab(TABS[index % len(TABS)])
        by_id(f"tab-{self.tab}").focus()

    def show_tab(self, tab: str) -> None:
        self.tab, self.keep = tab, set()
        self.controller.redraw_tasks()

    def _item(self, task: Task, level: int = 0):
        """One task's row; `level` > 0 for a sub-task listed under its parent (indented)."""
        if task.id == self.editing:
            return self._editor(task)
        meta = []
        if task.list and task.list != INBOX:
            meta.append(h("span", task.list, class_="chip list-chip", title="List",
                          style={"--list": self.colors.get(task.list, "#6b7280")}))
        if task.priority != "none":
            meta.append(h("span", PRIORITY_WORDS[task.priority], class_=f"chip priority-{task.priority}",
                          title="Priority"))
        if task.scheduled:
            meta.append(h("span", short_day(task.scheduled, self.conv), class_="chip", title="Scheduled for"))
        if task.has_block:
            meta.append(h("span", self.conv.time_span(task.start, task.block_end), class_="chip", title="Time block"))
        if task.due:
            meta.append(h("span", f"due {short_day(task.due, self.conv)}", class_="chip", title="Due"))
        if task.estimate_minutes:
            meta.append(h("span", format_estimate(task.estimate_minutes), class_="chip",
                          title="Time estimate"))
        if task.recurrence:
            meta.append(h("span", f"↻ {short_label(task.recurrence)}", class_="chip", title="Repeat"))
        if task.id in self.sync_state:
            meta.append(h("span", self.sync_state[task.id], class_="chip not-synced", title="Sync"))
        if task.id in self.kept_here:
            meta.append(h("span", self.kept_here[task.id], class_="chip kept-here", title="Where it is kept"))
        if task.link:  # https only (Task's check): the e-mail a flagged or Gmail task came from
            meta.append(h("a", "Open the e-mail", href=task.link, target="_blank", rel="noopener noreferrer",
                          class_="chip task-link"))
        return h(
            "li",
            # Dragged (browser/ui/drag.py) by the row with a mouse, by this grip with a finger.
            h("span", "⠿", class_="task-grip", aria_hidden="true", title="Drag onto the calendar"),
            h("input", type="checkbox", id=f"task-{task.id}", class_="task-done",
              aria_label=task.title, checked=task.done, data_focus=True),
            # Title and chips flow as one: on one line when they fit, the chips under it when not.
            h("span", h("span", task.title, class_="task-title", data_action="edit"),
              h("span", *meta, class_="task-meta") if meta else None, class_="task-body"),
            h("span",
              *((h("button", "↑", type="button", data_action="up", aria_label=f"Move {task.title} up"),
                 h("button", "↓", type="button", data_action="down", aria_label=f"Move {task.title} down"))
                if self.reorderable else ()),
              h("button", "Edit", type="button", data_action="edit", aria_label=f"Edit {task.title}"),
              h("button", "Delete", type="button", data_action="delete",
                aria_label=f"Delete {task.title}"),
              class_="task-actions"),
            class_=("task done" if task.done else "task") + (" subtask" if level else ""),
            style={"--depth": str(level)} if level else None,
            data_id=task.id,
        )

    def _editor(self, task: Task):
        return h(
            "li",
            h("form",
              h("label", "Title", for_=f"edit-title-{task.id}"),
              h("input", id=f"edit-title-{task.id}", name="title", value=task.title,
                maxlength="500", data_focus=True, required=True),
              h("label", "Scheduled for", for_=f"edit-day-{task.id}"),
              h("input", id=f"edit-day-{task.id}", name="scheduled", type="date",
                value=task.scheduled.isoformat() if task.scheduled else ""),
              h("label", "Start time", for_=f"edit-start-{task.id}"),
              h("input", id=f"edit-start-{task.id}", name="start", type="time", step="900",
                value=f"{task.start:%H:%M}" if task.start else ""),
              h("label", "Time estimate", for_=f"edit-estimate-{task.id}"),
              h("input", id=f"edit-estimate-{task.id}", name="estimate", placeholder="e.g. 30m, 1h30",
                value=format_estimate(task.estimate_minutes) if task.estimate_minutes else ""),
              h("label", "Due", for_=f"edit-due-{task.id}"),
              h("input", id=f"edit-due-{task.id}", name="due", type="date",
                value=task.due.isoformat() if task.due else ""),
              h("label", "Repeat", for_=f"edit-repeat-{task.id}"),
              h("select", *self._repeat_options(task), id=f"edit-repeat-{task.id}", name="repeat"),
              h("label", "List", for_=f"edit-list-{task.id}"),
              h("input", id=f"edit-list-{task.id}", name="list", value=task.list, list_=f"edit-lists-{task.id}",
                maxlength="100", placeholder=INBOX),
              h("datalist", *(h("option", value=name, label=where or None) for name, where in self.list_choices),
                id=f"edit-lists-{task.id}"),
              h("label", "Priority", for_=f"edit-priority-{task.id}"),
              h("select", *(h("option", label, value=value, selected=value == task.priority)
                            for value, label in PRIORITY_LABELS.items()),
                id=f"edit-priority-{task.id}", name="priority"),
              h("label", "Notes", for_=f"edit-notes-{task.id}"),
              h("textarea", task.notes, id=f"edit-notes-{task.id}", name="notes", rows="3"),
              h("span",
                h("button", "Save", type="submit"),
                h("button", "Cancel", type="button", data_action="cancel"),
                class_="task-actions"),
              class_="task-editor", data_action="save"),
            class_="task editing", data_id=task.id,
        )

    # -- events -----------------------------------------------------------------------------

    def _on_submit(self, event) -> None:
        # Read now, in the event: the async part runs later, when the box may hold the next task.
        spawn(self._add(str(self.input.value)))

    async def _add(self, title: str) -> None:
        added = await self.controller.add_task(title)
        if added:
            self.keep.add(added)
            if self.input.value == title:  # not what the user typed since pressing Enter
                self.input.value = ""
                self._show_preview()
            self.controller.redraw_tasks()

    def _show_preview(self) -> None:
        self.preview.textContent = self.controller.preview(str(self.input.value))

    async def _on_change(self, event) -> None:
        item = closest(event, "[data-id]")
        if item is not None and event.target.classList.contains("task-done"):
            await self.controller.toggle_task(item.dataset.id, bool(event.target.checked))
        elif item is not None and self.editing == item.dataset.id and event.target.name in ("scheduled", "due"):
            self._relabel_repeat(event.target.form, str(item.dataset.id))

    async def _on_click(self, event) -> None:
        button = closest(event, "[data-action]")
        item = closest(event, "[data-id]")
        if button is None or item is None or button.tagName == "FORM":
            return
        task_id, action = item.dataset.id, button.dataset.action
        if action == "edit":
            self.start_editing(task_id)
        elif action == "cancel":
            self.stop_editing(task_id)
        elif action == "delete":
            await self.controller.delete_task(task_id)
        elif action in ("up", "down"):
            await self.controller.move_task_by(task_id, -1 if action == "up" else 1, focus_action=action)

    def _on_keydown(self, event) -> None:
        item = closest(event, "[data-id]")
        if item is None:
            return
        task_id = item.dataset.id
        if event.key == "Escape" and self.editing == task_id:
            event.preventDefault()
            self.stop_editing(task_id)
        elif (event.altKey and event.key in ("ArrowUp", "ArrowDown") and self.editing != task_id
              and self.reorderable):
            event.preventDefault()
            spawn(self.controller.move_task_by(task_id, -1 if event.key == "ArrowUp" else 1))
        elif event.key == "Enter" and event.target.classList.contains("task-title"):
            self.start_editing(task_id)

    def start_editing(self, task_id: str) -> None:
        self.editing = task_id
        self.controller.redraw_tasks(focus=task_id)

    def stop_editing(self, task_id: str) -> None:
        self.editing = None
        self.controller.redraw_tasks(focus=task_id)

    def _repeat_options(self, task: Task, scheduled: str = "", due: str = "") -> list:
        """The Repeat choices (core.tasks.repeat), named after the day the form holds."""
        options = repeat_choices(task, self.today, scheduled, due)
        return [h("option", option.label, value=option.value, selected=option.value == KEEP) for option in options]

    def _relabel_repeat(self, form, task_id: str) -> None:
        """A day changed in the form: "Weekly on …" names the new day; the choice is kept."""
        select = form.elements.namedItem("repeat")
        chosen = str(select.value)
        options = self._repeat_options(self.tasks.get(task_id), str(form.elements.namedItem("scheduled").value),
                                       str(form.elements.namedItem("due").value))
        replace_children(select, *options)
        select.value = chosen if any(str(o.value) == chosen for o in options) else KEEP

    def _on_edit_submit(self, event) -> None:
        item = closest(event, "[data-id]")
        form = event.target
        fields = {name: str(form.elements.namedItem(name).value)
                  for name in ("title", "scheduled", "start", "estimate", "notes", "list", "priority", "due", "repeat")}
        spawn(self._save_edit(str(item.dataset.id), fields))

    async def _save_edit(self, task_id: str, fields: dict) -> None:
        if await self.controller.edit_task(task_id, **fields):
            self.stop_editing(task_id)
