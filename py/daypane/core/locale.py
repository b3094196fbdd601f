"""A locale's conventions for writing dates and times, as plain values.

The browser knows the user's locale (Intl); Python in Pyodide knows only the C locale, so `%a` and
`%B` would write English everywhere. The browser edge hands over, once, what Intl says
(static/locale.js: each date pattern as parts of one reference day, the names its fields take,
the 12- and 24-hour clock, the first day of the week) and `from_intl` turns it into
`Conventions`. Everything that writes a date or a time takes one, so what a user in Germany,
Japan or the US sees can be tested exactly under CPython.

`ENGLISH` (British English, as Chromium's Intl writes it) is the default wherever none is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from itertools import takewhile

# The week starts on Sunday or Saturday in these regions and on Monday elsewhere (CLDR's
# weekData), for browsers whose Intl.Locale has no week information.
SUNDAY_FIRST = frozenset(
    "AG AS BD BR BS BT BW BZ CA CN CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT "
    "MX MZ NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW".split())
SATURDAY_FIRST = frozenset("AE AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY".split())

WEEK_STARTS = {"monday": 0, "saturday": 5, "sunday": 6}  # the setting's values, as Python weekdays
TIME_FORMATS = ("24", "12")
FIELDS = ("weekday", "day", "month", "year")


class LocaleError(ValueError):
    """What the browser handed over is not a locale description (a bug, never user data)."""


@dataclass(frozen=True)
class Pattern:
    """One way of writing a day, e.g. "Wednesday, 4 March 2026": literal text and fields in the
    locale's order, and the names its weekday (Monday first) and month fields take."""

    parts: tuple[tuple[str, str], ...]       # (field, "") or ("literal", text)
    weekdays: tuple[str, ...] = ()
    months: tuple[str, ...] = ()

    def format(self, day: date) -> str:
        out = []
        for kind, text in self.parts:
            if kind == "weekday":
                out.append(self.weekdays[day.weekday()])
            elif kind == "day":
                out.append(str(day.day))
            elif kind == "month":
                out.append(self.months[day.month - 1])
            elif kind == "year":
                out.append(str(day.year))
            else:
                out.append(text)
        return "".join(out)

    def with_day_span(self, last: int) -> "Pattern":
        """The same pattern with its day written as a span, as Intl's formatRange writes it: "2–8
        Mar", "Mar 2–8, 2026", and where the day carries a mark of its own, on both ends: "2.–8.
        März", "3月2日–8日" (the mark is what the literal after the day starts with, up to a space
        or a comma)."""
        parts = list(self.parts)
        for at, (kind, _) in enumerate(parts):
            if kind == "day":
                after = parts[at + 1][1] if at + 1 < len(parts) and parts[at + 1][0] == "literal" else ""
                # A comma is the next field's separator ("Mar 2, 2026"), never the day's own mark.
                mark = "".join(takewhile(lambda c: not c.isspace() and c not in ",，、", after))
                parts[at + 1:at + 1] = [("literal", f"{mark}–{last}")]
                break
        return replace(self, parts=tuple(parts))


@dataclass(frozen=True)
class Clock:
    """How a time of day is written: 24-hour "09:05" / "21:05", or 12-hour "9:05 PM", "午後9:05"."""

    parts: tuple[tuple[str, str], ...]
    am: str = "AM"
    pm: str = "PM"
    twelve: bool = False            # hours 1–12 (with the day period, where the parts have it)

    def format(self, moment: time | datetime) -> str:
        out = []
        for kind, text in self.parts:
            if kind == "hour":
                out.append(str(moment.hour % 12 or 12) if self.twelve else f"{moment.hour:02d}")
            elif kind == "minute":
                out.append(f"{moment.minute:02d}")
            elif kind == "dayPeriod":
                out.append(self.am if moment.hour < 12 else self.pm)
            else:
                out.append(text)
        return "".join(out)

    def without(self, dropped: str) -> "Clock":
        """This clock with one field left out, and the literal text joining it to the rest
        ("9 PM" without the minutes, "9:05" without the day period)."""
        parts = list(self.parts)
        kinds = [kind for kind, _ in parts]
        if dropped not in kinds:
            return self
        at = kinds.index(dropped)
        del parts[at]
        if at > 0 and parts[at - 1][0] == "literal":      # the joint before it ("9:|05", "9:05| PM")
            del parts[at - 1]
        elif at < len(parts) and parts[at][0] == "literal":  # or after it, for a leading field
            del parts[at]
        return replace(self, parts=tuple(parts))

    def span(self, start: time | datetime, end: time | datetime) -> str:
        """A range of times; on a 12-hour clock the day period once where both share it, on the
        outside: "9:30–10:00 AM", "11:30 AM–12:30 PM", "午前9:30–10:00"."""
        if not self.twelve or (start.hour < 12) != (end.hour < 12):
            return f"{self.format(start)}–{self.format(end)}"
        bare = self.without("dayPeriod")
        if self.parts[0][0] == "dayPeriod":
            return f"{self.format(start)}–{bare.format(end)}"
        return f"{bare.format(start)}–{self.format(end)}"


@dataclass(frozen=True)
class Conventions:
    tag: str                        # the BCP 47 tag Intl resolved, e.g. "de-DE"
    first_weekday: int              # the week's first day as a Python weekday: 0 Monday … 6 Sunday
    patterns: Mapping[str, Pattern]
    clock24: Clock
    clock12: Clock
    hour12: bool = False            # which clock times are written with

    def date(self, pattern: str, day: date) -> str:
        return self.patterns[pattern].format(day)

    @property
    def clock(self) -> Clock:
        return self.clock12 if self.hour12 else self.clock24

    def time(self, moment: time | datetime) -> str:
        return self.clock.format(moment)

    def time_span(self, start: time | datetime, end: time | datetime) -> str:
        return self.clock.span(start, end)

    def hour(self, hour: int) -> str:
        """An hour of the grid's gutter: "09:00", or on a 12-hour clock "9 AM" (as Outlook's)."""
        moment = time(hour)
        return self.clock12.without("minute").format(moment) if self.hour12 else self.clock24.format(moment)

    def day_span(self, first: date, last: date) -> str:
        """Two days in the same month, the way the locale writes "4 Mar": "2–8 Mar", "Mar 2–8"."""
        return self.patterns["day_month"].with_day_span(last.day).format(first)

    def with_choices(self, week_start: str = "", time_format: str = "") -> "Conventions":
        """The user's own choices in Settings ("" keeps the locale's)."""
        first = WEEK_STARTS.get(week_start, self.first_weekday)
        hour12 = {"24": False, "12": True}.get(time_format, self.hour12)
        return replace(self, first_weekday=first, hour12=hour12)

    def __hash__(self) -> int:  # patterns is a dict: hash what identifies a locale's choices
        return hash((self.tag, self.first_weekday, self.hour12))


def week_start_for(first_day: int | None, region: str) -> int:
    """The first day of the week as a Python weekday, from Intl's weekInfo.firstDay (ISO: 1 Monday
    … 7 Sunday) or, where the browser has none, from the region."""
    if isinstance(first_day, int) and 1 <= first_day <= 7:
        return first_day - 1
    region = region.upper()
    return 6 if region in SUNDAY_FIRST else 5 if region in SATURDAY_FIRST else 0


def _parts(raw: Sequence, what: str) -> tuple[tuple[str, str], ...]:
    try:
        pairs = [(str(kind), str(text)) for kind, text in raw]
    except (TypeError, ValueError) as error:
        raise LocaleError(f"{what}: not a list of [type, value] parts") from error
    if not pairs:
        raise LocaleError(f"{what}: no parts")
    # A field keeps no text of its own: its value is written from the day at hand.
    return tuple((kind, text if kind == "literal" else "") for kind, text in pairs)


def _names(names: Mapping, key: str, count: int, what: str) -> tuple[str, ...]:
    found = tuple(str(name) for name in names.get(key) or ())
    if len(found) != count or not all(found):
        raise LocaleError(f"{what}: expected {count} {key} names, got {len(found)}")
    return found


PATTERNS = ("title_day", "date", "day", "short", "day_month", "short_date", "weekday_day", "month_year")  # static/locale.js's


def _pattern(raw: Sequence, names: Mapping, what: str) -> Pattern:
    parts = tuple((k, t) for k, t in _parts(raw, what) if k in FIELDS or k == "literal")
    kinds = {kind for kind, _ in parts}
    own = names.get(what) if isinstance(names, Mapping) else None
    own = own if isinstance(own, Mapping) else {}
    return Pattern(
        parts=parts,
        weekdays=_names(own, "weekday", 7, what) if "weekday" in kinds else (),
        months=_names(own, "month", 12, what) if "month" in kinds else (),
    )


def _clock(raw: Sequence, am: str, pm: str, what: str, twelve: bool) -> Clock:
    parts = _parts(raw, what)
    kept = tuple((k, t) for k, t in parts if k in ("hour", "minute", "dayPeriod", "literal"))
    if not {"hour", "minute"} <= {k for k, _ in kept}:
        raise LocaleError(f"{what}: no hour and minute")
    return Clock(kept, am=am or "AM", pm=pm or "PM", twelve=twelve)


def from_intl(data: Mapping) -> Conventions:
    """Conventions from what static/locale.js read from Intl. Raises LocaleError if it is not that."""
    try:
        raw_patterns, names = data["patterns"], data["names"]
    except (KeyError, TypeError) as error:
        raise LocaleError("no patterns or names") from error
    missing = set(PATTERNS) - set(raw_patterns or ())
    if missing:
        raise LocaleError(f"missing patterns: {', '.join(sorted(missing))}")
    patterns = {name: _pattern(raw_patterns[name], names, name) for name in PATTERNS}
    am, pm = str(data.get("am") or "AM"), str(data.get("pm") or "PM")
    first = data.get("firstDay")
    return Conventions(
        tag=str(data.get("tag") or "und"),
        first_weekday=week_start_for(first if isinstance(first, int) else None, str(data.get("region") or "")),
        patterns=patterns,
        clock24=_clock(data.get("clock24"), am, pm, "clock24", twelve=False),
        clock12=_clock(data.get("clock12"), am, pm, "clock12", twelve=True),
        hour12=str(data.get("hourCycle")) in ("h11", "h12"),
    )


def _english() -> Conventions:
    """British English as Chromium's Intl writes it: what the app wrote before it followed the
    browser's locale, and the default for code and tests that do not name one."""
    weekdays_long = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    months_long = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")
    short_days = tuple(n[:3] for n in weekdays_long)
    short_months = tuple("Sept" if n == "September" else n[:3] for n in months_long)  # ICU's en-GB
    names = {"title_day": {"weekday": short_days, "month": short_months}, "date": {"month": months_long},
             "day": {"weekday": weekdays_long, "month": months_long},
             "short": {"weekday": short_days, "month": short_months}, "day_month": {"month": short_months},
             "short_date": {"month": short_months},
             "weekday_day": {"weekday": short_days}, "month_year": {"month": months_long}}
    sp = ("literal", " ")
    w, d, m, y = ("weekday", ""), ("day", ""), ("month", ""), ("year", "")
    return from_intl({
        "tag": "en-GB", "region": "GB", "firstDay": 1, "hourCycle": "h23", "names": names,
        "patterns": {"title_day": [w, ("literal", ", "), d, sp, m, sp, y], "date": [d, sp, m, sp, y],
                     "day": [w, sp, d, sp, m], "short": [w, sp, d, sp, m], "day_month": [d, sp, m],
                     "short_date": [d, sp, m, sp, y],
                     "weekday_day": [w, sp, d], "month_year": [m, sp, y]},
        "clock24": [("hour", ""), ("literal", ":"), ("minute", "")],
        "clock12": [("hour", ""), ("literal", ":"), ("minute", ""), sp, ("dayPeriod", "")],
        "am": "am", "pm": "pm"})


ENGLISH = _english()
