"""Python packages for the browser: the pinned wheels merged into site-packages.zip, and our own
package as daypane.zip, both with bytecode compiled by Pyodide beside the sources.

The page imports from both zips in place (zipimport, as from the stdlib's zip): unpacking their
thousands of files cost a quarter of a second at every start. zipimport ignores __pycache__, so the
bytecode is in the legacy layout (x.pyc beside x.py), and marked UNCHECKED_HASH so the sources,
kept for tracebacks, are never compared with it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tools.build.common import CACHE, ROOT, digest, normalise, npm_version, write_zip
from tools.build.runtime import PRECOMPILE, precompile

REQUIREMENTS = ROOT / "requirements" / "browser.txt"
# Test suites inside wheels are large and never imported by the app.
SKIP_PARTS = {"tests", "test", "__pycache__"}


def site_packages_zip() -> Path:
    """The pinned wheels' contents merged into one zip, with bytecode beside the sources."""
    key = digest(REQUIREMENTS.read_bytes(), npm_version("pyodide").encode(), PRECOMPILE.read_bytes())
    out = CACHE / f"site-packages-{key}.zip"
    if out.exists():
        return out
    wheels = download_wheels(REQUIREMENTS)
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as z:
                for member in z.namelist():
                    if not SKIP_PARTS.intersection(Path(member).parts[:-1]):
                        z.extract(member, tree)
        precompile(tree, "unchecked")
        write_zip(out, tree)
    return out


def pip_download(folder: Path, *arguments: str) -> None:
    """Wheels for Pyodide's Python, not the host's: otherwise pip resolves markers for the host."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--disable-pip-version-check",
         "--python-version", "3.14", "--only-binary=:all:", "--dest", str(folder), *arguments],
        check=True,
    )


def download_wheels(requirements: Path = REQUIREMENTS) -> list[Path]:
    folder = CACHE / "wheels"
    pip_download(folder, "-r", str(requirements))
    wanted = {normalise(line.split("==")[0]): line.split("==")[1].strip()
              for line in requirements.read_text().splitlines()
              if "==" in line and not line.startswith("#")}
    found = []
    for wheel in folder.glob("*.whl"):
        name, version = wheel.name.split("-")[:2]
        if wanted.get(normalise(name)) == version:
            found.append(wheel)
    if len(found) != len(wanted):
        sys.exit(f"expected {len(wanted)} wheels, found {sorted(w.name for w in found)}")
    return sorted(found)


def app_zip() -> Path:
    """Our own package, compiled the same way."""
    sources = sorted(p for p in (ROOT / "py" / "daypane").rglob("*.py"))
    key = digest(*(str(p.relative_to(ROOT)).encode() + p.read_bytes() for p in sources),
                 npm_version("pyodide").encode(), PRECOMPILE.read_bytes())
    out = CACHE / f"daypane-{key}.zip"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)
        shutil.copytree(ROOT / "py" / "daypane", tree / "daypane",
                        ignore=shutil.ignore_patterns("__pycache__"))
        precompile(tree, "unchecked")
        write_zip(out, tree)
    return out
