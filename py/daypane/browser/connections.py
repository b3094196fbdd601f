"""The roads in besides Outlook: Google Calendar, CalDAV accounts and .ics subscriptions.

Connecting, reconnecting and removing them, and turning their failures into alerts; each
provider's own module does the protocol (google_calendar, caldav_accounts, feeds). The app sees
them, with Outlook, as a list of providers that all answer calendars(), occurrences(days),
stale(), sync() and hold accounts.
"""

from __future__ import annotations

from datetime import datetime, timezone

import js

from daypane.browser.js.dom import spawn
from daypane.browser.js.fetch import FetchTransport
from daypane.browser.providers.caldav import CalDav
from daypane.browser.providers.feeds import Feeds
from daypane.browser.providers.google import Google
from daypane.browser.ui.dialogs import FormDialog
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.google import auth as google_auth
from daypane.core.providers.week_cached import ProviderProblem

SETUP_GUIDE = "./static/setup.html"


class Connections:
    def __init__(self, app) -> None:
        self.app = app
        store, transport = app.store, FetchTransport()
        callbacks = {"on_change": app.providers_changed, "on_problem": self._problem}
        client_id = app.config.google_client_id
        self.google_problem = google_auth.configuration_problem(client_id)
        self.google = (Google(store, transport, client_id, app.app_url() + "redirect.html", **callbacks)
                       if self.google_problem is None else None)
        self.caldav = CalDav(store, transport, **callbacks)
        self.feeds = Feeds(store, transport, zone=lambda: app.tz, **callbacks)
        self.caldav_dialog = FormDialog("caldav", "add-caldav", self._add_caldav)
        self.feed_dialog = FormDialog("feed", "subscribe-feed", self._subscribe)

    @property
    def providers(self):
        return [p for p in (self.google, self.caldav, self.feeds) if p is not None]

    def provider(self, kind: str):
        return next((p for p in self.providers if p.kind == kind), None)

    async def start(self) -> None:
        """On every load: finish a Google sign-in that brought the browser back here."""
        if self.google is None:
            return
        answer, route = self.google.returned(datetime.now(timezone.utc))
        if answer is None:
            return
        if isinstance(answer, google_auth.AuthFailed):
            self.app.alerts.problem("Google Calendar was not connected", answer.message, key="google-signin")
            return
        try:
            account = await self.google.connect(answer)
        except ProviderProblem as problem:
            self.app.alerts.problem("Google Calendar was not connected", str(problem), key="google-signin")
            return
        self.app.alerts.clear("google-signin")
        self.app.alerts.clear(f"google-{account.home_id}")
        await self.app.account_connected(f"Connected Google Calendar {account.label}.")

    # -- Google -----------------------------------------------------------------------------

    def connect_google(self, hint: str | None = None) -> None:
        """From the click: leave for Google's sign-in page."""
        if self.google is None:
            self.app.alerts.problem("Google Calendar is not set up in this copy of Daypane",
                                    self.google_problem.message, key="google-config",
                                    links=(("Setup guide", SETUP_GUIDE + "#google"),))
            return
        self.google.begin_sign_in(hint, str(js.location.hash))

    # -- CalDAV -----------------------------------------------------------------------------

    async def _add_caldav(self, form):
        values = {name: form.elements.namedItem(name) for name in ("url", "user", "password", "remember")}
        try:
            account = await self.caldav.add_account(str(values["url"].value), str(values["user"].value),
                                                    str(values["password"].value), bool(values["remember"].checked))
        except caldav.BrowserAccessBlocked as problem:
            return str(problem), ["\n".join(f"{name}: {value}" for name, value in problem.headers)]
        except caldav.CalDavError as problem:
            return str(problem), []
        self.app.alerts.clear(f"caldav-{account.home_id}")
        spawn(self.app.account_connected(f"Added {account.label}."))
        return None

    # -- subscriptions ----------------------------------------------------------------------

    async def _subscribe(self, form):
        try:
            feed = await self.feeds.subscribe(str(form.elements.namedItem("url").value),
                                              str(js.location.origin), datetime.now(timezone.utc))
        except ProviderProblem as problem:
            return str(problem), list(getattr(problem, "details", ()))
        spawn(self.app.account_connected(f"Subscribed to {feed.label}."))
        return None

    # -- all of them ------------------------------------------------------------------------

    def reconnect(self, kind: str, account_id: str) -> None:
        if kind == "google":
            self.connect_google(account_id)
        elif kind == "caldav":
            login = self.caldav.login(account_id)
            self.caldav_dialog.open(url=login.get("url", ""), user=login.get("user", ""))

    async def remove(self, kind: str, account_id: str) -> None:
        provider = self.provider(kind)
        account = provider.find(account_id) if provider else None
        if account is None:
            return
        await provider.remove(account_id)
        await self.app.forget_snapshot()
        self.app.alerts.clear(f"{kind}-{account_id}")
        verb = "Signed out" if kind == "google" else "Removed"
        self.app.alerts.note(f"{verb} {account.label}; its cached events were deleted from this browser.")
        self.app.render()

    async def pick(self, kind: str, account_id: str, calendar_id: str, selected: bool) -> None:
        provider = self.provider(kind)
        await provider.set_selected(account_id, calendar_id, selected)
        self.app.render()
        if selected:
            await self.app.sync_now()

    def _problem(self, account, message: str) -> None:
        label = {"google": "Google Calendar", "caldav": "CalDAV", "feed": "subscription"}[account.provider]
        self.app.alerts.problem(f"Could not refresh the {label} events of {account.label}",
                                f"{message} The events from the last sync are still shown.",
                                key=f"{account.provider}-{account.home_id}")
