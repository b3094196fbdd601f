"""What a backup holds (everything the user made, never a secret or a cache) and reading it back
record by record, refusing what this Daypane cannot restore whole."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

import pytest

from daypane.core.providers.caldav.stored import Login
from daypane.core.storage.backup.content import backup_content, in_words, read_content
from daypane.core.storage.backup.file import BackupError, content_bytes, to_file
from daypane.core.tasks.model import Task
from tests.unit.core.storage.backup.device import (CALDAV_ID, FEED_URL, OUTLOOK_SECRET, PASSWORD, WORK, filled,
                                                   put, tasks)
from daypane.core.tasks.model import RECORD as TASKS

CREATED = datetime(2026, 1, 12, 9, 30, tzinfo=timezone.utc)


def test_a_backup_holds_exactly_the_users_own_records():
    assert sorted(backup_content(filled())) == [
        "caldav", "caldav-login", "calendar-text:ics-family", "calendar-text:ics-work", "calendars",
        "feeds", "settings", "tasks"]


def test_a_remembered_caldav_password_never_reaches_the_file_plain_or_before_sealing():
    content = backup_content(filled())
    assert PASSWORD.encode() not in to_file(content, CREATED)
    assert PASSWORD.encode() not in content_bytes(content)
    assert content["caldav-login"]["logins"][CALDAV_ID] == {"url": "https://dav.example.com/", "user": "ann"}


def test_sign_ins_and_caches_are_left_out_whatever_they_hold():
    data = to_file(backup_content(filled()), CREATED)
    for left_out in (OUTLOOK_SECRET, "device-key", "cached start-up view", "X-CACHED-FEED-BODY",
                     '"cached": "index"', "/e1.ics"):
        assert left_out.encode() not in data, left_out


def test_a_subscription_keeps_its_address_and_name_but_nothing_about_its_cached_body():
    (feed,) = backup_content(filled())["feeds"]["feeds"]
    assert (feed["url"], feed["name"]) == (FEED_URL, "Team")
    assert feed["etag"] == feed["lastModified"] == feed["fetched"] == feed["attempted"] == ""


def test_a_caldav_account_keeps_its_calendar_picks_but_not_when_it_last_synced():
    (account,) = backup_content(filled())["caldav"]["accounts"]
    assert [c["selected"] for c in account["calendars"]] == [True, False]
    assert account["lastSynced"] == ""


def test_records_are_written_in_their_kinds_encoding_with_versions():
    content = backup_content(filled())
    assert content["tasks"]["version"] == 2 and content["calendars"]["version"] == 2
    assert content["calendar-text:ics-work"] == {"version": 1, "text": WORK}


def test_a_record_this_device_cannot_read_stops_the_backup_rather_than_leaving_it_out():
    records = filled()
    records.store.data["tasks"] = {"version": 9, "tasks": []}
    with pytest.raises(BackupError, match="No backup was made, since it would be missing your tasks"):
        backup_content(records)


def test_reading_a_backup_decodes_every_record():
    backup = read_content(backup_content(filled()))
    assert [t.title for t in backup.tasks.tasks] == ["Buy milk", "Call Ann"]
    assert [c.id for c in backup.calendars] == ["ics-work", "ics-family"] and backup.texts["ics-work"] == WORK
    assert backup.settings.time_zone == "Europe/London"
    assert [f.url for f in backup.feeds] == [FEED_URL]
    assert backup.caldav_logins == {CALDAV_ID: Login("https://dav.example.com/", "ann")}


def test_an_older_record_version_in_a_backup_migrates_like_stored_data():
    content = backup_content(filled())
    content["caldav-login"] = {CALDAV_ID: {"url": "https://dav.example.com/", "user": "ann"}}  # version 0
    content["calendar-text:ics-work"] = WORK                                                    # a bare text
    backup = read_content(content)
    assert backup.caldav_logins[CALDAV_ID].user == "ann" and backup.texts["ics-work"] == WORK


def damaged(change) -> str:
    content = copy.deepcopy(backup_content(filled()))
    change(content)
    with pytest.raises(BackupError) as caught:
        read_content(content)
    message = str(caught.value)
    assert message[0].isupper() and message.endswith(".") and "Nothing was changed." in message
    return message


def test_a_damaged_tasks_record_is_refused_naming_the_tasks():
    message = damaged(lambda c: c["tasks"]["tasks"].append({"title": "no id"}))
    assert "its tasks are damaged" in message and "Task 3" in message


def test_a_damaged_calendar_file_is_refused_naming_the_calendar():
    assert "“Work”" in damaged(lambda c: c.update({"calendar-text:ics-work": {"version": 1, "text": 5}}))


def test_a_record_in_a_newer_format_is_left_to_a_newer_daypane():
    assert "newer version of Daypane" in damaged(lambda c: c["feeds"].update(version=3))


def test_a_record_kind_this_daypane_does_not_know_is_refused_not_skipped():
    assert "does not know" in damaged(lambda c: c.update({"notes": {"version": 1}}))


def test_a_calendar_file_without_its_calendar_is_damaged():
    assert "without its calendar" in damaged(lambda c: c.update({"calendar-text:ics-gone": WORK}))


def test_two_tasks_with_one_id_are_damaged():
    assert "same id" in damaged(lambda c: c["tasks"]["tasks"].append(dict(c["tasks"]["tasks"][0])))


def test_content_that_is_not_an_object_is_damaged():
    with pytest.raises(BackupError, match="damaged"):
        read_content(["tasks"])


def test_a_password_put_in_a_backup_by_hand_is_never_restored():
    content = backup_content(filled())
    content["caldav-login"]["logins"][CALDAV_ID]["password"] = "typed-in"
    assert read_content(content).caldav_logins[CALDAV_ID].password == ""


def test_the_summary_counts_each_kind_in_words():
    assert read_content(backup_content(filled())).summary == [
        "2 tasks", "2 imported calendars", "1 subscription", "1 CalDAV account", "settings"]


def test_the_summary_says_one_in_the_singular_and_leaves_out_what_is_empty():
    records = filled()
    put(records, TASKS, tasks(Task("t1", "Only one")))
    content = backup_content(records)
    content["feeds"]["feeds"] = []
    del content["settings"]
    assert read_content(content).summary == ["1 task", "2 imported calendars", "1 CalDAV account"]


def test_a_summary_reads_as_one_phrase():
    assert in_words(["12 tasks", "1 subscription", "settings"]) == "12 tasks, 1 subscription and settings"
    assert in_words(["settings"]) == "settings" and in_words([]) == "nothing"
