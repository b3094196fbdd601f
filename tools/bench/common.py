"""What the benchmarks share: the browser they drive, where results go, and what was measured."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
RESULTS = ROOT / "bench" / "results"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium with the same flags as tests/browser/conftest.py.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-default-apps"]


def launch(playwright, **options):
    """A headless Chromium for one bench (or one sample); options go to chromium.launch."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, **options)


def need_dist(dist: Path = DIST) -> None:
    if dist == DIST and not (dist / "index.html").exists():
        sys.exit("dist/ is missing: run `make build` (make bench does it for you).")
    if not (dist / "index.html").exists():
        sys.exit(f"{dist} has no index.html: build it (`make build` in its work tree).")


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout.strip()


def chromium_version() -> str:
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"\d+(?:\.\d+)+", out)
    return found.group() if found else out.strip()


def nproc() -> int:
    try:
        return int(subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return len(os.sched_getaffinity(0))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def provenance() -> dict:
    """When, on which commit and on what machine a result was measured (the head of every JSON)."""
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "commit_full": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "machine": {"nproc": nproc(), "platform": platform.platform(), "cpu": cpu_model()},
    }


def save(report: dict, kind: str = "", name: str | None = None) -> Path:
    """bench/results/<UTC date>-<short commit>[-<kind>].json; the same day and commit overwrite it.

    name replaces the commit (a bench measuring another tree's dist/ names it after that tree)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{report['date'][:10]}-{name or report['commit']}{'-' + kind if kind else ''}.json"
    partial = out.with_suffix(".tmp")
    partial.write_text(json.dumps(report, indent=2) + "\n")
    partial.replace(out)
    print(f"\nresults: {out.relative_to(ROOT)}", file=sys.stderr)
    return out


def ratio(numerator: float | None, denominator: float | None, digits: int = 2) -> str:
    """"2.27x", or "" when either side is missing: how many times the peer's figure is ours."""
    if not numerator or not denominator:
        return ""
    return f"{numerator / denominator:.{digits}f}x"


def print_columns(rows: list[tuple]) -> None:
    """A table in plain text: the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join([str(row[0]).ljust(widths[0])]
                        + [str(cell).rjust(width) for cell, width in zip(row[1:], widths[1:])]))
