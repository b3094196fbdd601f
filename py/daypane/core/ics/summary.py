"""What an import did, in words a person can act on.

Kept apart from parsing so the wording (singular/plural, which parts were left out and why)
is tested on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Skipped:
    """A component left out of the import; ``reason`` completes "an event with …" or
    explains why that kind of component is not shown."""

    component: str  # "VEVENT", "VTODO", …
    uid: str
    reason: str  # e.g. "no start time (DTSTART)"


# Components that are not events: (singular, plural) nouns for the message.
_KIND_NOUNS: dict[str, tuple[str, str]] = {
    "VEVENT": ("event", "events"),
    "VTODO": ("to-do", "to-dos"),
    "VJOURNAL": ("journal entry", "journal entries"),
    "VFREEBUSY": ("free/busy block", "free/busy blocks"),
    "VAVAILABILITY": ("availability block", "availability blocks"),
}


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _noun(component: str, count: int) -> str:
    singular, plural = _KIND_NOUNS.get(
        component, (f"{component} component", f"{component} components")
    )
    return _plural(count, singular, plural)


def describe_skipped(skipped: tuple[Skipped, ...]) -> str:
    """"Skipped 2 components: 1 to-do (VTODO; …), 1 event with no start time (DTSTART)." or ""."""
    if not skipped:
        return ""
    groups = Counter((item.component, item.reason) for item in skipped)
    parts = []
    for (component, reason), count in groups.items():  # Counter keeps first-seen order
        if component == "VEVENT":
            parts.append(f"{_noun(component, count)} with {reason}")
        else:
            parts.append(f"{_noun(component, count)} ({component}; {reason})")
    return f"Skipped {_plural(len(skipped), 'component', 'components')}: {', '.join(parts)}."


@dataclass(frozen=True)
class ImportSummary:
    name: str  # X-WR-CALNAME, or "" when the file does not name itself
    events: int  # events (series count once) that will be shown
    skipped: tuple[Skipped, ...]

    def message(self) -> str:
        source = f" from “{self.name}”" if self.name else ""
        text = f"Imported {_plural(self.events, 'event', 'events')}{source}."
        rest = describe_skipped(self.skipped)
        return f"{text} {rest}" if rest else text


def count_events(events: Iterable[tuple[str, bool]]) -> int:
    """Events as an import counts them, from (UID, is a master) pairs: a series once (its master),
    plus once per UID whose overrides (RECURRENCE-ID) came without their master."""
    masters: set[str] = set()
    orphans: set[str] = set()
    count = 0
    for uid, master in events:
        if master:
            masters.add(uid)
            count += 1
        else:
            orphans.add(uid)
    return count + len(orphans - masters)
