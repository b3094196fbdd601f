"""What a backup holds (everything the user made, and only that), and reading it back.

A backup's content maps record keys to each record kind's encoded value (`Record.encode`), so a
restore reads it exactly as stored data is read: versions checked, older versions migrated.

In it:
- `tasks`; `settings` (all of Settings);
- `calendars` and each listed calendar's `calendar-text:<id>` (imported files, in full);
- `feeds`: each subscription's address, name, interval and shown-or-not, with the fields that
  describe its cached body (ETag, Last-Modified, when fetched or tried) cleared, since that body
  is not in the backup: a restored feed is fetched again at once, in full;
- `caldav` (the accounts and which calendars were picked, "last synced" cleared) and
  `caldav-login` (server URL and user name, the remembered password always removed).

Left out: passwords and tokens (a backup is a file the user keeps anywhere); Outlook and Google
accounts (they are sign-ins, made again with "Connect"; what they show lives at the provider);
every cache (week caches, calendar indexes, feed bodies, CalDAV sync state, the start-up
snapshot), which is rebuilt; the encryption keyring, which belongs to this device's storage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from daypane.core import settings as settings_module
from daypane.core.model import Calendar
from daypane.core.providers import library
from daypane.core.providers.accounts import Account
from daypane.core.providers.accounts import record as accounts_record
from daypane.core.providers.caldav.stored import LOGINS, Login
from daypane.core.providers.feeds.stored import FEEDS
from daypane.core.providers.feeds.subscription import Feed
from daypane.core.records import Record, RecordError, Records, stored_version
from daypane.core.settings import Settings
from daypane.core.storage.backup.file import BackupError
from daypane.core.tasks import model as tasks_model
from daypane.core.tasks.model import TaskList

TASKS = tasks_model.RECORD
SETTINGS = settings_module.RECORD
CALENDARS = library.CALENDARS
TEXTS = library.TEXTS
CALDAV = accounts_record("caldav")
# Every kind a backup holds, by key; TEXTS is the only per-item one.
SINGLE: dict[str, Record] = {kind.name: kind for kind in (TASKS, SETTINGS, CALENDARS, FEEDS, CALDAV, LOGINS)}

_NOTHING_CHANGED = "Nothing was changed."


@dataclass(frozen=True)
class Backup:
    """A backup's content, every record decoded. None: the backup does not hold that record
    (only a hand-made or partial file lacks one; `backup_content` always writes them all)."""

    tasks: TaskList | None = None
    settings: Settings | None = None
    calendars: list[Calendar] | None = None
    texts: Mapping[str, str] = field(default_factory=dict)     # calendar id -> its file's text
    feeds: list[Feed] | None = None
    caldav_accounts: list[Account] | None = None
    caldav_logins: Mapping[str, Login] | None = None            # account id -> login, no password
    summary: list[str] = field(default_factory=list)            # "12 tasks", "1 subscription", "settings"


def backup_content(records: Records) -> dict:
    """The content of a backup of everything the user made on this device (see the module's doc).
    Raises BackupError when part of it cannot be read: a backup missing it would look complete."""
    tasks = _device(records, TASKS)
    calendars = _device(records, CALENDARS)
    content: dict[str, Any] = {TASKS.key(): TASKS.encode(tasks),
                               SETTINGS.key(): SETTINGS.encode(_device(records, SETTINGS)),
                               CALENDARS.key(): CALENDARS.encode(calendars)}
    for calendar in calendars:
        text = _device(records, TEXTS, calendar.id)
        if text is not None:  # a calendar whose file is missing is backed up as it is: without one
            content[TEXTS.key(calendar.id)] = TEXTS.encode(text)
    content[FEEDS.key()] = FEEDS.encode([without_body(feed) for feed in _device(records, FEEDS)])
    content[CALDAV.key()] = CALDAV.encode([replace(a, last_synced="") for a in _device(records, CALDAV)])
    content[LOGINS.key()] = LOGINS.encode({account_id: replace(login, password="")
                                           for account_id, login in _device(records, LOGINS).items()})
    return content


def without_body(feed: Feed) -> Feed:
    """The subscription without what describes its cached body (which a backup does not hold)."""
    return replace(feed, etag="", last_modified="", fetched="", attempted="")


def _device(records: Records, kind: Record, item: str | None = None) -> Any:
    value = records.get(kind, item)
    if not records.readable(kind, item):
        raise BackupError(f"{records.unreadable[kind.key(item)]} No backup was made, since it would "
                          f"be missing your {kind.what}.")
    return value


def read_content(content: Any) -> Backup:
    """Every record of a backup decoded with its kind, or BackupError naming what is wrong.

    A key this Daypane does not know is refused, not skipped: the file was made by a newer
    Daypane (or by hand), and restoring only part of it, above all with "replace", would lose what
    was skipped while seeming to succeed. Reloading the page gets the newer Daypane, which can."""
    if not isinstance(content, dict):
        raise _damaged("its content")
    values: dict[str, Any] = {}
    stored_texts: dict[str, Any] = {}
    for key, stored in content.items():
        if key in SINGLE:
            values[key] = _decode(SINGLE[key], stored, f"its {SINGLE[key].what}")
        elif isinstance(key, str) and key.startswith(f"{TEXTS.name}:") and key != f"{TEXTS.name}:":
            stored_texts[key[len(TEXTS.name) + 1:]] = stored
        else:
            raise BackupError("This backup holds data this version of Daypane does not know, so "
                              f"restoring it would leave part of it out. {_NOTHING_CHANGED} Reload "
                              "the page to get the latest version of Daypane, then restore it again.")
    tasks, calendars = values.get(TASKS.name), values.get(CALENDARS.name)
    feeds, accounts = values.get(FEEDS.name), values.get(CALDAV.name)
    names = {calendar.id: calendar.name for calendar in calendars or ()}
    texts = {}
    for item, stored in stored_texts.items():
        if item not in names:  # an exporter always writes the list with its texts
            raise _damaged("an imported calendar's file without its calendar")
        texts[item] = _decode(TEXTS, stored, f"the file of its imported calendar “{names[item]}”")
    _unique([task.id for task in tasks.tasks] if tasks else [], "two tasks with the same id")
    _unique(list(names) if calendars else [], "two imported calendars with the same id")
    _unique([feed.url for feed in feeds or ()], "the same subscription twice")
    _unique([account.home_id for account in accounts or ()], "the same CalDAV account twice")
    logins = values.get(LOGINS.name)
    if logins is not None:
        # A backup never holds a password; one found here was put there by hand, and a file is no
        # place to take a password from silently: it is dropped, the account asks for it.
        logins = {account_id: replace(login, password="") for account_id, login in logins.items()}
    backup = Backup(tasks=tasks, settings=values.get(SETTINGS.name), calendars=calendars, texts=texts,
                    feeds=[without_body(feed) for feed in feeds] if feeds is not None else None,
                    caldav_accounts=accounts, caldav_logins=logins)
    return replace(backup, summary=summary(backup))


def _decode(kind: Record, stored: Any, what: str) -> Any:
    version = stored_version(stored, kind.unversioned)
    if version is not None and version > kind.version:
        raise BackupError(f"This backup was made by a newer version of Daypane ({what} are in format "
                          f"{version}), so this one cannot restore it. {_NOTHING_CHANGED} Reload the "
                          "page to get the latest version of Daypane, then restore it again.")
    try:
        return kind.decode(stored)
    except RecordError as error:
        raise BackupError(f"This backup cannot be restored: {what} are damaged ({_clause(error)}). "
                          f"{_NOTHING_CHANGED} Try another backup file, or export a new one.") from None


def _clause(error: RecordError) -> str:
    """A record's message as a clause inside ours: "Task 3 … has no id or title", without its
    own ending (", so the list was not loaded."), which would contradict ours."""
    return str(error).strip().rstrip(".").split(", so ")[0]


def _unique(keys: Iterable[str], what: str) -> None:
    if any(count > 1 for count in Counter(keys).values()):
        raise _damaged(f"it holds {what}")


def _damaged(what: str) -> BackupError:
    return BackupError(f"This Daypane backup is damaged ({what}), so it cannot be restored. "
                       f"{_NOTHING_CHANGED} Try another backup file, or export a new one.")


def counted(count: int, one: str, many: str) -> str:
    """"1 task", "12 tasks"."""
    return f"{count} {one if count == 1 else many}"


def summary(backup: Backup) -> list[str]:
    """What a restore of this backup brings, as phrases; empty kinds are not named."""
    parts = []
    for items, one, many in ((backup.tasks.tasks if backup.tasks else (), "task", "tasks"),
                             (backup.calendars or (), "imported calendar", "imported calendars"),
                             (backup.feeds or (), "subscription", "subscriptions"),
                             (backup.caldav_accounts or (), "CalDAV account", "CalDAV accounts")):
        if items:
            parts.append(counted(len(items), one, many))
    if backup.settings is not None:
        parts.append("settings")
    return parts


def in_words(parts: list[str]) -> str:
    """["12 tasks", "1 subscription", "settings"] -> "12 tasks, 1 subscription and settings"."""
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
