"""Generate a big, realistic, deterministic .ics calendar (for the import benchmark and tests).

    python tools/gen_ics.py --events 10000 --seed 1 -o big.ics [--anchor 2026-03-02]

What is in it (all chosen by a seeded ``random.Random``, so one seed gives one file, byte for byte):
- VTIMEZONE blocks with their real DST rules: Europe/Berlin, America/New_York, Europe/London,
  Asia/Kolkata;
- events in those zones, in Windows zones *without* a VTIMEZONE ("W. Europe Standard Time",
  "Pacific Standard Time", as Outlook writes them), in UTC, in floating time, and all-day;
- ``events`` series (one UID each) spread over about three years around ``anchor`` (18 months each
  side); 15% of them recur (weekly / daily / monthly RRULE ending with COUNT or UNTIL), with EXDATEs
  (single and multi-valued) and RECURRENCE-ID overrides written as separate VEVENTs with the
  master's UID (moved, retitled, or cancelled). Overrides are extra VEVENTs: ``events`` counts
  series, as Daypane's import summary does;
- realistic text: SUMMARY, LOCATION and multi-line DESCRIPTION with commas, semicolons and
  backslashes escaped and non-ASCII names, ORGANIZER/ATTENDEE lines, some VALARMs;
- CRLF line endings, lines folded at 75 octets (never inside a UTF-8 character).

The week of ``anchor`` (a Monday by default, 2026-03-02) always holds ANCHOR_SUMMARY (Monday
09:30-11:00 Europe/Berlin) and an occurrence of a weekly series whose anchor-week meeting is an
override, so "the first week shown" is never empty and exercises overrides.

As a module: ``generate(events, seed, anchor) -> str``.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

__all__ = ["ANCHOR_SUMMARY", "DEFAULT_ANCHOR", "RECURRING_SHARE", "SERIES_SUMMARY", "generate"]

DEFAULT_ANCHOR = date(2026, 3, 2)
RECURRING_SHARE = 0.15
# Guaranteed in the anchor week (the bench waits for it to be drawn).
ANCHOR_SUMMARY = "Quarterly planning kick-off"
SERIES_SUMMARY = "Team sync"  # weekly; its anchor-week meeting is an override "Team sync (moved)"

UTC = timezone.utc

# (TZID written in the file, IANA zone used to compute UNTIL in UTC, has a VTIMEZONE, weight)
ZONES = [
    ("Europe/Berlin", "Europe/Berlin", True, 38),
    ("America/New_York", "America/New_York", True, 14),
    ("Europe/London", "Europe/London", True, 5),
    ("Asia/Kolkata", "Asia/Kolkata", True, 3),
    ("W. Europe Standard Time", "Europe/Berlin", False, 10),
    ("Pacific Standard Time", "America/Los_Angeles", False, 5),
    ("UTC", "UTC", False, 10),        # written as ...Z
    ("floating", None, False, 4),     # no TZID, no Z
    ("all-day", None, False, 11),     # VALUE=DATE
]

VTIMEZONES = {
    "Europe/Berlin": [
        "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "X-LIC-LOCATION:Europe/Berlin",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
        "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
        "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ],
    "America/New_York": [
        "BEGIN:VTIMEZONE", "TZID:America/New_York", "X-LIC-LOCATION:America/New_York",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "TZNAME:EDT",
        "DTSTART:20070311T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "TZNAME:EST",
        "DTSTART:20071104T020000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ],
    "Europe/London": [
        "BEGIN:VTIMEZONE", "TZID:Europe/London", "X-LIC-LOCATION:Europe/London",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST",
        "DTSTART:19700329T010000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT",
        "DTSTART:19701025T020000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ],
    "Asia/Kolkata": [
        "BEGIN:VTIMEZONE", "TZID:Asia/Kolkata", "X-LIC-LOCATION:Asia/Kolkata",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "TZNAME:IST",
        "DTSTART:19700101T000000", "END:STANDARD",
        "END:VTIMEZONE",
    ],
}

PEOPLE = ["Anna Schmidt", "Jürgen Weiß", "Zoë Martin", "François Dubois", "Priya Raman",
          "Tom O'Brien", "María José García", "Kenji Tanaka", "Olu Adeyemi", "Sofia Rossi",
          "Lars Øberg", "Chen Wei", "Amélie Laurent", "Noah Cohen", "Fatima Al-Sayed"]
TOPICS = ["checkout", "payments", "onboarding", "Q2 roadmap", "release 4.2", "hiring", "budget",
          "customer churn", "search ranking", "data migration", "security review", "the API, v2",
          "mobile app", "pricing; EU & US", "design system", "on-call rota", "incident #4711"]
SUMMARIES = ["Weekly sync: {t}", "1:1 {p}", "Design review – {t}", "Planning: {t}",
             "Retro ({t})", "Lunch with {p}", "Interview: backend engineer", "Demo, {t}",
             "Workshop; {t}", "Call with {p} re {t}", "Stand-up", "Focus time",
             "Board prep: {t}", "Coffee chat ☕ with {p}", "Sprint review, {t}",
             "Budget sign-off \\ finance", "Offsite logistics: travel, hotel; agenda"]
ALL_DAY = ["Public holiday", "Conference: {t}", "Out of office", "Release day – {t}",
           "Team offsite", "Birthday: {p}", "Vacation", "Training, {t}"]
LOCATIONS = ["Room 4.12, Building B, Berlin", "Konferenzraum Süd; 3. OG", "Microsoft Teams Meeting",
             "Zoom", "Café Einstein, Unter den Linden 42, 10117 Berlin", "HQ, Floor 7; Room \"Atlas\"",
             "Google Meet", "123 Main St., Suite 400, New York, NY 10001", "Home office",
             "Salle Montréal, Paris", "", "", ""]
DOMAINS = ["example.com", "contoso.com", "fabrikam.de"]


def escape(value: str) -> str:
    """RFC 5545 TEXT escaping."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold one content line at 75 octets (continuations start with a space), CRLF-terminated.

    Never splits a UTF-8 multi-byte character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line + "\r\n"
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # the leading space takes one octet
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _email(name: str, rng: random.Random) -> str:
    local = "".join(c for c in name.lower().replace(" ", ".") if c.isascii() and (c.isalnum() or c == "."))
    return f"{local or 'user'}@{rng.choice(DOMAINS)}"


def _fill(template: str, rng: random.Random) -> str:
    return template.format(p=rng.choice(PEOPLE), t=rng.choice(TOPICS))


def _description(rng: random.Random, summary: str) -> str:
    lines = [f"Agenda for “{summary}”:"]
    for n in range(rng.randint(1, 5)):
        topic = rng.choice(TOPICS)
        lines.append(f"{n + 1}. {topic[0].upper() + topic[1:]}: status, risks; next steps "
                     f"(owner: {rng.choice(PEOPLE)})")
    if rng.random() < 0.5:
        lines += ["", "________________________________________________________________________________",
                  "Join Microsoft Teams Meeting",
                  f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{rng.getrandbits(64):016x}"
                  f"%40thread.v2/0?context=%7b%22Tid%22%3a%22{rng.getrandbits(32):08x}%22%7d",
                  f"Meeting ID: {rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                  "________________________________________________________________________________"]
    if rng.random() < 0.3:
        lines.append("Notes: bring laptops, chargers & the printed Q-report; C:\\shared\\plans is read-only.")
    return "\n".join(lines)


def _fmt(value: date | datetime, kind: str) -> str:
    """';TZID=…:value', ':…Z', ':value' or ';VALUE=DATE:value' for a naive local datetime/date."""
    if kind == "all-day":
        return f";VALUE=DATE:{value:%Y%m%d}"
    if kind == "UTC":
        return f":{value:%Y%m%dT%H%M%S}Z"
    if kind == "floating":
        return f":{value:%Y%m%dT%H%M%S}"
    return f";TZID={kind}:{value:%Y%m%dT%H%M%S}"


def _until(value: datetime | date, kind: str, iana: str | None) -> str:
    """UNTIL in the form RFC 5545 wants: a DATE for all-day, UTC for zoned, local for floating."""
    if kind == "all-day":
        return f"{value:%Y%m%d}"
    if kind == "floating":
        return f"{value:%Y%m%dT%H%M%S}"
    aware = value.replace(tzinfo=ZoneInfo(iana))
    return f"{aware.astimezone(UTC):%Y%m%dT%H%M%SZ}"


class _Writer:
    def __init__(self, rng: random.Random, stamp: str) -> None:
        self.rng = rng
        self.stamp = stamp
        self.out: list[str] = []

    def line(self, text: str) -> None:
        self.out.append(fold(text))

    def event(self, uid: str, kind: str, start, end, summary: str, *, rrule: str = "",
              exdates: list[list] | None = None, recurrence_id=None, status: str = "",
              sequence: int = 0, location: str | None = None, with_text: bool = True) -> None:
        rng = self.rng
        line = self.line
        line("BEGIN:VEVENT")
        line(f"UID:{uid}")
        line(f"DTSTAMP:{self.stamp}")
        line(f"CREATED:{self.stamp}")
        line(f"LAST-MODIFIED:{self.stamp}")
        if recurrence_id is not None:
            line(f"RECURRENCE-ID{_fmt(recurrence_id, kind)}")
        line(f"DTSTART{_fmt(start, kind)}")
        if kind != "all-day" and rng.random() < 0.05:
            minutes = int((end - start).total_seconds() // 60)
            line(f"DURATION:PT{minutes // 60}H{minutes % 60}M" if minutes >= 60 else f"DURATION:PT{minutes}M")
        else:
            line(f"DTEND{_fmt(end, kind)}")
        if rrule:
            line(f"RRULE:{rrule}")
        for group in exdates or ():
            values = ",".join(_fmt(v, kind).rsplit(":", 1)[1] for v in group)
            line(f"EXDATE{_fmt(group[0], kind).rsplit(':', 1)[0]}:{values}")
        line(f"SUMMARY:{escape(summary)}")
        if location is None:
            location = rng.choice(LOCATIONS)
        if location:
            line(f"LOCATION:{escape(location)}")
        if with_text and rng.random() < 0.8:
            line(f"DESCRIPTION:{escape(_description(rng, summary))}")
        if kind.endswith("Standard Time"):
            line("X-MICROSOFT-CDO-BUSYSTATUS:BUSY")
        if kind == "all-day":
            line("TRANSP:TRANSPARENT")
        else:
            line("TRANSP:OPAQUE")
            organizer = rng.choice(PEOPLE)
            line(f'ORGANIZER;CN="{organizer}":mailto:{_email(organizer, rng)}')
            for person in rng.sample(PEOPLE, rng.randint(0, 4)):
                line(f'ATTENDEE;CN="{person}";ROLE=REQ-PARTICIPANT;PARTSTAT='
                     f'{rng.choice(["ACCEPTED", "TENTATIVE", "NEEDS-ACTION"])};RSVP=TRUE:mailto:{_email(person, rng)}')
        line(f"STATUS:{status or rng.choice(['CONFIRMED'] * 8 + ['TENTATIVE'])}")
        line(f"SEQUENCE:{sequence}")
        if kind != "all-day" and rng.random() < 0.2:
            line("BEGIN:VALARM")
            line("ACTION:DISPLAY")
            line("DESCRIPTION:Reminder")
            line(f"TRIGGER:-PT{rng.choice([5, 10, 15, 30])}M")
            line("END:VALARM")
        line("END:VEVENT")


def _rule(rng: random.Random, start, kind: str, iana: str | None) -> tuple[str, datetime | date]:
    """An RRULE and a local horizon (no occurrence after it) for a series starting at ``start``."""
    freq = rng.choices(["WEEKLY", "DAILY", "MONTHLY"], weights=[60, 20, 20])[0]
    day_names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    weekday = start.weekday()  # the first occurrence always matches its own rule
    if freq == "WEEKLY":
        interval = rng.choice([1, 1, 1, 2])
        days = sorted({weekday, rng.randrange(5)} if rng.random() < 0.3 else {weekday})
        parts = ["FREQ=WEEKLY", f"BYDAY={','.join(day_names[d] for d in days)}"]
        if interval > 1:
            parts.append(f"INTERVAL={interval}")
        end_span = timedelta(weeks=rng.randint(4, 40))
    elif freq == "DAILY":
        parts = ["FREQ=DAILY"]
        if weekday < 5 and rng.random() < 0.6:
            parts.append("BYDAY=MO,TU,WE,TH,FR")
        end_span = timedelta(days=rng.randint(5, 40))
    else:
        nth = (start.day - 1) // 7 + 1
        if start.day <= 28 and rng.random() < 0.5:
            parts = ["FREQ=MONTHLY", f"BYMONTHDAY={start.day}"]
        else:
            parts = ["FREQ=MONTHLY", f"BYDAY={nth if nth < 5 else -1}{day_names[weekday]}"]
        end_span = timedelta(days=rng.randint(90, 540))
    if rng.random() < 0.5:
        parts.append(f"COUNT={rng.randint(3, 30)}")
        horizon = None
    else:
        horizon = start + end_span
        if kind != "all-day":
            horizon = datetime.combine(horizon.date(), time(23, 59, 59))
        parts.append(f"UNTIL={_until(horizon, kind, iana)}")
    return ";".join(parts), horizon


def _occurrences(rule: str, start, limit: int = 400) -> list:
    """Local start times of the rule (dateutil, naive), the first ``limit`` at most."""
    naive = start if isinstance(start, datetime) else datetime.combine(start, time())
    # UNTIL in UTC against a naive start confuses dateutil; the horizon is applied by the caller.
    plain = ";".join(p for p in rule.split(";") if not p.startswith("UNTIL="))
    found = []
    for value in rrulestr(plain, dtstart=naive):
        found.append(value if isinstance(start, datetime) else value.date())
        if len(found) >= limit:
            break
    return found


def generate(events: int = 10_000, seed: int = 1, anchor: date = DEFAULT_ANCHOR) -> str:
    """The .ics text (CRLF, folded) with ``events`` series, ~15% of them recurring."""
    if events < 2:
        raise ValueError("events must be at least 2 (the anchor-week event and series)")
    rng = random.Random(seed)
    monday = anchor - timedelta(days=anchor.weekday())
    stamp = f"{datetime.combine(anchor - timedelta(days=30), time(8)):%Y%m%dT%H%M%S}Z"
    w = _Writer(rng, stamp)
    for text in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Daypane//gen_ics//EN", "CALSCALE:GREGORIAN",
                 "METHOD:PUBLISH", f"X-WR-CALNAME:Big calendar: {events} events (seed {seed})"]:
        w.line(text)
    for block in VTIMEZONES.values():
        for text in block:
            w.line(text)

    recurring_total = max(1, round(events * RECURRING_SHARE))
    recurring = set(rng.sample(range(2, events), recurring_total - 1)) | {1}
    kinds = [z[0] for z in ZONES]
    weights = [z[3] for z in ZONES]
    iana_of = {z[0]: z[1] for z in ZONES}
    span_days = 548  # about 18 months each side of the anchor

    # 0: the anchor-week marker, Monday 09:30-11:00 Berlin time.
    start = datetime.combine(monday, time(9, 30))
    w.event(f"anchor-0-{seed}@daypane.example", "Europe/Berlin", start, start + timedelta(minutes=90),
            ANCHOR_SUMMARY, location="Room 4.12, Building B, Berlin")
    # 1: a weekly series across the anchor week; that week's meeting moved by an override.
    series_start = datetime.combine(monday - timedelta(weeks=10) + timedelta(days=1), time(10))
    uid = f"series-1-{seed}@daypane.example"
    w.event(uid, "Europe/Berlin", series_start, series_start + timedelta(minutes=30), SERIES_SUMMARY,
            rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=20", exdates=[[series_start + timedelta(weeks=9)]])
    original = series_start + timedelta(weeks=10)
    moved = original + timedelta(days=1, hours=4)
    w.event(uid, "Europe/Berlin", moved, moved + timedelta(minutes=30), SERIES_SUMMARY + " (moved)",
            recurrence_id=original, sequence=1)

    for index in range(2, events):
        kind = rng.choices(kinds, weights)[0]
        iana = iana_of[kind]
        day = anchor + timedelta(days=rng.randint(-span_days, span_days))
        if kind == "all-day":
            start = day
            end = day + timedelta(days=rng.choices([1, 1, 1, 2, 3, 5], k=1)[0])
            summary = _fill(rng.choice(ALL_DAY), rng)
        else:
            if rng.random() < 0.85 and day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)  # mostly working days
            start = datetime.combine(day, time(rng.randint(7, 19), rng.choice([0, 0, 15, 30, 30, 45])))
            end = start + timedelta(minutes=rng.choice([15, 25, 30, 30, 45, 60, 60, 90, 120]))
            summary = _fill(rng.choice(SUMMARIES), rng)
        uid = f"{rng.getrandbits(64):016x}-{index}@{rng.choice(DOMAINS)}"
        if index not in recurring:
            w.event(uid, kind, start, end, summary)
            continue
        rule, horizon = _rule(rng, start, kind, iana)
        dates = [d for d in _occurrences(rule, start) if horizon is None or d <= horizon]
        later = dates[1:]  # the first occurrence stays as it is
        picked = rng.sample(later, min(len(later), rng.choice([0, 0, 1, 1, 2, 3, 4])))
        ex_count = len(picked) // 2 + (len(picked) % 2 if rng.random() < 0.5 else 0)
        excluded, overridden = sorted(picked[:ex_count]), sorted(picked[ex_count:])
        groups: list[list] = []
        if excluded:
            if len(excluded) > 1 and rng.random() < 0.5:
                groups = [excluded]  # one multi-valued EXDATE
            else:
                groups = [[value] for value in excluded]
        w.event(uid, kind, start, end, summary, rrule=rule, exdates=groups)
        for original in overridden:
            change = rng.choice(["moved", "moved", "retitled", "cancelled"])
            new_start = original
            if change == "moved":
                new_start = original + (timedelta(days=1) if kind == "all-day"
                                        else timedelta(hours=rng.choice([-2, -1, 1, 2, 24])))
            new_end = new_start + (end - start)
            title = summary + (" (moved)" if change == "moved" else " – updated agenda" if change == "retitled" else "")
            w.event(uid, kind, new_start, new_end, title, recurrence_id=original,
                    status="CANCELLED" if change == "cancelled" else "", sequence=rng.randint(1, 3),
                    with_text=change != "cancelled")
    w.line("END:VCALENDAR")
    return "".join(w.out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="series (UIDs) to write (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--anchor", type=date.fromisoformat, default=DEFAULT_ANCHOR,
                        help="the date whose week is sure to have events (default 2026-03-02)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    text = generate(args.events, args.seed, args.anchor)
    if args.output:
        args.output.write_bytes(text.encode("utf-8"))
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
