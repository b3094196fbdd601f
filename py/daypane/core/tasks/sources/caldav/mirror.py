"""What Daypane holds of one CalDAV account's task lists: the `caldav-tasks:<account>` record.

Per list: its name, colour and whether the user may write to it, the RFC 6578 sync state, and
each to-do's iCalendar text with its ETag exactly as the server last gave them. The text is kept
whole because a change is written onto it (vtodo.write_todo), so what Daypane does not understand
survives; the ETag is what the change is made on (If-Match).

A cache (`disposable`): when it cannot be read it is read again from the server. Nothing the user
changed lives only here: a change waits in the outbox with the item it was made on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from daypane.core.providers.caldav.client import CalendarState
from daypane.core.records import Record


@dataclass(frozen=True)
class Item:
    etag: str
    ics: str


@dataclass(frozen=True)
class MirroredList:
    url: str
    name: str
    color: str
    writable: bool = True
    state: CalendarState | None = None
    items: Mapping[str, Item] = field(default_factory=dict)  # href -> the to-do as last read

    def with_items(self, changed: Mapping[str, Item], deleted=()) -> MirroredList:
        items = {href: item for href, item in self.items.items() if href not in set(deleted)}
        items.update(changed)
        return replace(self, items=items)


@dataclass(frozen=True)
class Mirror:
    lists: Mapping[str, MirroredList] = field(default_factory=dict)  # url -> list, in discovery order

    def with_list(self, mirrored: MirroredList) -> Mirror:
        return Mirror({**self.lists, mirrored.url: mirrored})


def _read(data: dict) -> Mirror:
    lists = {}
    for url, entry in dict(data["lists"]).items():
        state = CalendarState.load(entry["state"]) if entry.get("state") else None
        items = {str(href): Item(str(item["etag"]), str(item["ics"])) for href, item in dict(entry["items"]).items()}
        lists[str(url)] = MirroredList(str(url), str(entry["name"]), str(entry["color"]), bool(entry["writable"]),
                                       state, items)
    return Mirror(lists)


def _write(mirror: Mirror) -> dict:
    return {"lists": {url: {"name": m.name, "color": m.color, "writable": m.writable,
                            "state": m.state.dump() if m.state else None,
                            "items": {href: {"etag": item.etag, "ics": item.ics} for href, item in m.items.items()}}
                      for url, m in mirror.lists.items()}}


MIRROR = Record("caldav-tasks", 1, read=_read, write=_write, empty=Mirror, what="synced CalDAV task lists",
                per_item=True, disposable=True)


def home_id(account_id: str, list_url: str) -> str:
    """The id a CalDAV task list's tasks carry in `Task.home`."""
    return f"caldav:{account_id}|{list_url}"


def split_home(home: str) -> tuple[str, str] | None:
    """(account id, list url) of a CalDAV home id; None for any other home."""
    if not home.startswith("caldav:") or "|" not in home:
        return None
    account_id, _, url = home[len("caldav:"):].rpartition("|")
    return account_id, url
