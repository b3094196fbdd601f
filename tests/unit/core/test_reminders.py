"""Reminders: due from `lead` minutes before the start until it begins, once per occurrence,
never for free, cancelled or all-day events."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from daypane.core import reminders, settings
from daypane.core.records import RecordError
from daypane.core.model import Occurrence
from tests.support.fixtures import locale

UTC = timezone.utc
START = datetime(2026, 3, 4, 14, tzinfo=UTC)


def event(title="Review", start=START, **kw):
    return Occurrence("c", title.lower(), title, start, start + timedelta(hours=1), **kw)


def test_due_from_the_lead_until_the_start_and_not_before():
    occs = [event()]
    assert reminders.due(occs, START - timedelta(minutes=11), 10) == []
    assert reminders.due(occs, START - timedelta(minutes=10), 10) == occs
    assert reminders.due(occs, START - timedelta(seconds=1), 10) == occs
    assert reminders.due(occs, START, 10) == []  # under way: on screen, with Join on its block


def test_off_reminds_of_nothing():
    assert reminders.due([event()], START - timedelta(minutes=1), 0) == []


def test_once_each_and_each_showing_of_a_series_is_its_own():
    monday, tuesday = event(start=START), event(start=START + timedelta(days=1))
    assert reminders.key(monday) != reminders.key(tuesday)
    done = [reminders.key(monday)]
    assert reminders.due([monday, tuesday], START - timedelta(minutes=5), 10, done) == []
    assert reminders.due([monday, monday], START - timedelta(minutes=5), 10) == [monday]  # two providers, one event


def test_free_cancelled_and_all_day_events_are_not_reminded():
    occs = [event("Free", show_as="free"), event("Off", status="cancelled"),
            Occurrence("c", "a", "Holiday", date(2026, 3, 4), date(2026, 3, 5)), event("Busy")]
    assert [o.title for o in reminders.due(occs, START - timedelta(minutes=5), 10)] == ["Busy"]


def test_earliest_first():
    later, sooner = event("Later", START + timedelta(minutes=20)), event("Sooner")
    assert reminders.due([later, sooner], START - timedelta(minutes=5), 30) == [sooner, later]


def test_what_a_reminder_says_in_the_users_clock():
    occ = event(location="Studio")
    assert reminders.message(occ, UTC, locale("en-US")) == ("Review", "2:00 PM–3:00 PM, Studio")
    assert reminders.status_text(occ, UTC, locale("de-DE")) == "Coming up: Review at 14:00 (Studio)"


def test_remembered_keys_are_bounded():
    keys = [str(n) for n in range(reminders.KEPT)]
    kept = reminders.remember(keys, "new")
    assert len(kept) == reminders.KEPT and kept[-1] == "new" and "0" not in kept


def test_the_setting_round_trips_and_anything_else_is_off():
    assert settings.load(settings.dump(settings.Settings().with_reminders(10))).remind_minutes == 10
    assert settings.Settings().with_reminders(7).remind_minutes == 0
    assert settings.load({"version": 1, "remindMinutes": "10"}).remind_minutes == 0
    assert settings.load({"version": 1}).remind_minutes == 0


def test_a_claim_takes_only_keys_no_tab_has_taken():
    stored, mine = reminders.claim(("a",), ["a", "b", "b"])
    assert mine == ["b"] and stored == ("a", "b")
    assert reminders.claim(stored, ["a", "b"]) == (stored, [])


def test_the_reminded_record_round_trips_and_a_damaged_one_is_empty():
    record = reminders.RECORD
    assert record.disposable  # a cache: not backed up; damaged, an event is at worst reminded again
    assert record.decode(record.encode(("k1", "k2"))) == ("k1", "k2")
    with pytest.raises(RecordError):
        record.decode({"version": 1, "keys": "k1"})
