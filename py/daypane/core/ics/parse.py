"""Import an .ics file and answer "which occurrences fall in this range?".

icalendar parses (it also resolves Windows TZIDs such as "W. Europe Standard Time", with or
without a VTIMEZONE), recurring_ical_events expands series, overrides and EXDATEs and applies
Google/Apple's X-WR-TIMEZONE. This module adds what an app needs on top: clear errors for
files that are not calendars, a summary of what was left out, and resilience so that one bad
series never hides the rest of a calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta, timezone, tzinfo

import icalendar
import recurring_ical_events
from icalendar.timezone import tzp

from daypane.core.ics.checks import component_problem, uid_of
from daypane.core.ics.expand import Bounded, dense_masters, expand
from daypane.core.ics.occurrence import as_datetime, sort_key, text, to_occurrence
from daypane.core.ics.sniff import decode, drop_runaway_zones, not_a_calendar
from daypane.core.ics.summary import ImportSummary, Skipped, count_events, describe_skipped
from daypane.core.model import Occurrence

__all__ = ["IcsError", "ImportSummary", "ParsedCalendar", "Skipped", "forget_custom_time_zones", "parse_calendar"]

# The expansion window is widened by this much and then trimmed exactly, so that floating
# times and all-day dates (which have no zone of their own) are never lost at the edges.
_MARGIN = timedelta(days=2)


# Ranges whose answers a parsed calendar keeps: the weeks around the one shown, and the day views
# inside them.
ANSWERS_KEPT = 8


class IcsError(ValueError):
    """The file cannot be imported; the message is a complete user-facing sentence:
    what happened and what to do."""


class ParsedCalendar:
    """A successfully imported calendar: the cleaned icalendar.Calendar plus its summary.

    The calendar holds only time zones and usable events; expansion is set up once, on the
    first query, and reused for every later range (that set-up is the expensive part). Each
    series is then expanded on its own, with bounded work (``expand``).
    """

    def __init__(
        self,
        calendar: icalendar.Calendar,
        summary: ImportSummary,
        floating_tz: tzinfo,
        recurring_uids: frozenset[str],
    ) -> None:
        self.calendar = calendar
        self.summary = summary
        self.floating_tz = floating_tz
        self._recurring_uids = recurring_uids
        self._all_series: list | None = None
        self._dense = dense_masters(c for c in calendar.subcomponents if c.name == "VEVENT")
        self.bounded: dict[str, Bounded] = {}  # UID -> why that series is drawn simplified
        # Recent answers, newest last. A calendar never changes once parsed, so going back to a week
        # shown before costs no expansion (for 1,000 events a week, ~100 ms under CPython).
        self._answers: list[tuple[tuple, list[Occurrence]]] = []

    def occurrences(self, calendar_id: str, start: datetime, end: datetime) -> list[Occurrence]:
        """Occurrences overlapping [start, end) (aware datetimes), sorted by start.

        Cancelled occurrences are included with status "cancelled" so the UI can show them
        struck through. All-day dates are placed in the zone of ``start``. A series that would
        cost too much is drawn simplified (``expand``); ``bounded`` then says which and why.
        """
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("occurrences() needs timezone-aware start and end")
        # The zones are part of the question: all-day dates are placed in start's zone, and aware
        # datetimes in different zones compare equal when they name the same instant.
        key = (calendar_id, start, end, start.tzinfo, end.tzinfo)
        for number, (known, answer) in enumerate(self._answers):
            if known == key:
                self._answers.append(self._answers.pop(number))
                return list(answer)
        result = self._expand(calendar_id, start, end)
        self._answers.append((key, result))
        del self._answers[:-ANSWERS_KEPT]
        return list(result)

    def _expand(self, calendar_id: str, start: datetime, end: datetime) -> list[Occurrence]:
        window = (_widened(start, -_MARGIN), _widened(end, _MARGIN))
        days = -(-(window[1] - window[0]) // timedelta(days=1))  # the cap counts what is expanded
        found = expand(self._series(), self._dense, *window, days, self.floating_tz)
        for item in found.bounded:
            self.bounded.setdefault(item.uid, item)
        result = []
        for component in found.components:
            occurrence = to_occurrence(
                component,
                calendar_id,
                self.floating_tz,
                uid_of(component) in self._recurring_uids,
            )
            if _overlaps(occurrence, start, end):
                result.append(occurrence)
        for master, begin, finish, words in found.blocks:
            occurrence = _block(to_occurrence(master, calendar_id, self.floating_tz, True),
                                begin, finish, words)
            if _overlaps(occurrence, start, end):
                result.append(occurrence)
        zone = start.tzinfo
        result.sort(key=lambda occ: sort_key(occ, zone))
        return result

    def _series(self) -> list:
        """Every series of the calendar (recurring_ical_events), set up once: the expensive part.
        When the calendar as a whole is refused, each UID is set up on its own."""
        if self._all_series is None:
            try:
                self._all_series = list(recurring_ical_events.of(self.calendar, skip_bad_series=True).series)
            except Exception:  # noqa: BLE001 - one bad series must not hide the others
                self._all_series = [s for query in _series_queries(self.calendar) for s in query.series]
        return self._all_series


def _widened(moment: datetime, margin: timedelta) -> datetime:
    """``moment + margin``, or ``moment`` at the ends of what datetime holds (the week of 1 January
    of the year 1 is a route like any other: tools.fuzz)."""
    try:
        return moment + margin
    except OverflowError:
        return moment


def _block(occurrence: Occurrence, begin: datetime, finish: datetime, words: str) -> Occurrence:
    """One day of a dense series, marked in its title and explained in its description."""
    note = f"This event repeats {words}; Daypane shows it as one block per day."
    return replace(occurrence, start=begin, end=finish, title=f"{occurrence.title} (repeats {words})",
                   description=f"{note}\n\n{occurrence.description}".strip())


def _series_queries(calendar: icalendar.Calendar) -> Iterable:
    """One expansion query per UID (a series with its overrides), each with the time zones."""
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    groups: dict[str, list] = {}
    for index, component in enumerate(calendar.subcomponents):
        if component.name == "VEVENT":
            # Events without a UID cannot belong to a series: keep each on its own.
            key = uid_of(component) or f"\0{index}"
            groups.setdefault(key, []).append(component)
    for members in groups.values():
        mini = _empty_like(calendar)
        for component in zones + members:
            mini.add_component(component)
        try:
            yield recurring_ical_events.of(mini, skip_bad_series=True)
        except Exception:  # noqa: BLE001 - unusable series: leave it out
            continue


def _empty_like(calendar: icalendar.Calendar) -> icalendar.Calendar:
    """A calendar with the same properties (X-WR-TIMEZONE matters) and no components."""
    copy = icalendar.Calendar()
    for key, value in calendar.items():
        copy[key] = value
    return copy


def _overlaps(occurrence: Occurrence, start: datetime, end: datetime) -> bool:
    zone = start.tzinfo
    begin = as_datetime(occurrence.start, zone)
    finish = as_datetime(occurrence.end, zone)
    if begin == finish:  # zero-length: shown if its instant is in the range
        return start <= begin < end
    return begin < end and finish > start


# Excluded dates outside these years never touch a range Daypane draws, yet each costs an offset
# lookup: with a VTIMEZONE whose rules start in 1601, one in the year 9999 walks 8,400 years of
# changes (tools.fuzz: 2,600 of them took 2.7 s under CPython).
_EXDATE_YEARS = range(1900, 2201)


def _trim_exdates(event) -> None:
    props = event.get("EXDATE")
    for prop in props if isinstance(props, list) else [props] if props is not None else []:
        dts = getattr(prop, "dts", None)
        if dts:
            prop.dts = [v for v in dts if getattr(getattr(v, "dt", None), "year", 2000) in _EXDATE_YEARS]


def forget_custom_time_zones() -> None:
    """Empty icalendar's process-wide cache of VTIMEZONE definitions.

    icalendar remembers the first VTIMEZONE it sees for each non-standard TZID and reuses it
    for every later file. Outlook names many different zones "Customized Time Zone", so a
    second imported calendar would silently get the first one's offsets (hours off).
    Re-selecting the current provider starts a fresh cache; times already parsed keep their
    own tzinfo objects, so earlier calendars are unaffected.
    """
    tzp.use(tzp.name)


def _read(text_: str) -> list[icalendar.Calendar]:
    forget_custom_time_zones()
    try:
        calendars = icalendar.Calendar.from_ical(drop_runaway_zones(text_), multiple=True)
    except Exception as error:  # noqa: BLE001 - icalendar raises many types on bad input
        detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise IcsError(
            f"This calendar file is damaged and could not be read ({detail}). "
            "Export it again from your calendar app and import the new file."
        ) from error
    calendars = [c for c in calendars if c.name == "VCALENDAR"]
    if not calendars:
        raise IcsError(
            "This file has no calendar in it (no VCALENDAR). "
            "Choose an .ics file exported from your calendar app."
        )
    return calendars


def parse_calendar(data: bytes | str, *, floating_tz: tzinfo | None = None) -> ParsedCalendar:
    """Read an .ics file. Raises IcsError (user-facing message) when nothing can be shown.

    ``floating_tz`` is the zone for floating times (no TZID, no Z): normally the viewer's own
    zone; UTC when not given.
    """
    problem = not_a_calendar(data)
    if problem:
        raise IcsError(problem)
    calendars = _read(decode(data))
    first = calendars[0]
    scale = text(first, "CALSCALE").upper() or "GREGORIAN"
    if scale != "GREGORIAN":
        raise IcsError(
            f"This calendar uses the {scale} calendar scale; Daypane can only show Gregorian "
            "calendars. Export it from your calendar app with the Gregorian calendar."
        )
    clean = _empty_like(first)
    skipped: list[Skipped] = []
    events = []
    recurring: set[str] = set()
    for calendar in calendars:  # several VCALENDARs in one file are merged
        for component in calendar.subcomponents:
            problem_ = component_problem(component)
            if problem_ is not None:
                skipped.append(problem_)
                continue
            clean.add_component(component)
            if component.name == "VEVENT":
                _trim_exdates(component)
                events.append(component)
                if any(name in component for name in ("RRULE", "RDATE", "RECURRENCE-ID")):
                    recurring.add(uid_of(component))
    name = text(first, "X-WR-CALNAME").strip()
    counted = count_events((uid_of(e), "RECURRENCE-ID" not in e) for e in events)
    summary = ImportSummary(name=name, events=counted, skipped=tuple(skipped))
    if not events:
        who = f"“{name}”" if name else "This calendar"
        rest = describe_skipped(summary.skipped)
        raise IcsError(
            f"{who} contains no events.{' ' + rest if rest else ''} "
            "Choose a calendar file that has events in it."
        )
    return ParsedCalendar(clean, summary, floating_tz or timezone.utc, frozenset(recurring))
