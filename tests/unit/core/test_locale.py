"""Dates and times in the user's locale, from what Chromium's Intl says (tests/fixtures/locale/,
recorded by tools/locale_fixtures.py from static/locale.js): each locale's own order, names,
clock and first day of the week."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest

from daypane.core.locale import ENGLISH, LocaleError, from_intl, week_start_for
from tests.support.fixtures import fixture_path, locale

WEDNESDAY = date(2026, 3, 4)
SUNDAY = date(2026, 11, 29)


conventions = locale


# tag: (long title, a day's name, short chip, week column, first weekday, 12-hour by default)
EXPECTED = {
    "en-US": ("Wed, Mar 4, 2026", "Wednesday, March 4", "Wed, Mar 4", "4 Wed", 6, True),
    "en-GB": ("Wed, 4 Mar 2026", "Wednesday 4 March", "Wed 4 Mar", "Wed 4", 0, False),
    "de-DE": ("Mi., 4. März 2026", "Mittwoch, 4. März", "Mi., 4. März", "Mi., 4.", 0, False),
    "fr-FR": ("mer. 4 mars 2026", "mercredi 4 mars", "mer. 4 mars", "mer. 4", 0, False),
    "ja-JP": ("2026年3月4日(水)", "3月4日水曜日", "3月4日(水)", "4日(水)", 6, False),
}


@pytest.mark.parametrize("tag", EXPECTED)
def test_each_locale_writes_days_in_its_own_order_and_words(tag):
    title_day, day, short, column, first, twelve = EXPECTED[tag]
    conv = conventions(tag)
    assert conv.date("title_day", WEDNESDAY) == title_day
    assert conv.date("day", WEDNESDAY) == day
    assert conv.date("short", WEDNESDAY) == short
    assert conv.date("weekday_day", WEDNESDAY) == column
    assert conv.first_weekday == first
    assert conv.hour12 is twelve


@pytest.mark.parametrize(("tag", "other_day"), [
    ("en-US", "Sun, Nov 29, 2026"), ("de-DE", "So., 29. Nov. 2026"),
    ("fr-FR", "dim. 29 nov. 2026"), ("ja-JP", "2026年11月29日(日)")])
def test_names_come_from_the_locale_for_every_day_not_just_the_reference_one(tag, other_day):
    assert conventions(tag).date("title_day", SUNDAY) == other_day


@pytest.mark.parametrize(("tag", "morning", "evening", "noon", "midnight"), [
    ("en-US", "9:05 AM", "9:05 PM", "12:00 PM", "12:00 AM"),
    ("en-GB", "09:05", "21:05", "12:00", "00:00"),
    ("de-DE", "09:05", "21:05", "12:00", "00:00"),
    ("fr-FR", "09:05", "21:05", "12:00", "00:00"),
    ("ja-JP", "09:05", "21:05", "12:00", "00:00"),
])
def test_the_locale_clock(tag, morning, evening, noon, midnight):
    conv = conventions(tag)
    assert [conv.time(time(h, m)) for h, m in ((9, 5), (21, 5), (12, 0), (0, 0))] == [morning, evening, noon, midnight]


@pytest.mark.parametrize(("tag", "twelve", "twenty_four"), [
    ("en-US", "9:05 PM", "21:05"), ("en-GB", "9:05 pm", "21:05"), ("de-DE", "9:05 PM", "21:05"),
    ("ja-JP", "午後9:05", "21:05")])
def test_the_user_can_choose_the_other_clock(tag, twelve, twenty_four):
    conv = conventions(tag)
    assert conv.with_choices(time_format="12").time(time(21, 5)) == twelve
    assert conv.with_choices(time_format="24").time(time(21, 5)) == twenty_four


def test_the_user_can_choose_the_first_day_of_the_week_and_blank_keeps_the_locales():
    us = conventions("en-US")
    assert us.with_choices(week_start="monday").first_weekday == 0
    assert us.with_choices(week_start="saturday").first_weekday == 5
    assert conventions("de-DE").with_choices(week_start="sunday").first_weekday == 6
    assert us.with_choices().first_weekday == 6 and us.with_choices().hour12


@pytest.mark.parametrize(("tag", "span"), [
    ("en-US", "Mar 2–8"), ("en-GB", "2–8 Mar"), ("fr-FR", "2–8 mars"),
    ("de-DE", "2.–8. März"), ("ja-JP", "3月2日–8日")])  # the day's own mark on both ends, as Intl's formatRange
def test_a_span_of_days_within_a_month(tag, span):
    assert conventions(tag).day_span(date(2026, 3, 2), date(2026, 3, 8)) == span


@pytest.mark.parametrize(("first_day", "region", "weekday"), [
    (1, "US", 0),         # the browser's week data wins over the region
    (7, "", 6),
    (None, "US", 6), (None, "br", 6), (None, "GB", 0), (None, "DE", 0), (None, "EG", 5),
    (None, "", 0),        # nothing known: Monday, as ISO 8601
    (9, "JP", 6),         # nonsense from the browser is ignored
])
def test_first_day_of_the_week_from_intl_or_the_region(first_day, region, weekday):
    assert week_start_for(first_day, region) == weekday


def test_the_built_in_english_is_what_chromium_says_for_en_gb():
    recorded = conventions("en-GB")
    for name in ("title_day", "date", "day", "short", "day_month", "short_date", "weekday_day", "month_year"):
        for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(365)):
            assert ENGLISH.date(name, day) == recorded.date(name, day), (name, day)
    assert ENGLISH.time(time(21, 5)) == recorded.time(time(21, 5)) == "21:05"
    assert ENGLISH.with_choices(time_format="12").time(time(21, 5)) == "9:05 pm"


@pytest.mark.parametrize("broken", [
    {}, {"patterns": {}, "names": {}}, None,
    {**json.loads(fixture_path("locale", "en-US.json").read_text()), "names": {"weekday-long": ["Mon"]}},
    {**json.loads(fixture_path("locale", "en-US.json").read_text()), "clock24": [["literal", ":"]]},
])
def test_anything_else_is_refused_by_name(broken):
    with pytest.raises(LocaleError):
        from_intl(broken)


@pytest.mark.parametrize(("tag", "morning", "across_noon", "evening"), [
    ("en-US", "9:30–10:00 AM", "11:30 AM–12:30 PM", "6:00–7:00 PM"),
    ("en-GB", "09:30–10:00", "11:30–12:30", "18:00–19:00"),
    ("ja-JP", "09:30–10:00", "11:30–12:30", "18:00–19:00"),
])
def test_a_range_of_times_names_a_shared_day_period_once(tag, morning, across_noon, evening):
    conv = conventions(tag)
    assert conv.time_span(time(9, 30), time(10)) == morning
    assert conv.time_span(time(11, 30), time(12, 30)) == across_noon
    assert conv.time_span(time(18), time(19)) == evening


def test_a_leading_day_period_stays_in_front():
    japanese_12 = conventions("ja-JP").with_choices(time_format="12")
    assert japanese_12.time_span(time(9, 30), time(10)) == "午前9:30–10:00"
    assert japanese_12.time_span(time(11, 30), time(13)) == "午前11:30–午後1:00"


@pytest.mark.parametrize(("tag", "labels"), [
    ("en-US", ["12 AM", "9 AM", "12 PM", "1 PM"]), ("en-GB", ["00:00", "09:00", "12:00", "13:00"]),
    ("ja-JP", ["00:00", "09:00", "12:00", "13:00"])])
def test_hour_labels_of_the_grid(tag, labels):
    assert [conventions(tag).hour(h) for h in (0, 9, 12, 13)] == labels
