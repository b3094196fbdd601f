"""Composition root: open the store, upgrade what older versions stored, read the deployment's
configuration, build the app (which builds the providers through daypane.browser.wiring), start it.

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
        from daypane.browser.js.fetch import FetchError, fetch_bytes
        from daypane.browser.js.store import BrowserStore, opening_failed
        from daypane.core.store import StorageFailure
        from daypane.core.config import parse_config
        from daypane.core.records import Records
        from daypane.core.upgrade import upgrade

        try:
            store = await BrowserStore.open()
        except StorageFailure as failure:
            js.daypaneStartupFailed(opening_failed(failure))
            return
        records = Records(store)
        problems = await upgrade(records)
        try:
            config = parse_config(await fetch_bytes("./config.json"))
        except FetchError:
            config = parse_config(None)
        app = App(records, config)
        store.on_closed(app.store_closed)
        for title, message in problems:
            app.alerts.problem(title, message, key="upgrade")
        await app.start()
    except Exception as error:
        js.daypaneStartupFailed(f"{type(error).__name__}: {error}.")
        raise


await main()
