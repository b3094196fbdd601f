"""Hosted task lists (Microsoft To Do, Google Tasks) as a task source: one class for both, the
service behind a `TaskApi` per account.

Reading: the account's lists, then each list's changes from its stored cursor (a full listing
the first time, or when the service forgot the cursor). Writing: the outbox's changes for the
account's lists (`push.py`). One tab at a time syncs an account (a lock every tab takes).

Ids: a task read from the service has the service's id; a task Daypane created keeps the id the
page gave it (the mirror's alias), so what is shown, focused and waiting in the outbox stays put.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from daypane.core.records import Records
from daypane.core.tasks.sources.hosted.api import ApiError, Changes, NeedsConsent, TaskApi
from daypane.core.tasks.sources.hosted.kept import kept_record, laid_over
from daypane.core.tasks.sources.hosted.mirror import Item, Mirror, MirroredList, home_id, mirror_record
from daypane.core.tasks.sources.hosted.push import Pusher
from daypane.core.tasks.sources.outbox import OUTBOX, Base
from daypane.core.tasks.sources.protocol import SourceList, SyncReport
from daypane.core.tasks.task import Task


@dataclass(frozen=True)
class Service:
    """What differs between hosted services, as values: the record kind, the words, the colour."""

    kind: str                      # "todo", "google": the record's and the home id's prefix
    name: str                      # "Microsoft To Do": in where-it-lives words and messages
    color: str                     # lists have none of their own at these services
    keeps_locally: frozenset[str] = frozenset()


class HostedTasks:
    def __init__(self, records: Records, service: Service, *, accounts: Callable[[], Iterable[tuple[str, str]]],
                 api_for: Callable[[str], TaskApi], new_id: Callable[[], str]) -> None:
        """accounts: () -> (account id, label) of each account connected for tasks;
        api_for: account id -> the service's TaskApi for it."""
        self.records, self.service, self.accounts, self.api_for, self.new_id = records, service, accounts, api_for, new_id
        self.kind = service.kind
        self.record = mirror_record(service.kind, f"synced {service.name} lists")
        self.kept = kept_record(service.kind) if service.keeps_locally else None
        self._tasks: list[Task] | None = None
        self._index: dict[str, tuple[str, str, str]] = {}  # task id -> (account, list id, item id)

    # -- what is held -----------------------------------------------------------------------

    def _mirrors(self) -> list[tuple[str, str, Mirror]]:
        return [(account, label, self.records.get(self.record, account)) for account, label in self.accounts()]

    def keys(self) -> list[str]:
        records = [self.record] + ([self.kept] if self.kept else [])
        return [record.key(account) for account, _ in self.accounts() for record in records]

    def reload(self, keys) -> bool:
        prefixes = tuple(f"{record.name}:" for record in (self.record, self.kept) if record)
        changed = any(key.startswith(prefixes) for key in keys)
        if changed:
            self._tasks = None
        return changed

    def lists(self) -> list[SourceList]:
        return [SourceList(home_id(self.kind, account, m.id), m.name, self.service.color, m.writable,
                           f"{self.service.name}: {label}", self.service.keeps_locally)
                for account, label, mirror in self._mirrors() for m in mirror.lists.values()]

    def tasks(self) -> list[Task]:
        if self._tasks is None:
            self._tasks = self._read_tasks()
        return self._tasks

    def _read_tasks(self) -> list[Task]:
        tasks, index = [], {}
        for account, _, mirror in self._mirrors():
            api = self.api_for(account)
            kept = self.records.get(self.kept, account).items if self.kept else {}
            for mirrored in mirror.lists.values():
                home = home_id(self.kind, account, mirrored.id)
                for key, item in mirrored.items.items():
                    task = _read(api, item, mirrored.name, home)
                    if task is None:
                        continue
                    task_id = item.alias or key
                    index[task_id] = (account, mirrored.id, key)
                    tasks.append(laid_over(replace(task, id=task_id), kept[key]) if key in kept else replace(task, id=task_id))
        self._index = index
        by_item = {(account, list_id, key): task_id for task_id, (account, list_id, key) in index.items()}
        # A parent is named by the service's id: shown by the id the page uses for it.
        return [replace(t, parent=by_item.get((index[t.id][0], index[t.id][1], t.parent), "")) if t.parent else t
                for t in tasks]

    def base(self, task_id: str) -> Base | None:
        self.tasks()
        found = self._index.get(task_id)
        if found is None:
            return None
        account, list_id, key = found
        item = self.records.get(self.record, account).lists[list_id].items[key]
        return Base(key, item.etag, item.json)

    # -- syncing ----------------------------------------------------------------------------

    async def sync(self, now: datetime, force: bool = False) -> SyncReport:
        report = SyncReport()
        for account, label in list(self.accounts()):
            async with self.records.store.exclusive(f"daypane:task-sync:{self.kind}:{account}"):
                report = _joined(report, await self._sync_account(account, label, now, force))
        if report.changed:
            self._tasks = None
        return report

    async def _sync_account(self, account: str, label: str, now: datetime, force: bool) -> SyncReport:
        api = self.api_for(account)
        await self.records.store.refresh([self.record.key(account), OUTBOX.key()]
                                         + ([self.kept.key(account)] if self.kept else []))
        before = mirror = self.records.get(self.record, account)
        problems: list[str] = []
        try:
            mirror = await self._read_lists(api, mirror)
        except NeedsConsent:
            return SyncReport(needs_sign_in=(account,))
        except ApiError as error:
            problems.append(f"The {self.service.name} lists of {label} could not be read: {error}")
        if mirror != before:
            await self.records.put(self.record, mirror, account)
            self._tasks = None
        pusher = Pusher(self.records, self.record, api, self.kind, account, name=self.service.name, new_id=self.new_id,
                        kept=self.kept, keeps=self.service.keeps_locally)
        pushed = await pusher.push(mirror, now, force)
        return SyncReport(changed=mirror != before or pushed.changed, conflicts=pushed.conflicts,
                          problems=tuple(problems) + pushed.problems, needs_sign_in=pushed.needs_sign_in)

    async def _read_lists(self, api: TaskApi, mirror: Mirror) -> Mirror:
        found = await api.lists()
        lists = {}
        for hosted in found:
            known = mirror.lists.get(hosted.id)
            lists[hosted.id] = MirroredList(hosted.id, hosted.name, hosted.writable, hosted.kind,
                                            known.cursor if known else "", known.items if known else {})
        mirror = Mirror(lists)
        for list_id in list(mirror.lists):
            mirrored = mirror.lists[list_id]
            mirror = mirror.with_list(_applied(api, mirrored, await api.changes(list_id, mirrored.cursor)))
        return mirror


def _applied(api: TaskApi, mirrored: MirroredList, changes: Changes) -> MirroredList:
    """The list with one read's changes: a full listing replaces what was held (aliases kept)."""
    held = mirrored.items
    changed, removed = {}, list(changes.removed)
    for item in changes.items:
        key = str(item.get("id", ""))
        if not key:
            continue
        if api.deleted(item):
            removed.append(key)
            continue
        alias = held[key].alias if key in held else ""
        changed[key] = Item(api.etag(item), json.dumps(item, separators=(",", ":"), sort_keys=True), alias)
    if changes.full:
        mirrored = replace(mirrored, items={})
    return replace(mirrored.with_items(changed, removed), cursor=changes.cursor)


def _read(api: TaskApi, item: Item, list_name: str, home: str) -> Task | None:
    try:
        return api.read(json.loads(item.json), list_name=list_name, home=home)
    except (ValueError, TypeError, KeyError):
        return None  # kept as the service has it; not listed


def _joined(a: SyncReport, b: SyncReport) -> SyncReport:
    return SyncReport(a.changed or b.changed, a.conflicts + b.conflicts, a.problems + b.problems,
                      a.needs_sign_in + b.needs_sign_in)
