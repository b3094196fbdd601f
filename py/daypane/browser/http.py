"""fetch() for the app's own static files. Provider calls get their own transport later; this one
returns plain Python values and raises plain Python errors, never JS objects."""

from __future__ import annotations

import js
from pyodide.ffi import JsException


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
