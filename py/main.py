"""Composition root: build the adapters, hand them to the app, start it.

Kept tiny on purpose: everything else is in the precompiled daypane package. Any failure here
(an import included) becomes the page's visible error state, never an endless "loading".
"""

import importlib

import js


async def main() -> None:
    try:
        # PyScript unpacks our zips into site-packages after Python started; the import system
        # caches directory listings keyed by mtime, which can be unchanged (a frozen or coarse
        # clock), and a stale listing would hide the freshly unpacked packages.
        importlib.invalidate_caches()
        from daypane.browser.app import App
        from daypane.browser.js.store import BrowserStore

        app = App(await BrowserStore.open())
        await app.start()
    except Exception as error:
        js.daypaneStartupFailed(f"{type(error).__name__}: {error}.")
        raise


await main()
