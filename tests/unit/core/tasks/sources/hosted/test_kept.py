"""What a hosted service cannot hold, kept on this device: stored values, laid back over the
service's task, and a damaged value ignored rather than breaking the task."""

from __future__ import annotations

import asyncio
from datetime import date, time

from daypane.core.records import Records
from daypane.core.store import MemoryStore
from daypane.core.tasks.sources.connected import TASK_ACCOUNTS, TaskAccounts
from daypane.core.tasks.sources.hosted.kept import Kept, kept_record, laid_over, values_of
from daypane.core.tasks.task import Task

NAMES = frozenset({"scheduled", "start", "duration_minutes", "estimate_minutes", "priority", "recurrence"})


def test_only_the_fields_that_hold_something_are_kept_as_stored_values():
    task = Task("t", "Water", scheduled=date(2026, 3, 5), start=time(17, 0), duration_minutes=30, priority="high")
    assert values_of(task, NAMES) == {"scheduled": "2026-03-05", "start": "17:00", "duration_minutes": 30,
                                      "priority": "high"}
    assert values_of(Task("t", "Plain"), NAMES) == {}


def test_kept_values_are_laid_back_over_what_the_service_holds():
    from_service = Task("t", "Water", due=date(2026, 3, 6))
    kept = values_of(Task("t", "Water", scheduled=date(2026, 3, 5), start=time(17, 0), duration_minutes=30), NAMES)
    shown = laid_over(from_service, kept)
    assert (shown.due, shown.scheduled, shown.start, shown.duration_minutes) == (
        date(2026, 3, 6), date(2026, 3, 5), time(17, 0), 30)


def test_a_damaged_kept_value_leaves_the_task_as_the_service_has_it():
    task = Task("t", "Water")
    assert laid_over(task, {"start": "not a time"}) == task
    assert laid_over(task, {"priority": "urgent!"}) == task


def test_kept_items_round_trip_through_the_store_per_account():
    store = MemoryStore()
    record = kept_record("google")
    records = Records(store)
    asyncio.run(records.put(record, Kept().with_item("g1", {"start": "09:00"}), "ada"))
    assert Records(store).get(record, "ada").items == {"g1": {"start": "09:00"}}
    assert Kept({"g1": {"start": "09:00"}}).with_item("g1", {}).items == {}


def test_accounts_connected_for_tasks_are_the_users_choice_kept_once_each():
    accounts = TaskAccounts().with_account("todo", "a").with_account("todo", "a").with_account("google", "g")
    assert (accounts.todo, accounts.google) == (("a",), ("g",))
    assert accounts.without("todo", "a").todo == ()
    store = MemoryStore()
    asyncio.run(Records(store).put(TASK_ACCOUNTS, accounts))
    assert Records(store).get(TASK_ACCOUNTS) == accounts
