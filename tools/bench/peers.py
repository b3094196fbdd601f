"""The peer sites the browser benches measure beside Daypane, built from tools/bench/peer/.

- ``stock_pyscript``: the stock PyScript recipe (startup bench), in build/bench-peer/;
- ``icaljs``: Mozilla's ical.js importing a file in a plain page (import bench), in a folder given.
Nothing of either is ever put into dist/.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from tools.bench.common import DIST, ROOT
from tools.build.common import CACHE, NODE_MODULES, normalise, npm_version
from tools.build.packages import download_wheels, pip_download

SOURCES = Path(__file__).resolve().parent / "peer"
STOCK = ROOT / "build" / "bench-peer"
ICALJS = NODE_MODULES / "ical.js"
# micropip is not in the pyodide npm package; PyScript's `packages` needs it. This is the version
# pyodide-lock.json names; PyPI's wheel has another sha256 than the lock's, so the peer's lock copy
# gets the real one.
MICROPIP = ("micropip", "0.11.1")
STOCK_RECIPE = (
    "stock PyScript {pyscript} recipe: pyscript.toml `interpreter` = local pyodide.mjs and "
    "`packages` = [the same {n} wheel URLs on localhost], installed by micropip {micropip} "
    "(PyScript default packages_cache: micropip on the first load, its frozen lock from IndexedDB "
    "on later loads); Pyodide {pyodide}'s stock python_stdlib.zip (.py sources); no preloads; "
    "pyodide-lock.json copy patched only in micropip's sha256"
)


def stock_pyscript() -> tuple[list[Path], Path]:
    """build/bench-peer/: stock PyScript + stock Pyodide + Daypane's pinned wheels, all on
    localhost. Returns (the wheels, micropip's wheel)."""
    wheels = download_wheels()
    micropip_wheel = download(*MICROPIP)
    if STOCK.exists():
        shutil.rmtree(STOCK)
    vendor = STOCK / "vendor"
    (vendor / "wheels").mkdir(parents=True)
    for name in ("index.html", "main.py"):
        shutil.copy2(SOURCES / name, STOCK / name)
    shutil.copy2(DIST / "static" / "sample.ics", STOCK / "sample.ics")
    shutil.copytree(NODE_MODULES / "@pyscript" / "core" / "dist", vendor / "pyscript",
                    ignore=shutil.ignore_patterns("*.map"))
    pyodide = vendor / "pyodide"
    pyodide.mkdir()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        shutil.copy2(NODE_MODULES / "pyodide" / name, pyodide / name)  # stock stdlib: .py sources
    lock = json.loads((NODE_MODULES / "pyodide" / "pyodide-lock.json").read_text())
    entry = lock["packages"]["micropip"]
    if entry["file_name"] != micropip_wheel.name:
        sys.exit(f"pyodide-lock.json wants {entry['file_name']}, the bench pins {micropip_wheel.name}")
    entry["sha256"] = hashlib.sha256(micropip_wheel.read_bytes()).hexdigest()
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock))
    shutil.copy2(micropip_wheel, pyodide / micropip_wheel.name)
    for wheel in wheels:
        shutil.copy2(wheel, vendor / "wheels" / wheel.name)
    packages = ",\n".join(f'  "./vendor/wheels/{w.name}"' for w in wheels)
    (STOCK / "pyscript.toml").write_text(
        "# Written by tools/bench/peers.py: the stock recipe, every wheel from localhost.\n"
        'interpreter = "./vendor/pyodide/pyodide.mjs"\n'
        f"packages = [\n{packages},\n]\n")
    return wheels, micropip_wheel


def stock_recipe(wheels: int) -> str:
    return STOCK_RECIPE.format(pyscript=npm_version("@pyscript/core"), n=wheels,
                               micropip=MICROPIP[1], pyodide=npm_version("pyodide"))


def download(name: str, version: str) -> Path:
    folder = CACHE / "bench"
    for _ in range(2):
        found = [w for w in folder.glob("*.whl")
                 if normalise(w.name.split("-")[0]) == name and w.name.split("-")[1] == version]
        if found:
            return found[0]
        pip_download(folder, f"{name}=={version}")
    sys.exit(f"pip did not download {name}=={version}")


def icaljs(folder: Path) -> Path:
    """The ical.js peer's page, script and ical.js (from node_modules) in ``folder``."""
    if not (ICALJS / "dist" / "ical.min.js").exists():
        sys.exit("node_modules/ical.js is missing: run `npm ci` (it is a dev dependency).")
    (folder / "vendor").mkdir(parents=True)
    for name in ("icaljs.html", "icaljs.js"):
        shutil.copy2(SOURCES / name, folder / name)
    shutil.copy2(ICALJS / "dist" / "ical.min.js", folder / "vendor" / "ical.min.js")
    return folder
