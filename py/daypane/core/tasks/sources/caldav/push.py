"""Sending the outbox's changes to a CalDAV account, and what each answer means.

| change | the server answers                | then                                                        |
|--------|-----------------------------------|-------------------------------------------------------------|
| create | created                           | read back, kept as synced, done                             |
| create | 412 (that href exists)            | read it: our own earlier attempt (same UID) is done; else refused |
| update | stored                            | read back, kept as synced, done                             |
| update | 412 (changed there since)         | merged per field with the server's item (merge.py); written again; a field changed on both sides keeps the server's value and Daypane's version as a copy of the task |
| update | gone (deleted there)              | Daypane's version comes back as a new task                   |
| delete | deleted, or gone already          | done                                                        |
| delete | 412 (changed there since)         | not deleted: the server's version is kept and the user told |
| any    | refused for good (403, 405, 409…) | kept in the outbox as refused: the user retries or discards  |
| any    | no answer, 5xx, 429, 401          | kept, tried again later (backoff); a write refused by the browser (CORS) while reads work is named so |

Every outcome is stored (the synced item in the mirror first, then the outbox) before the next
change is sent, so a page closed halfway sends nothing twice and loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from urllib.parse import urljoin

from daypane.core.providers.caldav import writes
from daypane.core.providers.caldav.problems import CalDavError, WrongCredentials, cors_headers
from daypane.core.providers.cors import NoAnswer
from daypane.core.providers.problems import ServerProblem, host_of
from daypane.core.records import Records
from daypane.core.tasks.sources.caldav.mirror import MIRROR, Item, Mirror, home_id, split_home
from daypane.core.tasks.sources.caldav.vtodo import VTodoError, read_todo, write_todo
from daypane.core.tasks.sources.merge import merge
from daypane.core.tasks.sources.outbox import OUTBOX, Base, Pending


@dataclass(frozen=True)
class Pushed:
    changed: bool = False
    conflicts: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


class Pusher:
    def __init__(self, records: Records, transport, account_id: str, auth: str, *, tz: tzinfo, new_id,
                 read_ok: bool, origin: str) -> None:
        self.records, self.transport, self.account_id, self.auth = records, transport, account_id, auth
        self.origin = origin  # the page's origin, named in the CORS advice
        self.tz, self.new_id, self.read_ok = tz, new_id, read_ok

    async def push(self, mirror: Mirror, now: datetime, force: bool = False) -> Pushed:
        homes = {home_id(self.account_id, url) for url in mirror.lists}
        outbox = self.records.get(OUTBOX)
        waiting = [p for p in outbox.items if not p.refused] if force else outbox.due(now)
        mine = [p for p in waiting if (split_home(p.home) or ("",))[0] == self.account_id]
        result = Pushed()
        for pending in mine:
            try:
                mirror, outcome = await self._one(pending, mirror, homes, now)
            except WrongCredentials:
                await self._update(lambda o, p=pending: o.failed(p.task_id, now, "The password was refused."))
                return replace(result, problems=result.problems + ("The server refused the password.",))
            except NoAnswer:
                why = self._no_answer(pending)
                await self._update(lambda o, p=pending, w=why: o.failed(p.task_id, now, w))
                return replace(result, problems=result.problems + (why,))  # the rest would fail alike
            except writes.WriteRefused as error:
                await self._update(lambda o, p=pending, e=str(error): o.refuse(p.task_id, e))
                result = replace(result, changed=True, problems=result.problems + (
                    f"“{_title(pending)}” could not be saved on the server: {error}",))
                continue
            except (ServerProblem, CalDavError) as error:  # 5xx, 429, an answer we cannot read
                await self._update(lambda o, p=pending, e=str(error): o.failed(p.task_id, now, e))
                continue
            result = replace(result, changed=True, conflicts=result.conflicts + outcome)
        return result

    def _no_answer(self, pending: Pending) -> str:
        host = host_of(split_home(pending.home)[1]) if split_home(pending.home) else "the server"
        if self.read_ok:
            headers = "; ".join(f"{k}: {v}" for k, v in cors_headers(self.origin, writes=True))
            return (f"{host} lets Daypane read your tasks but not change them from a browser. Your change is "
                    f"kept and sent again; ask the server's administrator to allow it ({headers}).")
        return f"{host} did not answer. Your change is kept and sent when it answers again."

    async def _update(self, change) -> None:
        await self.records.update(OUTBOX, change)

    async def _keep(self, mirror: Mirror, url: str, href: str, item: Item | None) -> Mirror:
        mirrored = mirror.lists.get(url)
        if mirrored is None:
            return mirror
        mirrored = mirrored.with_items({href: item} if item else {}, [] if item else [href])
        mirror = mirror.with_list(mirrored)
        await self.records.put(MIRROR, mirror, self.account_id)
        return mirror

    async def _read_back(self, url: str) -> writes.DavResource:
        return await writes.get_item(self.transport, url, self.auth)

    async def _one(self, pending: Pending, mirror: Mirror, homes: set[str], now: datetime):
        _, list_url = split_home(pending.home)
        if pending.home not in homes:
            if pending.op == "delete":
                await self._update(lambda o: o.done(pending.task_id, sent=pending))
                return mirror, ()
            raise writes.WriteRefused("The list it belongs to is no longer on the server.", url=list_url)
        if pending.op == "create":
            return await self._create(pending, mirror, list_url, now)
        if pending.op == "update":
            return await self._change(pending, mirror, list_url, now)
        return await self._delete(pending, mirror, list_url)

    async def _create(self, pending: Pending, mirror: Mirror, list_url: str, now: datetime):
        uid = pending.task.id
        url = writes.item_url(list_url, uid)
        text = write_todo(pending.task, uid=uid, base_ics=None, base=None, now=now, tz=self.tz)
        try:
            await writes.put_item(self.transport, url, self.auth, text, etag=None)
        except writes.PreconditionFailed:  # that href exists: ours, if an earlier answer was lost
            there = await self._read_back(url)
            todo = _read(there.ics, self.tz)
            if todo is None or todo.uid != uid:
                raise writes.WriteRefused("The server already holds another item under its name.", url=url) from None
        there = await self._read_back(url)
        mirror = await self._keep(mirror, list_url, there.href, Item(there.etag, there.ics))
        await self._accepted(pending, there)
        return mirror, ()

    async def _accepted(self, pending: Pending, there) -> None:
        """Done; a change made while this one was on its way stays, now made on what the server holds."""
        at = Base(there.href, there.etag, there.ics) if there is not None else None
        await self._update(lambda o: o.done(pending.task_id, sent=pending, at=at))

    async def _change(self, pending: Pending, mirror: Mirror, list_url: str, now: datetime):
        base = pending.base
        base_todo = _read(base.ics, self.tz) if base else None
        base_task = base_todo.task if base_todo else None
        url = urljoin(list_url, base.href) if base else writes.item_url(list_url, pending.task.id)
        ours = pending.task
        try:
            if base is None:
                raise writes.ItemGone("not on the server", url=url)
            text = write_todo(ours, uid=_uid(base.ics, self.tz), base_ics=base.ics, base=base_task, now=now, tz=self.tz)
            await writes.put_item(self.transport, url, self.auth, text, etag=base.etag)
            there = await self._read_back(url)
            notes = ()
        except writes.PreconditionFailed:
            try:
                there = await self._read_back(url)
            except writes.ItemGone:
                return await self._came_back(pending, mirror, now)
            theirs = _read(there.ics, self.tz).task
            merged = merge(base_task, replace(ours, id=theirs.id), theirs)
            if merged.task != theirs:
                text = write_todo(merged.task, uid=_uid(there.ics, self.tz), base_ics=there.ics, base=theirs,
                                  now=now, tz=self.tz)
                await writes.put_item(self.transport, url, self.auth, text, etag=there.etag)
                there = await self._read_back(url)
            notes = ()
            if merged.conflicts:
                copy = replace(ours, id=self.new_id(), next_id="")
                await self._update(lambda o: o.add(Pending(copy.id, pending.home, "create", copy, None, pending.made)))
                notes = (f"“{theirs.title}” was changed both here and on the server. The server's version is kept, "
                         f"and yours is kept beside it as “{copy.title}”.",)
        except writes.ItemGone:
            return await self._came_back(pending, mirror, now)
        mirror = await self._keep(mirror, list_url, there.href, Item(there.etag, there.ics))
        await self._accepted(pending, there)
        return mirror, notes

    async def _came_back(self, pending: Pending, mirror: Mirror, now: datetime):
        """Edited here, deleted on the server: the latest edit comes back, created anew (same UID)."""
        def recreate(outbox):
            latest = outbox.get(pending.task_id) or pending
            if latest.task is None:  # deleted here since: both sides agree
                return outbox.discard(pending.task_id)
            return outbox.discard(pending.task_id).add(
                Pending(pending.task_id, latest.home, "create", latest.task, None, latest.made))
        await self._update(recreate)
        if pending.base is not None:
            mirror = await self._keep(mirror, split_home(pending.home)[1], pending.base.href, None)
        return mirror, (f"“{pending.task.title}” was deleted on the server after you changed it here; "
                        "your version is kept and saved there again.",)

    async def _delete(self, pending: Pending, mirror: Mirror, list_url: str):
        base = pending.base
        if base is None:  # never reached the server
            await self._update(lambda o: o.done(pending.task_id, sent=pending))
            return mirror, ()
        url = urljoin(list_url, base.href)
        notes = ()
        try:
            await writes.delete_item(self.transport, url, self.auth, base.etag)
            mirror = await self._keep(mirror, list_url, base.href, None)
        except writes.ItemGone:
            mirror = await self._keep(mirror, list_url, base.href, None)
        except writes.PreconditionFailed:
            there = await self._read_back(url)
            mirror = await self._keep(mirror, list_url, there.href, Item(there.etag, there.ics))
            todo = _read(there.ics, self.tz)
            notes = (f"“{todo.task.title if todo else 'A task'}” was changed on the server after you deleted it "
                     "here, so it was kept.",)
        await self._update(lambda o: o.done(pending.task_id, sent=pending, at=None))
        return mirror, notes


def _read(ics: str, tz):
    try:
        return read_todo(ics, tz)
    except VTodoError:
        return None


def _uid(ics: str, tz) -> str:
    todo = _read(ics, tz)
    return todo.uid if todo else ""


def _title(pending: Pending) -> str:
    return pending.task.title if pending.task else "A deleted task"
