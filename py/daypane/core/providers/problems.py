"""What the failures of every provider's server have in common: a `ProviderProblem` (a complete
sentence for the user) that also knows the HTTP status and the address it came from.

CalDAV (`caldav.problems.CalDavError`), subscriptions (`feeds.subscription.SubscriptionError`),
Google (`google.calendar_api.GoogleError`) and the "no answer" problems of `cors` all derive from
`ServerProblem`, so a provider raises them as they are: no conversion into another error type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar
from urllib.parse import urlsplit

from daypane.core.providers.protocol import ProviderProblem


class ServerProblem(ProviderProblem):
    """A server answered with an error, or not at all. ``status`` is the HTTP status when there
    was one; ``url`` the address asked. A subclass whose problem the user must fix by signing in
    again (a refused password) says so with ``needs_sign_in = True``."""

    needs_sign_in: ClassVar[bool] = False

    def __init__(self, message: str, *, status: int | None = None, url: str = "",
                 details: Sequence[str] = ()) -> None:
        super().__init__(message, needs_sign_in=type(self).needs_sign_in, details=details)
        self.status, self.url = status, url


def host_of(url: str) -> str:
    """The host (and port, when the address has one) to name a server by in a message:
    "cal.example.org", "127.0.0.1:5232", "[::1]:8000"; never a user name or password."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return url
    if not host:
        return url
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{port}" if port is not None else host
