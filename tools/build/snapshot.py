"""Pyodide's memory snapshot: the heap of an interpreter that has imported everything start-up needs.

The page starts from it (static/interpreter.mjs) instead of booting Python and importing our
package, icalendar and the stdlib modules they use. It is made under Node by snapshot.mjs with the
very runtime and zips the site serves, and is only valid with them: Pyodide checks its build id, and
the key below covers every other input, so a changed zip always makes a new snapshot.

The code of every module the snapshot imported is in its heap already, so the zips the site serves
leave out those modules' compiled files (.pyc): a first visit would otherwise download that code
twice, 1.5 MB of it. Their sources stay, for tracebacks, and for the start without the snapshot
(interpreter.mjs's fallback), which compiles them. Two runs of snapshot.mjs: the first only lists what
start-up imports (--list-imports), the second makes the snapshot from the trimmed zips, so the
heap's cached zip directories are those of the files served.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from tools.build.common import CACHE, ROOT, digest

SNAPSHOT_JS = Path(__file__).resolve().parent / "snapshot.mjs"
# What start-up imports (py/main.py imports nothing else of ours).
MODULE = "daypane.browser.startup"


def memory_snapshot(pyodide_dir: Path, zips: list[Path]) -> tuple[Path, list[Path]]:
    """The gzipped snapshot for this runtime and these zips, and the zips to serve with it (each
    without the compiled files of the modules in the heap); cached in build/cache by all inputs."""
    runtime = sorted(p for p in pyodide_dir.iterdir() if p.is_file())
    key = digest(SNAPSHOT_JS.read_bytes(), Path(__file__).read_bytes(), MODULE.encode(),
                 *(p.name.encode() + p.read_bytes() for p in runtime), *(p.name.encode() + p.read_bytes() for p in zips))
    folder = CACHE / f"snapshot-{key}"
    out, served = folder / "snapshot.bin.gz", [folder / p.name for p in zips]
    if out.exists() and all(p.exists() for p in served):
        return out, served
    with tempfile.TemporaryDirectory() as tmp:
        trimmed, listed = Path(tmp) / "trimmed", Path(tmp) / "imported.json"
        trimmed.mkdir()
        run(pyodide_dir, listed, zips, "--list-imports")
        imported = json.loads(listed.read_text())
        for zip_path in zips:
            without_compiled(zip_path, trimmed / zip_path.name, imported.get(zip_path.name, []))
        raw = trimmed / "snapshot.bin"
        run(pyodide_dir, raw, [trimmed / p.name for p in zips])
        partial = folder.with_suffix(".partial")
        if partial.exists():
            shutil.rmtree(partial)
        partial.mkdir(parents=True)
        # mtime=0: the same heap gives the same file.
        with open(raw, "rb") as source, gzip.GzipFile(partial / out.name, "wb", compresslevel=6, mtime=0) as target:
            while block := source.read(1 << 20):
                target.write(block)
        for zip_path in zips:
            shutil.copy2(trimmed / zip_path.name, partial / zip_path.name)
        if folder.exists():
            shutil.rmtree(folder)
        partial.replace(folder)
    return out, served


def run(pyodide_dir: Path, out: Path, zips: list[Path], *flags: str) -> None:
    subprocess.run(["node", str(SNAPSHOT_JS), *flags, str(pyodide_dir), str(out), MODULE, *map(str, zips)],
                   check=True, cwd=ROOT)


def without_compiled(source: Path, target: Path, imported: list[str]) -> None:
    """`source` as it was, less the .pyc of each imported module whose .py it also holds (entries,
    order, times and compression otherwise kept, so the same inputs give the same bytes)."""
    with zipfile.ZipFile(source) as zin:
        names = set(zin.namelist())
        drop = {name for name in imported if name.endswith(".pyc") and name[:-1] in names}
        with zipfile.ZipFile(target, "w") as zout:
            for info in zin.infolist():
                if info.filename not in drop:
                    zout.writestr(info, zin.read(info), compress_type=info.compress_type)
