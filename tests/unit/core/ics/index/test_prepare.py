"""LazyCalendar.prepare: a range's parse and expansion in time-boxed steps, answering exactly as
occurrences() alone would, and leaving nothing for occurrences() to do afterwards."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

import pytest

from daypane.core.ics import parse as parse_module
from daypane.core.ics.index.builder import build_index_now
from daypane.core.ics.index.lazy import LazyCalendar
from daypane.core.ics.sniff import decode
from tests.unit.core.ics.index.support import LA, full_and_lazy, same
from tools.gen_ics import DEFAULT_ANCHOR, generate

WEEK = (datetime.combine(DEFAULT_ANCHOR, datetime.min.time(), tzinfo=LA),
        datetime.combine(DEFAULT_ANCHOR + timedelta(days=7), datetime.min.time(), tzinfo=LA))


@pytest.fixture(scope="module")
def text() -> str:
    return generate(600, seed=3)


@pytest.fixture
def expansions(monkeypatch):
    calls = []
    real = parse_module.expand

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(parse_module, "expand", counting)
    return calls


def ticking(step: float):
    """A fake clock that advances `step` seconds each time it is read."""
    ticks = count()
    return lambda: next(ticks) * step


def test_prepared_week_answers_exactly_as_the_full_parse(text):
    full, _, lazy = full_and_lazy(text.encode())
    steps = sum(1 for _ in lazy.prepare("c", *WEEK, budget=0.04, clock=ticking(0.01)))
    assert steps > 2  # really in steps
    assert same(lazy.occurrences("c", *WEEK)) == same(full.occurrences("c", *WEEK))
    # The week after, never prepared, is still exact (parsed at once, as before).
    later = (WEEK[0] + timedelta(days=7), WEEK[1] + timedelta(days=7))
    assert same(lazy.occurrences("c", *later)) == same(full.occurrences("c", *later))


def test_after_prepare_occurrences_parses_and_expands_nothing(text, expansions):
    lazy = LazyCalendar(build_index_now(text), decode(text.encode()), LA)
    for _ in lazy.prepare("c", *WEEK, clock=ticking(0.01)):
        pass
    parses, expanded = lazy.parses, len(expansions)
    lazy.occurrences("c", *WEEK)
    assert (lazy.parses, len(expansions)) == (parses, expanded)


def test_pieces_grow_while_they_are_quick_and_shrink_when_slow(text):
    lazy = LazyCalendar(build_index_now(text), decode(text.encode()), LA)
    # Each piece "takes" 1 ms: pieces grow fast, so few steps.
    quick = sum(1 for _ in lazy.prepare("c", *WEEK, budget=0.04, clock=ticking(0.001)))
    slow_lazy = LazyCalendar(build_index_now(text), decode(text.encode()), LA)
    # Each piece "takes" 80 ms, twice the budget: pieces shrink to one group, so many steps.
    slow = sum(1 for _ in slow_lazy.prepare("c", *WEEK, budget=0.04, clock=ticking(0.08)))
    assert slow > quick
    assert same(slow_lazy.occurrences("c", *WEEK)) == same(lazy.occurrences("c", *WEEK))


def test_preparing_a_week_already_kept_parses_nothing(text):
    lazy = LazyCalendar(build_index_now(text), decode(text.encode()), LA)
    lazy.occurrences("c", *WEEK)
    parses = lazy.parses
    assert sum(1 for _ in lazy.prepare("c", *WEEK)) == 1
    assert lazy.parses == parses
