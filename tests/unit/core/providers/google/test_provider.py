"""Google accounts through the fake Google (the same one the browser tests use): connect with a
token, sync weeks, and an expired token asks for a sign-in once instead of retrying."""

import asyncio
import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from daypane.core.http import MockTransport, Response
from daypane.core.providers.google.auth import GoogleToken
from daypane.core.providers.google.provider import Google, MemoryTokens
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from tests.support import fixtures
from tests.support.fakes.google import FakeGoogle, FakeGoogleAccount

CLIENT = "1234-fake.apps.googleusercontent.com"
EMAIL = "alex.martin@example.com"
TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=timezone.utc)


def fixture(name: str) -> dict:
    return json.loads((fixtures.FIXTURES / "google" / name).read_text())


def fake_google() -> FakeGoogle:
    calendars = fixture("calendarList-page1.json")["items"] + fixture("calendarList-page2.json")["items"]
    return FakeGoogle(CLIENT, ["http://127.0.0.1:8000/"],
                      [FakeGoogleAccount(EMAIL, calendars, {EMAIL: fixture("events-primary.json")["items"]})],
                      clock=lambda: NOW.timestamp())


def through(fake: FakeGoogle) -> MockTransport:
    def handler(request):
        status, headers, body = fake.answer(request.method, request.url, dict(request.headers), request.body or b"")
        return Response(status, tuple(headers.items()), body)
    return MockTransport(handler)


def token(fake: FakeGoogle) -> GoogleToken:
    return GoogleToken(fake.issue_token(EMAIL), NOW + timedelta(hours=1), frozenset())


async def no_wait(seconds):
    pass


def make(fake, records, tokens, problems, sign_ins=None):
    return Google(records, through(fake), tokens, sign_in=(sign_ins if sign_ins is not None else []).append,
                  on_change=lambda events: None,
                  on_problem=problems.append, now=lambda: NOW, sleep=no_wait)


def test_connect_then_sync_shows_the_primary_calendars_events():
    fake, records, problems = fake_google(), Records(MemoryStore()), []
    google = make(fake, records, MemoryTokens(), problems)
    account = asyncio.run(google.connect(token(fake)))
    assert account.home_id == EMAIL and account.selected()
    asyncio.run(google.sync([date(2026, 3, 4)], TZ, NOW.astimezone(TZ)))
    assert problems == []
    assert google.occurrences([date(2026, 3, 2) + timedelta(days=i) for i in range(7)], TZ)


def test_an_expired_token_needs_a_sign_in_and_reconnect_starts_one():
    fake, records, problems, sign_ins = fake_google(), Records(MemoryStore()), [], []
    tokens = MemoryTokens()
    google = make(fake, records, tokens, problems, sign_ins)
    asyncio.run(google.connect(token(fake)))
    tokens.tokens[EMAIL] = GoogleToken("old", NOW - timedelta(minutes=1), frozenset())
    restarted = make(fake, records, tokens, problems, sign_ins)  # the next start of the app
    assert [s.needs_sign_in for s in restarted.accounts()] == [True]
    asyncio.run(restarted.sync([date(2026, 3, 4)], TZ, NOW.astimezone(TZ)))
    assert problems == []  # no request, no retry loop: the row says "Sign in again"
    restarted.reconnect(EMAIL)
    assert sign_ins == [EMAIL]
