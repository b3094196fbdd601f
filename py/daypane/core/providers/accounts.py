"""Connected provider accounts (Outlook, Google, CalDAV), the calendars the user picked in each,
and their stored form."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from daypane.core.records import Record

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class CalendarChoice:
    id: str
    name: str
    color: str
    selected: bool


@dataclass(frozen=True)
class Account:
    home_id: str                 # MSAL's homeAccountId: stable across sessions
    username: str
    name: str
    tenant_id: str = ""
    calendars: tuple[CalendarChoice, ...] = ()
    last_synced: str = ""        # ISO time of the last good sync, "" if never
    provider: str = "outlook"    # "outlook" | "google" | "caldav": namespaces calendar keys

    @property
    def label(self) -> str:
        return self.name or self.username

    def calendar_key(self, calendar_id: str) -> str:
        """The app-wide calendar id: provider ids are unique only within an account."""
        return f"{self.provider}:{self.home_id}:{calendar_id}"

    def selected(self) -> list[CalendarChoice]:
        return [c for c in self.calendars if c.selected]

    def with_calendars(self, found: Iterable, *, default_ids: Iterable[str] = ()) -> "Account":
        """Merge a fresh calendar list: keep the user's picks; new calendars start shown only if
        they are the default one (what Outlook itself shows first)."""
        picked = {c.id: c.selected for c in self.calendars}
        defaults = set(default_ids)
        return replace(self, calendars=tuple(
            CalendarChoice(c.id, c.name, c.color, picked.get(c.id, c.id in defaults)) for c in found))

    def with_selected(self, calendar_id: str, selected: bool) -> "Account":
        return replace(self, calendars=tuple(
            replace(c, selected=selected) if c.id == calendar_id else c for c in self.calendars))


def dump(accounts: Iterable[Account]) -> dict:
    return {"version": SCHEMA_VERSION, "accounts": [
        {"homeId": a.home_id, "username": a.username, "name": a.name, "tenantId": a.tenant_id,
         "lastSynced": a.last_synced, "provider": a.provider,
         "calendars": [{"id": c.id, "name": c.name, "color": c.color, "selected": c.selected}
                       for c in a.calendars]}
        for a in accounts]}


def _read(data: dict) -> list[Account]:
    return [Account(home_id=a["homeId"], username=a.get("username", ""), name=a.get("name", ""),
                    tenant_id=a.get("tenantId", ""), last_synced=a.get("lastSynced", ""),
                    provider=a.get("provider", "outlook"),
                    calendars=tuple(CalendarChoice(c["id"], c.get("name", ""), c.get("color", "#3b6fd8"),
                                                   bool(c.get("selected"))) for c in a.get("calendars", ())))
            for a in data.get("accounts", ())]


def record(kind: str) -> Record[list[Account]]:
    """The stored accounts of one provider (key "outlook", "google", "caldav")."""
    return Record(kind, SCHEMA_VERSION, read=_read, write=dump, empty=list, what="connected accounts")


def load(data: dict | None) -> list[Account]:
    return record("accounts").decode(data) if data else []
