"""Composition root: the page's one script. Everything is in the precompiled daypane package
(daypane.browser.startup); a page started from the build's memory snapshot has it imported already.

Kept tiny on purpose: a failed import becomes the page's visible error state, never an endless
"loading".
"""

import importlib
import sys

import js

# Where pyscript.toml's [files] writes our two zips; Python imports from them in place. A page
# started from the memory snapshot has them on sys.path already (tools/build/snapshot.mjs).
ZIPS = ("/lib/python3.14/daypane.zip", "/lib/python3.14/site-packages.zip")


async def main() -> None:
    js.performance.mark("daypane:main")
    try:
        if all(path in sys.path for path in ZIPS):
            # Restored from the snapshot: its import caches are right if the zips are the build's
            # (dropping them costs a re-read of each zip's directory, ~40 ms a zip).
            from daypane.browser.zips import unchanged
            if not unchanged(ZIPS):
                importlib.invalidate_caches()
        else:
            sys.path.extend(path for path in ZIPS if path not in sys.path)
            # The zips were written after Python started: forget any "not found" the import
            # system cached for these paths meanwhile.
            importlib.invalidate_caches()
        from daypane.browser.startup import main as start
    except Exception as error:
        js.daypaneStartupFailed(f"{type(error).__name__}: {error}.")
        raise
    await start()


await main()
