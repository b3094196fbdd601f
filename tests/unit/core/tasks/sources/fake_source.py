"""A task source for tests: lists and synced tasks given as values, a Base per task."""

from __future__ import annotations

from daypane.core.tasks.sources.outbox import Base
from daypane.core.tasks.sources.protocol import SourceList, SyncReport

WORK = SourceList("dav:work", "Work", "#2563eb", True, "CalDAV: alice on dav.example.com")
READ_ONLY = SourceList("dav:shared", "Shared", "#16a34a", False, "CalDAV: alice on dav.example.com")


class FakeSource:
    kind = "fake"

    def __init__(self, tasks=(), lists=(WORK, READ_ONLY)) -> None:
        self._tasks, self._lists = list(tasks), list(lists)

    def lists(self):
        return self._lists

    def tasks(self):
        return self._tasks

    def base(self, task_id):
        return Base(f"/{task_id}.ics", f'"etag-{task_id}"', f"ics of {task_id}") if any(
            t.id == task_id for t in self._tasks) else None

    def keys(self):
        return ["fake-mirror"]

    def reload(self, keys):
        return "fake-mirror" in keys

    async def sync(self, now, force=False):
        return SyncReport()
