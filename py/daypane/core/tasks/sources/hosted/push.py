"""Sending the outbox's changes to a hosted task service, and what each answer means: the same
table as CalDAV's (`caldav/push.py`), with the service's words for it.

| change | the service answers        | then                                                          |
|--------|----------------------------|---------------------------------------------------------------|
| create | created                    | kept as synced under the id the page gave it (the alias); done |
| update | stored                     | kept as synced; done                                          |
| update | 412 (changed there since)  | merged per field with the service's item (merge.py) and written again; a field changed on both sides keeps the service's value and Daypane's version as a copy |
| update | gone                       | Daypane's version comes back as a new task                     |
| delete | deleted, or gone already   | done                                                          |
| delete | 412 (changed there since)  | not deleted: the service's version is kept and the user told  |
| any    | refused for good           | kept in the outbox as refused: the user retries or discards    |
| any    | no answer, 5xx, throttled  | kept, tried again later (backoff)                             |
| any    | consent or sign-in needed  | kept, tried again once the user has signed in                 |

Every outcome is stored (the synced item in the mirror first, then the outbox) before the next
change is sent, so a page closed halfway sends nothing twice and loses nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime

from daypane.core.records import Record, Records
from daypane.core.tasks.sources.hosted.api import ApiError, Gone, NeedsConsent, Refused, Stale, TaskApi, Unreachable
from daypane.core.tasks.sources.hosted.kept import values_of
from daypane.core.tasks.sources.hosted.mirror import Item, Mirror, split_home
from daypane.core.tasks.sources.merge import merge
from daypane.core.tasks.sources.outbox import OUTBOX, Base, Pending
from daypane.core.tasks.task import Task


@dataclass(frozen=True)
class Pushed:
    changed: bool = False
    conflicts: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    needs_sign_in: tuple[str, ...] = ()


class Pusher:
    def __init__(self, records: Records, record: Record, api: TaskApi, kind: str, account: str, *,
                 name: str, new_id, kept: Record | None = None, keeps: frozenset[str] = frozenset()) -> None:
        self.records, self.record, self.api, self.kind, self.account = records, record, api, kind, account
        self.name, self.new_id = name, new_id  # name: the service, in the user's words
        self.kept, self.keeps = kept, keeps  # what the service cannot hold, and where it is kept

    async def push(self, mirror: Mirror, now: datetime, force: bool = False) -> Pushed:
        outbox = self.records.get(OUTBOX)
        waiting = [p for p in outbox.items if not p.refused] if force else outbox.due(now)
        mine = [p for p in waiting if (split_home(self.kind, p.home) or ("",))[0] == self.account]
        result = Pushed()
        for pending in mine:
            try:
                mirror, notes = await self._one(pending, mirror)
            except NeedsConsent as error:
                await self._update(lambda o, p=pending, e=str(error): o.failed(p.task_id, now, e))
                return replace(result, needs_sign_in=(self.account,))
            except Unreachable as error:
                await self._update(lambda o, p=pending, e=str(error): o.failed(p.task_id, now, e))
                return replace(result, problems=result.problems + (str(error),))  # the rest would fail alike
            except Refused as error:
                await self._update(lambda o, p=pending, e=str(error): o.refuse(p.task_id, e))
                result = replace(result, changed=True, problems=result.problems + (
                    f"“{_title(pending)}” could not be saved: {error}",))
                continue
            except ApiError as error:  # the item changed again (or went) while being merged: next time
                await self._update(lambda o, p=pending, e=str(error): o.failed(p.task_id, now, e))
                continue
            result = replace(result, changed=True, conflicts=result.conflicts + notes)
        return result

    async def _update(self, change) -> None:
        await self.records.update(OUTBOX, change)

    async def _keep(self, mirror: Mirror, list_id: str, key: str, item: dict | None, alias: str = "") -> Mirror:
        mirrored = mirror.lists.get(list_id)
        if mirrored is None:
            return mirror
        if item is None:
            mirrored = mirrored.with_items({}, [key])
        else:
            alias = alias or (mirrored.items[key].alias if key in mirrored.items else "")
            kept = Item(self.api.etag(item), json.dumps(item, separators=(",", ":"), sort_keys=True),
                        alias if alias != key else "")
            mirrored = mirrored.with_items({key: kept})
        mirror = mirror.with_list(mirrored)
        await self.records.put(self.record, mirror, self.account)
        return mirror

    async def _keep_here(self, key: str, task: Task | None) -> None:
        """The fields the service cannot hold, stored on this device (before the change is done)."""
        if self.kept is not None:
            values = values_of(task, self.keeps) if task is not None else {}
            await self.records.update(self.kept, lambda kept: kept.with_item(key, values), self.account)

    async def _accepted(self, pending: Pending, key: str, item: dict) -> None:
        """Done; a change made while this one was on its way stays, now made on what the service holds."""
        at = Base(key, self.api.etag(item), json.dumps(item, separators=(",", ":"), sort_keys=True))
        await self._update(lambda o: o.done(pending.task_id, sent=pending, at=at))

    def _task(self, base: Base | None) -> Task | None:
        if base is None:
            return None
        try:
            return self.api.read(json.loads(base.ics), list_name="", home="")
        except (ValueError, TypeError, KeyError):
            return None

    async def _one(self, pending: Pending, mirror: Mirror):
        _, list_id = split_home(self.kind, pending.home)
        if list_id not in mirror.lists:
            if pending.op == "delete":
                await self._update(lambda o: o.done(pending.task_id, sent=pending))
                return mirror, ()
            raise Refused("the list it belongs to is no longer there.")
        if pending.op == "create":
            item = await self.api.create(list_id, pending.task)
            key = str(item["id"])
            mirror = await self._keep(mirror, list_id, key, item, alias=pending.task_id)
            await self._keep_here(key, pending.task)
            await self._accepted(pending, key, item)
            return mirror, ()
        if pending.op == "update":
            return await self._change(pending, mirror, list_id)
        return await self._delete(pending, mirror, list_id)

    async def _change(self, pending: Pending, mirror: Mirror, list_id: str):
        base, ours = pending.base, pending.task
        if base is None:
            return await self._came_back(pending, mirror, list_id)
        base_task = self._task(base)
        notes: tuple[str, ...] = ()
        try:
            item = await self.api.update(list_id, base.href, base_task, ours, base.etag)
        except Gone:
            return await self._came_back(pending, mirror, list_id)
        except Stale:
            try:
                item = await self.api.fetch(list_id, base.href)
            except Gone:
                return await self._came_back(pending, mirror, list_id)
            theirs = self.api.read(item, list_name=ours.list, home=ours.home)
            merged = merge(base_task, replace(ours, id=theirs.id), theirs)
            if merged.task != theirs:
                item = await self.api.update(list_id, base.href, theirs, merged.task, self.api.etag(item))
            if merged.conflicts:
                copy = replace(ours, id=self.new_id(), next_id="")
                await self._update(lambda o: o.add(Pending(copy.id, pending.home, "create", copy, None, pending.made)))
                notes = (f"“{theirs.title}” was changed both here and in {self.name}. That version is kept, "
                         f"and yours is kept beside it as “{copy.title}”.",)
        mirror = await self._keep(mirror, list_id, base.href, item)
        await self._keep_here(base.href, ours)
        await self._accepted(pending, base.href, item)
        return mirror, notes

    async def _came_back(self, pending: Pending, mirror: Mirror, list_id: str):
        """Edited here, deleted there: the latest edit comes back, created anew."""
        def recreate(outbox):
            latest = outbox.get(pending.task_id) or pending
            if latest.task is None:  # deleted here since: both sides agree
                return outbox.discard(pending.task_id)
            return outbox.discard(pending.task_id).add(
                Pending(pending.task_id, latest.home, "create", latest.task, None, latest.made))
        await self._update(recreate)
        if pending.base is not None:
            mirror = await self._keep(mirror, list_id, pending.base.href, None)
        return mirror, (f"“{pending.task.title}” was deleted in {self.name} after you changed it here; "
                        "your version is kept and saved there again.",)

    async def _delete(self, pending: Pending, mirror: Mirror, list_id: str):
        base = pending.base
        notes: tuple[str, ...] = ()
        if base is not None:
            try:
                await self.api.delete(list_id, base.href, base.etag)
                mirror = await self._keep(mirror, list_id, base.href, None)
            except Gone:
                mirror = await self._keep(mirror, list_id, base.href, None)
            except Stale:
                item = await self.api.fetch(list_id, base.href)
                mirror = await self._keep(mirror, list_id, base.href, item)
                notes = (f"“{self.api.read(item, list_name='', home='').title}” was changed in {self.name} "
                         "after you deleted it here, so it was kept.",)
        if base is not None and not notes:
            await self._keep_here(base.href, None)
        await self._update(lambda o: o.done(pending.task_id, sent=pending, at=None))
        return mirror, notes

def _title(pending: Pending) -> str:
    return pending.task.title if pending.task else "A deleted task"
