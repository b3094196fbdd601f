"""A daypane.core.http Transport on urllib, so the core's CalDAV client runs under CPython.

It behaves like the browser's fetch adapter: every HTTP status is a Response (4xx/5xx included),
only "no answer at all" is a NetworkError. Redirects are not followed, as a browser refuses a
redirected preflight.
"""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request

from daypane.core.http import NetworkError, Request, Response


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 - urllib's signature
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class UrllibTransport:
    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self.requests: list[Request] = []

    async def send(self, request: Request) -> Response:
        self.requests.append(request)
        return await asyncio.to_thread(self._send, request)

    def _send(self, request: Request) -> Response:
        raw = urllib.request.Request(request.url, data=request.body, method=request.method,
                                     headers=dict(request.headers))
        try:
            with _OPENER.open(raw, timeout=self.timeout) as answer:
                return Response(answer.status, tuple(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, tuple(error.headers.items()), error.read())
        except (urllib.error.URLError, OSError) as error:
            raise NetworkError(str(error)) from error
