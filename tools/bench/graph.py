"""Graph sync cost: round trips and bytes to load one week of N calendars (50 events each).

Daypane's path (core.sync: $batch of up to 20 calendarViews, $select, $top=100, pages of all
calendars fetched together) against a naive peer measured in the same run: one calendarView
request per calendar and page, no $select (Graph's default page size of 10, full events).
Both talk to the same in-process fake Graph, the tests' own (tests/support/fakes/graph.py,
through a MockTransport: $select, $top, @odata.nextLink, $batch, Prefer), so the figures are
request counts and payload bytes, not network time. Target (issue 3): a week of 20 calendars in at most 2 round trips.

    python -m tools.bench.graph [--json] [--no-save]

Writes bench/results/<UTC date>-<short commit>-graph.json (unless --no-save).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from daypane.core.http import MockTransport, Request
from daypane.core.providers.microsoft.graph import GRAPH
from daypane.core.providers.microsoft.sync import Stats, fetch_range
from tests.support.fakes.graph import FakeGraph, Mailbox
from tools.bench.common import provenance, save

ZONE = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 2, tzinfo=ZONE)
TOKEN = "token"
HTML_BODY = "<html><body><p>" + "Agenda item with some detail. " * 60 + "</p></body></html>"


def make_event(cal: int, i: int) -> dict:
    start = MONDAY + timedelta(days=i % 5, hours=8 + i % 9)
    return {
        "id": f"AAMkAD{cal:03d}{i:04d}" + "x" * 100, "subject": f"Meeting {i} of calendar {cal}",
        "bodyPreview": "Agenda item with some detail. " * 8,
        "body": {"contentType": "html", "content": HTML_BODY},
        "start": {"dateTime": start.strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "Europe/Berlin"},
        "end": {"dateTime": (start + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
                "timeZone": "Europe/Berlin"},
        "isAllDay": False, "isCancelled": False, "showAs": "busy", "type": "occurrence",
        "location": {"displayName": "Room 4.01", "locationType": "default", "uniqueId": "Room 4.01"},
        "attendees": [{"type": "required", "emailAddress": {"name": f"Person {k}", "address": f"p{k}@contoso.com"},
                       "status": {"response": "accepted", "time": "2026-01-01T00:00:00Z"}} for k in range(6)],
        "organizer": {"emailAddress": {"name": "Organiser", "address": "org@contoso.com"}},
        "onlineMeeting": None, "webLink": "https://outlook.office365.com/owa/?itemid=" + "y" * 120,
        "categories": [], "importance": "normal", "sensitivity": "normal", "seriesMasterId": "z" * 120,
        "responseStatus": {"response": "accepted", "time": "2026-01-01T00:00:00Z"},
        "createdDateTime": "2026-01-01T00:00:00Z", "lastModifiedDateTime": "2026-01-01T00:00:00Z",
        "changeKey": "k" * 40, "iCalUId": "i" * 100, "reminderMinutesBeforeStart": 15,
    }


def graph(calendars: int) -> FakeGraph:
    """The fake Graph of the tests, one mailbox with ``calendars`` calendars of 50 events each."""
    mailbox = Mailbox(calendars=[{"id": f"cal{c}", "name": f"Calendar {c}"} for c in range(calendars)],
                      events={f"cal{c}": [make_event(c, i) for i in range(50)] for c in range(calendars)})
    fake = FakeGraph(page_size=1000)
    fake.grant(TOKEN, mailbox)
    return fake


class Tokens:
    async def token(self, *, force_refresh: bool = False) -> str:
        return TOKEN


async def nowait(_: float) -> None:
    return None


async def daypane(calendars: int) -> tuple[int, int, int]:
    stats = Stats()
    results = await fetch_range(MockTransport(graph(calendars)), Tokens(), [f"cal{c}" for c in range(calendars)],
                                MONDAY, MONDAY + timedelta(days=7), time_zone="Europe/Berlin", zone=ZONE,
                                sleep=nowait, stats=stats)
    return stats.round_trips, stats.bytes_in, sum(len(r.occurrences) for r in results)


async def naive(calendars: int) -> tuple[int, int, int]:
    transport = MockTransport(graph(calendars))
    trips = size = count = 0
    start, end = MONDAY.isoformat(), (MONDAY + timedelta(days=7)).isoformat()
    for c in range(calendars):
        url = f"{GRAPH}/me/calendars/cal{c}/calendarView?" + urlencode({"startDateTime": start, "endDateTime": end})
        while url:
            response = await transport.send(Request("GET", url, (("Authorization", f"Bearer {TOKEN}"),)))
            trips, size = trips + 1, size + len(response.body)
            body = response.json()
            count += len(body["value"])
            url = body.get("@odata.nextLink")
    return trips, size, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    parser.add_argument("--no-save", action="store_true", help="write no JSON under bench/results/")
    args = parser.parse_args(argv)
    rows = []
    for calendars in (1, 5, 20):
        d_trips, d_bytes, d_count = asyncio.run(daypane(calendars))
        n_trips, n_bytes, n_count = asyncio.run(naive(calendars))
        assert d_count == n_count == 50 * calendars
        rows.append({"calendars": calendars, "events": d_count, "daypane_round_trips": d_trips,
                     "naive_round_trips": n_trips, "daypane_bytes": d_bytes, "naive_bytes": n_bytes})
    if args.json:
        print(json.dumps(rows))
    else:
        print_rows(rows)
    if not args.no_save:
        save({**provenance(), "method": "the tests' fake Graph in-process, one week, 50 events per calendar",
              "rows": rows}, "graph")
    return 0


def print_rows(rows: list[dict]) -> None:
    print("Graph sync of one week, 50 events per calendar (the tests' fake Graph, in-process)")
    print(f"{'calendars':>9} {'round trips':>18} {'bytes in':>26}")
    print(f"{'':>9} {'Daypane / naive':>18} {'Daypane / naive':>26}")
    for r in rows:
        print(f"{r['calendars']:>9} {r['daypane_round_trips']:>8} / {r['naive_round_trips']:<7} "
              f"{r['daypane_bytes']:>11,} / {r['naive_bytes']:<12,} ({r['naive_bytes'] / r['daypane_bytes']:.1f}x)")
    twenty = rows[-1]["daypane_round_trips"]
    print(f"target: a week of 20 calendars in at most 2 round trips: {twenty} -> {'met' if twenty <= 2 else 'NOT MET'}")


if __name__ == "__main__":
    sys.exit(main())
