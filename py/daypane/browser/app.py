"""The controller: the app's state, the order of start-up, and drawing.

It decides nothing itself: tasks, layout, routes, wording and every provider's logic are in
daypane.core; the providers all answer the same Provider protocol and the app never asks which
kind one is. What is here is order of operations (store, then show) and which view draws what.
"""

from __future__ import annotations

import asyncio

import js

from daypane.browser.js import clock
from daypane.browser.js.dom import by_id, on, spawn
from daypane.browser.calendar_pane import CalendarPane
from daypane.browser.connections import Connections
from daypane.browser.data_actions import DataActions
from daypane.browser.encryption import Encryption, msal_cache_location
from daypane.browser.js.locale import browser_conventions
from daypane.browser.library_actions import LibraryActions
from daypane.browser.storing import Storing
from daypane.browser.plan_actions import PlanActions
from daypane.browser.preferences import Preferences
from daypane.browser.reminders import Reminders
from daypane.browser.snapshot import RECORD as SNAPSHOT, Snapshot
from daypane.browser.task_actions import TaskActions
from daypane.browser.task_sync import TaskSync
from daypane.browser.ui.accounts import AccountsView
from daypane.browser.ui.admin import AdminView
from daypane.browser.ui.alerts import Alerts
from daypane.browser.ui.drag import Dragging
from daypane.browser.ui.connectivity import ConnectivityView
from daypane.browser.ui.landing import show_landing
from daypane.browser.ui.panes import Panes
from daypane.browser.ui.problems import ProblemsView
from daypane.browser.ui.settings import SettingsView
from daypane.browser.ui.sources import SourcesView
from daypane.browser.ui.shortcuts import Shortcuts
from daypane.browser.ui.tasks import TasksView
from daypane.browser.wiring import Wiring, app_url
from daypane.core.calendar import routes
from daypane.core.config import Config
from daypane.core.providers.microsoft import consent
from daypane.core import reminders as reminders_mod
from daypane.core import settings as settings_mod
from daypane.core.records import Records
from daypane.core.tasks.book import TaskBook

REFRESH_SECONDS = 5 * 60


class App:
    def __init__(self, records: Records, config: Config, encryption: Encryption) -> None:
        self.records, self.config, self.encryption = records, config, encryption
        self.prefs = Preferences(self)
        self.tz = clock.zone(self.prefs.settings.time_zone or clock.browser_zone_name())
        self.locale = browser_conventions()  # the browser's; conventions() adds the user's choices
        self.alerts = Alerts()
        self.storing = Storing(records, self.alerts)
        self.connections = Connections(self)
        self.wiring = Wiring(records, config, on_change=self.providers_changed, on_problem=self.provider_problem,
                             note=self.alerts.note, signed_in=self.connections.outlook_signed_in,
                             sign_in_failed=lambda failure: self.problems.sign_in_failed(failure, None),
                             ask_password=self.connections.ask_password,
                             msal_cache=lambda: msal_cache_location(encryption.vault),
                             todo_connected=self.connections.todo_connected, todo_failed=self.connections.todo_failed)
        self.library = self.wiring.library()
        self.outlook = self.wiring.outlook(self.prefs.microsoft())
        self.providers = [p for p in (self.outlook, *self.wiring.others(), self.library) if p is not None]
        self.book = TaskBook(records, self.wiring.task_sources(lambda: self.tz), now=self.now,
                             new_id=lambda: str(js.crypto.randomUUID()))
        self.tasks = TaskActions(self.book, self.alerts, redraw=self._tasks_changed, now=self.now,
                                 refused=self.storing.refused, stored=self.storing.stored, conventions=self.conventions)
        self.task_sync = TaskSync(self.book, self.alerts, now=self.now, changed=self._tasks_shown,
                                  ask_again=self.connections.ask_again())
        self.problems = ProblemsView(self.alerts, consent_target=self.prefs.consent_target,
                                     retry=lambda account: self.connections.connect_outlook(
                                         account.username if account else ""),
                                     pending=lambda: spawn(self.prefs.approval_requested()))
        self.tasks_view = TasksView(self.tasks)
        self.calendar = CalendarPane(self)
        self.dragging = Dragging(self.tasks, tasks=lambda: self.book.tasks,
                                 reorderable=lambda: self.tasks_view.reorderable, conventions=self.conventions)
        self.library_actions = LibraryActions(self)
        self.sources_view = SourcesView(self.library_actions)
        self.accounts_view = AccountsView(self.connections)
        self.admin_view = AdminView(self.prefs, note=self.alerts.note)
        self.settings_view = SettingsView(self.alerts, set_zone=lambda name: spawn(self.prefs.set_zone(name)),
                                          set_registration=self.prefs.set_registration,
                                          set_planning=self.prefs.set_planning,
                                          set_locale=lambda **choice: spawn(self.prefs.set_locale(**choice)),
                                          set_reminders=lambda minutes: spawn(self.prefs.set_reminders(minutes)),
                                          locale=self.locale)
        self.connectivity_view = ConnectivityView()
        self.data = DataActions(self, encryption)
        self.planner = PlanActions(self)
        self.panes = Panes(fold=lambda panel, folded: spawn(self.prefs.fold(panel, folded)))
        self.reminders = Reminders(self)
        self.shortcuts = Shortcuts(self.panes)
        self.snapshot = Snapshot(records)
        self.landing = consent.parse_landing(js.location.search)
        self.route = routes.parse_route(js.location.hash, self.today())
        records.listen(self._stored_elsewhere)
        for key, message in records.unreadable.items():
            self.alerts.problem("Some of your data could not be read", message, key=f"unreadable-{key}")

    # -- start-up ---------------------------------------------------------------------------

    async def start(self) -> None:
        # MSAL first: handleRedirectPromise must run before any other MSAL call on every load.
        if self.outlook is not None:
            await self.wiring.outlook_sign_in.start()
            self.outlook.reconcile()
        await self.connections.google_returned()
        self.library.show_sample = self.prefs.settings.show_sample
        if self.prefs.settings.show_sample:
            await self.library_actions.load_sample()
        on(js.window, "hashchange", self._on_hashchange)
        # From the address, not self.route: two quick presses step twice, before the first hashchange.
        on(by_id("nav-prev"), "click", lambda e: self.go(routes.step(self.requested(), -1)))
        on(by_id("nav-next"), "click", lambda e: self.go(routes.step(self.requested(), 1)))
        on(by_id("nav-today"), "click", lambda e: self.go(routes.Route(self.calendar.route().view, self.today())))
        on(by_id("landing-connect"), "click", lambda e: self.connections.connect_outlook())
        on(by_id("approval-retry"), "click", lambda e: self.connections.connect_outlook())
        on(js.window, "focus", lambda e: (self.refresh(max_age=60), self.task_sync.sync_all()))
        on(by_id("refresh-all"), "click", lambda e: (spawn(self.sync()), self.task_sync.sync_all(force=True)))
        on(by_id("export-tasks"), "click", lambda e: self.tasks.export())
        on(js.window, "offline", lambda e: self.connections.render_accounts())
        on(js.window, "online", lambda e: (self.connections.render_accounts(), spawn(self.sync()),
                                           self.task_sync.sync_all(force=True)))
        if self.landing is not None:
            show_landing(self.landing, app_url())
        for button in ("nav-prev", "nav-today", "nav-next"):
            by_id(button).disabled = False
        self.tasks_view.enable()
        self.planner.enable()
        self.shortcuts.enable()
        self.panes.enable()
        self.panes.show_folded(self.prefs.settings.folded)
        self.sources_view.enable()
        self.accounts_view.enable()
        self.render(scroll=True)
        by_id("startup").hidden = True
        js.document.documentElement.dataset.appState = "ready"
        self.snapshot.later()
        self.refresh()
        self.task_sync.sync_all(force=True)  # a reload sends what waited, whatever its backoff
        self.task_sync.show_refused()
        spawn(self._refresh_periodically())
        self.reminders.enable()

    # -- providers --------------------------------------------------------------------------

    def provider(self, kind: str):
        return next(p for p in self.providers if p.kind == kind)

    def providers_changed(self, events: bool = True) -> None:
        """A provider's accounts or sync state changed (events=False), or what it shows did."""
        self.connections.render_accounts()
        self.render_sources()
        if events and self.route.view in routes.CALENDAR_VIEWS:
            self.redraw_calendar()
        if events:
            spawn(self.reminders.check())  # new events may already be inside the reminder window

    def provider_problem(self, problem) -> None:
        account = problem.account
        words = next((p.words for p in self.providers if account is not None and p.kind == account.provider), None)
        self.problems.show(problem, words)

    def refresh(self, max_age: int = REFRESH_SECONDS) -> None:
        """Sync the providers whose shown weeks are missing or older than max_age seconds. Not
        while offline: the notice says what is shown; coming back online syncs."""
        if not js.navigator.onLine:
            return
        days, now = self.shown_days(), self.now()
        stale = [p for p in self.providers if p.stale(days, now, max_age)]
        if stale:
            spawn(self.sync(stale))

    async def _refresh_periodically(self) -> None:
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            self.refresh(max_age=REFRESH_SECONDS - 5)
            self.task_sync.sync_all()

    def minute_passed(self) -> None:
        self.calendar.minute_passed()

    async def sync(self, providers=None) -> None:
        days = self.shown_days()
        for provider in providers if providers is not None else self.providers:
            await provider.sync(days, self.tz, self.now())


    async def _stored_elsewhere(self, keys: list[str]) -> None:
        """Another tab stored these keys (this tab's copy is already fresh): show them here."""
        if self.book.watches(keys):
            self.book.reload(keys)
        if settings_mod.RECORD.key() in keys:
            self.prefs.reload()
            if self.library.show_sample:
                await self.library_actions.load_sample()
        for provider in self.providers:
            provider.reload(keys)
        if set(keys) - {SNAPSHOT.key(), reminders_mod.RECORD.key()}:  # another tab's reminder: nothing to draw
            self.render()

    async def restart_outlook(self) -> None:
        """Another app registration: a new MSAL client and Outlook provider in its place."""
        self.providers = [p for p in self.providers if p is not self.outlook]
        self.outlook = self.wiring.outlook(self.prefs.microsoft())
        if self.outlook is not None:
            self.providers.insert(0, self.outlook)
            await self.wiring.outlook_sign_in.start()
            self.outlook.reconcile()
        self.render()

    # -- drawing ----------------------------------------------------------------------------

    def render(self, scroll: bool = False) -> None:
        self.redraw_tasks()
        self.render_sources()
        self.connections.render_accounts()
        self.prefs.render_pending()
        view, landing = self.route.view, self.landing is not None
        by_id("landing").hidden = not landing
        by_id("settings").hidden = view != "settings" or landing
        by_id("admin").hidden = view != "admin" or landing
        by_id("calendar").hidden = view in ("settings", "admin") or landing
        by_id("tasks").hidden = view == "admin" or landing
        by_id("sources").hidden = view == "admin" or landing
        if view == "admin":
            self.admin_view.render()
        if view == "settings":
            by_id("nav-settings").setAttribute("aria-current", "page")
            self.settings_view.render(self.prefs.settings)
            self.data.render()
            spawn(self.data.refresh_usage())
        else:
            by_id("nav-settings").removeAttribute("aria-current")
            self.redraw_calendar(scroll=scroll)

    def render_sources(self) -> None:
        self.sources_view.render(self.library.calendars_list, self.prefs.settings.show_sample)

    def _tasks_changed(self, focus: str | None = None, focus_action: str | None = None) -> None:
        self.task_sync.push_soon()
        self._tasks_shown(focus, focus_action)

    def _tasks_shown(self, focus: str | None = None, focus_action: str | None = None) -> None:
        self.redraw_tasks(focus=focus, focus_action=focus_action)
        if self.route.view in routes.CALENDAR_VIEWS:
            self.redraw_calendar()

    def redraw_tasks(self, focus: str | None = None, focus_action: str | None = None) -> None:
        self.tasks_view.render(self.book.tasks, self.today(), self.conventions(), focus=focus, focus_action=focus_action,
                               sync_state=self.book.sync_state(), list_choices=self.book.list_choices(),
                               kept_here=self.book.kept_here())
        self.snapshot.later()

    def redraw_calendar(self, scroll: bool = False) -> None:
        self.calendar.redraw(scroll)

    # -- time and routes --------------------------------------------------------------------

    def now(self):
        return clock.now(self.tz)

    def conventions(self):
        """How dates and times are written: the browser's locale, with the user's choices."""
        settings = self.prefs.settings
        return self.locale.with_choices(settings.week_start, settings.time_format)

    def today(self):
        return self.now().date()

    def shown_days(self):
        return self.calendar.shown_days()

    def requested(self) -> routes.Route:
        """The route last asked for (the address changes at once; hashchange comes later)."""
        return routes.parse_route(js.location.hash, self.today())

    def go(self, route: routes.Route) -> None:
        js.location.hash = routes.format_route(route)

    def _on_hashchange(self, event) -> None:
        self.landing = None  # leaving the consent landing for the app
        previous = self.route
        self.route = routes.parse_route(js.location.hash, self.today())
        self.render(scroll=previous.view != self.route.view or previous.view not in routes.CALENDAR_VIEWS)
        if self.route != previous:
            self.refresh()
