"""fetch() for the app's own static files. Provider calls get their own transport later; this one
returns plain Python values and raises plain Python errors, never JS objects."""

from __future__ import annotations

import js
from pyodide.ffi import JsException, to_js


class FetchError(OSError):
    pass


async def fetch_bytes(url: str) -> bytes:
    try:
        response = await js.fetch(url)
    except JsException as error:
        raise FetchError(f"{url} could not be loaded ({error}).") from None
    if not response.ok:
        raise FetchError(f"{url} answered {response.status}.")
    buffer = await response.arrayBuffer()
    return buffer.to_bytes()


async def read_file(file) -> bytes:
    """The bytes of a File from an <input type=file> or a drop."""
    buffer = await file.arrayBuffer()
    return buffer.to_bytes()


class FetchTransport:
    """The core's Transport on window.fetch: plain Request in, plain Response out."""

    async def send(self, request):
        from daypane.core.http import NetworkError, Response

        init = {"method": request.method, "headers": js.Object.fromEntries(to_js(list(request.headers)))}
        if request.body is not None:
            init["body"] = request.body.decode("utf-8")
        try:
            answer = await js.fetch(request.url, to_js(init, dict_converter=js.Object.fromEntries))
            body = (await answer.arrayBuffer()).to_bytes()
        except JsException as error:
            raise NetworkError(f"{request.method} {request.url}: {error}") from None
        headers = tuple((str(k), str(v)) for k, v in js.Array.from_(answer.headers.entries()))
        return Response(status=int(answer.status), headers=headers, body=body)


async def opaque_answer(url: str) -> bool:
    """After a request to url got no readable answer: does the server answer at all?

    A `no-cors` request cannot read anything, but it succeeds (with an opaque answer) when the
    server is up and merely does not allow browser access (no CORS headers), and fails like the
    first request when the server cannot be reached. That is the only way a page can tell the two
    apart (docs/facts/caldav.md)."""
    try:
        answer = await js.fetch(url, to_js({"mode": "no-cors", "credentials": "omit"},
                                           dict_converter=js.Object.fromEntries))
    except JsException:
        return False
    return str(answer.type) == "opaque"
