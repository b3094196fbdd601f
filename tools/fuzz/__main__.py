"""`python -m tools.fuzz --seed N --seconds S [--inputs K]`: fuzz the import path for S seconds or K
inputs (`make fuzz` runs for a while with a random seed; `make test` runs seed 1's first inputs, the
same ones on any machine). Without --seed a random one is drawn and printed, so a failure can
be replayed. Exit status 1 when there is a finding: an exception other than IcsError, or an input
that takes more than --budget seconds of CPU (2 s, measured as this process's CPU time so that a
busy machine cannot fail it: the per-range bounds keep a file's first weeks far
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
    parser.add_argument("--budget", type=float, default=2.0, help="CPU seconds one input may take")
    parser.add_argument("--inputs", type=int, default=None,
                        help="stop after this many inputs (the same inputs on any machine, unlike --seconds)")
    parser.add_argument("--save", action="store_true", help="keep findings in tests/fixtures/fuzz/")
    parser.add_argument("--replay", type=int, default=None, help="run only this input of the seed")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    print(f"fuzz: seed {seed}, {args.seconds:.0f} s, budget {args.budget} s per input", flush=True)
    files = corpus()
    signal.signal(signal.SIGPROF, _stop)
    counts = {"refused": 0, "imported": 0}
    findings = []
    started = time.monotonic()
    number, slowest = 0, (0.0, 0)
    while time.monotonic() - started < args.seconds and (args.inputs is None or number < args.inputs):
        number += 1
        if args.replay is not None:
            number = args.replay
            args.seconds = 0  # one input, then stop
        # One generator per input: input N of seed S is the same whatever ran before it.
        data = mutate(random.Random(f"{seed}:{number}"), files)
        # CPU time of this process, not the wall clock: another busy process on the machine (CI
        # runs beside nothing, a developer's laptop beside anything) must not make an input "slow".
        began = time.process_time()
        problem = ""
        signal.setitimer(signal.ITIMER_PROF, args.budget * 5)
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
            signal.setitimer(signal.ITIMER_PROF, 0)
        took = time.process_time() - began
        slowest = max(slowest, (took, number))
        if not problem and took > args.budget:
            problem = f"took {took:.2f} s (budget {args.budget} s)"
        if problem:
            where = _save(data, seed, number) if args.save else f"replay: --seed {seed}, input {number}"
            findings.append((number, problem, where))
            print(f"FINDING input {number} ({len(data)} bytes): {problem}\n    {where}", flush=True)
    elapsed = time.monotonic() - started
    print(f"fuzz: {number} inputs in {elapsed:.1f} s ({number / elapsed:.1f} inputs/s): "
          f"{counts['imported']} imported, {counts['refused']} refused with a message, "
          f"{len(findings)} findings (seed {seed}); slowest input {slowest[1]}: {slowest[0]:.2f} s of CPU")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
