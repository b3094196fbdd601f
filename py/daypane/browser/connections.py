"""Connecting, reconnecting and removing accounts, whatever the provider: the accounts list's
actions, the way back from a Google sign-in, and the CalDAV and subscription dialogs.

Each action goes to the provider of the row's kind (a lookup, never a branch on it); what an
account's words are (Sign out or Remove, Sign in again or Enter password) comes from the provider.
"""

from __future__ import annotations

from datetime import datetime, timezone

import js

from daypane.browser.js.dom import by_id, spawn
from daypane.browser.ui.accounts import AccountRow, account_state
from daypane.browser.ui.dialogs import FormDialog
from daypane.core.calendar.format import synced_text
from daypane.core.providers.connectivity import offline_text
from daypane.core.providers.google import auth as google_auth
from daypane.core.providers.protocol import ProviderProblem
from daypane.core.tasks.sources.connected import TASK_ACCOUNTS
from daypane.core.tasks.sources.google.mapping import SCOPE as GOOGLE_TASKS_SCOPE
from daypane.core.tasks.sources.todo import api as todo_api

SETUP_GUIDE = "./static/setup.html"


class Connections:
    def __init__(self, app) -> None:
        self.app = app
        self.caldav_dialog = FormDialog("caldav", "add-caldav", self._add_caldav)
        self.feed_dialog = FormDialog("feed", "subscribe-feed", self._subscribe)

    # -- connecting -------------------------------------------------------------------------

    def connect_outlook(self, hint: str = "") -> None:
        """From the click: the sign-in must start within its user activation."""
        sign_in = self.app.wiring.outlook_sign_in
        if sign_in is None:
            # What was wrong with config.json, if anything, helps whoever deployed this copy.
            found = " ".join(self.app.config.problems)
            self.app.alerts.problem(
                "Outlook is not set up in this copy of Daypane",
                "This deployment has no Microsoft app registration (config.json has no "
                "microsoft.clientId). An organisation can use its own: enter its Application "
                "(client) ID in Settings, or ask whoever hosts this page to follow the setup guide."
                + (f" ({found})" if found else ""),
                key="outlook-config", links=(("Open Settings", "#/settings"), ("Setup guide", SETUP_GUIDE)))
            return
        sign_in.begin(hint)

    def connect_todo(self) -> None:
        """From the click: the first Outlook account not connected for To Do asks for the task
        permission; with none, a new sign-in asks for the calendar's and To Do's at once."""
        todo = self.app.wiring.todo_connect
        if todo is None:
            self.connect_outlook()  # says why Microsoft is not set up here
            return
        connected = set(self.app.records.get(TASK_ACCOUNTS).todo)
        account = next((a for a in self.app.provider("outlook").list if a.home_id not in connected), None)
        todo.begin(account)

    async def todo_connected(self, home_id: str) -> None:
        await self.app.records.update(TASK_ACCOUNTS, lambda accounts: accounts.with_account("todo", home_id))
        account = self.app.provider("outlook").find(home_id)
        self.app.alerts.clear(f"todo-{home_id}")
        self.app.alerts.clear("todo-signin")
        self.app.alerts.note(f"Connected Microsoft To Do for {account.label if account else 'your account'}.")
        self.app.task_sync.sync_all(force=True)

    def ask_again(self) -> dict:
        """What the task sync says when a task service needs the user (TaskSync's ask_again)."""
        return {"todo": ("Microsoft To Do needs you to sign in again", "Allow To Do again", self.connect_todo),
                "google": ("Google Tasks needs you to sign in again", "Sign in to Google Tasks again",
                           lambda: self.connect_google(tasks=True))}

    def todo_failed(self, failure, account) -> None:
        self.app.problems.sign_in_failed(failure, account, tasks=True, retry=self.connect_todo)

    def connect_google(self, tasks: bool = False) -> None:
        """From the click: leave for Google's sign-in page; `tasks`: asking for Google Tasks too,
        for the first Google account not connected for it (or a new one)."""
        if self.app.wiring.google_sign_in is None:
            self.app.alerts.problem("Google Calendar is not set up in this copy of Daypane",
                                    self.app.wiring.google_problem.message, key="google-config",
                                    links=(("Setup guide", SETUP_GUIDE + "#google"),))
            return
        hint = ""
        if tasks:
            chosen = set(self.app.records.get(TASK_ACCOUNTS).google)
            hint = next((a.home_id for a in self.app.provider("google").list if a.home_id not in chosen), "")
        self.app.wiring.google_sign_in.begin(hint, tasks=tasks)

    async def outlook_signed_in(self, answer) -> None:
        """An Outlook sign-in's answer (js.msal.Answer), by popup or back from a redirect; it may
        be "Connect Microsoft To Do"'s, which says so in its state."""
        account = await self.app.provider("outlook").add_signed_in(answer.account)
        self.app.alerts.clear("signin")
        await self.app.prefs.approval_settled()
        if todo_api.connects(answer.state, answer.scopes):
            await self.todo_connected(account.home_id)
        await self.connected(f"Connected {account.label}.")

    async def google_returned(self) -> None:
        """On every load: finish a Google sign-in that brought the browser back here."""
        sign_in = self.app.wiring.google_sign_in
        answer = sign_in.returned(datetime.now(timezone.utc)) if sign_in is not None else None
        if answer is None:
            return
        if isinstance(answer, google_auth.AuthFailed):
            self.app.alerts.problem("Google Calendar was not connected", answer.message, key="google-signin")
            return
        try:
            account = await self.app.provider("google").connect(answer)
        except ProviderProblem as problem:
            self.app.alerts.problem("Google Calendar was not connected", str(problem), key="google-signin")
            return
        self.app.alerts.clear("google-signin")
        self.app.alerts.clear(f"google-{account.home_id}")
        if sign_in.asked_tasks:
            await self._google_tasks_answer(account, answer)
        elif account.home_id in self.app.records.get(TASK_ACCOUNTS).google:
            self.app.alerts.clear("ask-again-google")
            self.app.task_sync.sync_all(force=True)  # signed in again: what waited goes out
        await self.connected(f"Connected Google Calendar {account.label}.")

    async def _google_tasks_answer(self, account, answer) -> None:
        if GOOGLE_TASKS_SCOPE not in answer.scopes:  # the user unticked it on Google's page
            self.app.alerts.problem("Google Tasks was not connected",
                                    "You signed in but did not allow Daypane to see and change your tasks. "
                                    "Choose Connect Google Tasks again and leave that box ticked.",
                                    key="google-tasks-signin")
            return
        await self.app.records.update(TASK_ACCOUNTS, lambda accounts: accounts.with_account("google", account.home_id))
        self.app.alerts.clear("google-tasks-signin")
        self.app.alerts.clear("ask-again-google")
        self.app.alerts.note(f"Connected Google Tasks for {account.label}.")
        self.app.task_sync.sync_all(force=True)

    async def connected(self, note: str) -> None:
        """An account was added: real events replace the sample; show them."""
        self.app.alerts.note(note + " Loading calendars…")
        prefs = self.app.prefs
        if prefs.settings.show_sample and await prefs.save(lambda s: s.with_sample(False)):
            self.app.library.show_sample = False
        self.app.render()
        await self.app.sync()
        self.app.alerts.note(note)

    def render_accounts(self) -> None:
        """The accounts list and the offline notice, from every provider's accounts."""
        app = self.app
        states = [(p.words, s) for p in app.providers for s in p.accounts()]
        app.connectivity_view.render(None if js.navigator.onLine else offline_text(
            [(f"{words.name} ({s.account.label})", s.account.last_synced) for words, s in states],
            self._synced_text))
        by_id("refresh-row").hidden = not states
        app.accounts_view.render([
            AccountRow(s.account.provider, s.account, words.name,
                       account_state(words.needs_action, s.needs_sign_in, s.syncing, s.error,
                                     self._synced_text(s.account.last_synced)),
                       words.reconnect if s.needs_sign_in else None, words.leave, words.picks_calendars)
            for words, s in states])

    def _synced_text(self, iso: str) -> str:
        return synced_text(iso, self.app.tz, self.app.today(), self.app.conventions())

    # -- the dialogs ------------------------------------------------------------------------

    def ask_password(self, url: str, user: str) -> None:
        self.caldav_dialog.open(url=url, user=user)

    async def _add_caldav(self, form):
        values = {name: form.elements.namedItem(name) for name in ("url", "user", "password", "remember")}
        try:
            account = await self.app.provider("caldav").add_account(
                str(values["url"].value), str(values["user"].value), str(values["password"].value),
                bool(values["remember"].checked))
        except ProviderProblem as problem:
            return str(problem), list(problem.details)
        self.app.alerts.clear(f"caldav-{account.home_id}")
        self.app.task_sync.sync_all(force=True)  # its task lists appear without a further step
        spawn(self.connected(f"Added {account.label}."))
        return None

    async def _subscribe(self, form):
        try:
            feed = await self.app.provider("feed").subscribe(str(form.elements.namedItem("url").value),
                                                             datetime.now(timezone.utc))
        except ProviderProblem as problem:
            return str(problem), list(problem.details)
        spawn(self.connected(f"Subscribed to {feed.label}."))
        return None

    # -- the accounts list's buttons ----------------------------------------------------------

    def reconnect(self, kind: str, account_id: str) -> None:
        self.app.provider(kind).reconnect(account_id)

    def remove_account(self, kind: str, account_id: str) -> None:
        spawn(self._remove(self.app.provider(kind), account_id))

    async def _remove(self, provider, account_id: str) -> None:
        state = next((s for s in provider.accounts() if s.account.home_id == account_id), None)
        if state is None:
            return
        await provider.remove(account_id)
        # Its task lists go with it (ids are unique across providers).
        await self.app.records.update(TASK_ACCOUNTS, lambda accounts: accounts.without("todo", account_id)
                                      .without("google", account_id))
        await self.app.snapshot.forget()
        self.app.alerts.clear(f"{state.account.provider}-{account_id}")
        self.app.alerts.note(f"{provider.words.left} {state.account.label}; its cached events were deleted "
                             "from this browser.")
        self.app.render()

    def pick_calendar(self, kind: str, account_id: str, calendar_id: str, selected: bool) -> None:
        async def pick() -> None:
            await self.app.provider(kind).set_selected(account_id, calendar_id, selected)
            if selected:
                await self.app.sync()
        spawn(pick())
