"""What every build step shares: where things are, content digests, reproducible zips."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
CACHE = ROOT / "build" / "cache"
NODE_MODULES = ROOT / "node_modules"
VENDOR = DIST / "static" / "vendor"

# Fixed zip timestamps: the same inputs give byte-identical outputs (and stable cache names).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def npm_version(package: str) -> str:
    return json.loads((NODE_MODULES / package / "package.json").read_text())["version"]


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
