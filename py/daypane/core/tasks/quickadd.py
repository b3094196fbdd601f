"""Quick-add: what the "New task" box understands in what the user typed.

`parse(text, today)` returns a `QuickAdd`: the title with the understood parts taken out, the
fields they set, and `parts` (kind, the span as typed, start, end, a sentence) for a live preview.

THE RULE (which words count, so that titles keep their words):
1. Text inside double quotes ("..." or curly “...”) is always title text; the quotes are removed.
   A quote left open runs to the end of the text (the user is still typing it).
2. A token carrying a digit, "!" or "#" is unambiguous and counts ANYWHERE: "!high", "#Work",
   "15:00", "3pm", "30m", "1h30", "2026-12-12". It takes with it a neighbour that completes
   it ("at 15:00", "due 2026-12-12", "for 30m", "1h 30m"), nothing more. "#" needs a letter
   after it, so "bug #123" stays text.
3. Everything made of words ("tomorrow", "fri", "next monday", "12 dec", "in 3 days", "at 9",
   "every monday", "daily", "due fri", "45 min") counts only in the TRAILING RUN: the longest run
   of understood phrases at the very end of the text. A word that is not understood ends the
   run, so "Call May about the March report" and "Watch Monday Night Football" stay titles while
   "Call May about the March report tomorrow" is scheduled. A day word right after a determiner
   ("the", "a", "my", ...) is a noun, not a date: "Read In the Sun" is a title.
4. Each field is set once. Read from the end, the last phrase of a kind wins and an earlier one of
   the same kind stays in the title ("Move mon to fri": scheduled Friday, title "Move mon to").
5. If nothing would be left of the title, nothing is understood: the whole text is the title
   ("tomorrow" alone is a task called "tomorrow"). An empty text gives an empty title; the task
   list refuses it, as it refuses any empty title.

Days: a weekday name is its next occurrence, today included (on a Monday, "monday" is today).
"next monday" is the Monday of next week, weeks starting on `week_starts_on` (0 Monday .. 6
Sunday, as date.weekday()): on Tuesday 1 Dec 2026 it is 7 Dec, and "next friday" is 11 Dec, not
4 Dec. "12 dec" without a year is its next occurrence, today included. "9h" is nine hours (as
"1h" is one hour), never 9 o'clock; "at 9" is 09:00 (a 24-hour clock: "at 5" is 05:00). Numeric
dates other than ISO (12/11) are not read: which is the day differs by country. A recurrence
also schedules the task on its first occurrence (today included) unless a day is given.

Words come from a table per language (quickadd_en.py); this module holds none.
"""

from __future__ import annotations

from collections.abc import Iterable

import re
from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

from daypane.core.tasks import quickadd_dates as dates
from daypane.core.tasks.quickadd_en import ENGLISH
from daypane.core.tasks.quickadd_words import Words


class Part(NamedTuple):
    """One understood piece of the text: a plain tuple for the preview to draw."""

    kind: str  # "scheduled", "due", "start", "duration", "priority", "list", "recurrence"
    text: str  # as typed
    start: int
    end: int
    description: str  # "Scheduled Wed 2 Dec"


@dataclass(frozen=True)
class QuickAdd:
    title: str
    scheduled: date | None = None
    start: time | None = None
    duration: int | None = None  # minutes
    priority: str = "none"  # "none" | "low" | "medium" | "high"
    list: str | None = None
    recurrence: str | None = None  # an RRULE body: "FREQ=WEEKLY;BYDAY=MO"
    due: date | None = None
    parts: tuple[Part, ...] = ()


class _Token(NamedTuple):
    text: str  # as typed (for a quoted token: the text inside the quotes)
    start: int
    end: int
    quoted: bool


class _Found(NamedTuple):
    kind: str
    value: object
    description: str


# A quoted run (closed or open to the end), or a run of anything else but spaces and quotes.
_TOKEN = re.compile(r'["“]([^"”]*)(?:["”]|$)|[^\s"“]+')
_LONGEST = 6  # words in the longest phrase ("every month on the 15th", "due 12 dec 2027")
_TIDY_END = " ,;:-–—"  # what a removed trailing part leaves dangling: "Call Bob, tomorrow"


def parse(text: str, today: date, *, week_starts_on: int = 0, words: Words = ENGLISH,
          lists: Iterable[str] = ()) -> QuickAdd:
    """`lists`: the names of every known list (of any source), so "#Home errands" names a list
    with a space in it: the longest known name wins, ignoring case."""
    tokens = [_Token(m.group(1) if m.group(1) is not None else m.group(0), m.start(), m.end(),
                     m.group(1) is not None)
              for m in _TOKEN.finditer(text)]
    reader = _Reader(words, today, week_starts_on, lists)
    taken: dict[str, tuple[int, int, _Found]] = {}  # kind -> (first token, end token, what)

    # The trailing run, read from the end, longest phrase first (rule 3).
    end = len(tokens)
    while end > 0:
        for start in range(max(0, end - _LONGEST), end):
            found = _phrase(reader, tokens, start, end, taken)
            if found and not _after_determiner(words, tokens, start):
                taken[found.kind] = (start, end, found)
                end = start
                break
        else:
            break

    # Unambiguous tokens before the run (rule 2), with a prefix word or a second token at most.
    consumed = {i for first, last, _ in taken.values() for i in range(first, last)}
    for i in range(end):
        if i in consumed or not _unambiguous(tokens[i]):
            continue
        for first, last in ((i - 1, i + 2), (i, i + 2), (i - 1, i + 1), (i, i + 1)):
            if first < 0 or last > end or consumed & set(range(first, last)):
                continue
            found = _phrase(reader, tokens, first, last, taken)
            if found:
                taken[found.kind] = (first, last, found)
                consumed |= set(range(first, last))
                break

    title = _tidy(" ".join(t.text for i, t in enumerate(tokens) if i not in consumed))
    if not title and tokens:  # rule 5
        return QuickAdd(title=_tidy(" ".join(t.text for t in tokens)))

    values = {kind: found.value for kind, (_, _, found) in taken.items()}
    scheduled = values.get("scheduled")
    recurrence = None
    if "recurrence" in values:
        recurrence, first_day = values["recurrence"]
        scheduled = scheduled or first_day
    parts = tuple(sorted(
        (Part(found.kind, text[tokens[first].start:tokens[last - 1].end], tokens[first].start,
              tokens[last - 1].end, found.description)
         for first, last, found in taken.values()),
        key=lambda part: part.start))
    return QuickAdd(title=title, scheduled=scheduled, start=values.get("start"),
                    duration=values.get("duration"), priority=values.get("priority", "none"),
                    list=values.get("list"), recurrence=recurrence, due=values.get("due"),
                    parts=parts)


def _tidy(title: str) -> str:
    return " ".join(title.split()).strip(_TIDY_END)


def _unambiguous(token: _Token) -> bool:
    return not token.quoted and (token.text[:1] in "!#" or any(c.isdigit() for c in token.text))


def _after_determiner(words: Words, tokens: list[_Token], start: int) -> bool:
    """'the Sun', 'a Monday': a determiner makes the day word that follows a noun (rule 3)."""
    if start == 0 or tokens[start - 1].quoted or not tokens[start].text.isalpha():
        return False
    return tokens[start - 1].text.lower() in words.determiners


def _phrase(reader: _Reader, tokens: list[_Token], first: int, last: int,
            taken: dict) -> _Found | None:
    span = tokens[first:last]
    if any(t.quoted for t in span):
        return None
    found = reader.read(tuple(t.text for t in span))
    return found if found and found.kind not in taken else None


class _Reader:
    """Reads one phrase (a tuple of tokens as typed) as one field, or None."""

    def __init__(self, words: Words, today: date, week_starts_on: int, lists: Iterable[str] = ()):
        self.w, self.today, self.week_starts_on = words, today, week_starts_on
        self.lists = {" ".join(name.split()).casefold(): name for name in lists}

    def read(self, typed: tuple[str, ...]) -> _Found | None:
        w, says = self.w, self.w.says
        low = tuple(t.lower() for t in typed)
        if len(low) == 1 and low[0].startswith("!") and low[0][1:] in w.priorities:
            value = w.priorities[low[0][1:]]
            return _Found("priority", value, says["priority"].format(priority=value))
        if len(typed) > 1 and typed[0].startswith("#") and " ".join(low)[1:] in self.lists:
            name = self.lists[" ".join(low)[1:]]
            return _Found("list", name, says["list"].format(list=name))
        if len(low) == 1 and re.fullmatch(r"#[^\W\d_][\w-]*", typed[0]):
            return _Found("list", typed[0][1:], says["list"].format(list=typed[0][1:]))
        for kind, prefixes in (("due", w.due), ("scheduled", w.on), ("scheduled", ())):
            rest = low[1:] if prefixes else low
            if (not prefixes or low[0] in prefixes) and rest:
                day = dates.day(w, rest, self.today, self.week_starts_on)
                if day:
                    return _Found(kind, day, says[kind].format(day=dates.say_day(w, day, self.today)))
        at = len(low) > 1 and low[0] in w.at
        moment = dates.clock(w, low[1:] if at else low, bare_hour=at)
        if moment:
            return _Found("start", moment, says["start"].format(time=f"{moment:%H:%M}"))
        minutes = dates.minutes(w, low[1:] if len(low) > 1 and low[0] in w.for_ else low)
        if minutes:
            return _Found("duration", minutes, says["duration"].format(minutes=say_minutes(w, minutes)))
        rule = dates.recurrence(w, low, self.today)
        if rule:
            body, first_day, said = rule
            description = says["recurrence"].format(rule=said, day=dates.say_day(w, first_day, self.today))
            return _Found("recurrence", (body, first_day), description)
        return None


def say_minutes(words: Words, minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return words.says["minutes_only"].format(m=rest)
    return words.says["hours_minutes" if rest else "hours"].format(h=hours, m=rest)


__all__ = ["Part", "QuickAdd", "parse", "say_minutes"]


DEFAULT_BLOCK_MINUTES = 30  # a time without a duration: a block of this length, as when dragging


def task_fields(parsed: QuickAdd, today: date) -> dict:
    """What TaskList.add takes for a parsed "New task" text. A time makes a time block (on the
    day given, else today) lasting the duration given, else 30 minutes; a duration without a time
    is the task's estimate."""
    fields: dict = {"priority": parsed.priority}
    if parsed.list:
        fields["list"] = parsed.list
    if parsed.recurrence:
        fields["recurrence"] = parsed.recurrence
    if parsed.due:
        fields["due"] = parsed.due
    if parsed.scheduled or parsed.start:
        fields["scheduled"] = parsed.scheduled or today
    if parsed.start:
        fields["start"] = parsed.start
        fields["duration_minutes"] = parsed.duration or DEFAULT_BLOCK_MINUTES
    if parsed.duration:
        fields["estimate_minutes"] = parsed.duration
    return fields


def preview(parsed: QuickAdd, where: str = "") -> str:
    """One line saying what was understood, for the live preview under the box ("" if nothing).
    `where`: where the named list lives ("On this device", "CalDAV: alice on dav.example.com")."""
    if not parsed.parts:
        return ""
    said = "Understood: " + "; ".join(part.description for part in parsed.parts) + f". Title: “{parsed.title}”."
    return f"{said} List: {parsed.list} ({where})." if where else said
