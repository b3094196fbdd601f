"""Whether the zips the page imports from are the ones the memory snapshot was made with.

The snapshot's heap holds zipimport's directory of each zip (every module's offset), read at build
time. py/main.py keeps it when the page's zips are byte-for-byte those zips, which the build makes
sure of, and drops it otherwise (`importlib.invalidate_caches()`): each directory is then read again
at the next import from its zip, about 40 ms a zip in the page. Keeping a stale one would make
imports read the wrong bytes, so a mismatch (a deployment swapped half the files) must be seen.
"""

from __future__ import annotations

import os

# path -> fingerprint, filled by tools/build/snapshot.mjs (remember) before the heap is saved.
BUILT: dict[str, tuple[int, bytes]] = {}
END_RECORD = 22  # a zip's end-of-central-directory record: its directory's offset, size and count


def fingerprint(path: str) -> tuple[int, bytes]:
    """The zip's size and end record: what zipimport's cached directory was read from."""
    with open(path, "rb") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(max(size - END_RECORD, 0))
        return size, file.read()


def remember(paths) -> None:
    BUILT.update({path: fingerprint(path) for path in paths})


def unchanged(paths) -> bool:
    try:
        return all(path in BUILT and BUILT[path] == fingerprint(path) for path in paths)
    except OSError:
        return False
