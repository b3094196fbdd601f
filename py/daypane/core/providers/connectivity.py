"""What the app says while the browser is offline.

Offline is a normal state for a calendar people keep open (trains, planes, flaky Wi-Fi): the app
keeps working from what it stored and says plainly how old that is, instead of raising a "could
not refresh" alert per account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable


def offline_text(sources: Iterable[tuple[str, str]], when: Callable[[str], str]) -> str:
    """The offline notice.

    sources: (label, ISO time of the last good sync or "") for each connected account;
    when: formats an ISO time for the user (e.g. "10:42" today, "3 Mar 10:42" otherwise).
    """
    synced = [(label, when(iso) if iso else "") for label, iso in sources]
    if not synced:
        return "Offline. Everything you see is stored in this browser; changes are kept."
    parts = [f"{label}: last synced {at}" if at else f"{label}: not synced yet" for label, at in synced]
    return ("Offline: showing what was last synced (" + "; ".join(parts) + "). "
            "It refreshes by itself when the connection returns.")
