"""Restoring a backup: the writes that bring this device's records to what the user chose, as a
plan the caller applies in one storage transaction (puts, then deletes), or not at all.

"merge" (add what the backup has that this device lacks; nothing on the device is lost):
- tasks, by id: a task only in the backup is added at the end, in the backup's order; a task in
  both keeps this device's copy (tasks carry no "changed" time to pick the later one), except that
  it is done if either copy is done, so a finished task never comes back as open. A task deleted
  on this device since the backup comes back: merging cannot tell "deleted" from "never had".
- imported calendars, by id, each with its file: a calendar only in the backup is added; one in
  both with the same file is this device's (its name, colour, shown or not); one in both whose
  file differs is kept twice, the backup's under a new id, since ids come from file names and two
  devices' "Work" calendars may be different files. A device calendar whose file is missing gets
  the backup's.
- subscriptions, by address: the backup's new addresses are added (fetched at once).
- CalDAV accounts, by (server URL, user name): a new one is added with its calendar picks and
  asks for its password; one this device has is kept as it is, remembered password included.
- settings: this device's, except each one not set here (no time zone chosen, no own app
  registration, no pending approval) which is taken from the backup. "Show the sample" is set
  once settings were saved, so it then stays this device's; a device that never saved settings
  takes the backup's whole. The registration's client id and tenant go together.

"replace" (this device becomes the backup): every kind the backup holds is written as it is, and
the user data kinds it does not hold are deleted (tasks; imported calendars with their files;
subscriptions; CalDAV accounts with their logins). Settings absent from a backup are left alone.
A CalDAV account that stays (same URL and user) keeps a password remembered on this device, since
a backup never holds one. `RestorePlan.removed` says what this device loses.

Never touched, in either mode: Outlook and Google accounts (sign-ins, not in backups), the
encryption keyring, and any record the plan does not name. Caches: the plan deletes those that
would be wrong afterwards (the index of a calendar whose file is replaced or removed, the feed body
of a subscription removed, the sync state and week cache of a CalDAV account removed); the rest
stays valid (a kept feed's body, a kept account's sync state) or is refreshed by the next sync.
The browser's start-up snapshot is the caller's: it shows the old data until the next render, so
the caller reloads (or redraws) after applying, which also rebuilds the providers from the records.

Any record the plan would write or delete that this device cannot read (damaged, or a newer
Daypane's) makes the whole restore refused, before anything changes: it is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from daypane.core.providers import library, week_cache
from daypane.core.providers.caldav.stored import LOGINS, SYNC
from daypane.core.providers.feeds.stored import FEEDS
from daypane.core.providers.feeds.stored import TEXTS as FEED_TEXTS
from daypane.core.records import Record, Records
from daypane.core.settings import Settings
from daypane.core.storage.backup.content import CALDAV, CALENDARS, SETTINGS, TASKS, TEXTS, Backup, counted
from daypane.core.storage.backup.file import BackupError
from daypane.core.tasks.model import TaskList

Mode = Literal["merge", "replace"]
MODES: tuple[Mode, ...] = ("merge", "replace")
CALDAV_WEEKS = week_cache.record("caldav")


@dataclass(frozen=True)
class RestorePlan:
    """The writes of a restore, in order: `puts` (record kind, item or None, value), then `deletes`
    (record kind, item or None). `summary`: what the backup brings ("12 tasks", "settings");
    `removed`: what this device loses ("3 tasks"; only with "replace")."""

    mode: Mode
    puts: list[tuple[Record, str | None, Any]]
    deletes: list[tuple[Record, str | None]]
    summary: list[str]
    removed: list[str]


def plan_restore(backup: Backup, records: Records, mode: Mode) -> RestorePlan:
    """The plan restoring `backup` onto `records` (this device) in `mode` (see the module's doc).
    Reads only; raises BackupError when a record it would change cannot be read here."""
    if mode not in MODES:
        raise ValueError(f"unknown restore mode {mode!r}")
    plan = _Plan(records)
    replacing = mode == "replace"
    removed = [_tasks(plan, backup, replacing), _calendars(plan, backup, replacing),
               _feeds(plan, backup, replacing), _caldav(plan, backup, replacing)]
    _settings(plan, backup, replacing)
    return RestorePlan(mode, plan.puts, plan.deletes, list(backup.summary),
                       [phrase for phrase in removed if phrase])


class _Plan:
    """Collects writes, leaving out those that change nothing, and refuses any that would touch
    user data this device cannot read."""

    def __init__(self, records: Records) -> None:
        self.records = records
        self.puts: list[tuple[Record, str | None, Any]] = []
        self.deletes: list[tuple[Record, str | None]] = []

    def device(self, kind: Record, item: str | None = None) -> Any:
        value = self.records.get(kind, item)
        if not self.records.readable(kind, item):
            raise BackupError(f"{self.records.unreadable[kind.key(item)]} So the backup was not restored: "
                              "Daypane never overwrites what it cannot read. Nothing was changed.")
        return value

    def stored(self, kind: Record, item: str | None = None) -> bool:
        return self.records.store.get(kind.key(item)) is not None

    def put(self, kind: Record, value: Any, item: str | None = None) -> None:
        if self.device(kind, item) != value or not self.stored(kind, item):
            self.puts.append((kind, item, value))

    def delete(self, kind: Record, item: str | None = None) -> None:
        if self.stored(kind, item):
            if not kind.disposable:
                self.device(kind, item)
            self.deletes.append((kind, item))


def _tasks(plan: _Plan, backup: Backup, replacing: bool) -> str:
    device: TaskList = plan.device(TASKS)
    if replacing:
        if backup.tasks is None:
            plan.delete(TASKS)
        else:
            plan.put(TASKS, backup.tasks)
        kept = {task.id for task in backup.tasks.tasks} if backup.tasks else set()
        lost = [task for task in device.tasks if task.id not in kept]
        return counted(len(lost), "task", "tasks") if lost else ""
    if backup.tasks is not None:
        theirs = {task.id: task for task in backup.tasks.tasks}
        ours = {task.id for task in device.tasks}
        merged = [replace(task, done=True, completed=task.completed or theirs[task.id].completed)
                  if task.id in theirs and theirs[task.id].done and not task.done else task
                  for task in device.tasks]
        merged += [task for task in backup.tasks.tasks if task.id not in ours]
        # The device's list colours win; lists only the backup knows bring theirs along.
        names = {name for name, _ in device.lists}
        lists = device.lists + tuple(pair for pair in backup.tasks.lists if pair[0] not in names)
        plan.put(TASKS, TaskList(tuple(merged), lists))
    return ""


def _calendars(plan: _Plan, backup: Backup, replacing: bool) -> str:
    device = plan.device(CALENDARS)
    theirs = backup.calendars or []
    if replacing:
        for calendar in theirs:  # the files first, the list last: the list never names a missing file
            _file(plan, calendar.id, backup.texts.get(calendar.id))
        if backup.calendars is None:
            plan.delete(CALENDARS)
        else:
            plan.put(CALENDARS, theirs)
        kept = {calendar.id for calendar in theirs}
        lost = [calendar for calendar in device if calendar.id not in kept]
        for calendar in lost:
            plan.delete(TEXTS, calendar.id)
            plan.delete(library.INDEXES, calendar.id)
        return counted(len(lost), "imported calendar", "imported calendars") if lost else ""
    if backup.calendars is None:
        return ""
    merged, ids = list(device), {calendar.id for calendar in device}
    for calendar in theirs:
        text = backup.texts.get(calendar.id)
        if calendar.id not in ids:
            added = calendar
        elif (ours := plan.device(TEXTS, calendar.id)) is None and text is not None:
            _file(plan, calendar.id, text)  # this device lost the file: the backup has it
            continue
        elif text is not None and ours != text:
            added = replace(calendar, id=library.new_calendar_id(ids, calendar.name))
        else:
            continue  # the same calendar: this device's copy stays
        _file(plan, added.id, text)
        merged.append(added)
        ids.add(added.id)
    plan.put(CALENDARS, merged)
    return ""


def _file(plan: _Plan, calendar_id: str, text: str | None) -> None:
    """An imported calendar's file as the backup has it, and its index dropped if now stale."""
    if text is None:
        plan.delete(TEXTS, calendar_id)
    elif plan.device(TEXTS, calendar_id) != text:
        plan.put(TEXTS, text, calendar_id)
    else:
        return  # the same file: its index still fits
    plan.delete(library.INDEXES, calendar_id)


def _feeds(plan: _Plan, backup: Backup, replacing: bool) -> str:
    device = plan.device(FEEDS)
    ours = {feed.url: feed for feed in device}
    if replacing:
        # A kept address keeps what describes the body this device still holds, so it is not
        # fetched again in full; the backup's own copy has those fields cleared.
        feeds = [replace(feed, etag=mine.etag, last_modified=mine.last_modified, fetched=mine.fetched,
                         attempted=mine.attempted, conditional=mine.conditional)
                 if (mine := ours.get(feed.url)) else feed for feed in backup.feeds or ()]
        if backup.feeds is None:
            plan.delete(FEEDS)
        else:
            plan.put(FEEDS, feeds)
        kept = {feed.url for feed in feeds}
        lost = [feed for feed in device if feed.url not in kept]
        for feed in lost:
            plan.delete(FEED_TEXTS, feed.url)
        return counted(len(lost), "subscription", "subscriptions") if lost else ""
    if backup.feeds is not None:
        plan.put(FEEDS, device + [feed for feed in backup.feeds if feed.url not in ours])
    return ""


def _caldav(plan: _Plan, backup: Backup, replacing: bool) -> str:
    device, device_logins = plan.device(CALDAV), plan.device(LOGINS)
    by_address = {(login.url, login.user): login for login in device_logins.values()}
    their_logins = backup.caldav_logins or {}
    if replacing:
        accounts, logins = backup.caldav_accounts or [], {}
        for account in accounts:
            if (login := their_logins.get(account.home_id)) is not None:
                mine = by_address.get((login.url, login.user))
                logins[account.home_id] = replace(login, password=mine.password if mine else "")
        # The logins first, the accounts last: an account is never listed without its login.
        if backup.caldav_accounts is None:
            plan.delete(LOGINS)
            plan.delete(CALDAV)
        else:
            plan.put(LOGINS, logins)
            plan.put(CALDAV, accounts)
        kept = {account.home_id for account in accounts}
        lost = [account for account in device if account.home_id not in kept]
        for account in lost:
            plan.delete(SYNC, account.home_id)
            plan.delete(CALDAV_WEEKS, account.home_id)
        return counted(len(lost), "CalDAV account", "CalDAV accounts") if lost else ""
    if backup.caldav_accounts is not None:
        accounts, logins = list(device), dict(device_logins)
        ids = {account.home_id for account in device}
        for account in backup.caldav_accounts:
            login = their_logins.get(account.home_id)
            if account.home_id in ids or (login is not None and (login.url, login.user) in by_address):
                continue
            accounts.append(account)
            if login is not None:
                logins[account.home_id] = login
        plan.put(LOGINS, logins)
        plan.put(CALDAV, accounts)
    return ""


def _settings(plan: _Plan, backup: Backup, replacing: bool) -> None:
    if backup.settings is None:
        return  # settings are preferences, not data: a backup without them leaves them alone
    device: Settings = plan.device(SETTINGS)
    # A device that never saved its settings has set none of them: it takes the backup's whole.
    whole = replacing or not plan.stored(SETTINGS)
    plan.put(SETTINGS, backup.settings if whole else merged_settings(device, backup.settings))


def merged_settings(device: Settings, backup: Settings) -> Settings:
    """This device's settings, each one left unset here (None or "") taken from the backup; the
    app registration (client id with its tenant) as one setting."""
    changes = {f.name: getattr(backup, f.name) for f in fields(Settings)
               if getattr(device, f.name) in (None, "") and f.name not in ("client_id", "tenant")}
    if not device.client_id:
        changes.update(client_id=backup.client_id, tenant=backup.tenant)
    return replace(device, **changes)
