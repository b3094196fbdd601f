"""Restoring: the round trip onto a fresh device, the merge rules, what "replace" removes, the
caches a plan drops, and a refusal that changes nothing."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from daypane.core.model import Calendar
from daypane.core.providers import library, week_cache
from daypane.core.providers.accounts import Account
from daypane.core.providers.caldav.stored import LOGINS, SYNC, Login
from daypane.core.providers.feeds.stored import FEEDS
from daypane.core.providers.feeds.stored import TEXTS as FEED_TEXTS
from daypane.core.providers.feeds.subscription import Feed
from daypane.core.records import Records
from daypane.core.settings import RECORD as SETTINGS
from daypane.core.settings import Settings
from daypane.core.storage.backup.content import backup_content, read_content
from daypane.core.storage.backup.file import BackupError, read_file, to_file
from daypane.core.storage.backup.restore import merged_settings, plan_restore
from daypane.core.store import MemoryStore
from daypane.core.tasks.model import RECORD as TASKS
from daypane.core.tasks.model import Task
from tests.unit.core.storage.backup.device import (CALDAV, CALDAV_ID, FAMILY, FEED_URL, OUTLOOK, PASSWORD, WORK,
                                                   apply, filled, put, tasks)

CREATED = datetime(2026, 1, 12, 9, 30, tzinfo=timezone.utc)


def backup_of(records: Records):
    """The backup as the user's restore gets it: through the file's bytes."""
    return read_content(read_file(to_file(backup_content(records), CREATED)).content)


def restored(backup, records: Records, mode: str) -> Records:
    apply(records, plan_restore(backup, records, mode))
    return Records(records.store)  # read afresh, as the app does after a restore


def keys(plan) -> tuple[set[str], set[str]]:
    return ({kind.key(item) for kind, item, _ in plan.puts}, {kind.key(item) for kind, item in plan.deletes})


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_a_backup_restored_onto_a_fresh_device_gives_back_what_the_user_made(mode):
    device = filled()
    fresh = restored(backup_of(device), Records(MemoryStore()), mode)
    assert fresh.get(TASKS) == device.get(TASKS)
    assert fresh.get(library.CALENDARS) == device.get(library.CALENDARS)
    assert fresh.get(library.TEXTS, "ics-work") == WORK and fresh.get(library.TEXTS, "ics-family") == FAMILY
    assert fresh.get(SETTINGS) == device.get(SETTINGS)
    assert [(f.url, f.name, f.fetched) for f in fresh.get(FEEDS)] == [(FEED_URL, "Team", "")]
    assert [a.calendars for a in fresh.get(CALDAV)] == [a.calendars for a in device.get(CALDAV)]
    assert fresh.get(LOGINS) == {CALDAV_ID: Login("https://dav.example.com/", "ann")}  # asks for it again
    assert sorted(fresh.store.keys()) == ["caldav", "caldav-login", "calendar-text:ics-family",
                                          "calendar-text:ics-work", "calendars", "feeds", "settings", "tasks"]


def test_restoring_a_devices_own_backup_by_merge_writes_nothing():
    device = filled()
    assert plan_restore(backup_of(device), device, "merge").puts == []


def test_merge_adds_the_backups_tasks_after_this_devices_and_keeps_this_devices_copy():
    backup = backup_of(filled())  # t1 "Buy milk" open, t2 "Call Ann" done
    device = Records(MemoryStore())
    put(device, TASKS, tasks(Task("t0", "Only here"), Task("t1", "Buy oat milk"), Task("t2", "Call Ann")))
    merged = restored(backup, device, "merge").get(TASKS)
    assert [(t.id, t.title, t.done) for t in merged.tasks] == [
        ("t0", "Only here", False), ("t1", "Buy oat milk", False), ("t2", "Call Ann", True)]


def test_merge_never_reopens_a_task_done_on_this_device():
    backup = backup_of(filled())
    device = Records(MemoryStore())
    put(device, TASKS, tasks(Task("t1", "Buy milk", done=True)))
    assert restored(backup, device, "merge").get(TASKS).get("t1").done


def test_replace_removes_tasks_the_backup_does_not_have_and_says_so():
    backup = backup_of(filled())
    device = Records(MemoryStore())
    put(device, TASKS, tasks(Task("t0", "Only here"), Task("t1", "Buy oat milk", done=True)))
    plan = plan_restore(backup, device, "replace")
    assert plan.removed == ["1 task"]
    assert restored(backup, device, "replace").get(TASKS) == backup.tasks


def test_merge_keeps_a_same_named_calendar_with_another_file_twice():
    backup = backup_of(filled())
    device = Records(MemoryStore())
    put(device, library.CALENDARS, [Calendar("ics-work", "Work", "#3b6fd8")])
    put(device, library.TEXTS, FAMILY, "ics-work")  # a different file that was also called "Work"
    after = restored(backup, device, "merge")
    assert [c.id for c in after.get(library.CALENDARS)] == ["ics-work", "ics-work-2", "ics-family"]
    assert after.get(library.TEXTS, "ics-work") == FAMILY and after.get(library.TEXTS, "ics-work-2") == WORK


def test_merge_gives_a_calendar_that_lost_its_file_the_backups_and_drops_its_stale_index():
    backup = backup_of(filled())
    device = Records(MemoryStore())
    put(device, library.CALENDARS, [Calendar("ics-work", "My work", "#3b6fd8")])
    put(device, library.INDEXES, "{}", "ics-work")
    plan = plan_restore(backup, device, "merge")
    assert "ics-index:ics-work" in keys(plan)[1]
    after = restored(backup, device, "merge")
    assert after.get(library.TEXTS, "ics-work") == WORK
    assert [c.name for c in after.get(library.CALENDARS)] == ["My work", "Family"]  # this device's entry


def test_replace_drops_the_calendars_the_backup_lacks_with_their_files_and_indexes():
    device = filled()
    backup = backup_of(device)
    put(device, library.CALENDARS, device.get(library.CALENDARS) + [Calendar("ics-extra", "Extra")])
    put(device, library.TEXTS, FAMILY, "ics-extra")
    put(device, library.INDEXES, "{}", "ics-extra")
    plan = plan_restore(backup, device, "replace")
    assert plan.removed == ["1 imported calendar"]
    assert keys(plan)[1] == {"calendar-text:ics-extra", "ics-index:ics-extra"}  # ics-work's index still fits


def test_replace_drops_the_index_of_a_calendar_whose_file_it_replaces():
    device = filled()
    backup = backup_of(device)
    put(device, library.TEXTS, FAMILY, "ics-work")
    puts, deletes = keys(plan_restore(backup, device, "replace"))
    assert "calendar-text:ics-work" in puts and "ics-index:ics-work" in deletes


def test_merge_adds_subscriptions_by_address():
    backup = backup_of(filled())
    device = Records(MemoryStore())
    put(device, FEEDS, [Feed("https://other.example/a.ics", "A"), Feed(FEED_URL, "Renamed here")])
    after = restored(backup, device, "merge").get(FEEDS)
    assert [(f.url, f.name) for f in after] == [("https://other.example/a.ics", "A"), (FEED_URL, "Renamed here")]


def test_replace_keeps_a_kept_subscriptions_cached_body_valid_and_drops_a_removed_ones():
    device = filled()
    backup = backup_of(device)
    other = "https://other.example/a.ics"
    put(device, FEEDS, device.get(FEEDS) + [Feed(other, "A")])
    put(device, FEED_TEXTS, "BEGIN:VCALENDAR", other)
    plan = plan_restore(backup, device, "replace")
    assert plan.removed == ["1 subscription"] and f"feed-text:{other}" in keys(plan)[1]
    (feed,) = restored(backup, device, "replace").get(FEEDS)
    assert feed.etag == '"v7"' and feed.fetched  # its body is still stored: no full fetch needed


def test_merge_keeps_a_caldav_account_known_by_address_with_its_remembered_password():
    backup = backup_of(filled())
    device = Records(MemoryStore())
    put(device, CALDAV, [Account("other-id", "ann", "Ann's calendars", provider="caldav")])
    put(device, LOGINS, {"other-id": Login("https://dav.example.com/", "ann", PASSWORD)})
    after = restored(backup, device, "merge")
    assert [a.home_id for a in after.get(CALDAV)] == ["other-id"]
    assert after.get(LOGINS) == {"other-id": Login("https://dav.example.com/", "ann", PASSWORD)}


def test_replace_keeps_the_remembered_password_of_an_account_it_keeps_and_clears_a_removed_ones_caches():
    device = filled()
    backup = backup_of(device)
    put(device, CALDAV, device.get(CALDAV) + [Account("bob@https://b/", "bob", "Bob", provider="caldav")])
    put(device, LOGINS, {**device.get(LOGINS), "bob@https://b/": Login("https://b/", "bob", "pw")})
    put(device, SYNC, {}, "bob@https://b/")
    plan = plan_restore(backup, device, "replace")
    assert plan.removed == ["1 CalDAV account"] and "caldav-sync:bob@https://b/" in keys(plan)[1]
    after = restored(backup, device, "replace")
    assert after.get(LOGINS) == {CALDAV_ID: Login("https://dav.example.com/", "ann", PASSWORD)}
    assert after.get(SYNC, CALDAV_ID) and after.get(week_cache.record("caldav"), CALDAV_ID) is not None


def test_merge_takes_from_the_backup_only_the_settings_not_set_here():
    here = Settings(show_sample=True, time_zone=None, client_id="", tenant="")
    there = Settings(show_sample=False, time_zone="Europe/London", client_id="abc", tenant="contoso.com",
                     approval_pending="2026-01-10")
    assert merged_settings(here, there) == replace(there, show_sample=True)
    mine = Settings(time_zone="Asia/Tokyo", client_id="mine", tenant="")
    assert merged_settings(mine, there) == replace(mine, approval_pending="2026-01-10")  # tenant goes with its id


def test_replace_deletes_the_user_data_a_backup_does_not_hold_but_leaves_settings():
    device = filled()
    backup = read_content({"tasks": {"version": 1, "tasks": []}})
    puts, deletes = keys(plan_restore(backup, device, "replace"))
    assert puts == {"tasks"}
    assert {"calendars", "calendar-text:ics-work", "calendar-text:ics-family", "feeds", "caldav",
            "caldav-login"} <= deletes
    assert "settings" not in deletes


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_no_restore_touches_sign_ins_the_keyring_or_the_snapshot(mode):
    device = filled()
    backup = backup_of(filled())
    puts, deletes = keys(plan_restore(backup, device, mode))
    untouchable = {OUTLOOK.key(), "keyring", "snapshot", "outlook-events:outlook-home-account-7f3a"}
    assert not (puts | deletes) & untouchable


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_a_record_this_device_cannot_read_refuses_the_restore_before_any_change(mode):
    device = filled()
    device.store.data["feeds"] = {"version": 9, "feeds": "a newer Daypane's"}
    before = copy.deepcopy(device.store.data)
    with pytest.raises(BackupError, match="Nothing was changed"):
        plan_restore(backup_of(filled()), device, mode)
    assert device.store.data == before


def test_an_unknown_mode_is_a_bug():
    with pytest.raises(ValueError):
        plan_restore(backup_of(filled()), filled(), "overwrite")


def test_merging_a_backup_that_holds_only_tasks_writes_only_tasks():
    backup = read_content({"tasks": {"version": 1, "tasks": [{"id": "n", "title": "New"}]}})
    puts, deletes = keys(plan_restore(backup, Records(MemoryStore()), "merge"))
    assert (puts, deletes) == ({"tasks"}, set())
