"""A/B of two builds' start-up, interleaved in one run: how a lever is kept or dropped.

    python -m tools.bench.ab_startup --a /path/to/other/dist [--b dist] [--runs 7]

Each sample is a fresh profile (empty disk HTTP cache): one cold load, then one warm load in a new
tab, service workers blocked (the HTTP cache path of tools.bench.startup, which the worker path
tracks within noise). A and B alternate, so drift in machine load hits both alike. Build the
other side in a git worktree (`git worktree add /tmp/a <commit>`, link node_modules and .venv,
`python -m tools.build`). Prints medians; saves nothing (the lever's figures go to bench/README.md).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tools.bench.common import DIST, need_dist
from tools.bench.startup import Contexts, measure
from tools.serve import serve_in_thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True, help="the other build's dist/")
    parser.add_argument("--b", type=Path, default=DIST, help="this build's dist/ (default dist/)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    for dist in (args.a, args.b):
        need_dist(dist)
    servers = {name: serve_in_thread(dist) for name, dist in (("A", args.a), ("B", args.b))}
    samples: dict[str, list[dict]] = {"A": [], "B": []}
    hosts: set[str] = set()
    try:
        with sync_playwright() as playwright:
            contexts = Contexts(playwright, incognito=False)
            for round_ in range(args.runs + 1):  # the first round warms the machine, unrecorded
                for name in ("A", "B") if round_ % 2 else ("B", "A"):
                    result = measure(contexts, servers[name][1], hosts, "block")
                    print(f"  {'warm-up' if round_ == 0 else f'run {round_}'} {name} cold {result['cold_ms']:6.0f} "
                          f"warm {result['warm_ms']:6.0f} ms", file=sys.stderr, flush=True)
                    if round_:
                        samples[name].append(result)
            contexts.close()
    finally:
        for server, _ in servers.values():
            server.shutdown()
    for key in ("cold_ms", "warm_ms"):
        a, b = (statistics.median(s[key] for s in samples[n]) for n in ("A", "B"))
        print(f"{key[:-3]:5} A {a:6.0f} ms   B {b:6.0f} ms   B-A {b - a:+6.0f} ms ({(b - a) / a:+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
