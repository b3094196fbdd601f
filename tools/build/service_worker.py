"""The service worker's precache list, generated from what the build produced."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tools.build.common import digest


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
