"""URL fragments <-> views: bookmarkable, and forgiving of bad links."""

from datetime import date

import pytest

from daypane.core.calendar.routes import Route, format_route, parse_route, step, title, week_days
from tests.support.fixtures import locale

TODAY = date(2026, 3, 5)  # a Thursday


@pytest.mark.parametrize("fragment", ["", "#", "#/", "#/nonsense", "#/day/2026-02-30", "#/day/5-3-2026",
                                      "#/week/2026-13-01", "#/day/2026-03-05/extra", "#/settings/x", "garbage"])
def test_unreadable_fragments_open_today(fragment):
    assert parse_route(fragment, TODAY) == Route("day", TODAY)


@pytest.mark.parametrize(
    ("fragment", "route"),
    [
        ("#/day/2026-03-01", Route("day", date(2026, 3, 1))),
        ("#/week/2026-03-05", Route("week", date(2026, 3, 5))),  # not moved to Monday
        ("#/week", Route("week", TODAY)),
        ("#/day/", Route("day", TODAY)),
        ("#/settings", Route("settings")),
        ("#/admin", Route("admin")),
    ],
)
def test_parse_known_routes(fragment, route):
    assert parse_route(fragment, TODAY) == route


@pytest.mark.parametrize("route", [Route("day", date(2026, 3, 1)), Route("week", TODAY), Route("settings"), Route("admin")])
def test_format_round_trips(route):
    assert parse_route(format_route(route), TODAY) == route


def test_format_examples():
    assert format_route(Route("day", date(2026, 3, 5))) == "#/day/2026-03-05"
    assert format_route(Route("week", date(2026, 3, 5))) == "#/week/2026-03-05"
    assert format_route(Route("settings")) == "#/settings"


def test_week_days_are_monday_to_sunday():
    assert week_days(TODAY) == [date(2026, 3, d) for d in range(2, 9)]
    assert week_days(date(2026, 3, 8))[0] == date(2026, 3, 2)  # Sunday belongs to the week before
    assert week_days(date(2026, 3, 9))[0] == date(2026, 3, 9)


def test_a_week_can_start_on_sunday_or_saturday():
    assert week_days(TODAY, 6) == [date(2026, 3, d) for d in range(1, 8)]     # Sun 1 – Sat 7
    assert week_days(date(2026, 3, 7), 6)[0] == date(2026, 3, 1)              # Saturday ends it
    assert week_days(date(2026, 3, 8), 6)[0] == date(2026, 3, 8)              # Sunday begins the next
    assert week_days(TODAY, 5) == [date(2026, 2, 28)] + [date(2026, 3, d) for d in range(1, 7)]


def test_titles_in_other_locales():
    us, de, ja = locale("en-US"), locale("de-DE"), locale("ja-JP")
    assert title(Route("day", TODAY), TODAY, us) == "Today, Thu, Mar 5, 2026"
    assert title(Route("week", TODAY), TODAY, us) == "Mar 1–7, 2026"
    assert title(Route("week", date(2026, 1, 1)), TODAY, us) == "Dec 28, 2025 – Jan 3, 2026"
    assert title(Route("week", TODAY), TODAY, de) == "2.–8. März 2026"
    assert title(Route("week", date(2026, 4, 1)), TODAY, de) == "30. März – 5. Apr. 2026"
    assert title(Route("week", TODAY), TODAY, ja) == "2026年3月1日–7日"


def test_step_moves_by_day_or_week():
    assert step(Route("day", TODAY), 1) == Route("day", date(2026, 3, 6))
    assert step(Route("day", date(2026, 3, 1)), -1) == Route("day", date(2026, 2, 28))
    assert step(Route("week", TODAY), -1) == Route("week", date(2026, 2, 26))
    assert step(Route("settings"), 1) == Route("settings")
    assert step(Route("day", date.max), 1) == Route("day", date.max)


def test_titles():
    assert title(Route("day", TODAY), TODAY) == "Today, Thu, 5 Mar 2026"
    assert title(Route("day", date(2026, 3, 6)), TODAY) == "Fri, 6 Mar 2026"
    assert title(Route("week", TODAY), TODAY) == "2–8 Mar 2026"
    assert title(Route("week", date(2026, 4, 1)), TODAY) == "30 Mar – 5 Apr 2026"
    assert title(Route("week", date(2026, 1, 1)), TODAY) == "29 Dec 2025 – 4 Jan 2026"
    assert title(Route("settings"), TODAY) == "Settings"
