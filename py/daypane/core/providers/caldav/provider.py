"""CalDAV accounts as a `Provider`: adding one (discovery), keeping its password as the user chose,
and syncing its calendars incrementally (RFC 6578) into the week cache.

The protocol is caldav.client; this module decides what is kept where (caldav.stored):
- "caldav" (a record, like every provider's accounts): the accounts and their calendar picks;
- "caldav-login": {account: {url, user, password?}}; the password only when the user ticked
  "Remember on this device", else it stays in `passwords` (the browser: this tab's sessionStorage),
  and after a restart the account needs the password again (`reconnect` asks for it);
- "caldav-sync:<account>": per calendar, the sync state and the resources' iCalendar text, so a
  refresh asks only for what changed and a new week needs no request at all. Entering the
  password again keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, tzinfo

from daypane.core.ics.parse import ParsedCalendar
from daypane.core.model import Occurrence
from daypane.core.providers import cors
from daypane.core.providers.accounts import Account, CalendarChoice
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import CalendarState, DavResource
from daypane.core.providers.caldav.passwords import Passwords
from daypane.core.providers.caldav.problems import ADVICE, CalDavError, NoCalendarHere
from daypane.core.providers.caldav.stored import LOGINS, SYNC, Login, Synced
from daypane.core.providers.problems import host_of
from daypane.core.providers.protocol import ProviderProblem, ProviderWords
from daypane.core.providers.week_cached import WeekCachedProvider
from daypane.core.records import RecordError, Records

DEFAULT_COLOR = "#3b6fd8"


class CalDav(WeekCachedProvider):
    kind = "caldav"
    words = ProviderWords(name="CalDAV", leave="Remove", left="Removed", reconnect="Enter password",
                          needs_action="Password needed: enter it again to refresh")

    def __init__(self, records: Records, transport, *, passwords: Passwords, probe: cors.Probe,
                 origin: str, ask_password: Callable[[str, str], None], on_change, on_problem) -> None:
        super().__init__(records, transport, on_change=on_change, on_problem=on_problem)
        self.passwords = passwords
        self.probe = probe                  # async (url) -> did a no-cors fetch get an opaque answer?
        self.origin = origin                # the page's origin, named in the CORS advice
        self.ask_password = ask_password    # (url, user) -> None: the browser opens the dialog
        self.logins: dict[str, Login] = records.get(LOGINS)
        self.needs_sign_in = {a.home_id for a in self.list if not self._password(a.home_id)}
        # {calendar url: {href: (text, parsed)}}: a resource is parsed again only when it changed.
        self._parsed: dict[str, dict[str, tuple[str, ParsedCalendar | None]]] = {}

    def credentials(self, account_id: str) -> tuple[str, str, str] | None:
        """(address, user name, password) of an account, None while its password is needed
        (the task lists of the account use the same sign-in)."""
        login, password = self.logins.get(account_id), self._password(account_id)
        return (login.url, login.user, password) if login and password else None

    def _password(self, account_id: str) -> str:
        login = self.logins.get(account_id)
        return (login.password if login else "") or self.passwords.get(account_id)

    # -- adding, entering the password again, removing --------------------------------------

    async def add_account(self, url: str, user: str, password: str, remember: bool) -> Account:
        """Discover the calendars at ``url`` and keep the account (a known one keeps its calendar
        picks and what was synced). Raises ProviderProblem with what to do."""
        url = url.strip()
        if not url.startswith(("https://", "http://")):
            raise CalDavError("The server URL starts with https:// (for example https://dav.example.com/ "
                              "or your provider's CalDAV address).", url=url)
        auth = caldav.basic_auth(user, password)
        found = await self._diagnosed(caldav.discover(self.transport, url, auth), url)
        # An account of task lists only is an account too: its lists show in Tasks.
        if not found and not await self._diagnosed(caldav.discover_task_lists(self.transport, url, auth), url):
            raise NoCalendarHere(f"No calendars or task lists were found for {user} at {url}. Check the "
                                 "address: it is often shown as “CalDAV URL” in your provider's "
                                 "settings.", url=url)
        account_id = f"{user}@{url}"
        login = Login(url, user, password if remember else "")
        try:
            await self._save_logins(lambda logins: {**logins, account_id: login})
        except RecordError as error:  # what is stored could not be read: never overwritten
            raise ProviderProblem(str(error)) from None
        self.passwords.put(account_id, password)
        calendars = [CalendarChoice(c.url, c.name, c.color or DEFAULT_COLOR, True) for c in found]
        merged = replace(self.find(account_id) or Account(account_id, user, "", provider=self.kind),
                         name=f"{user} on {host_of(url)}", username=user
                         ).with_calendars(calendars, default_ids=[c.url for c in found])
        account = await self.add(merged)
        if account.calendars != merged.calendars:  # a known account: add() kept its former list
            account = replace(account, calendars=merged.calendars)
            await self._store_account(account)
        known = self.records.get(SYNC, account_id)  # entering the password again keeps what was synced
        await self.records.put(SYNC, {c.url: known.get(c.url) or Synced(CalendarState(c.url))
                                      for c in found}, account_id)
        return account

    def reconnect(self, account_id: str) -> None:
        """Ask for the password again (the dialog, filled with the address and user name)."""
        login, account = self.logins.get(account_id), self.find(account_id)
        if login is not None:
            self.ask_password(login.url, login.user)
        else:
            self.ask_password("", account.username if account else "")

    async def _save_logins(self, change) -> None:
        """`change(stored logins) -> logins`, on the logins as stored now (another tab's too)."""
        self.logins = await self.records.update(LOGINS, change)

    def reload(self, keys) -> bool:
        if LOGINS.key() in keys:
            self.logins = self.records.get(LOGINS)
        return super().reload(keys) or LOGINS.key() in keys

    async def _forget(self, account_id: str) -> None:
        if self.records.readable(LOGINS):  # else it is a newer Daypane's, and never overwritten
            await self._save_logins(lambda logins: {k: v for k, v in logins.items() if k != account_id})
        self.passwords.forget(account_id)
        for url in self.records.get(SYNC, account_id):
            self._parsed.pop(url, None)
        await self.records.delete(SYNC, account_id)

    # -- syncing ----------------------------------------------------------------------------

    async def _fetch(self, account: Account, start: datetime, end: datetime, tz: tzinfo):
        password, login = self._password(account.home_id), self.logins.get(account.home_id)
        if not password or not login:
            raise ProviderProblem(f"Enter the password for {account.label} again to refresh it "
                                  "(it was kept for the session only).", needs_sign_in=True)
        auth = caldav.basic_auth(login.user, password)
        calendars = dict(self.records.get(SYNC, account.home_id))
        by_calendar = {}
        for choice in account.selected():
            synced = await self._synced(calendars.get(choice.id) or Synced(CalendarState(choice.id)), auth)
            calendars[choice.id] = synced
            key = account.calendar_key(choice.id)
            by_calendar[key] = self._occurrences(synced, key, start, end, tz)
        await self.records.put(SYNC, calendars, account.home_id)
        return account, by_calendar

    async def _synced(self, synced: Synced, auth: str) -> Synced:
        """The calendar brought up to date: in full the first time (two requests, and a sync
        token), then only what changed since (deleted hrefs removed, changed ones replaced)."""
        url = synced.state.url
        if not synced.state.sync_token:
            state, found = await self._diagnosed(caldav.first_sync(self.transport, url, auth), url)
            return Synced(state, {r.href: r.ics for r in found})
        state, changes = await self._diagnosed(caldav.sync_calendar(self.transport, synced.state, auth), url)
        resources = dict(synced.resources)
        for href in changes.deleted:
            resources.pop(href, None)
        resources.update((r.href, r.ics) for r in changes.changed)
        return Synced(state, resources)

    async def _diagnosed(self, step, url: str):
        """``step``'s result; when it got no answer, the no-cors probe tells "down" from "blocks
        browsers" (core.providers.cors)."""
        return await ADVICE.diagnosed(step, url, self.probe, self.origin)

    def _occurrences(self, synced: Synced, key: str, start: datetime, end: datetime,
                     tz: tzinfo) -> list[Occurrence]:
        """Occurrences of a calendar's resources, each resource parsed once while its text stays
        the same (a sync parses only what changed)."""
        known = self._parsed.get(synced.state.url, {})
        parsed = {}
        for href, text in synced.resources.items():
            entry = known.get(href)
            parsed[href] = entry if entry and entry[0] == text else (
                text, caldav.parse_resource(DavResource(href, "", text)))
        self._parsed[synced.state.url] = parsed
        found = []
        for _, calendar in parsed.values():
            if calendar is not None:
                calendar.floating_tz = tz  # floating times are shown in the viewer's zone, as it is now
                found += calendar.occurrences(key, start, end)
        return caldav.by_start(found, start.tzinfo)
