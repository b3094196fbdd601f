"""A seeded, time-bounded fuzzer of the .ics import path (``python -m tools.fuzz``).

``mutate`` turns the real-world corpus (tests/fixtures/ics, tests/fixtures/hostile) into hostile
variants; ``target`` runs on each what the app runs on an import; ``__main__`` loops, times and
reports. A finding is an input that raises anything but the user-facing IcsError, or that takes
longer than the time budget.
"""
