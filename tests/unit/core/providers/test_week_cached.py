"""What every account-based provider shares: accounts stored before they are kept, the week
cache, and a sync that redraws the grid once, however many accounts it covers."""

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from daypane.core.model import Occurrence
from daypane.core.providers.accounts import Account, CalendarChoice
from daypane.core.providers.protocol import Provider, ProviderProblem, ProviderWords
from daypane.core.providers.week_cached import WeekCachedProvider
from daypane.core.records import Records
from daypane.core.store import MemoryStore

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 4, 10, 30, tzinfo=TZ)
DAYS = [date(2026, 3, 4)]


class Stub(WeekCachedProvider):
    kind = "stub"
    words = ProviderWords(name="Stub")

    def __init__(self, records, **callbacks):
        super().__init__(records, None, **callbacks)
        self.failing: dict[str, ProviderProblem] = {}
        self.fetches = 0

    async def _fetch(self, account, start, end, tz):
        self.fetches += 1
        if account.home_id in self.failing:
            raise self.failing[account.home_id]
        key = account.calendar_key("c1")
        occ = Occurrence(key, f"{account.home_id}-m", "Meeting", datetime(2026, 3, 4, 9, tzinfo=TZ),
                         datetime(2026, 3, 4, 10, tzinfo=TZ))
        return account, {key: [occ]}


def account(home_id: str) -> Account:
    return Account(home_id, f"{home_id}@example.com", home_id.title(), provider="stub",
                   calendars=(CalendarChoice("c1", "Work", "#3b6fd8", True),))


@pytest.fixture
def seen():
    return {"changes": [], "problems": []}


def provider(seen, store=None) -> Stub:
    return Stub(Records(store or MemoryStore()), on_change=seen["changes"].append,
                on_problem=seen["problems"].append)


def test_it_is_a_provider():
    assert isinstance(Stub(Records(MemoryStore()), on_change=print, on_problem=print), Provider)


def test_a_sync_of_two_accounts_redraws_the_grid_once(seen):
    p = provider(seen)
    asyncio.run(p.add(account("ada")))
    asyncio.run(p.add(account("bob")))
    asyncio.run(p.sync(DAYS, TZ, NOW))
    assert seen["changes"] == [False, True]  # "Syncing…" in the list, then one redraw
    assert sorted(o.title for o in p.occurrences(DAYS, TZ)) == ["Meeting", "Meeting"]
    assert not p.stale(DAYS, NOW, 60)
    assert [s.account.last_synced for s in p.accounts()] == [NOW.isoformat(timespec="seconds")] * 2


def test_the_cache_is_stored_so_a_new_start_shows_it_offline(seen):
    store = MemoryStore()
    p = provider(seen, store)
    asyncio.run(p.add(account("ada")))
    asyncio.run(p.sync(DAYS, TZ, NOW))
    again = provider(seen, store)
    assert [o.uid for o in again.occurrences(DAYS, TZ)] == ["ada-m"]
    assert again.fetches == 0


def test_a_failure_is_reported_for_its_account_and_the_others_still_sync(seen):
    p = provider(seen)
    asyncio.run(p.add(account("ada")))
    asyncio.run(p.add(account("bob")))
    p.failing["ada"] = ProviderProblem("Your sign-in expired.", needs_sign_in=True)
    asyncio.run(p.sync(DAYS, TZ, NOW))
    (problem,) = seen["problems"]
    assert problem.account.home_id == "ada" and str(problem) == "Your sign-in expired."
    states = {s.account.home_id: s for s in p.accounts()}
    assert states["ada"].needs_sign_in and states["ada"].error == "Your sign-in expired."
    assert not states["bob"].needs_sign_in and states["bob"].error is None
    assert seen["changes"][-1] is True
    seen["changes"].clear()
    asyncio.run(p.sync(DAYS, TZ, NOW))  # ada waits for the user; bob is synced again
    assert p.fetches == 3


def test_nothing_due_means_no_redraw(seen):
    p = provider(seen)
    asyncio.run(p.sync(DAYS, TZ, NOW))
    assert seen["changes"] == []


def test_a_calendar_pick_is_stored_then_shown(seen):
    store = MemoryStore()
    p = provider(seen, store)
    asyncio.run(p.add(account("ada")))
    asyncio.run(p.sync(DAYS, TZ, NOW))
    asyncio.run(p.set_selected("ada", "c1", False))
    assert p.occurrences(DAYS, TZ) == [] and list(p.calendars()) == []
    assert provider(seen, store).find("ada").selected() == []


def test_a_full_disk_keeps_the_accounts_as_they_were(seen):
    store = MemoryStore()
    p = provider(seen, store)
    asyncio.run(p.add(account("ada")))
    store.fail_with = OSError("QuotaExceededError")
    with pytest.raises(OSError):
        asyncio.run(p.set_selected("ada", "c1", False))
    assert p.find("ada").selected()  # not shown as changed
    with pytest.raises(OSError):
        asyncio.run(p.add(account("bob")))
    assert [s.account.home_id for s in p.accounts()] == ["ada"]


def test_remove_forgets_the_account_and_its_cache(seen):
    store = MemoryStore()
    p = provider(seen, store)
    asyncio.run(p.add(account("ada")))
    asyncio.run(p.sync(DAYS, TZ, NOW))
    assert "stub-events:ada" in store.data
    asyncio.run(p.remove("ada"))
    assert p.accounts() == [] and "stub-events:ada" not in store.data
