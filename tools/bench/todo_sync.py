"""To Do bench: a 1,000-task Microsoft To Do list read by Daypane's task source
(core.tasks.sources.todo through the shared hosted sync: the lists, then Graph's todoTask delta
with $select and the plan extension expanded, each task read into a task) the first time and
incrementally after one task was changed there, beside a peer without delta that re-reads the
whole list for that change (a fresh source from nothing), in the same run.

Against the tests' fake Graph in-process (tests/support/fakes/graph.py + todo.py, through a
MockTransport, 100 tasks a page), so the figures are requests, bytes (response bodies received;
request URLs and bodies sent) and CPython wall time including reading every task, not network or
browser time. Medians of --runs, each on a freshly seeded fake.

    python -m tools.bench.todo_sync [--tasks 1000] [--runs 3] [--no-save]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from itertools import count

from daypane.core.http import MockTransport
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import TaskBook
from daypane.core.tasks.sources.hosted.source import HostedTasks
from daypane.core.tasks.sources.todo.api import SCOPES, SERVICE, TodoApi
from daypane.core.tasks.sources.todo.mapping import PLAN_EXTENSION
from tests.support.fakes.graph import FakeGraph, Mailbox
from tools.bench.common import provenance, ratio, save

NOW = datetime.fromisoformat("2026-03-04T10:30:00+01:00")
TOKEN = "bench-token"
WORDS = ("call", "review", "draft", "invoice", "plan", "book", "order", "fix", "send", "prepare",
         "budget", "slides", "dentist", "tickets", "report", "garden", "contract", "notes", "team", "trip")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Tokens:
    async def token(self, *, force_refresh: bool = False) -> str:
        return TOKEN


async def no_sleep(_: float) -> None:
    return None


class Counting(MockTransport):
    """A MockTransport that counts bytes: request URLs and bodies sent, response bodies received."""

    def __init__(self, handler) -> None:
        super().__init__(handler)
        self.sent = self.received = 0

    async def send(self, request):
        response = await super().send(request)
        self.sent += len(request.url.encode()) + len(request.body or b"")
        self.received += len(response.body or b"")
        return response


def task_fields(i: int, rng: random.Random) -> dict:
    """A task as another To Do client leaves it: a title, often notes, some due (a few of those
    repeating), some done or important, every fifth planned by Daypane (its open extension)."""
    words = " ".join(rng.sample(WORDS, rng.randrange(1, 5)))
    fields: dict = {"title": f"{rng.choice(WORDS).capitalize()} {words} #{i}"}
    if i % 2:
        fields["body"] = {"content": " ".join(rng.choice(WORDS) for _ in range(rng.choice((3, 12, 40, 150)))),
                          "contentType": "text"}
    due = date(2026, 3, 1) + timedelta(days=rng.randrange(90))
    if i % 3 == 0:
        fields["dueDateTime"] = {"dateTime": f"{due.isoformat()}T00:00:00", "timeZone": "UTC"}
    if i % 30 == 0:
        fields["recurrence"] = {
            "pattern": {"type": "weekly", "interval": 1, "month": 0, "dayOfMonth": 0, "index": "first",
                        "daysOfWeek": [DAYS[due.weekday()]], "firstDayOfWeek": "sunday"},
            "range": {"type": "noEnd", "startDate": due.isoformat(), "endDate": "0001-01-01",
                      "recurrenceTimeZone": "UTC", "numberOfOccurrences": 0}}
    if i % 7 == 0:
        fields["status"] = "completed"
    if i % 11 == 0:
        fields["importance"] = "high"
    if i % 5 == 0:
        fields["extensions"] = [{"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": PLAN_EXTENSION,
                                 "scheduled": (due - timedelta(days=1)).isoformat(), "start": f"{9 + i % 8:02d}:00",
                                 "durationMinutes": 30 + 15 * (i % 4), "estimateMinutes": 30, "priority": None}]
    return fields


def seeded(tasks: int):
    """The fake Graph with one mailbox whose To Do holds one default list of ``tasks`` tasks."""
    graph, mailbox = FakeGraph(page_size=100), Mailbox()
    graph.grant(TOKEN, mailbox, scopes=(*SCOPES, "User.Read"))
    todo = graph.todo(mailbox)
    default = todo.add_list("Tasks", wellknown="defaultList")
    rng = random.Random(7)
    for i in range(tasks):
        todo.add_task(default, **task_fields(i, rng))
    return graph, todo, default


def source(transport: Counting) -> tuple[HostedTasks, TaskBook]:
    ids = count()
    records = Records(MemoryStore())
    found = HostedTasks(records, SERVICE, accounts=lambda: [("ada", "ada@contoso.com")],
                        api_for=lambda _: TodoApi(transport, Tokens(), sleep=no_sleep),
                        new_id=lambda: f"local-{next(ids)}")
    return found, TaskBook(records, [found], new_id=lambda: f"local-{next(ids)}", now=lambda: NOW)


def measured(transport: Counting, tasks: HostedTasks, book: TaskBook) -> dict:
    """One sync and the read of every task into the book: requests, bytes, ms (this sync's only)."""
    before = (len(transport.requests), transport.sent, transport.received)
    began = time.perf_counter()
    asyncio.run(tasks.sync(NOW, force=True))
    book.reload()
    ms = (time.perf_counter() - began) * 1000
    sent, received = transport.sent - before[1], transport.received - before[2]
    return {"ms": ms, "requests": len(transport.requests) - before[0], "sent": sent, "received": received,
            "bytes": sent + received}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    rows = {key: [] for key in ("first", "incremental", "peer")}
    for run in range(args.runs):
        graph, todo, default = seeded(args.tasks)
        transport = Counting(graph)
        tasks, book = source(transport)
        rows["first"].append(measured(transport, tasks, book))
        assert len(book.tasks.tasks) == args.tasks, len(book.tasks.tasks)
        assert sum(bool(t.recurrence) for t in book.tasks.tasks) == len(range(0, args.tasks, 30))
        assert sum(t.scheduled is not None for t in book.tasks.tasks) == len(range(0, args.tasks, 5))
        edited = f"Renamed in To Do (run {run + 1})"
        todo.edit_task(default, todo.tasks(default)[run % args.tasks]["id"], title=edited)
        rows["incremental"].append(measured(transport, tasks, book))
        assert len(book.tasks.tasks) == args.tasks and edited in {t.title for t in book.tasks.tasks}
        peer = Counting(graph)
        peer_tasks, peer_book = source(peer)
        rows["peer"].append(measured(peer, peer_tasks, peer_book))
        assert len(peer_book.tasks.tasks) == args.tasks and edited in {t.title for t in peer_book.tasks.tasks}
        print(f"  run {run + 1}/{args.runs}: first {rows['first'][-1]['ms']:.0f} ms, incremental "
              f"{rows['incremental'][-1]['ms']:.1f} ms, peer {rows['peer'][-1]['ms']:.0f} ms", file=sys.stderr)
    metrics = ("ms", "requests", "sent", "received", "bytes")
    medians = {key: {m: statistics.median(v[m] for v in values) for m in metrics} for key, values in rows.items()}
    print(f"\nMicrosoft To Do list of {args.tasks} tasks on the tests' fake Graph (100 a page), "
          f"median of {args.runs} runs")
    print(f"{'':36}{'time':>11} {'req':>8} {'sent':>11} {'received':>11}")
    for label, key in (("first sync (lists + full delta)", "first"), ("incremental (1 changed, delta)", "incremental"),
                       ("peer: full re-read", "peer")):
        m = medians[key]
        print(f"{label:36}{m['ms']:>8.1f} ms {m['requests']:>4.0f} req {m['sent'] / 1e3:>8.1f} kB "
              f"{m['received'] / 1e3:>8.1f} kB")
    print(f"incremental vs full re-read: {ratio(medians['peer']['bytes'], medians['incremental']['bytes'], 1)} "
          f"fewer bytes, {ratio(medians['peer']['requests'], medians['incremental']['requests'], 1)} fewer requests, "
          f"{ratio(medians['peer']['ms'], medians['incremental']['ms'], 1)} less time")
    if not args.no_save:
        save({**provenance(), "method": "the tests' fake Graph in-process, page size 100, one default list",
              "tasks": args.tasks, "runs": args.runs, "medians": medians, "samples": rows}, "todo-sync")
    return 0


if __name__ == "__main__":
    sys.exit(main())
