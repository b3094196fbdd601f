"""CalDAV bench: first load and incremental refresh of a 500-event calendar against a real Radicale,
Daypane's client (core.caldav: RFC 6578 sync-collection + multiget of what changed) beside a naive
peer that runs a full calendar-query on every refresh, in the same run.

Measured from CPython through the same core code the browser runs (requests, bytes both ways,
wall time including parsing the answers; not browser time). Medians of --runs.

    python -m tools.bench.caldav [--events 500] [--runs 5] [--no-save]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone

from daypane.core.providers.caldav import client as caldav
from daypane.core.providers.caldav.client import CalendarState
from tests.support.servers.radicale_server import PASSWORD, USER, Radicale
from tests.support.servers.urllib_transport import UrllibTransport
from tools.bench.common import provenance, ratio, save

AUTH = caldav.basic_auth(USER, PASSWORD)
UTC = timezone.utc


class Counting(UrllibTransport):
    """Counts requests and bytes (request bodies + response bodies) as the wire carries them."""

    def __init__(self) -> None:
        super().__init__(timeout=60)
        self.sent = self.received = 0

    async def send(self, request):
        response = await super().send(request)
        self.sent += len(request.body or b"")
        self.received += len(response.body)
        return response


def event(i: int, rng: random.Random, edit: int = 0) -> str:
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(365), hours=8 + rng.randrange(9))
    rule = "RRULE:FREQ=WEEKLY;COUNT=20\r\n" if i % 7 == 0 else ""
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daypane bench//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:bench-{i}@daypane.test\r\nDTSTAMP:20260101T000000Z\r\n"
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\nDURATION:PT45M\r\n{rule}"
            f"SUMMARY:Meeting {i} about item {rng.randrange(10_000)}{f' (edit {edit})' if edit else ''}\r\n"
            f"DESCRIPTION:{'Notes ' * rng.randrange(5, 40)}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


async def ours_first(transport, url):
    state, resources = await caldav.first_sync(transport, url, AUTH)
    return state, resources


async def listing_first(transport, url):
    # What a client that only knows RFC 6578 does first: list everything, multiget it in batches.
    return await caldav.sync_calendar(transport, CalendarState(url), AUTH)


async def ours_refresh(transport, state):
    return await caldav.sync_calendar(transport, state, AUTH)


async def naive(transport, url):
    # The peer: the whole calendar, every time (a calendar-query with no narrowing time range).
    start, end = datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    return await caldav.query_range(transport, url, AUTH, start, end)


def measure(coroutine_factory):
    transport = Counting()
    began = time.perf_counter()
    result = asyncio.run(coroutine_factory(transport))
    return result, {"ms": (time.perf_counter() - began) * 1000, "requests": len(transport.requests),
                    "bytes": transport.sent + transport.received}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(1)
    rows = {key: [] for key in ("ours_first", "listing_first", "naive_first", "ours_refresh", "naive_refresh")}
    with Radicale() as server:
        server.make_calendar("bench", "Bench", "#3B6FD8FF")
        url = server.url + "/alice/bench/"
        for i in range(args.events):
            server.put(f"/alice/bench/e{i}.ics", event(i, rng))
        for run in range(args.runs):
            (state, resources), first = measure(lambda t: ours_first(t, url))
            assert len(resources) == args.events + run, len(resources)
            _, listing = measure(lambda t: listing_first(t, url))
            _, naive_first = measure(lambda t: naive(t, url))
            # One event added and one changed since the last sync: what a refresh usually finds.
            server.put(f"/alice/bench/new{run}.ics", event(10_000 + run, rng))
            server.put(f"/alice/bench/e{run}.ics", event(run, rng, edit=run + 1))
            (_, delta), refresh = measure(lambda t: ours_refresh(t, state))
            assert len(delta.changed) == 2, delta
            _, naive_refresh = measure(lambda t: naive(t, url))
            for key, value in (("ours_first", first), ("listing_first", listing), ("naive_first", naive_first),
                               ("ours_refresh", refresh), ("naive_refresh", naive_refresh)):
                rows[key].append(value)
            print(f"  run {run + 1}/{args.runs}: refresh {refresh['ms']:.0f} ms / {refresh['bytes']} B "
                  f"vs naive {naive_refresh['ms']:.0f} ms / {naive_refresh['bytes']} B", file=sys.stderr)
    medians = {key: {m: statistics.median(v[m] for v in values) for m in ("ms", "requests", "bytes")}
               for key, values in rows.items()}
    print(f"\nCalDAV, {args.events}-event calendar on a real Radicale, median of {args.runs} runs")
    print(f"{'':34}{'Daypane':>22}{'naive peer':>22}{'peer/Daypane':>14}")
    for label, ours, peer in (("first load", "ours_first", "naive_first"),
                              ("first load, listing + multiget", "listing_first", "naive_first"),
                              ("refresh (1 added, 1 changed)", "ours_refresh", "naive_refresh")):
        o, p = medians[ours], medians[peer]
        print(f"{label:34}{o['ms']:>8.0f} ms {o['requests']:>2.0f} req {o['bytes'] / 1e3:>6.1f} kB"
              f"{p['ms']:>8.0f} ms {p['requests']:>2.0f} req {p['bytes'] / 1e3:>6.1f} kB"
              f"{ratio(p['bytes'], o['bytes'], 1):>10} B")
    print("first load: Daypane = one calendar-query of everything + one sync-collection listing for the "
          "token (core.caldav.first_sync); 'listing + multiget' = the plain RFC 6578 start, for comparison; "
          "peer = one calendar-query of everything, every time.")
    if not args.no_save:
        save({**provenance(), "events": args.events, "runs": args.runs, "medians": medians,
              "samples": rows}, "caldav")
    return 0


if __name__ == "__main__":
    sys.exit(main())
