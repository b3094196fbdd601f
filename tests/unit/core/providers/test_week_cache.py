"""The offline copy of provider events, by week: stored, read back, replaced, pruned."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from daypane.core.model import Occurrence
from daypane.core.providers.week_cache import EventCache, record, weeks_for
from daypane.core.records import Records
from daypane.core.store import MemoryStore

TZ = ZoneInfo("Europe/Berlin")


def occ(uid, start, end, cal="k1"):
    return Occurrence(cal, uid, uid, start, end)


def test_weeks_for_a_day_with_margin():
    assert weeks_for([date(2026, 3, 4)]) == [date(2026, 2, 23), date(2026, 3, 2), date(2026, 3, 9)]
    assert weeks_for([date(2026, 3, 4)], margin=0) == [date(2026, 3, 2)]


def test_round_trip_through_the_stored_form_keeps_times_and_all_day_dates():
    cache = EventCache()
    timed = occ("m", datetime(2026, 3, 4, 9, 30, tzinfo=TZ), datetime(2026, 3, 4, 10, tzinfo=TZ))
    all_day = occ("d", date(2026, 3, 5), date(2026, 3, 6))
    cache.put_weeks([date(2026, 3, 2)], {"k1": [timed, all_day]}, "2026-03-04T10:30:00+01:00", TZ)
    again = record("outlook").decode(cache.dump())
    assert sorted(again.occurrences([date(2026, 3, 2)], {"k1"}), key=lambda o: o.uid) == [all_day, timed]
    assert again.occurrences([date(2026, 3, 2)], {"other"}) == []
    assert again.fetched(date(2026, 3, 2)) == "2026-03-04T10:30:00+01:00"


def test_an_event_over_a_week_boundary_is_in_both_weeks_once_each():
    cache = EventCache()
    long = occ("x", datetime(2026, 3, 8, 22, tzinfo=TZ), datetime(2026, 3, 9, 2, tzinfo=TZ))
    cache.put_weeks([date(2026, 3, 2), date(2026, 3, 9)], {"k1": [long]}, "t", TZ)
    assert len(cache.occurrences([date(2026, 3, 2)], {"k1"})) == 1
    assert len(cache.occurrences([date(2026, 3, 9)], {"k1"})) == 1
    assert len(cache.occurrences([date(2026, 3, 2), date(2026, 3, 9)], {"k1"})) == 1


def test_a_new_sync_replaces_a_week_so_deleted_events_go_but_failed_calendars_keep_theirs():
    cache = EventCache()
    a = occ("a", datetime(2026, 3, 4, 9, tzinfo=TZ), datetime(2026, 3, 4, 10, tzinfo=TZ))
    b = occ("b", datetime(2026, 3, 4, 11, tzinfo=TZ), datetime(2026, 3, 4, 12, tzinfo=TZ), cal="k2")
    cache.put_weeks([date(2026, 3, 2)], {"k1": [a], "k2": [b]}, "t1", TZ)
    cache.put_weeks([date(2026, 3, 2)], {"k1": []}, "t2", TZ)  # k2's request failed this time
    assert cache.occurrences([date(2026, 3, 2)], {"k1", "k2"}) == [b]


def test_prune_and_unknown_versions():
    cache = EventCache()
    cache.put_weeks([date(2026, 1, 5), date(2026, 3, 2)], {"k1": []}, "t", TZ)
    cache.prune([date(2026, 3, 2)])
    assert list(cache.weeks) == ["2026-03-02"]



def test_a_newer_or_damaged_cache_is_only_a_copy_so_it_reads_as_empty_and_may_be_replaced():
    records = Records(MemoryStore({"outlook-events:a": {"version": 99, "weeks": {"x": {}}},
                                   "outlook-events:b": {"version": 1, "weeks": ["damaged"]}}))
    assert records.get(record("outlook"), "a").weeks == {}
    assert records.get(record("outlook"), "b").weeks == {}
    assert records.unreadable == {}


def test_a_week_is_decoded_once_and_again_after_a_sync_replaced_it():
    cache = EventCache()
    a = occ("a", datetime(2026, 3, 4, 9, tzinfo=TZ), datetime(2026, 3, 4, 10, tzinfo=TZ))
    cache.put_weeks([date(2026, 3, 2)], {"k1": [a]}, "t1", TZ)
    first = cache.occurrences([date(2026, 3, 2)], {"k1"})
    assert cache.occurrences([date(2026, 3, 2)], {"k1"})[0] is first[0]  # not rebuilt from dicts
    b = occ("b", datetime(2026, 3, 4, 11, tzinfo=TZ), datetime(2026, 3, 4, 12, tzinfo=TZ))
    cache.put_weeks([date(2026, 3, 2)], {"k1": [b]}, "t2", TZ)
    assert cache.occurrences([date(2026, 3, 2)], {"k1"}) == [b]


def test_the_stored_form_keeps_where_an_event_and_its_link_come_from():
    from dataclasses import replace
    cache = EventCache()
    outlook = replace(occ("o", datetime(2026, 3, 4, 9, tzinfo=TZ), datetime(2026, 3, 4, 10, tzinfo=TZ)),
                      url="https://outlook.office365.com/owa/?itemid=1", source="outlook")
    cache.put_weeks([date(2026, 3, 2)], {"k1": [outlook]}, "t", TZ)
    again, = record("outlook").decode(cache.dump()).occurrences([date(2026, 3, 2)], {"k1"})
    assert again.source == "outlook" and again == outlook
