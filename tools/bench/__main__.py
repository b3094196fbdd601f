"""`python -m tools.bench`: every benchmark in turn, each in its own process (what `make bench` runs).

    python -m tools.bench [--only graph ics_index] [--no-save]

Stops at the first benchmark that fails. Each one's own options: `python -m tools.bench.<name> -h`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from tools.bench.common import ROOT

# In the order they run: the start-up figures first, on an idle machine.
BENCHES = ("startup", "graph", "render", "planning", "caldav", "task_sync", "todo_sync", "imports", "visibility", "ics_index", "tabs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=BENCHES, help="run only these")
    parser.add_argument("--no-save", action="store_true", help="print only, write no JSON")
    args = parser.parse_args(argv)
    for name in args.only or BENCHES:
        print(f"\n== tools.bench.{name}", flush=True)
        command = [sys.executable, "-m", f"tools.bench.{name}", *(["--no-save"] if args.no_save else [])]
        done = subprocess.run(command, cwd=ROOT)
        if done.returncode:
            print(f"tools.bench.{name} failed ({done.returncode})", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
