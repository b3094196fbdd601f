"""Hostile variants of real calendar files: ``mutate(rng, corpus)`` returns bytes.

Each input is one corpus file with one to four mutations, drawn from three families: the
structure and properties (junk lines, deleted or repeated lines, truncation), the recurrences
(dense and broken RRULEs, huge COUNT, long BYxxx lists, EXDATE floods, RDATE lists, overrides,
bad TZIDs, VTIMEZONE junk) and the bytes (BOMs, UTF-16, latin-1, NULs, CRLF/LF mixes, folding,
giant lines).
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIRS = ("tests/fixtures/ics", "tests/fixtures/hostile", "tests/fixtures/subscription",
               "tests/fixtures/fuzz")

FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "FORTNIGHTLY", "")
TZIDS = ("Europe/Berlin", "W. Europe Standard Time", "Customized Time Zone", "Mars/Olympus", "",
         "\"Quoted/Zone\"", "UTC", "America/Nowhere;X=1", "Etc/GMT+14")
JUNK_VALUES = ("", ":", ";", "\\", "\"", "=", "Ω≈ç√", "\x7f", "%s%n", "A" * 300, "19700101T000000Z",
               "99991231T235959Z", "00000000T000000", "-P1D", "P99999999W", "T", "20260230T250000")


def corpus() -> list[bytes]:
    files = []
    for folder in CORPUS_DIRS:
        for path in sorted((ROOT / folder).glob("*.ics")):
            files.append(path.read_bytes())
    return files


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


def _event_indexes(lines: list[str], name: str = "BEGIN:VEVENT") -> list[int]:
    return [i for i, line in enumerate(lines) if line.upper().startswith(name)]


def _stamp(rng: random.Random) -> str:
    year = rng.choice((1, 1601, 1900, 1970, 2000, 2025, 2026, 2027, 2038, 9999))
    return f"{year:04d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}00" + rng.choice(("Z", ""))


def _rule(rng: random.Random) -> str:
    parts = [f"FREQ={rng.choice(FREQS)}"]
    if rng.random() < 0.5:
        parts.append(f"INTERVAL={rng.choice((0, 1, 2, 5, 7, 15, 59, 997, 10**9))}")
    if rng.random() < 0.3:
        parts.append(f"COUNT={rng.choice((0, 1, 10, 10000, 10**6, 2**31, 10**30))}")
    elif rng.random() < 0.3:
        parts.append(f"UNTIL={_stamp(rng)}")
    for key, span in (("BYSECOND", 60), ("BYMINUTE", 60), ("BYHOUR", 24), ("BYMONTHDAY", 31),
                      ("BYYEARDAY", 366), ("BYWEEKNO", 53), ("BYMONTH", 12), ("BYSETPOS", 10)):
        if rng.random() < 0.15:
            values = rng.sample(range(-span, span + 2), rng.randint(1, min(60, span)))
            parts.append(f"{key}={','.join(map(str, values))}")
    if rng.random() < 0.2:
        parts.append("BYDAY=" + ",".join(rng.choice(("", "1", "-1", "53", "+2")) + d
                                         for d in rng.sample(["MO", "TU", "WE", "TH", "FR", "SA", "SU"], 3)))
    if rng.random() < 0.1:
        parts.append(rng.choice(("WKST=XX", "X-FOO=1", "FREQ=DAILY", "BYEASTER=0", "")))
    rng.shuffle(parts)
    return "RRULE:" + ";".join(parts)


def _into_event(rng: random.Random, lines: list[str], new: list[str]) -> None:
    events = _event_indexes(lines)
    at = rng.choice(events) + 1 if events else rng.randrange(len(lines) + 1)
    lines[at:at] = new


def _replace_prop(rng, lines, name: str, value: str) -> None:
    hits = [i for i, line in enumerate(lines) if line.upper().startswith(name)]
    if hits:
        lines[rng.choice(hits)] = value
    else:
        _into_event(rng, lines, [value])


def m_dense_rule(rng, lines):
    _replace_prop(rng, lines, "RRULE", _rule(rng))


def m_minutely(rng, lines):
    _replace_prop(rng, lines, "RRULE", rng.choice(("RRULE:FREQ=MINUTELY", "RRULE:FREQ=SECONDLY",
                                                  "RRULE:FREQ=HOURLY;BYMINUTE=" + ",".join(map(str, range(0, 60, 2))),
                                                  "RRULE:FREQ=MINUTELY;INTERVAL=15", "RRULE:FREQ=DAILY;COUNT=1000000")))
    if rng.random() < 0.5:
        _replace_prop(rng, lines, "DTSTART", f"DTSTART:{_stamp(rng)}")


def m_exdate_flood(rng, lines):
    stamps = ",".join(_stamp(rng) for _ in range(rng.randint(10, 3000)))
    _into_event(rng, lines, [f"EXDATE:{stamps}"])


def m_rdate_list(rng, lines):
    base = rng.choice(("20260302", "20260304", "20000101"))
    values = [f"{base}T{h:02d}{m:02d}00Z" for h in range(24) for m in range(0, 60, rng.choice((1, 5, 30)))]
    kind = rng.choice(("", ";VALUE=PERIOD", ";VALUE=DATE", ";TZID=Europe/Berlin"))
    if kind == ";VALUE=PERIOD":
        values = [f"{v}/PT5M" for v in values]
    _into_event(rng, lines, [f"RDATE{kind}:{','.join(values[: rng.randint(1, len(values))])}"])


def m_overrides(rng, lines):
    uid = next((l[4:] for l in lines if l.upper().startswith("UID:")), "x")
    block = []
    for n in range(rng.randint(1, 400)):
        stamp = f"202603{rng.randint(1, 9):02d}T{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}00Z"
        block += ["BEGIN:VEVENT", f"UID:{uid}", f"RECURRENCE-ID:{stamp}", f"DTSTART:{stamp}",
                  f"SUMMARY:override {n}", "END:VEVENT"]
    at = _event_indexes(lines, "END:VCALENDAR")
    lines[at[-1] if at else len(lines):0] = block


def m_bad_tzid(rng, lines):
    hits = [i for i, l in enumerate(lines) if "TZID=" in l.upper() or l.upper().startswith(("DTSTART", "DTEND"))]
    if hits:
        i = rng.choice(hits)
        name, _, value = lines[i].partition(":")
        lines[i] = f"{name.split(';')[0]};TZID={rng.choice(TZIDS)}:{value}"


def m_vtimezone_junk(rng, lines):
    block = ["BEGIN:VTIMEZONE", f"TZID:{rng.choice(TZIDS)}", "BEGIN:STANDARD",
             f"DTSTART:{_stamp(rng)}", f"TZOFFSETFROM:{rng.choice(('+0100', '+9999', '', '-2500', 'abc'))}",
             f"TZOFFSETTO:{rng.choice(('+0200', '+0000', '+1', 'zz'))}", _rule(rng),
             "END:STANDARD", "END:VTIMEZONE"]
    if rng.random() < 0.3:
        del block[rng.randrange(len(block))]
    at = _event_indexes(lines)
    lines[at[0] if at else 1:0] = block


def m_junk_property(rng, lines):
    name = rng.choice(("X-JUNK", "DTSTART", "DTEND", "DURATION", "UID", "SUMMARY", "RECURRENCE-ID",
                       "RRULE", "ATTENDEE;CN=\"a:b\"", "DESCRIPTION", "BEGIN", "END", "", ";", "X"))
    lines.insert(rng.randrange(len(lines) + 1), f"{name}:{rng.choice(JUNK_VALUES)}")


def m_lines(rng, lines):
    if not lines:
        return
    i = rng.randrange(len(lines))
    choice = rng.randrange(4)
    if choice == 0:
        del lines[i]
    elif choice == 1:
        lines[i:i] = [lines[i]] * rng.randint(1, 50)
    elif choice == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:
        del lines[i:]


def m_fold(rng, lines):
    if lines:
        i = rng.randrange(len(lines))
        cut = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:cut] + rng.choice(("\n ", "\n\t", "\r\n ", "\n  ")) + lines[i][cut:]


def m_giant_line(rng, lines):
    _into_event(rng, lines, [f"DESCRIPTION:{'x' * rng.choice((10_000, 200_000))}"])


STRUCTURE = (m_junk_property, m_lines, m_fold, m_giant_line)
RECURRENCE = (m_dense_rule, m_minutely, m_exdate_flood, m_rdate_list, m_overrides, m_bad_tzid, m_vtimezone_junk)


def _encode(rng: random.Random, text: str) -> bytes:
    newline = rng.choice(("\r\n", "\n", "mixed", "\r\n"))
    lines = text.split("\n")
    if newline == "mixed":
        text = "".join(line + rng.choice(("\r\n", "\n", "\r")) for line in lines)
    else:
        text = newline.join(lines)
    kind = rng.randrange(10)
    if kind == 0:
        return "\ufeff".encode() + text.encode("utf-8", "surrogatepass")
    if kind == 1:
        return text.encode(rng.choice(("utf-16", "utf-16-le", "utf-32")), "replace")
    if kind == 2:
        return text.encode("latin-1", "replace")
    data = text.encode("utf-8", "surrogatepass")
    if kind == 3 and data:
        at = rng.randrange(len(data))
        return data[:at] + b"\x00" * rng.randint(1, 4) + data[at:]
    if kind == 4 and data:
        at = rng.randrange(len(data))
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
    return data


def mutate(rng: random.Random, files: list[bytes]) -> bytes:
    text = rng.choice(files).decode("utf-8", "replace")
    lines = _lines(text)
    for _ in range(rng.randint(1, 4)):
        family = RECURRENCE if rng.random() < 0.6 else STRUCTURE
        rng.choice(family)(rng, lines)
    return _encode(rng, "\n".join(lines))
