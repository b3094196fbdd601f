"""Occurrence/Calendar are plain frozen values with two derived flags."""

from dataclasses import FrozenInstanceError
from datetime import date, datetime, timezone

import pytest

from daypane.core.model import Calendar, Occurrence


def test_all_day_is_true_only_for_dates():
    all_day = Occurrence("c", "u", "Holiday", date(2026, 3, 5), date(2026, 3, 6))
    timed = Occurrence(
        "c", "u", "Call",
        datetime(2026, 3, 5, 9, tzinfo=timezone.utc), datetime(2026, 3, 5, 10, tzinfo=timezone.utc),
    )
    assert all_day.all_day and not timed.all_day


def test_cancelled_follows_status():
    base = Occurrence("c", "u", "x", date(2026, 3, 5), date(2026, 3, 6))
    assert not base.cancelled
    assert Occurrence("c", "u", "x", date(2026, 3, 5), date(2026, 3, 6), status="cancelled").cancelled


def test_defaults_and_immutability():
    occ = Occurrence("c", "u", "x", date(2026, 3, 5), date(2026, 3, 6))
    assert (occ.status, occ.show_as, occ.recurring, occ.location, occ.url) == ("confirmed", "busy", False, "", "")
    cal = Calendar("work", "Work")
    assert (cal.color, cal.source, cal.visible) == ("#3b6fd8", "ics", True)
    with pytest.raises(FrozenInstanceError):
        cal.name = "Other"  # type: ignore[misc]
