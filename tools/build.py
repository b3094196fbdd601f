"""Assemble the deployable site in dist/: our files plus the self-hosted runtime.

Nothing is fetched at run time from anywhere but the site's own origin, so everything the page needs
is put here: Pyodide and PyScript from node_modules (pinned in package-lock.json), the Python wheels
from PyPI (pinned in requirements/browser.txt) merged into one site-packages zip, and our own
package. Python sources are compiled to bytecode by Pyodide itself (tools/precompile.mjs), which
roughly halves interpreter start-up (see docs/architecture.md).

Slow steps are cached in build/cache, keyed by what they depend on, so a rebuild after editing our
Python takes a few seconds.

    python tools/build.py            # -> dist/
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
CACHE = ROOT / "build" / "cache"
NODE_MODULES = ROOT / "node_modules"
VENDOR = DIST / "static" / "vendor"

# What the page itself loads from the pyodide package; the rest of the npm package is for Node.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
# Top-level files of the site, copied as they are.
SITE_FILES = ("index.html", "redirect.html", "pyscript.toml", "config.json", "manifest.webmanifest", "sw.js")
SITE_DIRS = ("static",)
# Test suites inside wheels are large and never imported by the app.
SKIP_PARTS = {"tests", "test", "__pycache__"}
# Fixed zip timestamps: the same inputs give byte-identical outputs (and stable cache names).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def main() -> int:
    check_inputs()
    if DIST.exists():
        shutil.rmtree(DIST)
    DIST.mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copy2(ROOT / name, DIST / name)
    for name in SITE_DIRS:
        shutil.copytree(ROOT / name, DIST / name, ignore=shutil.ignore_patterns("vendor"))
    (DIST / "py").mkdir()
    shutil.copy2(ROOT / "py" / "main.py", DIST / "py" / "main.py")

    copy_pyodide()
    copy_pyscript()
    copy_msal()
    shutil.copy2(site_packages_zip(), VENDOR / "site-packages.zip")
    shutil.copy2(app_zip(), VENDOR / "daypane.zip")
    version = write_service_worker(DIST)
    size = sum(p.stat().st_size for p in DIST.rglob("*") if p.is_file())
    print(f"built {DIST.relative_to(ROOT)}/ ({size / 1e6:.1f} MB, version {version})")
    return 0


def write_service_worker(site: Path) -> str:
    """Put the precache list into site/sw.js: every file of the site with its content hash, and a
    version derived from all of them. Returns the version.

    Generated from what the build actually produced, so the list can never miss a file or name
    one that is gone; a change to any file changes the version, which is what the browser sees
    as a new service worker (and what the app then offers as "Update available").
    """
    worker = site / "sw.js"
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p != worker):
        files["./" + path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    version = digest(*(f"{url} {h}".encode() for url, h in files.items()))
    line = f"const PRECACHE = {json.dumps({'version': version, 'files': files}, separators=(',', ':'))};"
    source = worker.read_text()
    start = source.index("const PRECACHE = ")
    end = source.index("\n", start)
    worker.write_text(source[:start] + line + source[end:])
    return version


def check_inputs() -> None:
    if not (NODE_MODULES / "pyodide" / "package.json").exists():
        sys.exit("node_modules is missing: run `npm ci` (or `make setup`) first.")


def npm_version(package: str) -> str:
    return json.loads((NODE_MODULES / package / "package.json").read_text())["version"]


def copy_pyodide() -> None:
    target = VENDOR / "pyodide"
    target.mkdir(parents=True)
    source = NODE_MODULES / "pyodide"
    for name in PYODIDE_FILES:
        shutil.copy2(source / name, target / name)
    shutil.copy2(precompiled_stdlib(), target / "python_stdlib.zip")


def copy_pyscript() -> None:
    # Only the runtime chunks; source maps are for debugging PyScript itself.
    shutil.copytree(
        NODE_MODULES / "@pyscript" / "core" / "dist",
        VENDOR / "pyscript",
        ignore=shutil.ignore_patterns("*.map"),
    )


def copy_msal() -> None:
    # The classic bundle (global `msal`) and v5's redirect bridge for redirect.html.
    lib = NODE_MODULES / "@azure" / "msal-browser" / "lib"
    target = VENDOR / "msal"
    target.mkdir(parents=True)
    shutil.copy2(lib / "msal-browser.min.js", target / "msal-browser.min.js")
    shutil.copy2(lib / "redirect-bridge" / "msal-redirect-bridge.min.js", target / "msal-redirect-bridge.min.js")


def precompiled_stdlib() -> Path:
    """Pyodide's stdlib as a sourceless zip in the legacy layout (x.pyc where x.py was).

    zipimport does not look into __pycache__, so the legacy layout is the only one it uses.
    """
    out = CACHE / f"python_stdlib-{npm_version('pyodide')}.zip"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)
        with zipfile.ZipFile(NODE_MODULES / "pyodide" / "python_stdlib.zip") as z:
            z.extractall(tree)
        precompile(tree, "legacy")
        write_zip(out, tree, keep=lambda p: p.suffix != ".py" or not p.with_suffix(".pyc").exists())
    return out


def site_packages_zip() -> Path:
    """The pinned wheels' contents merged into one zip, with bytecode beside the sources."""
    requirements = ROOT / "requirements" / "browser.txt"
    key = digest(requirements.read_bytes(), npm_version("pyodide").encode())
    out = CACHE / f"site-packages-{key}.zip"
    if out.exists():
        return out
    wheels = download_wheels(requirements)
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


def download_wheels(requirements: Path) -> list[Path]:
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    # Wheels for Pyodide's Python, not the host's: otherwise pip resolves markers for the host.
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--python-version", "3.14", "--only-binary=:all:", "--dest", str(folder),
         "-r", str(requirements)],
        check=True,
    )
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
                 npm_version("pyodide").encode())
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


def precompile(tree: Path, mode: str) -> None:
    subprocess.run(["node", str(ROOT / "tools" / "precompile.mjs"), str(tree), mode],
                   check=True, cwd=ROOT)


def write_zip(out: Path, tree: Path, keep=lambda path: True) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(tree.rglob("*")):
            if path.is_file() and keep(path):
                info = zipfile.ZipInfo(str(path.relative_to(tree)), ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, path.read_bytes())
    partial.replace(out)


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:16]


def normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


if __name__ == "__main__":
    sys.exit(main())
