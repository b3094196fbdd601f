"""Reaching a user's own server from the page: what it must send to allow it (CORS), and telling
"the server is down" from "the server does not let browsers read it".

In a browser both fail the same way (``TypeError: Failed to fetch``). The only way a page can tell
them apart is a second request, ``fetch(url, {mode: 'no-cors'})``, which reads nothing but gets an
opaque answer from a server that is up (measured in Chromium; docs/architecture.md). The browser runs that
probe; everything here is plain Python: a provider raises `NoAnswer`, and `Advice.diagnosed`
replaces it with `Unreachable` or `BlocksBrowsers` after asking the probe.

Daypane is read-only towards every provider, so the headers it asks an administrator for allow
only what Daypane sends (for CalDAV: GET, OPTIONS, PROPFIND, REPORT; never PUT, DELETE, MKCALENDAR).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from daypane.core.providers.problems import ServerProblem, host_of

T = TypeVar("T")
Probe = Callable[[str], Awaitable[bool]]  # url -> did a no-cors request get an opaque answer?

MAX_AGE = "600"  # seconds a browser may reuse a preflight's answer


class NoAnswer(ServerProblem):
    """No answer could be read: the server is unreachable or does not allow browser access
    (`Advice.diagnosed` tells which)."""


class Unreachable(NoAnswer):
    """The no-cors probe got no answer either: the server is down, offline, or the address is wrong."""


class BlocksBrowsers(NoAnswer):
    """The no-cors probe got an (opaque) answer: the server is up but sends no CORS headers.
    ``headers`` are the response headers to add; ``details`` shows them one per line."""

    def __init__(self, message: str, *, url: str, headers: Sequence[tuple[str, str]]) -> None:
        self.headers = tuple(headers)
        super().__init__(message, url=url, details=("\n".join(f"{n}: {v}" for n, v in self.headers),))


def required_headers(origin: str, methods: Sequence[str], request_headers: Sequence[str] = (),
                     exposed: Sequence[str] = ()) -> tuple[tuple[str, str], ...]:
    """The response headers (on every answer and on the OPTIONS preflight) a server must send so a
    page on ``origin`` may use ``methods`` with ``request_headers`` and read ``exposed``."""
    headers = [("Access-Control-Allow-Origin", origin),
               ("Access-Control-Allow-Methods", ", ".join(methods))]
    if request_headers:
        headers.append(("Access-Control-Allow-Headers", ", ".join(request_headers)))
    if exposed:
        headers.append(("Access-Control-Expose-Headers", ", ".join(exposed)))
    return (*headers, ("Access-Control-Max-Age", MAX_AGE), ("Vary", "Origin"))


@dataclass(frozen=True)
class Advice:
    """What one kind of server must allow Daypane, and what the user is told when it gets no answer.

    unreachable: the sentence for a server that cannot be reached, with ``{host}``.
    blocked: the sentence for one that blocks browsers, with ``{host}`` and ``{headers}`` (the
        headers to add, as "Name: value; Name: value").
    """

    methods: tuple[str, ...]
    request_headers: tuple[str, ...]
    exposed: tuple[str, ...]
    unreachable: str
    blocked: str

    def headers(self, origin: str) -> tuple[tuple[str, str], ...]:
        return required_headers(origin, self.methods, self.request_headers, self.exposed)

    def diagnose(self, opaque_answer: bool, url: str, origin: str) -> NoAnswer:
        """The real cause of a NoAnswer from ``url``, given the no-cors probe's result."""
        host = host_of(url)
        if not opaque_answer:
            return Unreachable(self.unreachable.format(host=host), url=url)
        headers = self.headers(origin)
        listed = "; ".join(f"{name}: {value}" for name, value in headers)
        return BlocksBrowsers(self.blocked.format(host=host, headers=listed), url=url, headers=headers)

    async def diagnosed(self, step: Awaitable[T], url: str, probe: Probe, origin: str) -> T:
        """``step``'s result; when it got no answer, probe ``url`` and raise what that means."""
        try:
            return await step
        except NoAnswer as error:
            if isinstance(error, (Unreachable, BlocksBrowsers)):
                raise
            raise self.diagnose(await probe(url), url, origin) from None
