"""Outlook accounts through the shared fake Graph: an account MSAL signed in is added with its
default calendar picked, syncs its weeks, and a sign-in failure carries the AuthFailure so the
app can give consent guidance; an account MSAL forgot must sign in again."""

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

from daypane.core.http import MockTransport
from daypane.core.providers.microsoft.auth import AuthError, AuthFailure
from daypane.core.providers.microsoft.provider import Outlook, SignedIn
from daypane.core.records import Records
from daypane.core.store import MemoryStore
from tests.support.fakes.graph import FakeGraph, Mailbox

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 4, 10, 30, tzinfo=TZ)
DAYS = [date(2026, 3, 4)]
ADA = SignedIn("ada-home", "ada@contoso.com", "Ada Lovelace", "tenant-1")
MEETING = {"id": "m1", "subject": "Planning", "showAs": "busy",
           "start": {"dateTime": "2026-03-04T08:00:00", "timeZone": "UTC"},
           "end": {"dateTime": "2026-03-04T09:00:00", "timeZone": "UTC"}}


class Client:
    """What the provider needs of MSAL: the accounts it holds and their tokens."""

    def __init__(self, accounts=(ADA,), failure: AuthFailure | None = None):
        self.held = list(accounts)
        self.failure = failure
        self.signed_out = []

    def accounts(self):
        return list(self.held)

    async def token(self, home_id, *, force_refresh=False):
        if self.failure is not None:
            raise AuthError(self.failure)
        return "token"

    async def sign_out(self, home_id):
        self.signed_out.append(home_id)
        self.held = [a for a in self.held if a.home_id != home_id]


def graph() -> FakeGraph:
    fake = FakeGraph()
    fake.grant("token", Mailbox(calendars=[{"id": "cal", "name": "Calendar", "isDefaultCalendar": True},
                                           {"id": "bdays", "name": "Birthdays"}],
                                events={"cal": [MEETING], "bdays": []}))
    return fake


async def no_wait(seconds):
    pass


def outlook(client, store=None, problems=None, sign_ins=None):
    return Outlook(Records(store or MemoryStore()), MockTransport(graph()), client,
                   sign_in=(sign_ins if sign_ins is not None else []).append, on_change=lambda events: None,
                   on_problem=(problems if problems is not None else []).append, sleep=no_wait)


def test_a_signed_in_account_syncs_its_default_calendar():
    provider = outlook(Client())
    asyncio.run(provider.add_signed_in(ADA))
    asyncio.run(provider.sync(DAYS, TZ, NOW))
    (state,) = provider.accounts()
    assert [c.name for c in state.account.selected()] == ["Calendar"]  # the default one only
    (occ,) = provider.occurrences(DAYS, TZ)
    assert occ.title == "Planning" and occ.calendar_id == "outlook:ada-home:cal"
    assert occ.start == datetime(2026, 3, 4, 9, 0, tzinfo=TZ)


def test_a_consent_failure_reaches_the_app_with_its_auth_failure():
    problems = []
    failure = AuthFailure("consent_required", sub_error="consent_required",
                          message="AADSTS65001: The user or administrator has not consented")
    provider = outlook(Client(failure=failure), problems=problems)
    asyncio.run(provider.add_signed_in(ADA))
    asyncio.run(provider.sync(DAYS, TZ, NOW))
    (problem,) = problems
    assert problem.auth == failure and problem.account.home_id == "ada-home"
    assert problem.needs_sign_in


def test_an_account_msal_forgot_must_sign_in_again_and_reconnect_asks_for_it():
    store, sign_ins = MemoryStore(), []
    first = outlook(Client(), store)
    asyncio.run(first.add_signed_in(ADA))
    restarted = outlook(Client(accounts=()), store, sign_ins=sign_ins)
    restarted.reconcile()
    assert [s.needs_sign_in for s in restarted.accounts()] == [True]
    restarted.reconnect("ada-home")
    assert sign_ins == ["ada@contoso.com"]


def test_sign_out_forgets_the_tokens_and_the_account():
    client, store = Client(), MemoryStore()
    provider = outlook(client, store)
    asyncio.run(provider.add_signed_in(ADA))
    asyncio.run(provider.sync(DAYS, TZ, NOW))
    asyncio.run(provider.remove("ada-home"))
    assert client.signed_out == ["ada-home"] and provider.accounts() == []
    assert "outlook-events:ada-home" not in store.data
