"""Composition root: build the adapters, hand them to the app, start it.

Kept tiny on purpose: everything else is in the precompiled daypane package.
"""

import js

from daypane.browser.app import App
from daypane.browser.store import BrowserStore


async def main() -> None:
    try:
        app = App(await BrowserStore.open())
        await app.start()
    except Exception as error:
        js.daypaneStartupFailed(f"{type(error).__name__}: {error}.")
        raise


await main()
