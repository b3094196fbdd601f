"""The controller: holds the app's state, applies the user's actions through the pure core, stores
each change before the views show it, and redraws.

It decides nothing itself: task operations, parsing, layout, routes and wording all live in
daypane.core. What is here is order of operations: store, then render; and turning failures into
problems the user can read.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from zoneinfo import available_timezones

import js

from daypane.browser.connections import Connections
from daypane.browser.js import clock
from daypane.browser.js.dom import by_id, closest, h, on, replace_children, spawn
from daypane.browser.js.fetch import FetchError, FetchTransport, fetch_bytes, read_file
from daypane.browser.js.msal import MsalClient
from daypane.browser.providers.outlook import Outlook
from daypane.browser.ui.accounts import KIND_LABELS, AccountRow, AccountsView
from daypane.browser.ui.admin import AdminView
from daypane.browser.ui.alerts import Alerts
from daypane.browser.ui.calendar import CalendarView
from daypane.browser.ui.connectivity import ConnectivityView
from daypane.browser.ui.sources import SourcesView
from daypane.browser.ui.tasks import TasksView
from daypane.core import settings as settings_mod
from daypane.core.calendar import routes
from daypane.core.calendar.layout import layout_days, now_minute, range_bounds
from daypane.core.config import Config, effective_microsoft, parse_config, registration_problem
from daypane.core.ics.index.lazy import IcsIndex, IndexBuilder, LazyCalendar, build_index_now
from daypane.core.ics.parse import IcsError, ParsedCalendar, parse_calendar
from daypane.core.model import Calendar
from daypane.core.providers import library
from daypane.core.providers.connectivity import offline_text
from daypane.core.providers.microsoft import consent
from daypane.core.providers.microsoft.auth import AuthError, AuthFailure
from daypane.core.tasks import model as tasks_mod

SAMPLE = Calendar(id=library.SAMPLE_ID, name="Sample calendar", color="#8a5cd1", source="sample")
SAMPLE_URL = "./static/sample.ics"
CONFIG_URL = "./config.json"
SETUP_GUIDE = "./static/setup.html"
REFRESH_SECONDS = 5 * 60
MAX_IMPORT_BYTES = 200 * 1024 * 1024
IMPORT_CHUNK = 200    # events indexed per step of an import (~50 ms in Pyodide), then the page gets a turn
SNAPSHOT_DELAY = 0.3  # seconds after a redraw before the view is saved for the next start


class StorageFailed(Exception):
    pass


class App:
    def __init__(self, store) -> None:
        self.store = store
        self.settings = settings_mod.load(store.get("settings"))
        self.tz = clock.zone(self.settings.time_zone or clock.browser_zone_name())
        self.alerts = Alerts()
        self.tasks_view = TasksView(self)
        self.calendar_view = CalendarView(self)
        self.sources_view = SourcesView(self)
        self.accounts_view = AccountsView(self)
        self.admin_view = AdminView(self)
        self.connectivity_view = ConnectivityView()
        self.landing = consent.parse_landing(js.location.search)
        self.config = Config()
        self.outlook: Outlook | None = None
        self.connections: Connections | None = None
        self.names: dict[str, str] = {}
        self.parsed: dict[str, ParsedCalendar | LazyCalendar] = {}  # the sample is small: parsed whole
        self.broken: set[str] = set()
        self.unreadable: set[str] = set()  # stored keys we could not read: never overwritten
        self.tasks = self._load("tasks", tasks_mod.load, tasks_mod.TaskList(), "Your tasks")
        self.calendars = self._load("calendars", library.load_calendars, [], "Your imported calendars")
        self.route = routes.parse_route(js.location.hash, self.today())
        self.zone_options_built = False
        self._snapshot: str | None = store.get("snapshot")
        self._snapshot_pending = False

    # -- start-up ---------------------------------------------------------------------------

    async def start(self) -> None:
        # MSAL first: handleRedirectPromise must run before any other MSAL call on every load.
        await self._start_outlook()
        self.connections = Connections(self)
        await self.connections.start()
        if self.settings.show_sample:
            await self._load_sample()
        on(js.window, "hashchange", self._on_hashchange)
        on(by_id("nav-prev"), "click", lambda e: self.go(routes.step(self.route, -1)))
        on(by_id("nav-next"), "click", lambda e: self.go(routes.step(self.route, 1)))
        on(by_id("nav-today"), "click", lambda e: self.go(routes.Route(self.calendar_view_name(), self.today())))
        on(by_id("time-zone"), "change", self._on_time_zone)
        on(by_id("registration-form"), "submit", self._on_registration, prevent_default=True)
        on(by_id("landing-connect"), "click", lambda e: self.connect_outlook())
        on(by_id("alerts"), "input", self._on_tenant_input)
        on(by_id("approval-retry"), "click", lambda e: self.connect_outlook())
        if self.landing is not None:
            self._show_landing()
        for button in ("nav-prev", "nav-today", "nav-next"):
            by_id(button).disabled = False
        self.tasks_view.enable()
        self.sources_view.enable()
        self.accounts_view.enable()
        on(js.window, "focus", lambda e: self.refresh(max_age=60))
        on(by_id("refresh-all"), "click", lambda e: spawn(self._sync()))
        on(js.window, "offline", lambda e: self._render_connectivity())
        on(js.window, "online", self._on_online)
        self._render_connectivity()
        self.render(scroll=True)
        by_id("startup").hidden = True
        js.document.documentElement.dataset.appState = "ready"
        self._snapshot_later()
        self.refresh()
        spawn(self._refresh_periodically())

    async def _start_outlook(self) -> None:
        try:
            self.config = parse_config(await fetch_bytes(CONFIG_URL))
        except FetchError:
            self.config = parse_config(None)
        microsoft = effective_microsoft(self.config, self.settings.client_id, self.settings.tenant)
        if microsoft is None:
            return
        client = MsalClient(microsoft.client_id, microsoft.authority, self._app_url() + "redirect.html")
        self.outlook = Outlook(self.store, client, FetchTransport(),
                               on_change=self.providers_changed, on_problem=self._outlook_problem)
        try:
            returned = await client.start()
        except AuthError as error:
            self._sign_in_problem(None, error.failure)
            returned = None
        self.outlook.reconcile()
        if returned is not None:
            await self._account_added(returned)

    # -- organisations: own registration, admin page, consent landing -----------------------

    def microsoft_client_id(self) -> str | None:
        microsoft = effective_microsoft(self.config, self.settings.client_id, self.settings.tenant)
        return microsoft.client_id if microsoft else None

    def app_url(self) -> str:
        return self._app_url()

    async def _on_registration(self, event) -> None:
        client_id, tenant = by_id("client-id").value, by_id("tenant").value
        status = by_id("registration-status")
        problem = registration_problem(client_id, tenant)
        if problem:
            status.textContent = ""
            self.alerts.problem("The app registration was not saved", problem, key="registration")
            return
        if await self._save_settings(self.settings.with_registration(client_id, tenant)):
            self.alerts.clear("registration")
            await self._restart_outlook()
            status.textContent = ("Saved. The next sign-in uses this registration." if client_id.strip()
                                  else "Saved. Sign-ins use this site's configuration.")

    async def _restart_outlook(self) -> None:
        """A new registration takes effect from the next sign-in: rebuild the MSAL client."""
        self.outlook = None
        await self._start_outlook()
        self.render()

    def _show_landing(self) -> None:
        landing = self.landing
        if landing.granted:
            by_id("landing-title").textContent = "Admin consent granted"
            by_id("landing-detail").textContent = (
                f"Daypane is now approved for the organisation with tenant ID {landing.tenant or '(not given)'}. "
                "People there can connect their Outlook calendar without being asked again.")
            by_id("landing-next").textContent = ("Check in Enterprise applications that “Enabled for users "
                                                 "to sign-in?” is Yes. You can connect your own calendar now.")
        else:
            problem = consent.classify(AuthFailure(landing.error, message=landing.description))
            by_id("landing-title").textContent = "Admin consent not granted"
            by_id("landing-detail").textContent = landing.description or landing.error
            by_id("landing-next").textContent = (
                problem.what_to_do if problem.code != "AADSTS65004" else "Consent was declined.")
            by_id("landing-retry").hidden = False  # "You can open the admin page again (a link) to retry."
        # A reload must not repeat the landing: drop ?admin_consent… from the address.
        js.history.replaceState(None, "", self._app_url() + js.location.hash)

    # -- Outlook ----------------------------------------------------------------------------

    def connect_outlook(self, home_id: str | None = None) -> None:
        """From the click: open the popup at once (it needs the click's user activation)."""
        if self.outlook is None:
            self.alerts.problem(
                "Outlook is not set up in this copy of Daypane",
                "This deployment has no Microsoft app registration (config.json has no "
                "microsoft.clientId). An organisation can use its own: enter its Application "
                "(client) ID in Settings, or ask whoever hosts this page to follow the setup guide.",
                key="outlook-config",
                links=(("Open Settings", "#/settings"), ("Setup guide", SETUP_GUIDE)))
            return
        hint = next((a.username for a in self.outlook.accounts if a.home_id == home_id), "")
        if js.matchMedia("(display-mode: standalone)").matches:
            spawn(self._redirect_sign_in(hint))  # installed app: popups open outside it
            return
        promise = self.outlook.client.begin_popup(hint)
        spawn(self._finish_popup(promise, hint))

    async def _finish_popup(self, promise, hint: str) -> None:
        try:
            account = await self.outlook.client.finish_popup(promise)
        except AuthError as error:
            if error.failure.popup_blocked:
                self.alerts.note("The sign-in window was blocked; continuing in this tab…")
                await self._redirect_sign_in(hint)
            else:
                self._sign_in_problem(None, error.failure)
            return
        await self._account_added(account)

    async def _redirect_sign_in(self, hint: str) -> None:
        try:
            await self.outlook.client.login_redirect(hint)
        except AuthError as error:
            self._sign_in_problem(None, error.failure)

    async def _account_added(self, signed_in) -> None:
        account = await self.outlook.add(signed_in)
        self.alerts.clear("signin")
        if self.settings.approval_pending:
            await self._save_settings(self.settings.with_approval_pending(""))
            self._render_pending()
        await self.account_connected(f"Connected {account.label}.")

    def sign_out(self, home_id: str) -> None:
        spawn(self._sign_out(home_id))

    async def _sign_out(self, home_id: str) -> None:
        label = next((a.label for a in self.outlook.accounts if a.home_id == home_id), "")
        try:
            await self.outlook.remove(home_id)
        except AuthError as error:
            self._sign_in_problem(None, error.failure)
        self.alerts.clear(f"outlook-{home_id}")
        await self.forget_snapshot()
        self.alerts.note(f"Signed out {label}; its cached events were deleted from this browser.")
        self.render()

    def pick_outlook_calendar(self, home_id: str, calendar_id: str, selected: bool) -> None:
        async def pick() -> None:
            await self.outlook.set_selected(home_id, calendar_id, selected)
            self.render()
            if selected:
                await self._sync()
        spawn(pick())

    @property
    def providers(self) -> list:
        """Every connected-account provider: Outlook, Google, CalDAV, subscriptions."""
        found = [self.outlook] if self.outlook is not None else []
        return found + (self.connections.providers if self.connections is not None else [])

    def refresh(self, max_age: int = REFRESH_SECONDS) -> None:
        """Sync when the shown weeks are missing from the cache or older than max_age seconds.

        Not while the browser is offline: the notice already says what is shown, and a failed
        sync per account would only add alerts. Coming back online refreshes."""
        if not js.navigator.onLine:
            return
        days, now = self._shown_days(), self.now()
        stale = [p for p in self.providers if p.stale(days, now, max_age)]
        if stale:
            spawn(self._sync(stale))

    async def _refresh_periodically(self) -> None:
        import asyncio
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            self.refresh(max_age=REFRESH_SECONDS - 5)

    async def _sync(self, providers=None) -> None:
        days = self._shown_days()
        self._render_accounts()
        for provider in providers if providers is not None else self.providers:
            await provider.sync(days, self.tz, str(self.tz), self.now())

    async def sync_now(self) -> None:
        await self._sync()

    async def account_connected(self, note: str) -> None:
        """A provider account was added: real events replace the sample; show them."""
        self.alerts.note(note + " Loading calendars…")
        if self.settings.show_sample:
            await self._save_settings(self.settings.with_sample(False))  # real events replace it
        self.render()
        await self._sync()
        self.alerts.note(note)

    # Account actions from the accounts list, whatever the provider.
    def connect_google(self) -> None:
        self.connections.connect_google()

    def remove_account(self, kind: str, account_id: str) -> None:
        if kind == "outlook":
            self.sign_out(account_id)
        else:
            spawn(self.connections.remove(kind, account_id))

    def reconnect(self, kind: str, account_id: str) -> None:
        if kind == "outlook":
            self.connect_outlook(account_id)
        else:
            self.connections.reconnect(kind, account_id)

    def pick_calendar(self, kind: str, account_id: str, calendar_id: str, selected: bool) -> None:
        if kind == "outlook":
            self.pick_outlook_calendar(account_id, calendar_id, selected)
        else:
            spawn(self.connections.pick(kind, account_id, calendar_id, selected))

    def providers_changed(self) -> None:
        """A provider's accounts, sync state or events changed: redraw what shows them."""
        self._render_accounts()
        if self.route.view in ("day", "week"):
            self.redraw_calendar()

    def _outlook_problem(self, account, problem) -> None:
        if isinstance(problem, AuthFailure):
            self._sign_in_problem(account, problem)
        else:
            self.alerts.problem(f"Could not refresh Outlook events of {account.label}",
                                f"{problem} The events from the last sync are still shown.",
                                key=f"outlook-{account.home_id}")

    def _sign_in_problem(self, account, failure: AuthFailure) -> None:
        """Say what went wrong in words a person (and their admin) can act on."""
        problem = consent.classify(failure)
        who = f" ({account.label})" if account else ""
        key = f"outlook-{account.home_id}" if account else "signin"
        extra, copy = [], []
        client_id = self.microsoft_client_id()
        if problem.admin_must_act and client_id is not None:
            tenant = self._tenant_for(account)
            link, message = self._admin_link(tenant)
            extra = [h("p", h("a", "Admin consent link", href=link, target="_blank", rel="noopener",
                              data_consent_link=True),
                       " — send it to your administrator, or open it yourself if you are one.",
                       class_="alert-links"),
                     h("details", h("summary", "Message for your administrator"),
                       h("pre", message, class_="admin-message"))]
            if tenant == "organizations":
                # Unknown tenant: a domain makes the link specific to the user's organisation.
                extra.insert(1, h("p", h("label", "Your work email or organisation's domain ",
                                         for_=f"tenant-{key}"),
                                  h("input", id=f"tenant-{key}", type="text", data_tenant_input=True,
                                    placeholder="you@contoso.com", spellcheck="false")))
            copy = [("Copy link", link), ("Copy message", message)]
        elif problem.details and problem.title == "Sign-in did not complete":
            copy = [("Copy details", problem.details)]
        actions = [("Try again", lambda: self.connect_outlook(account.home_id if account else None))] \
            if problem.try_again else []
        self.alerts.problem(problem.title + who, f"{problem.what_happened} {problem.what_to_do}",
                            key=key, extra=extra, copy=copy, actions=actions)
        if problem.approval_pending:
            spawn(self._remember_pending())

    async def _remember_pending(self) -> None:
        if await self._save_settings(self.settings.with_approval_pending(self.today().isoformat())):
            self._render_pending()

    def _admin_link(self, tenant: str) -> tuple[str, str]:
        client_id = self.microsoft_client_id()
        link = consent.admin_consent_url(tenant, client_id, self._app_url(), state=js.crypto.randomUUID())
        return link, consent.admin_message(client_id, link)

    def _on_tenant_input(self, event) -> None:
        """Rewrite an alert's consent link for the domain the user typed (name@domain or domain)."""
        box = closest(event, "input[data-tenant-input]")
        if box is None:
            return
        domain = box.value.strip().rsplit("@", 1)[-1].lower()
        tenant = domain if consent.valid_tenant(domain) and domain != "common" else "organizations"
        link, message = self._admin_link(tenant)
        alert = box.closest('[role="alert"]')
        alert.querySelector("a[data-consent-link]").href = link
        alert.querySelector("pre.admin-message").textContent = message
        buttons = alert.querySelectorAll("button[data-copy]")
        buttons[0].dataset.copy, buttons[1].dataset.copy = link, message

    def _render_pending(self) -> None:
        pending = by_id("approval-pending")
        pending.hidden = not self.settings.approval_pending
        if self.settings.approval_pending:
            by_id("approval-pending-text").textContent = (
                f"Approval for Daypane was requested on {self.settings.approval_pending}. You get an "
                "email when your administrator decides; then try again.")

    def _tenant_for(self, account) -> str:
        """The user's tenant: the account's when known, else the configured one, else any
        organisation's admin."""
        if account is not None and account.tenant_id:
            return account.tenant_id
        authority_tenant = self.config.microsoft.authority.rsplit("/", 1)[-1]
        return authority_tenant if authority_tenant not in ("common", "consumers") else "organizations"

    def _app_url(self) -> str:
        """The app page itself: where admin consent lands (never redirect.html)."""
        return js.location.href.split("#")[0].split("?")[0].rsplit("/", 1)[0] + "/"

    def _on_online(self, event) -> None:
        # Back online: what is shown may be hours old, so sync now rather than when it turns stale.
        self._render_connectivity()
        if self.providers:
            spawn(self._sync())

    def _render_connectivity(self) -> None:
        if js.navigator.onLine:
            self.connectivity_view.render(None)
            return
        self.connectivity_view.render(offline_text(
            [(f"{KIND_LABELS[a.provider]} ({a.label})", a.last_synced)
             for p in self.providers for a in p.accounts], self._synced_text))

    def _render_accounts(self) -> None:
        if not js.navigator.onLine:
            self._render_connectivity()
        by_id("refresh-row").hidden = not any(p.accounts for p in self.providers)
        self.accounts_view.render([
            AccountRow(a, a.home_id in p.needs_sign_in, a.home_id in p.syncing,
                       p.last_error.get(a.home_id), self._synced_text(a.last_synced))
            for p in self.providers for a in p.accounts])

    def _synced_text(self, iso: str) -> str:
        if not iso:
            return ""
        from datetime import datetime
        moment = datetime.fromisoformat(iso).astimezone(self.tz)
        return f"{moment:%H:%M}" if moment.date() == self.today() else f"{moment:%d %b %H:%M}"

    def _shown_days(self) -> list[date]:
        route = self.route if self.route.view in ("day", "week") else routes.Route("day", self.today())
        return routes.week_days(route.day) if route.view == "week" else [route.day]

    def _load(self, key: str, loader, empty, what: str):
        """A stored record, or `empty` with an alert when it cannot be read (a newer Daypane
        wrote it, or it is damaged): then it is kept as it is and never overwritten."""
        try:
            return loader(self.store.get(key))
        except (ValueError, KeyError, TypeError) as error:
            self.unreadable.add(key)
            self.alerts.problem(f"{what} could not be read", str(error), key=f"unreadable-{key}")
            return empty

    async def _load_sample(self) -> None:
        if library.SAMPLE_ID in self.parsed:
            return
        try:
            self.parsed[library.SAMPLE_ID] = parse_calendar(await fetch_bytes(SAMPLE_URL),
                                                            floating_tz=self.tz)
        except (FetchError, IcsError) as error:
            self.alerts.problem("The sample calendar could not be loaded",
                                f"{error} Check your connection and reload the page.", key="sample")

    # -- time and routes --------------------------------------------------------------------

    def now(self):
        return clock.now(self.tz)

    def today(self) -> date:
        return self.now().date()

    def now_minute(self, day: date) -> int | None:
        return now_minute(self.now(), day, self.tz)

    def calendar_view_name(self) -> str:
        return self.route.view if self.route.view in ("day", "week") else "day"

    def go(self, route: routes.Route) -> None:
        js.location.hash = routes.format_route(route)

    def _on_hashchange(self, event) -> None:
        self.landing = None  # leaving the consent landing for the app
        previous = self.route
        self.route = routes.parse_route(js.location.hash, self.today())
        self.render(scroll=previous.view != self.route.view or previous.view not in ("day", "week"))
        if self.route != previous:
            self.refresh()

    async def _on_time_zone(self, event) -> None:
        name = by_id("time-zone").value or None
        await self._save_settings(self.settings.with_time_zone(name))
        self.tz = clock.zone(name or clock.browser_zone_name())
        self.parsed.clear()  # floating times are read in the display zone: parse again
        if self.settings.show_sample:
            await self._load_sample()
        self.alerts.note(f"Times are now shown in {self.tz}.")

    # -- drawing ----------------------------------------------------------------------------

    def render(self, scroll: bool = False) -> None:
        self.redraw_tasks()
        self.sources_view.render(self.calendars, self.settings.show_sample)
        self._render_accounts()
        self._render_pending()
        on_settings = self.route.view == "settings"
        on_admin = self.route.view == "admin"
        landing = self.landing is not None
        by_id("landing").hidden = not landing
        by_id("settings").hidden = not on_settings or landing
        by_id("admin").hidden = not on_admin or landing
        by_id("calendar").hidden = on_settings or on_admin or landing
        by_id("tasks").hidden = on_admin or landing
        by_id("sources").hidden = on_admin or landing
        if on_admin:
            self.admin_view.render()
        by_id("nav-settings").setAttribute("aria-current", "page") if on_settings else \
            by_id("nav-settings").removeAttribute("aria-current")
        if on_settings:
            self._render_settings()
        else:
            self.redraw_calendar(scroll=scroll)

    def redraw_tasks(self, focus: str | None = None, focus_action: str | None = None) -> None:
        self.tasks_view.render(self.tasks.tasks, focus=focus, focus_action=focus_action)
        self._snapshot_later()

    def redraw_calendar(self, scroll: bool = False) -> None:
        # User Timing marks: `make bench` reads the "daypane:render" measures.
        js.performance.mark("daypane:render-start")
        self._redraw_calendar(scroll)
        js.performance.measure("daypane:render", "daypane:render-start")
        self._snapshot_later()

    # -- the start-up snapshot: what static/boot.js paints before Python on the next visit --------

    def _snapshot_later(self) -> None:
        """Save the view shortly after it settles (one write per burst of redraws)."""
        if self._snapshot_pending or js.document.documentElement.dataset.appState != "ready":
            return
        self._snapshot_pending = True
        spawn(self._save_snapshot())

    async def _save_snapshot(self) -> None:
        import asyncio
        await asyncio.sleep(SNAPSHOT_DELAY)
        self._snapshot_pending = False
        text = str(js.daypaneSnapshot.take())
        if text != self._snapshot:
            self._snapshot = text
            try:
                await self.store.put("snapshot", text)
            except Exception as error:  # only a convenience: a full disk must not raise an alert for it
                js.console.warn(f"Daypane: start-up snapshot not saved ({error})")

    async def forget_snapshot(self) -> None:
        """After an account is removed: its events must not be painted at the next start."""
        self._snapshot = None
        await self.store.delete("snapshot")

    def _redraw_calendar(self, scroll: bool) -> None:
        route = self.route if self.route.view in ("day", "week") else routes.Route("day", self.today())
        days = self._shown_days()
        start, end = range_bounds(days, self.tz)
        occurrences = []
        colors = {}
        for calendar, parsed in self._visible_calendars():
            colors[calendar.id] = calendar.color
            try:
                occurrences.extend(parsed.occurrences(calendar.id, start, end))
            except Exception as error:  # one broken calendar must not blank the others
                if calendar.id not in self.broken:
                    self.broken.add(calendar.id)
                    self.alerts.problem(f"Some events of “{calendar.name}” cannot be shown",
                                        f"Expanding its events failed ({error}). The other calendars "
                                        "are shown; removing and re-importing the file may help.",
                                        key=f"cal-{calendar.id}")
        for provider in self.providers:
            for key, name, color in provider.calendars():
                colors[key] = color
                self.names[key] = name
            occurrences.extend(provider.occurrences(days))
        js.performance.measure("daypane:render-query", "daypane:render-start")
        today = self.today()
        self.calendar_view.render(
            layout_days(occurrences, days, self.tz), today=today, now=self.now(), tz=self.tz,
            tasks_by_day={day: self.tasks.for_day(day) for day in days}, colors=colors, scroll=scroll)
        by_id("range-title").textContent = routes.title(route, today)
        unit = "week" if route.view == "week" else "day"
        by_id("nav-prev").setAttribute("aria-label", f"Previous {unit}")
        by_id("nav-next").setAttribute("aria-label", f"Next {unit}")
        for view in ("day", "week"):
            link = by_id(f"view-{view}")
            link.href = routes.format_route(routes.Route(view, route.day))
            if view == route.view:
                link.setAttribute("aria-current", "page")
            else:
                link.removeAttribute("aria-current")

    def _visible_calendars(self):
        if self.settings.show_sample and library.SAMPLE_ID in self.parsed:
            yield SAMPLE, self.parsed[library.SAMPLE_ID]
        for item in self.calendars:
            if item.calendar.visible:
                parsed = self._parsed(item)
                if parsed is not None:
                    yield item.calendar, parsed

    def _parsed(self, item: library.StoredCalendar) -> LazyCalendar | None:
        """The imported calendar, ready to answer ranges: from its stored index (no parse of the
        whole file at start-up), else indexed again now and the index stored for next time."""
        cal_id = item.calendar.id
        if cal_id not in self.parsed and cal_id not in self.broken:
            try:
                index = IcsIndex.load(_json(self.store.get(_index_key(cal_id))), item.ics)
                if index is None:
                    index = build_index_now(item.ics)
                    spawn(self._keep_index(cal_id, index))
                self.parsed[cal_id] = LazyCalendar(index, item.ics, self.tz)
            except IcsError as error:
                self.broken.add(cal_id)
                self.alerts.problem(f"“{item.calendar.name}” cannot be shown", str(error),
                                    key=f"cal-{cal_id}")
        return self.parsed.get(cal_id)

    def calendar_name(self, calendar_id: str) -> str:
        if calendar_id == SAMPLE.id:
            return SAMPLE.name
        for item in self.calendars:
            if item.calendar.id == calendar_id:
                return item.calendar.name
        return self.names.get(calendar_id, calendar_id)

    def _render_settings(self) -> None:
        select = by_id("time-zone")
        if not self.zone_options_built:
            browser = clock.browser_zone_name()
            options = [h("option", f"Browser default ({browser})", value="")]
            options += [h("option", name, value=name) for name in sorted(available_timezones())]
            replace_children(select, options)
            self.zone_options_built = True
        select.value = self.settings.time_zone or ""
        by_id("client-id").value = self.settings.client_id
        by_id("tenant").value = self.settings.tenant

    # -- storing ----------------------------------------------------------------------------

    async def _put(self, key: str, value, what: str) -> bool:
        if key in self.unreadable:
            self.alerts.problem(f"{what[0].upper()}{what[1:]} cannot be changed now",
                                "What is stored could not be read, so Daypane does not overwrite it. "
                                "Reload to get the latest version of Daypane.", key=f"unreadable-{key}")
            return False
        try:
            await self.store.put(key, value)
            return True
        except Exception as error:  # quota exceeded, private mode, a broken database
            self.alerts.problem(f"Could not save {what}",
                                f"The browser refused to store it ({error}). Nothing was changed. "
                                "Free some space (for example remove a large imported calendar) "
                                "and try again.", key="storage")
            return False

    async def _save_tasks(self, new: tasks_mod.TaskList) -> bool:
        if not await self._put("tasks", tasks_mod.dump(new), "your tasks"):
            return False
        self.tasks = new
        self.alerts.clear("storage")
        return True

    async def _save_settings(self, new: settings_mod.Settings) -> bool:
        if await self._put("settings", settings_mod.dump(new), "your settings"):
            self.settings = new
            return True
        return False

    async def _save_calendars(self, new: list[library.StoredCalendar]) -> bool:
        if await self._put("calendars", library.dump_calendars(new), "your calendars"):
            self.calendars = new
            return True
        return False

    # -- task actions (called by TasksView) -------------------------------------------------

    async def _apply(self, change, *, focus: str | None = None, focus_action: str | None = None) -> bool:
        try:
            new = change(self.tasks)
        except ValueError as error:
            self.alerts.problem("That change was not made", str(error), key="task-input")
            return False
        if not await self._save_tasks(new):
            return False
        self.alerts.clear("task-input")
        self.redraw_tasks(focus=focus, focus_action=focus_action)
        if self.route.view in ("day", "week"):
            self.redraw_calendar()
        return True

    async def add_task(self, title: str) -> bool:
        task_id = js.crypto.randomUUID()
        created = self.now().isoformat(timespec="seconds")
        return await self._apply(lambda t: t.add(title, id=task_id, created=created))

    async def toggle_task(self, task_id: str, done: bool) -> None:
        await self._apply(lambda t: t.toggle(task_id, done), focus=task_id)

    async def edit_task(self, task_id: str, *, title: str, scheduled: str, estimate: str) -> bool:
        def change(t: tasks_mod.TaskList) -> tasks_mod.TaskList:
            day = date.fromisoformat(scheduled) if scheduled else None
            minutes = tasks_mod.parse_estimate(estimate)
            return t.rename(task_id, title).schedule(task_id, day).set_estimate(task_id, minutes)
        return await self._apply(change)

    async def delete_task(self, task_id: str) -> None:
        new, removed = self.tasks.remove(task_id)
        if await self._apply(lambda t: new):
            self.alerts.note(f"Deleted “{removed.task.title}”.", undo=lambda: self._restore(removed))

    async def _restore(self, removed) -> None:
        if await self._apply(lambda t: t.restore(removed), focus=removed.task.id):
            self.alerts.note(f"Restored “{removed.task.title}”.")

    async def move_task(self, task_id: str, index: int) -> None:
        await self._apply(lambda t: t.move(task_id, index), focus=task_id)

    async def move_task_by(self, task_id: str, delta: int, focus_action: str | None = None) -> None:
        await self._apply(lambda t: t.move_by(task_id, delta), focus=task_id, focus_action=focus_action)

    # -- calendar actions (called by SourcesView) -------------------------------------------

    async def show_sample(self, shown: bool) -> None:
        if await self._save_settings(self.settings.with_sample(shown)):
            if shown:
                await self._load_sample()
        self.render()

    async def set_calendar_visible(self, calendar_id: str, visible: bool) -> None:
        new = [library.StoredCalendar(item.calendar if item.calendar.id != calendar_id else
                                      replace(item.calendar, visible=visible), item.ics)
               for item in self.calendars]
        await self._save_calendars(new)
        self.render()

    async def _keep_index(self, calendar_id: str, index: IcsIndex) -> None:
        """Store an imported calendar's index, so a reload does not read the whole file again.
        Only a speed-up: if the browser refuses, the index is built again at the next start."""
        try:
            # As one JSON string: handing the nested structure to IndexedDB converts it to JS value
            # by value (measured: 47 s for the 10,000-event file's index; the string: milliseconds).
            await self.store.put(_index_key(calendar_id), json.dumps(index.dump(), separators=(",", ":")))
        except Exception as error:
            js.console.warn(f"Daypane: index of {calendar_id} not stored ({error})")

    async def remove_calendar(self, calendar_id: str) -> None:
        removed = [item for item in self.calendars if item.calendar.id == calendar_id]
        if not removed:
            return
        if await self._save_calendars([i for i in self.calendars if i.calendar.id != calendar_id]):
            self.parsed.pop(calendar_id, None)
            await self.store.delete(_index_key(calendar_id))
            self.broken.discard(calendar_id)
            self.alerts.clear(f"cal-{calendar_id}")
            self.alerts.note(f"Removed “{removed[0].calendar.name}”.")
        self.render()

    async def import_file(self, file) -> None:
        name = str(file.name)
        if file.size > MAX_IMPORT_BYTES:
            self.alerts.problem(f"“{name}” was not imported",
                                f"It is {file.size / 1e6:.0f} MB; Daypane imports calendar files up to "
                                f"{MAX_IMPORT_BYTES // 1e6:.0f} MB. Export a shorter date range and try again.",
                                key="import")
            return
        self.alerts.note(f"Importing “{name}”…")
        try:
            data = await read_file(file)
            # Indexed in small steps that yield to the page (no long task, the page stays usable);
            # only the events of the range on screen are parsed, when it is drawn.
            builder = IndexBuilder(data)
            while not builder.feed(IMPORT_CHUNK):
                self.alerts.note(f"Importing “{name}”… {builder.progress:.0%}")
                await _yield_to_page()
            index = builder.result()
            parsed = LazyCalendar(index, builder.text, self.tz)
        except IcsError as error:
            self.alerts.note("")
            self.alerts.problem(f"“{name}” was not imported", str(error), key="import")
            return
        display = parsed.summary.name or _stem(name)
        calendar = Calendar(
            id=library.new_calendar_id((i.calendar.id for i in self.calendars), display),
            name=display,
            color=library.next_color(i.calendar.color for i in self.calendars),
            source="ics",
        )
        # The text the index was built from (BOM removed, encoding resolved): its offsets point there.
        text = builder.text
        if await self._save_calendars([*self.calendars, library.StoredCalendar(calendar, text)]):
            self.parsed[calendar.id] = parsed
            self.alerts.clear("import")
            self.alerts.note(parsed.summary.message())
            self.render()
            spawn(self._keep_index(calendar.id, index))  # after the week is on screen


async def _yield_to_page() -> None:
    # A timer, not sleep(0): the browser gets a turn to paint and handle input between chunks.
    import asyncio
    await asyncio.sleep(0.001)


def _json(stored):
    try:
        return json.loads(stored) if isinstance(stored, str) else None
    except ValueError:
        return None  # damaged: the index is built again


def _index_key(calendar_id: str) -> str:
    return f"ics-index:{calendar_id}"


def _stem(file_name: str) -> str:
    return file_name.rsplit(".", 1)[0] if "." in file_name else file_name
