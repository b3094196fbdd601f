"""The month view's values: whole weeks from the locale's first weekday, the first chips of a day
and "+N more" for the rest, scheduled tasks, and stepping by months."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from daypane.core.calendar.layout import layout_days
from daypane.core.calendar.month import MAX_CHIPS, month_days, month_grid, step_month
from daypane.core.calendar.routes import Route, parse_route, shown_days, step, title
from daypane.core.model import Occurrence
from daypane.core.tasks.task import Task
from tests.support.fixtures import locale

BERLIN = ZoneInfo("Europe/Berlin")


def event(title: str, day: int, hour: int, minutes: int = 30) -> Occurrence:
    start = datetime(2026, 3, day, hour, tzinfo=BERLIN)
    return Occurrence(calendar_id="c", uid=f"{title}-{day}-{hour}", title=title, start=start,
                      end=start.replace(minute=minutes))


def test_a_month_is_the_whole_weeks_that_hold_it_from_the_locales_first_weekday():
    march = month_days(date(2026, 3, 18), first_weekday=0)
    assert (march[0], march[-1], len(march)) == (date(2026, 2, 23), date(2026, 4, 5), 42)
    february = month_days(date(2026, 2, 10), first_weekday=0)  # 1 Feb 2026 is a Sunday
    assert (february[0], february[-1], len(february)) == (date(2026, 1, 26), date(2026, 3, 1), 35)
    sunday_first = month_days(date(2026, 3, 18), first_weekday=6)
    assert (sunday_first[0], len(sunday_first)) == (date(2026, 3, 1), 35)


def test_stepping_by_months_keeps_the_day_or_takes_the_months_last():
    assert step_month(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert step_month(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert step_month(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert step_month(date(9999, 12, 1), 1) == date(9999, 12, 1)  # the end of the calendar: stays
    assert step(Route("month", date(2026, 3, 4)), 1) == Route("month", date(2026, 4, 4))


def test_the_month_route_reads_back_and_shows_its_weeks_under_the_months_name():
    route = parse_route("#/month/2026-03-04", date(2026, 3, 4))
    assert route == Route("month", date(2026, 3, 4))
    assert len(shown_days(route)) == 42
    assert title(route, date(2026, 3, 4)) == "March 2026"
    assert title(route, date(2026, 3, 4), locale("de-DE")) == "März 2026"
    assert title(route, date(2026, 3, 4), locale("ja-JP")) == "2026年3月"


def test_a_crowded_day_shows_its_first_chips_and_counts_the_rest_as_more():
    days = month_days(date(2026, 3, 4))
    busy = [event(f"Meeting {n}", 4, 8 + n) for n in range(6)]
    cells = {cell.day: cell for cell in month_grid(layout_days(busy, days, BERLIN), date(2026, 3, 4),
                                                     date(2026, 3, 4), {})}
    wednesday = cells[date(2026, 3, 4)]
    assert [c.occurrence.title for c in wednesday.chips] == [f"Meeting {n}" for n in range(MAX_CHIPS)]
    assert wednesday.hidden_count == 6 - MAX_CHIPS and wednesday.chips[0].minute == 8 * 60
    assert wednesday.is_today and wednesday.in_month and not cells[date(2026, 2, 23)].in_month


def test_one_chip_too_many_is_shown_rather_than_a_plus_one():
    days = month_days(date(2026, 3, 4))
    four = [event(f"Meeting {n}", 5, 8 + n) for n in range(MAX_CHIPS + 1)]
    cell = next(c for c in month_grid(layout_days(four, days, BERLIN), date(2026, 3, 4), date(2026, 3, 4), {})
                if c.day == date(2026, 3, 5))
    assert len(cell.chips) == MAX_CHIPS + 1 and cell.hidden_count == 0


def test_scheduled_tasks_are_listed_and_the_rest_counted():
    days = month_days(date(2026, 3, 4))
    tasks = tuple(Task(f"t{n}", f"Task {n}", scheduled=date(2026, 3, 6)) for n in range(4))
    cell = next(c for c in month_grid(layout_days([], days, BERLIN), date(2026, 3, 4), date(2026, 3, 4),
                                      {date(2026, 3, 6): tasks}) if c.day == date(2026, 3, 6))
    assert [t.title for t in cell.tasks] == ["Task 0", "Task 1"] and cell.hidden_count == 2


def test_the_mini_months_keys_move_by_a_day_a_week_or_a_month():
    from daypane.core.calendar.month import moved
    day = date(2026, 3, 31)
    assert [moved(day, key) for key in ("ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown")] == [
        date(2026, 3, 30), date(2026, 4, 1), date(2026, 3, 24), date(2026, 4, 7), date(2026, 2, 28), date(2026, 4, 30)]
    assert moved(day, "a") is None and moved(date(9999, 12, 31), "ArrowRight") == date(9999, 12, 31)
