"""Time spans (core/ics/index/spans.py): padded, unbounded when a series has no end, and always
covering the last occurrence of a COUNT or UNTIL rule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from daypane.core.ics.index.spans import PAD
from tests.unit.core.ics.index.support import CAL, UTC, event, full_and_lazy, same, seconds


def test_unbounded_series_are_found_anywhere():
    text = CAL.format(
        event("forever", "DTSTART;TZID=Europe/Berlin:20200106T090000", "DTEND;TZID=Europe/Berlin:20200106T093000",
              "RRULE:FREQ=WEEKLY;BYDAY=MO")
        + event("once", "DTSTART:20200107T090000Z", "DTEND:20200107T100000Z")
    )
    full, index, lazy = full_and_lazy(text)
    spans = {g[0]: (g[1], g[2]) for g in index.groups}
    assert spans["forever"][1] is None and spans["forever"][0] is not None
    assert spans["once"] == (seconds(datetime(2020, 1, 7, 9, tzinfo=UTC)) - PAD,
                             seconds(datetime(2020, 1, 7, 10, tzinfo=UTC)) + PAD)
    for year in (2019, 2020, 2031, 2100):
        begin = datetime(year, 1, 6, tzinfo=UTC)
        found = lazy.occurrences("c", begin, begin + timedelta(days=7))
        assert same(found) == same(full.occurrences("c", begin, begin + timedelta(days=7)))
        assert [o.uid for o in found].count("forever") == (year >= 2020)


@pytest.mark.parametrize(
    ("rule", "start", "last"),
    [
        ("FREQ=DAILY;COUNT=10", "20260301T100000Z", datetime(2026, 3, 10, 10, tzinfo=UTC)),
        ("FREQ=WEEKLY;BYDAY=MO,FR;COUNT=5", "20260302T100000Z", datetime(2026, 3, 16, 10, tzinfo=UTC)),
        ("FREQ=WEEKLY;INTERVAL=2;COUNT=3", "20260302T100000Z", datetime(2026, 3, 30, 10, tzinfo=UTC)),
        ("FREQ=MONTHLY;COUNT=4", "20260131T100000Z", datetime(2026, 7, 31, 10, tzinfo=UTC)),  # skips
        ("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", "20260131T100000Z", datetime(2026, 5, 31, 10, tzinfo=UTC)),
        ("FREQ=YEARLY;COUNT=3", "20240229T100000Z", datetime(2032, 2, 29, 10, tzinfo=UTC)),
        ("FREQ=DAILY;BYMONTH=2;COUNT=40", "20260201T100000Z", datetime(2027, 2, 12, 10, tzinfo=UTC)),
        ("FREQ=MONTHLY;BYDAY=5FR;COUNT=3", "20260130T100000Z", datetime(2026, 7, 31, 10, tzinfo=UTC)),
        ("FREQ=WEEKLY;UNTIL=20260401T000000Z", "20260302T100000Z", datetime(2026, 3, 30, 10, tzinfo=UTC)),
        ("FREQ=DAILY;UNTIL=20260305", "20260302", None),
    ],
)
def test_count_and_until_bounds_cover_the_last_occurrence(rule, start, last):
    kind = ";VALUE=DATE" if len(start) == 8 else ""
    text = CAL.format(event("s", f"DTSTART{kind}:{start}", f"RRULE:{rule}"))
    full, index, lazy = full_and_lazy(text)
    (_uid, lo, hi, _blocks, _zones), = index.groups
    everything = full.occurrences("c", datetime(2000, 1, 1, tzinfo=UTC), datetime(2060, 1, 1, tzinfo=UTC))
    final = everything[-1]
    if last is not None:
        assert final.start == last
    end = final.end if isinstance(final.end, datetime) else datetime.combine(final.end, datetime.min.time(), UTC)
    assert lo is not None and hi is not None and hi >= seconds(end) and hi - seconds(end) < 400 * 86400
    around = (end - timedelta(days=3), end + timedelta(days=3))
    assert same(lazy.occurrences("c", *around)) == same(full.occurrences("c", *around))
    after = (end + timedelta(days=3), end + timedelta(days=10))
    assert lazy.occurrences("c", *after) == []
