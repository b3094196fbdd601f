"""The URL fragment is the app's navigation state ("#/day/2026-03-05"), so views are
bookmarkable and the back button works. Anything unreadable falls back to today's day view
rather than an error page: a stale or mistyped link should still open the app."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from daypane.core.calendar.month import month_days, step_month
from daypane.core.locale import ENGLISH, Conventions

VIEWS = ("day", "week", "month", "settings", "admin")
CALENDAR_VIEWS = _DATED = ("day", "week", "month")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Route:
    view: str  # "day" | "week" | "month" | "settings" | "admin"
    day: date | None = None


def _parse_day(text: str) -> date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # e.g. 2026-02-30
        return None


def parse_route(fragment: str, today: date) -> Route:
    parts = [part for part in fragment.lstrip("#").strip("/").split("/") if part]
    fallback = Route("day", today)
    if not parts or parts[0] not in VIEWS:
        return fallback
    view = parts[0]
    if view not in _DATED:
        return Route(view) if len(parts) == 1 else fallback
    if len(parts) == 1:
        return Route(view, today)
    day = _parse_day(parts[1]) if len(parts) == 2 else None
    return Route(view, day) if day else fallback


def format_route(route: Route) -> str:
    if route.view in _DATED and route.day is not None:
        return f"#/{route.view}/{route.day.isoformat()}"
    return f"#/{route.view}"


def week_days(day: date, first_weekday: int = 0) -> list[date]:
    """The seven days of the week containing ``day``, from the locale's (or the user's) first day
    of the week: a Python weekday, 0 Monday (ISO 8601) … 6 Sunday."""
    first = day - timedelta(days=(day.weekday() - first_weekday) % 7)
    return [first + timedelta(days=offset) for offset in range(7)]


def shown_days(route: Route, first_weekday: int = 0) -> list[date]:
    """The days a calendar route shows: its day, its week, or the whole weeks of its month."""
    if route.view == "week":
        return week_days(route.day, first_weekday)
    if route.view == "month":
        return month_days(route.day, first_weekday)
    return [route.day]


def step(route: Route, direction: int) -> Route:
    """Previous/next page: one day, week or month."""
    if route.view not in _DATED or route.day is None:
        return route
    if route.view == "month":
        return replace(route, day=step_month(route.day, direction))
    size = 7 if route.view == "week" else 1
    try:
        return replace(route, day=route.day + timedelta(days=size * direction))
    except OverflowError:  # past year 9999 or before year 1: stay put
        return route


def _week_span(first: date, last: date, conv: Conventions) -> str:
    """"2–8 Mar 2026", "30 Mar – 5 Apr 2026", "29 Dec 2025 – 4 Jan 2026" (each in the locale's
    order, as Intl's formatRange writes them): short enough for one line above the grid."""
    if first.year != last.year:
        return f"{conv.date('short_date', first)} – {conv.date('short_date', last)}"
    if first.month != last.month:
        return f"{conv.date('day_month', first)} – {conv.date('short_date', last)}"
    return conv.patterns["short_date"].with_day_span(last.day).format(first)


def title(route: Route, today: date, conv: Conventions = ENGLISH) -> str:
    """Heading of the view, short (it shares a line with the navigation), e.g. "Today, Wed 4 Mar
    2026", "2–8 Mar 2026", "March 2026"; each date's full name is on its column and in the mini month."""
    if route.view == "settings":
        return "Settings"
    if route.view == "admin":
        return "Admin"
    day = route.day or today
    if route.view == "month":
        return conv.date("month_year", day)
    if route.view == "week":
        days = week_days(day, conv.first_weekday)
        return _week_span(days[0], days[-1], conv)
    name = conv.date("title_day", day)
    return f"Today, {name}" if day == today else name
