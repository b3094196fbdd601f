"""The offline notice above the panels (role=status: announced, not alarming)."""

from __future__ import annotations

from daypane.browser.js.dom import by_id


class ConnectivityView:
    def __init__(self) -> None:
        self.root = by_id("connectivity")

    def render(self, text: str | None) -> None:
        """Show text, or hide the notice when text is None (online)."""
        self.root.hidden = text is None
        self.root.textContent = text or ""
