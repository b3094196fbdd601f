"""Task-list bench: a 1,000-to-do CalDAV list at a real Radicale, read by Daypane's task source
(core.tasks.sources.caldav: discovery, RFC 6578 sync-collection + multiget, each to-do read into a
task) the first time and incrementally after one to-do was added and one changed, beside a peer
that re-reads the whole list every time (a listing and a multiget of everything), in the same run.

Measured from CPython through the same core code the browser runs (requests, bytes both ways,
wall time including reading every to-do; not browser time). Medians of --runs.

    python -m tools.bench.task_sync [--todos 1000] [--runs 3] [--no-save]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from zoneinfo import ZoneInfo

from daypane.core.providers.accounts import Account
from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import CalendarState
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.book import TaskBook
from daypane.core.tasks.sources.caldav.source import CalDavTasks, Login
from daypane.core.tasks.sources.caldav.vtodo import read_todo
from tests.support.servers.radicale_server import PASSWORD, USER, Radicale
from tools.bench.caldav import Counting
from tools.bench.common import provenance, ratio, save

BERLIN = ZoneInfo("Europe/Berlin")


def todo(i: int, edit: int = 0) -> str:
    due = f"DUE;VALUE=DATE:202612{1 + i % 28:02d}\r\n" if i % 3 else ""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daypane bench//EN\r\nBEGIN:VTODO\r\n"
            f"UID:todo-{i}@bench\r\nDTSTAMP:20261201T000000Z\r\nSUMMARY:Task {i}{f' (edit {edit})' if edit else ''}\r\n"
            f"{due}DESCRIPTION:{'Notes ' * (5 + i % 30)}\r\nX-APPLE-SORT-ORDER:{i}\r\n"
            "END:VTODO\r\nEND:VCALENDAR\r\n")


def source(server: Radicale, transport) -> tuple[CalDavTasks, TaskBook]:
    account = Account(f"{USER}@{server.url}/", USER, "bench", provider="caldav")
    found = CalDavTasks(Records(MemoryStore()), transport, accounts=lambda: [account],
                        login=lambda _: Login(server.url + "/", USER, PASSWORD), tz=lambda: BERLIN,
                        new_id=lambda: "unused")
    return found, TaskBook(found.records, [found])


def timed(run):
    began = time.perf_counter()
    result = run()
    return result, (time.perf_counter() - began) * 1000


async def peer_read(transport, url):
    """The whole list again: a listing and a multiget of every to-do, each read."""
    _, changes = await caldav.sync_calendar(transport, CalendarState(url), caldav.basic_auth(USER, PASSWORD))
    return [read_todo(r.ics, BERLIN) for r in changes.changed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--todos", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    rows = {key: [] for key in ("first", "incremental", "peer")}
    with Radicale() as server:
        server.make_task_list("bench", "#3B6FD8FF", displayname="Bench")
        url = server.url + "/alice/bench/"
        for i in range(args.todos):
            server.put_todo("/alice/bench/", f"todo-{i}@bench", todo(i))
        for run in range(args.runs):
            transport = Counting()
            tasks, book = source(server, transport)
            _, ms = timed(lambda: (asyncio.run(tasks.sync(book.now())), book.reload()))
            assert len(book.tasks.tasks) == args.todos + run, len(book.tasks.tasks)
            rows["first"].append({"ms": ms, "requests": len(transport.requests),
                                  "bytes": transport.sent + transport.received})
            server.put_todo("/alice/bench/", f"new-{run}@bench", todo(10_000 + run))
            server.put_todo("/alice/bench/", f"todo-{run}@bench", todo(run, edit=run + 1))
            before = (len(transport.requests), transport.sent + transport.received)
            _, ms = timed(lambda: (asyncio.run(tasks.sync(book.now())), book.reload()))
            rows["incremental"].append({"ms": ms, "requests": len(transport.requests) - before[0],
                                        "bytes": transport.sent + transport.received - before[1]})
            peer = Counting()
            read, ms = timed(lambda: asyncio.run(peer_read(peer, url)))
            assert len(read) == args.todos + run + 1
            rows["peer"].append({"ms": ms, "requests": len(peer.requests), "bytes": peer.sent + peer.received})
            print(f"  run {run + 1}/{args.runs}: incremental {rows['incremental'][-1]['ms']:.0f} ms, "
                  f"peer {ms:.0f} ms", file=sys.stderr)
    medians = {key: {m: statistics.median(v[m] for v in values) for m in ("ms", "requests", "bytes")}
               for key, values in rows.items()}
    print(f"\nCalDAV task list of {args.todos} to-dos on a real Radicale, median of {args.runs} runs")
    for label, key in (("first sync (discovery + all)", "first"), ("incremental (1 added, 1 changed)", "incremental"),
                       ("peer: full re-read", "peer")):
        m = medians[key]
        print(f"{label:36}{m['ms']:>8.0f} ms {m['requests']:>4.0f} req {m['bytes'] / 1e3:>8.1f} kB")
    print(f"incremental vs full re-read: {ratio(medians['peer']['bytes'], medians['incremental']['bytes'], 1)} "
          f"fewer bytes, {ratio(medians['peer']['ms'], medians['incremental']['ms'], 1)} less time")
    if not args.no_save:
        save({**provenance(), "todos": args.todos, "runs": args.runs, "medians": medians, "samples": rows},
             "task-sync")
    return 0


if __name__ == "__main__":
    sys.exit(main())
