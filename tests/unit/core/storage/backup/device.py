"""A device's store filled the way a real user's is, for the backup tests: every kind a backup
holds, and beside them what it must leave out (caches, sign-ins, a remembered password)."""

from __future__ import annotations

import asyncio
from datetime import date

from daypane.core.model import Calendar
from daypane.core.providers import library, week_cache
from daypane.core.providers.accounts import Account, CalendarChoice
from daypane.core.providers.accounts import record as accounts_record
from daypane.core.providers.caldav.client import CalendarState
from daypane.core.providers.caldav.stored import LOGINS, SYNC, Login, Synced
from daypane.core.providers.feeds.stored import FEEDS
from daypane.core.providers.feeds.stored import TEXTS as FEED_TEXTS
from daypane.core.providers.feeds.subscription import Feed
from daypane.core.records import Records
from daypane.core.settings import RECORD as SETTINGS
from daypane.core.settings import Settings
from daypane.core.store import MemoryStore
from daypane.core.tasks.model import RECORD as TASKS
from daypane.core.tasks.model import Task, TaskList
from tests.support.fixtures import read_fixture

PASSWORD = "s3cret-Remembered-Pa55"
OUTLOOK_SECRET = "outlook-home-account-7f3a"
CALDAV_ID = "ann@https://dav.example.com/"
FEED_URL = "https://example.com/team.ics"
WORK = read_fixture("ics", "outlook-export.ics").decode("utf-8")
FAMILY = read_fixture("ics", "google-export.ics").decode("utf-8")
CALDAV = accounts_record("caldav")
OUTLOOK = accounts_record("outlook")


def run(coroutine):
    return asyncio.run(coroutine)


def put(records: Records, kind, value, item=None) -> None:
    run(records.put(kind, value, item))


def apply(records: Records, plan) -> None:
    """What the caller does with a plan (in one transaction there): the puts, then the deletes."""
    for kind, item, value in plan.puts:
        put(records, kind, value, item)
    for kind, item in plan.deletes:
        run(records.delete(kind, item))


def tasks(*items: Task) -> TaskList:
    return TaskList(tuple(items))


def filled() -> Records:
    records = Records(MemoryStore())
    put(records, TASKS, tasks(Task("t1", "Buy milk"),
                              Task("t2", "Call Ann", done=True, scheduled=date(2026, 1, 12), estimate_minutes=30)))
    put(records, SETTINGS, Settings(show_sample=False, time_zone="Europe/London"))
    put(records, library.CALENDARS, [Calendar("ics-work", "Work", "#2e7d32"),
                                     Calendar("ics-family", "Family", "#c62828", visible=False)])
    put(records, library.TEXTS, WORK, "ics-work")
    put(records, library.TEXTS, FAMILY, "ics-family")
    put(records, library.INDEXES, '{"cached": "index"}', "ics-work")
    put(records, FEEDS, [Feed(FEED_URL, "Team", etag='"v7"', last_modified="Mon, 12 Jan 2026 09:00:00 GMT",
                              fetched="2026-01-12T09:00:00+00:00", attempted="2026-01-12T09:00:00+00:00")])
    put(records, FEED_TEXTS, "BEGIN:VCALENDAR\r\nX-CACHED-FEED-BODY:1\r\nEND:VCALENDAR\r\n", FEED_URL)
    put(records, CALDAV, [Account(CALDAV_ID, "ann", "ann on dav.example.com", provider="caldav",
                                  last_synced="2026-01-12T09:00:00+00:00",
                                  calendars=(CalendarChoice("https://dav.example.com/ann/home/", "Home", "#3b6fd8", True),
                                             CalendarChoice("https://dav.example.com/ann/work/", "Work", "#c62828", False)))])
    put(records, LOGINS, {CALDAV_ID: Login("https://dav.example.com/", "ann", PASSWORD)})
    put(records, SYNC, {"https://dav.example.com/ann/home/": Synced(CalendarState("https://dav.example.com/ann/home/"),
                                                                     {"/e1.ics": "BEGIN:VCALENDAR"})}, CALDAV_ID)
    put(records, week_cache.record("caldav"), week_cache.EventCache(), CALDAV_ID)
    put(records, OUTLOOK, [Account(OUTLOOK_SECRET, "ann@contoso.com", "Ann", provider="outlook")])
    put(records, week_cache.record("outlook"), week_cache.EventCache(), OUTLOOK_SECRET)
    run(records.store.put("snapshot", "cached start-up view"))
    run(records.store.put("keyring", {"version": 1, "wrapped": "device-key"}))  # the encryption keyring
    return records
