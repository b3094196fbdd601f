"""`python -m tools.fuzz --seed N --seconds S`: fuzz the import path for S seconds (what `make fuzz`
and, briefly, `make test` run). Without --seed a random one is drawn and printed, so a failure can
be replayed. Exit status 1 when there is a finding: an exception other than IcsError, or an input
that takes longer than --budget seconds (2 s: the per-range bounds keep a file's first weeks far
below it under CPython; more means a step the bounds missed). --save keeps each finding in
tests/fixtures/fuzz/ for a regression test.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from pathlib import Path

from tools.fuzz.mutate import ROOT, corpus, mutate
from tools.fuzz.target import IcsError, run_import

SAVE_DIR = ROOT / "tests" / "fixtures" / "fuzz"


class Runaway(BaseException):  # not Exception: the core's own handlers must not swallow it
    """The input was stopped after many times its budget."""


def _stop(_signum, _frame):
    raise Runaway


def _save(data: bytes, seed: int, number: int) -> Path:
    SAVE_DIR.mkdir(parents=True, exist_ok=True)
    path = SAVE_DIR / f"seed{seed}-input{number}.ics"
    path.write_bytes(data)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds one input may take")
    parser.add_argument("--save", action="store_true", help="keep findings in tests/fixtures/fuzz/")
    parser.add_argument("--replay", type=int, default=None, help="run only this input of the seed")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    print(f"fuzz: seed {seed}, {args.seconds:.0f} s, budget {args.budget} s per input", flush=True)
    files = corpus()
    signal.signal(signal.SIGALRM, _stop)
    counts = {"refused": 0, "imported": 0}
    findings = []
    started = time.monotonic()
    number = 0
    while time.monotonic() - started < args.seconds:
        number += 1
        if args.replay is not None:
            number = args.replay
            args.seconds = 0  # one input, then stop
        # One generator per input: input N of seed S is the same whatever ran before it.
        data = mutate(random.Random(f"{seed}:{number}"), files)
        began = time.perf_counter()
        problem = ""
        signal.setitimer(signal.ITIMER_REAL, args.budget * 5)
        try:
            run_import(data)
            counts["imported"] += 1
        except IcsError:
            counts["refused"] += 1
        except Runaway:
            problem = f"still running after {args.budget * 5:.0f} s"
        except Exception as error:  # noqa: BLE001 - the finding itself
            problem = "".join(traceback.format_exception_only(error)).strip()[:300]
            problem += "\n    at " + traceback.extract_tb(error.__traceback__)[-1].filename
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        took = time.perf_counter() - began
        if not problem and took > args.budget:
            problem = f"took {took:.2f} s (budget {args.budget} s)"
        if problem:
            where = _save(data, seed, number) if args.save else f"replay: --seed {seed}, input {number}"
            findings.append((number, problem, where))
            print(f"FINDING input {number} ({len(data)} bytes): {problem}\n    {where}", flush=True)
    elapsed = time.monotonic() - started
    print(f"fuzz: {number} inputs in {elapsed:.1f} s ({number / elapsed:.1f} inputs/s): "
          f"{counts['imported']} imported, {counts['refused']} refused with a message, "
          f"{len(findings)} findings (seed {seed})")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
