"""Measure the lazy .ics path (daypane.core.ics.index.lazy) against the full parse, in CPython.

    python -m tools.bench.ics_index [--events 10000] [--seed 1] [--no-save]

For a gen_ics calendar: time to build the index (and to reload it from JSON), time to the first
week's occurrences through the index, the next week, and the full path (parse_calendar +
occurrences for the same week); tracemalloc peaks. Pyodide is ~1.8-2x slower than CPython
(docs/facts/ics-performance.md). Checks that both paths give the same occurrences. Writes
bench/results/<UTC date>-<short commit>-ics-index.json (unless --no-save).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
import warnings
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from daypane.core.ics.index.builder import IcsIndex, IndexBuilder
from daypane.core.ics.index.lazy import LazyCalendar
from daypane.core.ics.parse import parse_calendar
from tools.bench.common import provenance, save
from tools.gen_ics import DEFAULT_ANCHOR, generate


def measured(function, memory: bool):
    gc.collect()
    if memory:
        tracemalloc.start()
    began = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - began
    peak = 0
    if memory:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, seconds, peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-save", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    data = generate(args.events, args.seed).encode("utf-8")
    zone = ZoneInfo("Europe/Berlin")
    monday = datetime.combine(DEFAULT_ANCHOR, datetime.min.time(), zone)
    week = (monday, monday + timedelta(days=7))
    next_week = (week[1], week[1] + timedelta(days=7))
    rows = []
    seconds = {}

    def lazy_path():
        builder = IndexBuilder(data)
        while not builder.feed(500):
            pass  # the browser yields to the page here
        index = builder.result()
        return index, builder.text

    for memory in (False, True):  # timings without tracemalloc's overhead, then the peaks
        (index, text), t_index, m_index = measured(lazy_path, memory)
        stored = json.dumps(index.dump())
        loaded, t_load, _ = measured(lambda: IcsIndex.load(json.loads(stored), text), False)
        lazy = LazyCalendar(loaded, text, zone)
        first, t_week, m_week = measured(lambda: lazy.occurrences("b", *week), memory)
        second, t_next, _ = measured(lambda: lazy.occurrences("b", *next_week), False)
        _, t_again, _ = measured(lambda: lazy.occurrences("b", *week), False)
        full, t_parse, m_parse = measured(lambda: parse_calendar(data, floating_tz=zone), memory)
        expected, t_full_week, m_full_week = measured(lambda: full.occurrences("b", *week), memory)
        if memory:
            rows.append(("memory (tracemalloc peak)", m_index, m_week, m_parse, m_full_week))
            continue
        assert first == expected and second == full.occurrences("b", *next_week), "paths disagree"
        selected = len(loaded.select(*week))
        seconds = {"build_index": t_index, "load_index": t_load, "first_week": t_week,
                   "next_week": t_next, "same_week_again": t_again, "parse_calendar": t_parse,
                   "full_path_first_week": t_full_week}
        print(f"{args.events} events (gen_ics seed {args.seed}), {len(data) / 1e6:.1f} MB, "
              f"{len(index.groups)} series, first week {week[0]:%Y-%m-%d}: {len(first)} occurrences "
              f"from {selected} series parsed; index JSON {len(stored) / 1e6:.2f} MB\n")
        print("| step | lazy index | full path |\n|---|---|---|")
        print(f"| open the file | build index {t_index:.2f} s (reload from JSON {t_load:.3f} s) "
              f"| parse_calendar {t_parse:.2f} s |")
        print(f"| first week's occurrences | {t_week:.3f} s | {t_full_week:.2f} s |")
        print(f"| **first week on screen** | **{t_index + t_week:.2f} s** (after reload "
              f"{t_load + t_week:.2f} s) | **{t_parse + t_full_week:.2f} s** |")
        print(f"| next week | {t_next:.3f} s | - |")
        print(f"| same week again (cached) | {t_again:.4f} s | - |")
    for label, m_index, m_week, m_parse, m_full_week in rows:
        print(f"| {label} | index {m_index / 1e6:.0f} MB, week {m_week / 1e6:.0f} MB "
              f"| parse {m_parse / 1e6:.0f} MB, week {m_full_week / 1e6:.0f} MB |")
    if not args.no_save:
        _label, m_index, m_week, m_parse, m_full_week = rows[0]
        save({**provenance(), "events": args.events, "seed": args.seed, "bytes": len(data),
              "seconds": seconds, "peak_bytes": {"build_index": m_index, "first_week": m_week,
                                                 "parse_calendar": m_parse, "full_path_first_week": m_full_week}},
             "ics-index")
    return 0


if __name__ == "__main__":
    sys.exit(main())
