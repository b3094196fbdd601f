"""The transport boundary (as in httpx): plain Request and Response values, one async `send`.

Provider clients in the core build Requests and read Responses; the browser's fetch adapter and
the tests' MockTransport are the only things that actually send.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from typing import Any, Callable, Protocol


def _find(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    name = name.lower()
    return next((value for key, value in headers if key.lower() == name), None)


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None

    def header(self, name: str) -> str | None:
        return _find(self.headers, name)


@dataclass(frozen=True)
class Response:
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return _find(self.headers, name)

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class NetworkError(OSError):
    """No answer at all: offline, DNS failure, or a browser refusing a cross-origin response."""


class Transport(Protocol):
    async def send(self, request: Request) -> Response: ...


class MockTransport:
    """A Transport for tests: answers with handler(request) (sync or async), records requests."""

    def __init__(self, handler: Callable[[Request], Any]) -> None:
        self.handler = handler
        self.requests: list[Request] = []

    async def send(self, request: Request) -> Response:
        self.requests.append(request)
        answer = self.handler(request)
        if inspect.isawaitable(answer):
            answer = await answer
        return answer
