"""What the lazy-index tests share: comparing occurrences across parses, ranges to ask, tiny calendars."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from daypane.core.ics.index.builder import build_index_now
from daypane.core.ics.index.lazy import LazyCalendar
from daypane.core.ics.parse import parse_calendar
from daypane.core.ics.sniff import decode

UTC = timezone.utc
LA = ZoneInfo("America/Los_Angeles")
_DTSTART = re.compile(r"^DTSTART[^:\r\n]*:\s*(\d{8})", re.M)


def _value(value):
    # Equal instants in a DST fold compare unequal across tzinfo objects (PEP 495); every parse
    # makes its own VTIMEZONE objects, so compare wall time, offset and zone name instead.
    if isinstance(value, datetime):
        return (value.isoformat(), value.utcoffset(), value.tzname())
    return value


def same(found):
    return [tuple(_value(v) for v in vars(o).values()) for o in found]


def starts(text: str) -> list[datetime]:
    days = set()
    for match in _DTSTART.finditer(text):
        try:
            day = datetime.strptime(match.group(1), "%Y%m%d").replace(tzinfo=UTC)
        except ValueError:
            continue
        if day.year >= 1900:
            days.add(day)
    return sorted(days) or [datetime(2019, 1, 1, tzinfo=UTC)]


def ranges_for(text: str) -> list[tuple[datetime, datetime]]:
    found = []
    days = starts(text)
    for day in days[:4] + days[-2:]:
        for offset in (-7, 0, 7):
            begin = day + timedelta(days=offset, hours=-3)
            found.append((begin, begin + timedelta(days=7)))
        found.append((day - timedelta(days=91), day + timedelta(days=92)))
    tokyo = ZoneInfo("Asia/Tokyo")
    found.append((datetime(2035, 1, 1, tzinfo=tokyo), datetime(2035, 1, 8, tzinfo=tokyo)))
    return found


def full_and_lazy(data, floating_tz=LA):
    full = parse_calendar(data, floating_tz=floating_tz)
    index = build_index_now(data)
    lazy = LazyCalendar(index, decode(data), floating_tz)
    return full, index, lazy


CAL = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{}END:VCALENDAR\r\n"


def event(uid: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{uid}\r\n{body}END:VEVENT\r\n"


def seconds(moment: datetime) -> int:
    moment = moment.astimezone(UTC)
    return moment.toordinal() * 86400 + moment.hour * 3600 + moment.minute * 60 + moment.second
