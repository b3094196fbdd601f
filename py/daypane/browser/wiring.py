"""Building the providers with their browser adapters (the composition root's helper).

py/main.py builds the store and hands everything to the app through `providers()`; the app
calls `outlook()` again only when the user saves another app registration.
"""

from __future__ import annotations

import asyncio

import js

from daypane.browser.js.dom import spawn
from daypane.browser.js.fetch import FetchTransport
from daypane.browser.js.msal import MsalClient
from daypane.browser.providers import caldav as caldav_adapter, feeds as feeds_adapter
from daypane.browser.providers import google as google_adapter, outlook as outlook_adapter
from daypane.core.config import Config, MicrosoftConfig
from daypane.core.providers.google.auth import configuration_problem
from daypane.core.providers.imported import Library
from daypane.core.records import Records
from daypane.browser.providers import todo as todo_adapter
from daypane.core.tasks.sources.caldav.source import CalDavTasks, Login as CalDavLogin
from daypane.core.tasks.sources.connected import TASK_ACCOUNTS
from daypane.core.tasks.sources.hosted.source import HostedTasks
from daypane.core.tasks.sources.google.api import SERVICE as GOOGLE_TASKS
from daypane.core.tasks.sources.todo.api import SERVICE as TODO


def app_url() -> str:
    """The app page itself (where admin consent lands; never redirect.html)."""
    return str(js.location.href).split("#")[0].split("?")[0].rsplit("/", 1)[0] + "/"


async def yield_to_page() -> None:
    # A timer, not sleep(0): the browser gets a turn to paint and handle input between steps.
    await asyncio.sleep(0.001)


class Wiring:
    def __init__(self, records: Records, config: Config, *, on_change, on_problem, note, sign_in_failed,
                 signed_in, ask_password, msal_cache, todo_connected, todo_failed) -> None:
        self.records, self.config = records, config
        self.msal_cache = msal_cache  # () -> "localStorage" | "sessionStorage" (browser.encryption)
        self.transport = FetchTransport()
        self.callbacks = {"on_change": on_change, "on_problem": on_problem}
        self.note, self.sign_in_failed, self.signed_in = note, sign_in_failed, signed_in
        self.ask_password = ask_password
        self.google_problem = configuration_problem(config.google_client_id)
        self.google_sign_in = (google_adapter.GoogleSignIn(config.google_client_id, app_url() + "redirect.html")
                               if self.google_problem is None else None)
        self.outlook_sign_in: outlook_adapter.OutlookSignIn | None = None
        self.msal_client: MsalClient | None = None
        self.todo_connect: todo_adapter.TodoConnect | None = None
        self.todo_connected, self.todo_failed = todo_connected, todo_failed
        self.outlook_provider = None
        self.google = None  # the Google provider, once others() built it

    def library(self) -> Library:
        return Library(self.records, spawn=spawn, pause=yield_to_page, **self.callbacks)

    def outlook(self, microsoft: MicrosoftConfig | None):
        """The Outlook provider for this registration (None: not configured); its sign-in path
        is kept in `outlook_sign_in`."""
        if microsoft is None:
            self.outlook_sign_in = self.msal_client = self.todo_connect = self.outlook_provider = None
            return None
        client = MsalClient(microsoft.client_id, microsoft.authority, app_url() + "redirect.html",
                            cache_location=self.msal_cache())
        self.outlook_sign_in = outlook_adapter.OutlookSignIn(
            client, added=self.signed_in, failed=self.sign_in_failed, note=self.note)
        self.msal_client = client
        self.todo_connect = todo_adapter.TodoConnect(client, self.outlook_sign_in, connected=self.todo_connected,
                                                     failed=self.todo_failed, note=self.note)
        self.outlook_provider = outlook_adapter.build(self.records, self.transport, client, self.outlook_sign_in,
                                                      **self.callbacks)
        return self.outlook_provider

    def task_sources(self, tz) -> list:
        """Where tasks live besides this device: the task lists of the CalDAV accounts (they
        share the calendars' sign-in) and Microsoft To Do of the Outlook accounts connected for
        it, and Google Tasks of the Google accounts connected for it. Call after `others()`."""
        caldav = self.caldav

        def login(account_id: str) -> CalDavLogin | None:
            found = caldav.credentials(account_id)
            return CalDavLogin(*found) if found else None
        def connected(kind: str, provider) -> list[tuple[str, str]]:
            chosen = self.records.get(TASK_ACCOUNTS).of(kind)
            return [(a.home_id, a.label) for a in (provider.list if provider else ()) if a.home_id in chosen]
        new_id = lambda: str(js.crypto.randomUUID())  # noqa: E731
        return [CalDavTasks(self.records, self.transport, accounts=lambda: caldav.list, login=login, tz=tz,
                            new_id=new_id, origin=str(js.location.origin)),
                HostedTasks(self.records, TODO, accounts=lambda: connected("todo", self.outlook_provider), new_id=new_id,
                            api_for=lambda account: todo_adapter.api(self.msal_client, self.transport, account)),
                HostedTasks(self.records, GOOGLE_TASKS, accounts=lambda: connected("google", self.google), new_id=new_id,
                            api_for=lambda account: google_adapter.tasks_api(self.google, self.transport, account))]

    def others(self) -> list:
        google = self.google = (google_adapter.build(self.records, self.transport, self.google_sign_in, **self.callbacks)
                                if self.google_sign_in is not None else None)
        caldav = self.caldav = caldav_adapter.build(self.records, self.transport, ask_password=self.ask_password,
                                                    **self.callbacks)
        feeds = feeds_adapter.build(self.records, self.transport, **self.callbacks)
        return [p for p in (google, caldav, feeds) if p is not None]
