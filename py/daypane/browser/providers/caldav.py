"""CalDAV accounts in the page: adding one from the dialog, keeping its password as the user chose,
and syncing its calendars incrementally (RFC 6578) into the week cache.

The protocol is core.caldav; this module decides only what is stored where:
- "caldav" (IndexedDB): the accounts and their calendar picks, like every provider;
- "caldav-login" (IndexedDB): {account: {url, user, password?}}; the password only when the user
  ticked "Remember on this device", else it stays in this tab's sessionStorage;
- "caldav-sync:<account>" (IndexedDB): per calendar, the sync state and the resources' iCalendar
  text, so a refresh asks only for what changed and a new week needs no request at all.
"""

from __future__ import annotations

import json

import js

from daypane.browser.js.fetch import opaque_answer
from daypane.core.providers import accounts as accounts_mod
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import CalendarState, DavResource
from daypane.core.providers.week_cached import ProviderProblem, WeekCachedProvider

LOGINS = "caldav-login"
SESSION_PASSWORDS = "daypane.caldav.passwords"


def _session_passwords() -> dict:
    raw = js.window.sessionStorage.getItem(SESSION_PASSWORDS)
    try:
        return json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {}


class CalDav(WeekCachedProvider):
    kind = "caldav"
    label = "CalDAV"

    def __init__(self, store, transport, **callbacks) -> None:
        super().__init__(store, transport, **callbacks)
        self.logins: dict[str, dict] = dict(store.get(LOGINS) or {})
        self.needs_sign_in = {a.home_id for a in self.accounts if not self._password(a.home_id)}

    def _password(self, account_id: str) -> str:
        return self.logins.get(account_id, {}).get("password") or _session_passwords().get(account_id, "")

    def login(self, account_id: str) -> dict:
        """{url, user} of an account, to fill the dialog when its password must be entered again."""
        return {k: v for k, v in self.logins.get(account_id, {}).items() if k != "password"}

    # -- adding -----------------------------------------------------------------------------

    async def add_account(self, url: str, user: str, password: str, remember: bool) -> accounts_mod.Account:
        """Discover the calendars at url; raises caldav.CalDavError with what to do."""
        url = url.strip()
        if not url.startswith(("https://", "http://")):
            raise caldav.UnexpectedAnswer("The server URL starts with https:// (for example "
                                          "https://dav.example.com/ or your provider's CalDAV address).")
        calendars = await self._diagnosed(url, caldav.discover(self.transport, url, caldav.basic_auth(user, password)))
        if not calendars:
            raise caldav.NoCalendarHere(f"No event calendars were found for {user} at {url}. Check the "
                                        "address: it is often shown as “CalDAV URL” in your provider's settings.")
        account_id = f"{user}@{url}"
        self.logins[account_id] = {"url": url, "user": user, **({"password": password} if remember else {})}
        passwords = _session_passwords()
        passwords[account_id] = password
        js.window.sessionStorage.setItem(SESSION_PASSWORDS, json.dumps(passwords))
        await self.store.put(LOGINS, self.logins)
        account = await self.add(accounts_mod.Account(home_id=account_id, username=user,
                                                      name=f"{user} on {caldav.host_of(url)}", provider="caldav"))
        account = account.with_calendars([_Choice(c) for c in calendars],
                                          default_ids=[c.url for c in calendars])
        self._replace(account)
        await self._save_accounts()
        # Entering the password again keeps what was synced: the next refresh asks only for changes.
        known = (self.store.get(_sync_key(account_id)) or {}).get("calendars", {})
        await self.store.put(_sync_key(account_id), {"calendars": {
            c.url: known.get(c.url) or {"state": CalendarState(c.url).dump(), "resources": {}}
            for c in calendars}})
        return account

    async def _diagnosed(self, url: str, step):
        """Run a CalDAV step; when no answer came, tell "down" from "blocks browsers" (no-cors probe)."""
        try:
            return await step
        except caldav.NoAnswer as error:
            if isinstance(error, (caldav.ServerUnreachable, caldav.BrowserAccessBlocked)):
                raise
            raise caldav.no_answer_problem(url, await opaque_answer(url), str(js.location.origin)) from None

    async def _forget(self, account_id: str) -> None:
        self.logins.pop(account_id, None)
        await self.store.put(LOGINS, self.logins)
        passwords = _session_passwords()
        passwords.pop(account_id, None)
        js.window.sessionStorage.setItem(SESSION_PASSWORDS, json.dumps(passwords))
        await self.store.delete(_sync_key(account_id))

    # -- syncing ----------------------------------------------------------------------------

    async def _fetch(self, account, start, end, tz):
        password = self._password(account.home_id)
        login = self.logins.get(account.home_id)
        if not password or not login:
            raise ProviderProblem(f"Enter the password for {account.label} again to refresh it "
                                  "(it was kept for the session only).", needs_sign_in=True)
        auth = caldav.basic_auth(login["user"], password)
        stored = self.store.get(_sync_key(account.home_id)) or {"calendars": {}}
        calendars = dict(stored.get("calendars", {}))
        by_calendar = {}
        try:
            for choice in account.selected():
                entry = calendars.get(choice.id) or {"state": CalendarState(choice.id).dump(), "resources": {}}
                state = _load_state(entry, choice.id)
                resources = dict(entry.get("resources", {}))
                if not state.sync_token:  # first time: everything in two requests, and a token
                    state, found = await self._diagnosed(choice.id, caldav.first_sync(self.transport, choice.id, auth))
                    resources = {r.href: r.ics for r in found}
                else:                     # then only what changed since
                    state, changes = await self._diagnosed(choice.id, caldav.sync_calendar(self.transport, state, auth))
                    for href in changes.deleted:
                        resources.pop(href, None)
                    resources.update((r.href, r.ics) for r in changes.changed)
                calendars[choice.id] = {"state": state.dump(), "resources": resources}
                key = account.calendar_key(choice.id)
                by_calendar[key] = caldav.occurrences(
                    (DavResource(href, state.etags.get(href, ""), ics) for href, ics in resources.items()),
                    key, start, end, floating_tz=tz)
        except caldav.WrongCredentials as error:
            raise ProviderProblem(str(error), needs_sign_in=True) from None
        except caldav.CalDavError as error:
            raise ProviderProblem(str(error)) from None
        await self.store.put(_sync_key(account.home_id), {"calendars": calendars})
        return account, by_calendar


def _sync_key(account_id: str) -> str:
    return f"caldav-sync:{account_id}"


def _load_state(entry: dict, url: str) -> CalendarState:
    try:
        return CalendarState.load(entry.get("state"))
    except ValueError:
        return CalendarState(url)  # an unreadable state is only a cache: read the calendar in full


class _Choice:
    """A discovered calendar as Account.with_calendars reads it: its URL is its id."""

    def __init__(self, calendar: caldav.DavCalendar) -> None:
        self.id, self.name, self.color = calendar.url, calendar.name, calendar.color or "#3b6fd8"
