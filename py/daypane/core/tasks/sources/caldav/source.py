"""CalDAV task lists as a task source: the collections of a CalDAV account that hold to-dos.

Reading: the account's task collections are discovered once per page (a collection holding
events and to-dos is both a calendar and a task list), then each is read with RFC 6578
sync-collection from its stored token (in full when the server refuses the token). Writing: the
outbox's changes for the account's lists, sent by `push.py`. One tab at a time syncs an account
(a lock every tab takes), so two tabs never send the same change twice.

Ids: a task's id is its to-do's UID, so a task Daypane creates keeps its id through the round
trip; a UID that two lists share (a shared collection seen twice) gets the list's home as prefix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import CalendarState
from daypane.core.providers.caldav.problems import CalDavError, WrongCredentials
from daypane.core.providers.problems import ServerProblem
from daypane.core.records import Records
from daypane.core.tasks.sources.caldav.mirror import MIRROR, Item, Mirror, MirroredList, home_id
from daypane.core.tasks.sources.caldav.push import Pusher
from daypane.core.tasks.sources.caldav.vtodo import VTodoError, read_todo
from daypane.core.tasks.sources.outbox import OUTBOX, Base
from daypane.core.tasks.sources.protocol import SourceList, SyncReport
from daypane.core.tasks.task import Task

DEFAULT_COLOR = "#3b6fd8"


@dataclass(frozen=True)
class Login:
    url: str
    user: str
    password: str


class CalDavTasks:
    kind = "caldav"

    def __init__(self, records: Records, transport, *, accounts: Callable[[], Iterable], login: Callable[[str], Login | None],
                 tz: Callable[[], tzinfo], new_id: Callable[[], str], origin: str = "") -> None:
        self.records, self.transport, self.origin = records, transport, origin
        self.accounts, self.login, self.tz, self.new_id = accounts, login, tz, new_id
        self.discovered: set[str] = set()  # accounts whose lists were discovered in this page
        self._parsed: dict[tuple[str, str], object] = {}  # (href, etag) -> Todo | None
        self._index: dict[str, tuple[str, str, str]] = {}  # task id -> (account, list url, href)
        self._tasks: list[Task] | None = None

    # -- what is held -----------------------------------------------------------------------

    def _mirrors(self) -> list[tuple[object, Mirror]]:
        return [(account, self.records.get(MIRROR, account.home_id)) for account in self.accounts()]

    def keys(self) -> list[str]:
        return [MIRROR.key(account.home_id) for account in self.accounts()]

    def reload(self, keys) -> bool:
        changed = any(key.startswith(f"{MIRROR.name}:") for key in keys)
        if changed:
            self._tasks = None
        return changed

    def lists(self) -> list[SourceList]:
        return [SourceList(home_id(account.home_id, url), m.name, m.color, m.writable, f"CalDAV: {account.label}")
                for account, mirror in self._mirrors() for url, m in mirror.lists.items()]

    def tasks(self) -> list[Task]:
        if self._tasks is None:
            self._tasks = self._read_tasks()
        return self._tasks

    def _read_tasks(self) -> list[Task]:
        tasks, index, by_uid = [], {}, {}
        tz = self.tz()
        for account, mirror in self._mirrors():
            for url, mirrored in mirror.lists.items():
                home = home_id(account.home_id, url)
                for href, item in mirrored.items.items():
                    todo = self._todo(href, item, tz)
                    if todo is None:
                        continue
                    task_id = todo.uid if todo.uid not in index else f"{home}#{todo.uid}"
                    index[task_id] = (account.home_id, url, href)
                    by_uid.setdefault((home, todo.uid), task_id)
                    tasks.append((todo, replace(todo.task, id=task_id, home=home, list=mirrored.name)))
        self._index = index
        # Sub-tasks: RELATED-TO on the child (PARENT) or on the parent (CHILD), within one list.
        parents = {}
        for todo, task in tasks:
            for child in todo.child_uids:
                if (task.home, child) in by_uid:
                    parents[by_uid[(task.home, child)]] = task.id
        return [replace(task, parent=by_uid.get((task.home, todo.parent_uid), "") or parents.get(task.id, ""))
                for todo, task in tasks]

    def _todo(self, href: str, item: Item, tz):
        key = (href, item.etag or item.ics)
        if key not in self._parsed:
            try:
                self._parsed[key] = read_todo(item.ics, tz)
            except VTodoError:
                self._parsed[key] = None  # kept as it is on the server; not listed
        return self._parsed[key]

    def base(self, task_id: str) -> Base | None:
        self.tasks()
        found = self._index.get(task_id)
        if found is None:
            return None
        account_id, url, href = found
        item = self.records.get(MIRROR, account_id).lists[url].items[href]
        return Base(href, item.etag, item.ics)

    # -- syncing ----------------------------------------------------------------------------

    async def sync(self, now: datetime, force: bool = False) -> SyncReport:
        report = SyncReport()
        for account in list(self.accounts()):
            login = self.login(account.home_id)
            if login is None:
                report = replace(report, needs_sign_in=report.needs_sign_in + (account.home_id,))
                continue
            async with self.records.store.exclusive(f"daypane:task-sync:{account.home_id}"):
                report = _joined(report, await self._sync_account(account, login, now, force))
        if report.changed:
            self._tasks = None
        return report

    async def _sync_account(self, account, login: Login, now: datetime, force: bool) -> SyncReport:
        auth = caldav.basic_auth(login.user, login.password)
        await self.records.store.refresh([MIRROR.key(account.home_id), OUTBOX.key()])
        mirror = self.records.get(MIRROR, account.home_id)
        before = mirror
        problems: list[str] = []
        try:
            if account.home_id not in self.discovered or not mirror.lists:
                mirror = await self._discover(mirror, login, auth)
                self.discovered.add(account.home_id)
            for url in list(mirror.lists):
                mirror = mirror.with_list(await self._read_list(mirror.lists[url], auth))
        except WrongCredentials:
            return SyncReport(needs_sign_in=(account.home_id,))
        except (ServerProblem, CalDavError) as error:
            problems.append(f"The task lists of {account.label} could not be read: {error}")
        if mirror != before:
            await self.records.put(MIRROR, mirror, account.home_id)
            self._tasks = None
        pusher = Pusher(self.records, self.transport, account.home_id, auth, tz=self.tz(), new_id=self.new_id,
                        read_ok=not problems, origin=self.origin)
        pushed = await pusher.push(mirror, now, force)
        return SyncReport(changed=mirror != before or pushed.changed, conflicts=pushed.conflicts,
                          problems=tuple(problems) + pushed.problems)

    async def _discover(self, mirror: Mirror, login: Login, auth: str) -> Mirror:
        found = await caldav.discover_task_lists(self.transport, login.url, auth)
        lists = {}
        for collection in found:
            known = mirror.lists.get(collection.url)
            lists[collection.url] = MirroredList(
                collection.url, collection.name, collection.color or DEFAULT_COLOR, collection.writable,
                known.state if known else None, known.items if known else {})
        return Mirror(lists)

    async def _read_list(self, mirrored: MirroredList, auth: str) -> MirroredList:
        state = mirrored.state or CalendarState(mirrored.url)
        state, changes = await caldav.sync_calendar(self.transport, state, auth)
        if changes.full:  # a fresh listing: what it does not hold is gone
            kept = {href: item for href, item in mirrored.items.items() if href in state.etags}
            mirrored = replace(mirrored, items=kept)
        tz = self.tz()
        changed = {}
        for resource in changes.changed:
            item = Item(resource.etag, resource.ics)
            if self._todo(resource.href, item, tz) is not None:
                changed[resource.href] = item
        deleted = list(changes.deleted) + [r.href for r in changes.changed if r.href not in changed]
        return replace(mirrored.with_items(changed, deleted), state=state)


def _joined(a: SyncReport, b: SyncReport) -> SyncReport:
    return SyncReport(a.changed or b.changed, a.conflicts + b.conflicts, a.problems + b.problems,
                      a.needs_sign_in + b.needs_sign_in)

