"""Encryption at rest in the page: the locked start, and turning it on, off, or to a new passphrase.

The rules (what is sealed, one transaction, other tabs) are core.storage.vault's; the crypto is
browser.js.crypto's. Here is only the order of things and what the user is told.

MSAL's token cache: with encryption on it lives in sessionStorage (this tab only, gone when the
tab closes) instead of localStorage, where MSAL would keep the refresh token and the signed-in
account across restarts under a key of its own (a session cookie), not the user's passphrase. So
an encrypted Daypane keeps nothing of an Outlook sign-in once its tabs are closed; the price is
signing in again in a new tab. Turning encryption on clears what MSAL left in localStorage.
"""

from __future__ import annotations

import js

from daypane.browser.js import crypto, tab_secrets
from daypane.browser.ui.locked import LockScreen
from daypane.core.storage.envelope import ITERATIONS, KEYRING, read_keyring
from daypane.core.storage.vault import Vault


def msal_cache_location(vault: Vault) -> str:
    return "sessionStorage" if vault.encrypted else "localStorage"


async def open_vault(store) -> Vault:
    """The Vault on the browser's store; with encrypted data, unlocked first (the lock screen
    waits for the right passphrase). EnvelopeError when the keyring cannot be used at all."""
    vault = Vault(store)
    if not vault.encrypted:
        return vault
    tab_secrets.keep_in_memory(True)
    keyring = read_keyring(store.get(KEYRING))

    async def try_passphrase(passphrase: str) -> bool:
        js.performance.mark("daypane:unlock-start")
        try:
            cipher = await crypto.unlock(passphrase, keyring)
        except crypto.WrongPassphrase:
            return False
        await vault.unlock(cipher)
        # `make bench`-style figure, readable in DevTools: key derivation + opening every record.
        js.performance.measure("daypane:unlock", "daypane:unlock-start")
        return True

    await LockScreen(try_passphrase, lambda: erase_device(store)).wait()
    return vault


async def erase_device(store) -> None:
    """Forget everything Daypane keeps in this browser, then start afresh."""
    await store.erase()
    js.window.localStorage.clear()      # only MSAL's cache lives there
    js.window.sessionStorage.clear()    # this tab's passwords and Google tokens
    js.location.reload()


class Encryption:
    """Settings' "Encrypt data on this device", "Change passphrase" and "Stop encrypting"."""

    def __init__(self, vault: Vault, store) -> None:
        self.vault, self.store = vault, store

    @property
    def on(self) -> bool:
        return self.vault.encrypted

    async def turn_on(self, passphrase: str) -> None:
        cipher, keyring = await crypto.new_keyring(passphrase, ITERATIONS)
        await self.vault.turn_on(cipher, keyring)  # other tabs see the keyring change: they stop
        tab_secrets.keep_in_memory(True)
        js.window.localStorage.clear()  # MSAL's cache: from now on in this tab's sessionStorage

    async def change(self, current: str, new: str) -> None:
        """crypto.WrongPassphrase when `current` is not the passphrase."""
        keyring = await crypto.rewrap(current, new, read_keyring(self.store.get(KEYRING)))
        await self.vault.rewrap(keyring)

    async def check(self, passphrase: str) -> bool:
        """Is this the passphrase? (Before a backup is sealed with it.)"""
        try:
            await crypto.unlock(passphrase, read_keyring(self.store.get(KEYRING)))
        except crypto.WrongPassphrase:
            return False
        return True

    async def turn_off(self) -> None:
        await self.vault.turn_off()
        tab_secrets.keep_in_memory(False)
