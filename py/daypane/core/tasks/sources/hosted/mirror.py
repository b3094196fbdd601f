"""What Daypane holds of one account's hosted task lists: `<kind>-tasks:<account>`, a cache.

Per list: its name, whether it may be written, the service's change cursor, and each item's JSON
text with its ETag as the service last gave them (the base a change is made on, and what a merge
reads). `alias` is the id Daypane gave a task it created here: the service assigns its own id,
and the task keeps the one the page already shows, stored changes and all, so an edit made while
the create was on its way still finds its task. A cache (`disposable`): read again when lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from daypane.core.records import Record


@dataclass(frozen=True)
class Item:
    etag: str
    json: str
    alias: str = ""


@dataclass(frozen=True)
class MirroredList:
    id: str
    name: str
    writable: bool = True
    kind: str = ""
    cursor: str = ""
    items: Mapping[str, Item] = field(default_factory=dict)  # the service's id -> item

    def with_items(self, changed: Mapping[str, Item], removed=()) -> MirroredList:
        gone = set(removed)
        items = {key: item for key, item in self.items.items() if key not in gone}
        items.update(changed)
        return replace(self, items=items)


@dataclass(frozen=True)
class Mirror:
    lists: Mapping[str, MirroredList] = field(default_factory=dict)  # list id -> list, in the service's order

    def with_list(self, mirrored: MirroredList) -> Mirror:
        return Mirror({**self.lists, mirrored.id: mirrored})


def _read(data: dict) -> Mirror:
    lists = {}
    for list_id, entry in dict(data["lists"]).items():
        items = {str(key): Item(str(item["etag"]), str(item["json"]), str(item.get("alias", "")))
                 for key, item in dict(entry["items"]).items()}
        lists[str(list_id)] = MirroredList(str(list_id), str(entry["name"]), bool(entry["writable"]),
                                           str(entry.get("kind", "")), str(entry.get("cursor", "")), items)
    return Mirror(lists)


def _write(mirror: Mirror) -> dict:
    return {"lists": {list_id: {"name": m.name, "writable": m.writable, "kind": m.kind, "cursor": m.cursor,
                                "items": {key: {"etag": i.etag, "json": i.json, **({"alias": i.alias} if i.alias else {})}
                                          for key, i in m.items.items()}}
                      for list_id, m in mirror.lists.items()}}


def mirror_record(kind: str, what: str) -> Record:
    return Record(f"{kind}-tasks", 1, read=_read, write=_write, empty=Mirror, what=what,
                  per_item=True, disposable=True)


def home_id(kind: str, account_id: str, list_id: str) -> str:
    """The id a hosted list's tasks carry in `Task.home`."""
    return f"{kind}:{account_id}|{list_id}"


def split_home(kind: str, home: str) -> tuple[str, str] | None:
    """(account id, list id) of this kind's home id; None for any other home."""
    prefix = f"{kind}:"
    if not home.startswith(prefix) or "|" not in home:
        return None
    account_id, _, list_id = home[len(prefix):].partition("|")
    return account_id, list_id
