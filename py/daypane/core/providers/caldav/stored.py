"""What a CalDAV account keeps besides the account itself (core.records):

- `caldav-login` (user data): {account: {url, user, password?}}, the password only when the user
  ticked "Remember on this device" (else it is in the session's `Passwords`). Version 1; stored
  before records were versioned as the bare mapping, which reads as version 0 and migrates.
- `caldav-sync:<account>` (a cache: rebuilt by a full read when unreadable): per calendar, the
  RFC 6578 sync state and each resource's iCalendar text, so a refresh asks only for what changed
  and a new week needs no request at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from daypane.core.providers.caldav.client import CalendarState
from daypane.core.records import Record


@dataclass(frozen=True)
class Login:
    url: str               # the address the account was added with (discovery starts there)
    user: str
    password: str = ""     # only when remembered on this device


def _read_logins(data: dict) -> dict[str, Login]:
    logins = data["logins"]
    if not isinstance(logins, dict):
        raise TypeError("damaged CalDAV sign-ins")
    found = {}
    for account_id, item in logins.items():
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("url", "user")):
            raise TypeError("damaged CalDAV sign-ins")
        found[account_id] = Login(item["url"], item["user"], str(item.get("password") or ""))
    return found


def _write_logins(logins: Mapping[str, Login]) -> dict:
    return {"logins": {account_id: {"url": login.url, "user": login.user,
                                    **({"password": login.password} if login.password else {})}
                       for account_id, login in logins.items()}}


LOGINS = Record("caldav-login", 1, read=_read_logins, write=_write_logins, empty=dict,
                what="CalDAV sign-ins", unversioned=0,
                migrations={0: lambda legacy: {"version": 1, "logins": legacy}})


@dataclass(frozen=True)
class Synced:
    """One calendar as last synced: where the sync left off, and {href: iCalendar text}."""

    state: CalendarState
    resources: Mapping[str, str] = field(default_factory=dict)


def _read_sync(data: dict) -> dict[str, Synced]:
    calendars = data["calendars"]
    if not isinstance(calendars, dict):
        raise ValueError("damaged CalDAV sync state")
    found = {}
    for url, entry in calendars.items():
        try:
            found[url] = Synced(CalendarState.load(entry.get("state")),
                                {str(k): str(v) for k, v in dict(entry.get("resources") or {}).items()})
        except (AttributeError, TypeError, ValueError):
            pass  # that calendar is read in full again
    return found


def _write_sync(calendars: Mapping[str, Synced]) -> dict:
    return {"calendars": {url: {"state": synced.state.dump(), "resources": dict(synced.resources)}
                          for url, synced in calendars.items()}}


# Stored before records were versioned as {"calendars": ...}: the same format, read as version 1.
SYNC = Record("caldav-sync", 1, read=_read_sync, write=_write_sync, empty=dict,
              what="synced CalDAV calendars", per_item=True, disposable=True)
