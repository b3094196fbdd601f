"""Fetch one Outlook account's calendars for a range: the order of Graph calls, throttling and
token renewal, all on the ports (Transport, TokenSource, sleep) so it runs under CPython tests.

- Every calendarView goes through $batch (<= 20 per POST), and pages (@odata.nextLink) of all
  calendars are fetched together in the next round: a week of 20 calendars is 1-2 round trips.
- One $batch POST in flight per mailbox at a time (Outlook allows 4 concurrent requests per
  mailbox and runs batch items 4 at a time itself).
- 429/503: wait Retry-After (or a capped backoff), never retry at once.
- 401: one silent token refresh, one retry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Awaitable, Callable, Protocol, Sequence

from daypane.core.http import NetworkError, Request, Response, Transport
from daypane.core.model import Occurrence
from daypane.core.providers.microsoft.graph import (
    GRAPH,
    OutlookCalendar,
    batch_requests,
    calendar_view_path,
    calendars_request,
    parse_batch,
    parse_calendars,
    relative,
    retry_delay,
    to_occurrence,
)

MAX_ROUNDS = 50  # a server that keeps sending nextLinks must not keep us forever

Sleep = Callable[[float], Awaitable[None]]


class TokenSource(Protocol):
    async def token(self, *, force_refresh: bool = False) -> str: ...


class GraphError(Exception):
    """A failure the user should read: what happened and what to do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class RangeResult:
    calendar_id: str
    occurrences: tuple[Occurrence, ...]
    error: str | None = None


@dataclass
class Stats:
    round_trips: int = 0
    bytes_in: int = 0
    throttled_waits: list[float] = field(default_factory=list)


class Session:
    """Authorised sending with the 401 and throttling rules, counted in Stats."""

    def __init__(self, transport: Transport, tokens: TokenSource, sleep: Sleep, stats: Stats) -> None:
        self.transport, self.tokens, self.sleep, self.stats = transport, tokens, sleep, stats
        self.refreshed = False

    async def send(self, request: Request) -> Response:
        assert request.url.startswith(GRAPH + "/"), "bearer tokens go to Microsoft Graph only"
        attempt = 0
        force = False
        while True:
            token = await self.tokens.token(force_refresh=force)
            signed = Request(request.method, request.url,
                             request.headers + (("Authorization", f"Bearer {token}"),), request.body)
            try:
                response = await self.transport.send(signed)
            except NetworkError:
                raise GraphError(0, "Microsoft could not be reached (are you offline?). Daypane shows "
                                    "the events from the last sync and tries again later.") from None
            self.stats.round_trips += 1
            self.stats.bytes_in += len(response.body)
            if response.status == 401 and not self.refreshed:
                self.refreshed, force = True, True  # one silent renewal, one retry
                continue
            if response.status == 401:
                raise GraphError(401, "Microsoft refused the sign-in token twice. Sign out and connect "
                                      "this account again.")
            delay = retry_delay(response.status, response.header("Retry-After"), attempt)
            if delay is not None:
                self.stats.throttled_waits.append(delay)
                await self.sleep(delay)
                attempt += 1
                continue
            return response


def _error_text(status: int, body: dict) -> str:
    message = ((body or {}).get("error") or {}).get("message", "")
    if status == 403:
        return "Microsoft does not allow reading this calendar (403)."
    if status == 404:
        return "This calendar no longer exists in Outlook (404)."
    if status in (429, 503, 504):
        return "Outlook is busy (throttled); this calendar will be retried at the next refresh."
    return f"Outlook answered {status}{': ' + message if message else ''}."


async def list_calendars(transport: Transport, tokens: TokenSource, *, sleep: Sleep,
                         stats: Stats | None = None) -> list[OutlookCalendar]:
    session = Session(transport, tokens, sleep, stats or Stats())
    response = await session.send(calendars_request())
    if response.status != 200:
        raise GraphError(response.status, "Your Outlook calendars could not be listed: "
                         + _error_text(response.status, _json(response)))
    return parse_calendars(response.json())


async def fetch_range(transport: Transport, tokens: TokenSource, calendar_ids: Sequence[str],
                      start: datetime, end: datetime, *, time_zone: str, zone: tzinfo, sleep: Sleep,
                      stats: Stats | None = None) -> list[RangeResult]:
    """The occurrences of each calendar in [start, end), one RangeResult per calendar."""
    session = Session(transport, tokens, sleep, stats or Stats())
    found: dict[str, list[Occurrence]] = {cid: [] for cid in calendar_ids}
    errors: dict[str, str] = {}
    pending = [(cid, calendar_view_path(cid, start, end), 0) for cid in calendar_ids]
    for _ in range(MAX_ROUNDS):
        if not pending:
            break
        paths = [path for _, path, _ in pending]
        owners = dict(enumerate(pending))
        pending = []
        waits = []
        for request in batch_requests(paths, time_zone):
            response = await session.send(request)
            if response.status != 200:
                raise GraphError(response.status, "Outlook events could not be loaded: "
                                 + _error_text(response.status, _json(response)))
            for answer in parse_batch(response.json()):
                cid, path, attempt = owners[int(answer.id)]
                if answer.status == 200:
                    found[cid].extend(to_occurrence(event, cid, zone) for event in answer.body.get("value", ()))
                    next_link = answer.body.get("@odata.nextLink")
                    if next_link:
                        pending.append((cid, relative(next_link), 0))
                    continue
                delay = retry_delay(answer.status, answer.headers.get("retry-after"), attempt)
                if delay is not None:
                    waits.append(delay)
                    pending.append((cid, path, attempt + 1))
                else:
                    errors[cid] = _error_text(answer.status, answer.body)
        if waits:
            # Never hit the mailbox again inside the wait it asked for.
            session.stats.throttled_waits.append(max(waits))
            await sleep(max(waits))
    else:
        for cid, _, _ in pending:
            errors.setdefault(cid, "Outlook kept sending more pages; the list was cut short.")
    return [RangeResult(cid, tuple(found[cid]), errors.get(cid)) for cid in calendar_ids]


def _json(response: Response) -> dict:
    try:
        value = response.json()
    except (ValueError, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}
