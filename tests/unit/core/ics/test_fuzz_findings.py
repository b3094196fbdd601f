"""Inputs tools.fuzz found, kept by name (tests/fixtures/fuzz/seed<S>-input<N>.ics: replay with
`python -m tools.fuzz --seed S --replay N`). Each must import like any file: shown, or refused
with a message (IcsError), never another exception and never a frozen tab."""

import signal

import pytest

from daypane.core.ics.parse import IcsError
from tools.fuzz.target import run_import
from tests.support.fixtures import read_fixture


def _frozen(_signum, _frame):
    raise AssertionError("the import was still running after 20 s: the page would be frozen")


@pytest.fixture(autouse=True)
def stop_a_frozen_import():
    """A regression here hangs rather than fails: stop it, generously (not a speed test)."""
    previous = signal.signal(signal.SIGALRM, _frozen)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_vtimezone_changing_offsets_every_15_minutes_since_1601_does_not_freeze():
    # dateutil walked ~14 million offset changes to place one event; the zone is now dropped.
    assert run_import(read_fixture("fuzz", "seed1-input50.ics")) >= 0


def test_a_capped_series_made_only_of_overrides_is_named_without_a_core():
    # recurring_ical_events raises NotImplementedError for the core of an overrides-only series.
    assert run_import(read_fixture("fuzz", "seed1-input100.ics")) > 0


@pytest.mark.parametrize("name", ["seed1-input50.ics", "seed1-input100.ics", "seed1-input425.ics",
                                  "seed877335-input1644.ics", "seed404337-input111.ics", "seed404337-input151.ics", "seed404337-input320.ics",
                                  "seed93578-input522.ics", "seed93578-input1401.ics", "seed93578-input929.ics"])
def test_every_kept_finding_is_shown_or_refused_with_a_message(name):
    try:
        run_import(read_fixture("fuzz", name))
    except IcsError:
        pass


def test_excluded_dates_far_from_any_drawn_range_are_left_out_before_their_offsets_are_computed():
    # 2,600 EXDATEs (hundreds in the year 9999) with a 1601 VTIMEZONE: 2.7 s, now well under 1 s.
    from daypane.core.ics.parse import parse_calendar

    parsed = parse_calendar(read_fixture("fuzz", "seed1-input425.ics"))
    years = {v.dt.year for e in parsed.calendar.walk("VEVENT")
             for p in (e.get("EXDATE") if isinstance(e.get("EXDATE"), list) else [e.get("EXDATE")]) if p is not None
             for v in p.dts}
    assert years and max(years) <= 2200 and min(years) >= 1900
    assert run_import(read_fixture("fuzz", "seed1-input425.ics")) > 0


def test_interval_zero_is_an_unreadable_rule_not_an_endless_loop():
    # dateutil never advances with INTERVAL=0; the event is skipped with its reason instead.
    from daypane.core.ics.parse import parse_calendar

    summary = parse_calendar(read_fixture("fuzz", "seed93578-input522.ics")).summary
    assert any(s.reason == "an unreadable repeat rule (RRULE)" for s in summary.skipped)
    assert run_import(read_fixture("fuzz", "seed93578-input522.ics")) >= 0


def test_a_series_whose_occurrences_each_last_two_thousand_years_is_drawn_as_day_blocks():
    # Every 15 minutes since the year 1, each lasting until 2026: millions overlap any week.
    assert run_import(read_fixture("fuzz", "seed93578-input1401.ics")) > 0


def test_a_numbered_byday_in_a_daily_rule_is_refused_not_walked_to_the_year_9999():
    from daypane.core.ics.parse import parse_calendar

    summary = parse_calendar(read_fixture("fuzz", "seed93578-input929.ics")).summary
    assert any(s.reason == "an unreadable repeat rule (RRULE)" for s in summary.skipped)
    assert run_import(read_fixture("fuzz", "seed93578-input929.ics")) > 0


@pytest.mark.parametrize("name, why", [
    ("seed404337-input151.ics", "a SECONDLY series without UID escaped the dense check"),
    ("seed404337-input320.ics", "the week of 1 January of the year 1 overflowed datetime"),
])
def test_seed_404337_findings_import(name, why):
    assert run_import(read_fixture("fuzz", name)) >= 0, why


def test_byweekno_outside_a_yearly_rule_is_refused_with_a_message_not_walked_to_9999():
    # Its only event had BYWEEKNO in a MONTHLY rule (RFC 5545: YEARLY only): nothing matched.
    with pytest.raises(IcsError, match="unreadable repeat rule"):
        run_import(read_fixture("fuzz", "seed404337-input111.ics"))


def test_a_daily_count_of_a_million_from_long_ago_is_fast_forwarded():
    # seed 877335: FREQ=DAILY;COUNT=1000000 walked 739,000 days (4.4 s); now moved, count reduced.
    assert run_import(read_fixture("fuzz", "seed877335-input1644.ics")) >= 0
