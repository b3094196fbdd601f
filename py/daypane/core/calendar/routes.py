"""The URL fragment is the app's navigation state ("#/day/2026-03-05"), so views are
bookmarkable and the back button works. Anything unreadable falls back to today's day view
rather than an error page: a stale or mistyped link should still open the app."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

VIEWS = ("day", "week", "settings", "admin")
_DATED = ("day", "week")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# English names, spelled out so titles do not depend on the platform locale (strftime %A does).
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)


@dataclass(frozen=True)
class Route:
    view: str  # "day" | "week" | "settings" | "admin"
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


def week_days(day: date) -> list[date]:
    """Monday to Sunday of the ISO week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]


def step(route: Route, direction: int) -> Route:
    """Previous/next page: one day in the day view, one week in the week view."""
    if route.view not in _DATED or route.day is None:
        return route
    size = 7 if route.view == "week" else 1
    try:
        return replace(route, day=route.day + timedelta(days=size * direction))
    except OverflowError:  # past year 9999 or before year 1: stay put
        return route


def _long(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _short(day: date, year: bool) -> str:
    text = f"{day.day} {_MONTHS[day.month - 1][:3]}"
    return f"{text} {day.year}" if year else text


def _week_span(first: date, last: date) -> str:
    """"2–8 Mar", "30 Mar – 5 Apr", "29 Dec 2025 – 4 Jan 2026"."""
    if first.year != last.year:
        return f"{_short(first, True)} – {_short(last, True)}"
    if first.month != last.month:
        return f"{_short(first, False)} – {_short(last, False)}"
    return f"{first.day}–{_short(last, False)}"


def title(route: Route, today: date) -> str:
    """Heading of the view, e.g. "Today, Thursday 5 March 2026"."""
    if route.view == "settings":
        return "Settings"
    if route.view == "admin":
        return "Admin"
    day = route.day or today
    if route.view == "week":
        days = week_days(day)
        monday = days[0]
        return (
            f"Week of {monday.day} {_MONTHS[monday.month - 1]} {monday.year} "
            f"({_week_span(days[0], days[-1])})"
        )
    return f"Today, {_long(day)}" if day == today else _long(day)
