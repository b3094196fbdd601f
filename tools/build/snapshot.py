"""Pyodide's memory snapshot: the heap of an interpreter that has imported everything start-up needs.

The page starts from it (static/interpreter.mjs) instead of booting Python and importing our
package, icalendar and the stdlib modules they use. It is made under Node by snapshot.mjs with the
very runtime and zips the site serves, and is only valid with them: Pyodide checks its build id, and
the key below covers every other input, so a changed zip always makes a new snapshot.
"""

from __future__ import annotations

import gzip
import subprocess
import tempfile
from pathlib import Path

from tools.build.common import CACHE, ROOT, digest

SNAPSHOT_JS = Path(__file__).resolve().parent / "snapshot.mjs"
# What start-up imports (py/main.py imports nothing else of ours).
MODULE = "daypane.browser.startup"


def memory_snapshot(pyodide_dir: Path, zips: list[Path]) -> Path:
    """The gzipped snapshot for this runtime and these zips (cached in build/cache by all of them)."""
    runtime = sorted(p for p in pyodide_dir.iterdir() if p.is_file())
    key = digest(SNAPSHOT_JS.read_bytes(), MODULE.encode(), *(p.name.encode() + p.read_bytes() for p in runtime),
                 *(p.read_bytes() for p in zips))
    out = CACHE / f"snapshot-{key}.bin.gz"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "snapshot.bin"
        subprocess.run(["node", str(SNAPSHOT_JS), str(pyodide_dir), str(raw), MODULE, *map(str, zips)],
                       check=True, cwd=ROOT)
        partial = out.with_suffix(".partial")
        # mtime=0: the same heap gives the same file.
        with open(raw, "rb") as source, gzip.GzipFile(partial, "wb", compresslevel=6, mtime=0) as target:
            while block := source.read(1 << 20):
                target.write(block)
        partial.replace(out)
    return out
