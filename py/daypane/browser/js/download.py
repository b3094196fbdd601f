"""Saving a file the app made (a backup, exported tasks): a Blob and a link with `download`."""

from __future__ import annotations

import js
from pyodide.ffi import create_once_callable, to_js

from daypane.browser.js.dom import h


def download(name: str, data: bytes, mime: str) -> None:
    array = js.Uint8Array.new(len(data))
    array.assign(data)
    blob = js.Blob.new(to_js([array]), to_js({"type": mime}, dict_converter=js.Object.fromEntries))
    url = js.URL.createObjectURL(blob)
    link = h("a", href=url, download=name, hidden=True)
    js.document.body.append(link)
    link.click()
    link.remove()
    # Revoked after the click was handled: the download has taken its copy by then.
    js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), 10_000)
