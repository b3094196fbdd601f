"""The last good events of provider calendars, by week, so the app opens with them at once and
works offline.

A sync covers whole weeks; each week is stored with when it was fetched. A week's entry is
replaced as a whole, so an event deleted at the provider disappears on the next sync.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable, Sequence

from daypane.core.model import Occurrence
from daypane.core.records import Record

SCHEMA_VERSION = 1


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_for(days: Sequence[date], margin: int = 1) -> list[date]:
    """The Monday of each week shown, plus `margin` weeks either side (prefetch)."""
    first, last = week_start(min(days)), week_start(max(days))
    count = (last - first).days // 7 + 1 + 2 * margin
    return [first + timedelta(weeks=i - margin) for i in range(count)]


def occurrence_to_dict(occ: Occurrence) -> dict:
    return {"cal": occ.calendar_id, "uid": occ.uid, "title": occ.title,
            "start": occ.start.isoformat(), "end": occ.end.isoformat(), "allDay": occ.all_day,
            "location": occ.location, "description": occ.description, "status": occ.status,
            "showAs": occ.show_as, "recurring": occ.recurring, "url": occ.url,
            "joinUrl": occ.join_url, "source": occ.source}


def occurrence_from_dict(data: dict) -> Occurrence:
    parse = date.fromisoformat if data.get("allDay") else datetime.fromisoformat
    return Occurrence(calendar_id=data["cal"], uid=data["uid"], title=data.get("title", ""),
                      start=parse(data["start"]), end=parse(data["end"]),
                      location=data.get("location", ""), description=data.get("description", ""),
                      status=data.get("status", "confirmed"), show_as=data.get("showAs", "busy"),
                      recurring=bool(data.get("recurring")), url=data.get("url", ""),
                      join_url=data.get("joinUrl", ""), source=data.get("source", ""))


class EventCache:
    """Weeks of occurrences for one account: {week monday: (fetched iso, {calendar key: [...]})}."""

    def __init__(self, weeks: dict[str, dict] | None = None) -> None:
        self.weeks = dict(weeks or {})
        # Occurrences decoded once per week, not on every redraw: {week: {calendar key: [...]}}.
        self._decoded: dict[str, dict[str, list[Occurrence]]] = {}

    def dump(self) -> dict:
        return {"version": SCHEMA_VERSION, "weeks": self.weeks}

    def fetched(self, monday: date) -> str | None:
        entry = self.weeks.get(monday.isoformat())
        return entry["fetched"] if entry else None

    def put_weeks(self, mondays: Iterable[date], by_calendar: dict[str, Iterable[Occurrence]],
                  fetched: str, tz) -> None:
        """Store a sync's answer, each occurrence under every week it touches. Calendars not in
        this answer (their request failed) keep what was cached for them."""
        mondays = list(mondays)
        entries = {}
        for monday in mondays:
            kept = dict(self.weeks.get(monday.isoformat(), {}).get("calendars", {}))
            kept.update({key: [] for key in by_calendar})
            entries[monday.isoformat()] = {"fetched": fetched, "calendars": kept}
        for key, occurrences in by_calendar.items():
            for occ in occurrences:
                for monday in mondays:
                    if _touches_week(occ, monday, tz):
                        entries[monday.isoformat()]["calendars"][key].append(occurrence_to_dict(occ))
        self.weeks.update(entries)
        for week in entries:
            self._decoded.pop(week, None)

    def occurrences(self, mondays: Iterable[date], calendar_keys: set[str]) -> list[Occurrence]:
        seen, found = set(), []
        for monday in mondays:
            for key, items in self._week(monday.isoformat()).items():
                if key not in calendar_keys:
                    continue
                for occ in items:
                    ident = (key, occ.uid, occ.start)
                    if ident not in seen:
                        seen.add(ident)
                        found.append(occ)
        return found

    def _week(self, week: str) -> dict[str, list[Occurrence]]:
        if week not in self._decoded:
            entry = self.weeks.get(week) or {}
            self._decoded[week] = {key: [occurrence_from_dict(item) for item in items]
                                   for key, items in entry.get("calendars", {}).items()}
        return self._decoded[week]

    def prune(self, keep: Iterable[date]) -> None:
        """Keep only the given weeks (bounded storage)."""
        wanted = {m.isoformat() for m in keep}
        self.weeks = {k: v for k, v in self.weeks.items() if k in wanted}
        self._decoded = {k: v for k, v in self._decoded.items() if k in wanted}


def _touches_week(occ: Occurrence, monday: date, tz) -> bool:
    end_day = monday + timedelta(days=7)
    if occ.all_day:
        return occ.start < end_day and occ.end > monday
    start = occ.start.astimezone(tz).date()
    last = (occ.end - timedelta(microseconds=1)).astimezone(tz).date() if occ.end > occ.start else start
    return start < end_day and last >= monday


def _read(data: dict) -> EventCache:
    weeks = data["weeks"]
    if not isinstance(weeks, dict):
        raise ValueError("damaged week cache")
    return EventCache(weeks)


# Per account ("outlook-events:<account>"); only a copy: an old or damaged one is simply refetched.
def record(kind: str) -> Record[EventCache]:
    return Record(f"{kind}-events", SCHEMA_VERSION, read=_read, write=EventCache.dump, empty=EventCache,
                  what="cached events", per_item=True, disposable=True)

