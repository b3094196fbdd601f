"""`python -m tools.build`: dist/ from our files, the runtime and the packages (see __init__)."""

from __future__ import annotations

import shutil
import sys

from tools.build.common import DIST, NODE_MODULES, ROOT, VENDOR
from tools.build.packages import app_zip, site_packages_zip
from tools.build.runtime import copy_msal, copy_pyodide, copy_pyscript
from tools.build.service_worker import write_service_worker
from tools.build.snapshot import memory_snapshot

# Top-level files of the site, copied as they are.
SITE_FILES = ("index.html", "redirect.html", "pyscript.toml", "config.json", "manifest.webmanifest", "sw.js")
SITE_DIRS = ("static",)


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
    # After the runtime and both zips: the snapshot is made from exactly those files, and the zips
    # served with it are its own (without the code its heap holds).
    snapshot, served = memory_snapshot(VENDOR / "pyodide", [VENDOR / "daypane.zip", VENDOR / "site-packages.zip"])
    shutil.copy2(snapshot, VENDOR / "snapshot.bin.gz")
    for zip_path in served:
        shutil.copy2(zip_path, VENDOR / zip_path.name)
    version = write_service_worker(DIST)
    size = sum(p.stat().st_size for p in DIST.rglob("*") if p.is_file())
    print(f"built {DIST.relative_to(ROOT)}/ ({size / 1e6:.1f} MB, version {version})")
    return 0


def check_inputs() -> None:
    if not (NODE_MODULES / "pyodide" / "package.json").exists():
        sys.exit("node_modules is missing: run `npm ci` (or `make setup`) first.")


if __name__ == "__main__":
    sys.exit(main())
