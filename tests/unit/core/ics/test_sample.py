"""static/sample.ics is what a new user sees: it must fill any week, years from now."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from daypane.core.calendar.layout import layout_days, range_bounds
from daypane.core.calendar.routes import week_days
from daypane.core.ics.parse import parse_calendar
from tests.support import fixtures

SAMPLE = fixtures.ROOT / "static" / "sample.ics"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def sample():
    return parse_calendar(SAMPLE.read_bytes(), floating_tz=LONDON)


def test_sample_is_named(sample):
    assert sample.summary.name == "Sample calendar"
    assert sample.summary.skipped == ()


@pytest.mark.parametrize("day", [date(2026, 3, 5), date(2026, 10, 28), date(2031, 6, 18)])
def test_every_week_has_events(sample, day):
    days = week_days(day)
    found = sample.occurrences("sample", *range_bounds(days, LONDON))
    assert len(found) >= 10
    titles = {o.title for o in found}
    assert {"Stand-up", "Weekly planning", "Design review", "1:1 with Sam", "Focus day", "Gym"} <= titles


def test_wednesday_meetings_sit_side_by_side(sample):
    days = week_days(date(2031, 6, 18))
    layouts = layout_days(sample.occurrences("sample", *range_bounds(days, LONDON)), days, LONDON)
    wednesday = layouts[2]
    overlap = [(b.occurrence.title, b.start_minute, b.column, b.columns) for b in wednesday.blocks if b.columns > 1]
    assert overlap == [("Design review", 14 * 60, 0, 2), ("1:1 with Sam", 14 * 60 + 30, 1, 2)]
    thursday = layouts[3]
    assert [o.title for o in thursday.all_day] == ["Focus day"]
    friday = layouts[4]
    lunch = [b.occurrence for b in friday.blocks if b.occurrence.title == "Team lunch"]
    assert lunch and lunch[0].show_as == "free"
    gym = [b.occurrence for b in layouts[1].blocks if b.occurrence.title == "Gym"]
    assert gym and gym[0].status == "tentative"
