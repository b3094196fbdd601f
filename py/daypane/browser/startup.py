"""Start-up: open the store (unlocking encrypted data first), upgrade what older versions stored,
read the deployment's configuration, build the app (which builds the providers through
daypane.browser.wiring), start it.

Importing this module imports everything start-up needs, which is what the build's memory snapshot
holds (tools/build/snapshot.mjs): a page started from the snapshot finds it all in sys.modules.
Any failure here becomes the page's visible error state, never an endless "loading".
"""

from __future__ import annotations

import js

from daypane.browser.app import App
from daypane.browser.data_actions import restored_note
from daypane.browser.encryption import Encryption, open_vault
from daypane.browser.js.fetch import FetchError, fetch_bytes
from daypane.browser.js.store import BrowserStore, opening_failed
from daypane.core.config import parse_config
from daypane.core.records import Records
from daypane.core.storage.envelope import EnvelopeError
from daypane.core.store import StorageFailure
from daypane.core.upgrade import upgrade


async def main() -> None:
    try:
        await start()
    except Exception as error:
        js.daypaneStartupFailed(f"{type(error).__name__}: {error}.")
        raise


async def start() -> None:
    try:
        store = await BrowserStore.open()
    except StorageFailure as failure:
        js.daypaneStartupFailed(opening_failed(failure))
        return
    try:
        vault = await open_vault(store)  # with encrypted data: the lock screen first
    except EnvelopeError as problem:
        js.daypaneStartupFailed(str(problem))
        return
    records = Records(vault)
    problems = await upgrade(records)
    try:
        config = parse_config(await fetch_bytes("./config.json"))
    except FetchError:
        config = parse_config(None)
    app = App(records, config, Encryption(vault, store))
    store.on_closed(app.storing.store_closed)
    vault.on_closed(app.storing.store_closed)
    for title, message in problems:
        app.alerts.problem(title, message, key="upgrade")
    await app.start()
    if (note := restored_note()) is not None:
        app.alerts.note(note)
