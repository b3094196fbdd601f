"""Every calendar in the icalendar and recurring-ical-events test corpora (real exports and
deliberately broken files) either imports or fails with an IcsError: never a crash."""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from daypane.core.ics.parse import IcsError, parse_calendar

CORPORA = (
    Path(recurring_ical_events.__file__).parent / "test" / "calendars",
    Path(icalendar.__file__).parent / "tests" / "calendars",
)
FILES = sorted(path for folder in CORPORA for path in folder.glob("*.ics"))
_DTSTART = re.compile(rb"^DTSTART[^:\r\n]*:\s*(\d{8})", re.MULTILINE)


def test_corpora_are_present():
    assert len(FILES) > 150, "the wheels' test calendars were not found"


def first_start(data: bytes) -> datetime:
    """The first event-like DTSTART in the file (VTIMEZONE rules from 1601 are skipped)."""
    for match in _DTSTART.finditer(data):
        try:
            day = datetime.strptime(match.group(1).decode(), "%Y%m%d")
        except ValueError:
            continue
        if day.year >= 1900:
            return day.replace(tzinfo=timezone.utc)
    return datetime(2019, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.parent.name}/{p.name}")
def test_corpus_file_imports_or_fails_cleanly(path):
    data = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns about guessed vendor TZIDs
        try:
            calendar = parse_calendar(data)
        except IcsError as error:
            assert str(error).endswith(".")
            return
        start = first_start(data) - timedelta(days=182)
        found = calendar.occurrences("corpus", start, start + timedelta(days=365))
    assert all(o.start <= o.end for o in found)
    assert calendar.summary.events >= 1
