"""Bringing a store written by an older Daypane up to date, before anything reads it.

Record migrations (core.records) convert one value as it is read; an upgrade here moves data
between records, such as an imported file's text out of the calendar list into its own key. Each
writes the new records first and the old one last, so one cut short (a full disk) leaves the old
layout complete and is simply run again at the next start.
"""

from __future__ import annotations

from daypane.core.providers import library
from daypane.core.records import Records

STEPS = (("imported calendars", library.upgrade),)


async def upgrade(records: Records) -> list[tuple[str, str]]:
    """Run every step; the (title, message) of each that could not finish, for the user."""
    problems = []
    for what, step in STEPS:
        try:
            await step(records)
        except Exception as error:
            problems.append((f"Your {what} could not be brought up to date",
                             f"The browser refused to store the new layout ({error}). Nothing was lost: "
                             "the old layout is kept as it was (some of it cannot be shown until then) "
                             "and this is tried again at the next start. Freeing some space helps."))
    return problems
