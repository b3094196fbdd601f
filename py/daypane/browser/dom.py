"""Building and updating DOM nodes from Python.

Every piece of text goes in through textContent or an attribute, never innerHTML: provider and
user text (event titles, task names, file contents) can then never become markup or script.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import js
from pyodide.ffi import create_proxy

document = js.document
Child = "js.Node | str | None"


def h(tag: str, *children, **attrs) -> js.Element:
    """Create an element: h("li", "text", h("span"), class_="x", aria_label="y", data_id="1").

    style={"--color": "#fff"} sets style properties.
    Keyword names map to attributes: a trailing underscore is dropped (class_) and other
    underscores become dashes (aria_label -> aria-label). True sets a boolean attribute, False or
    None leaves it out.
    """
    el = document.createElement(tag)
    style = attrs.pop("style", None)
    if style:
        set_style(el, style)
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        el.setAttribute(name, "" if value is True else str(value))
    append(el, children)
    return el


def set_style(el: js.Element, properties: dict[str, str]) -> None:
    # Through the CSSOM, not a style attribute: a strict CSP allows the former only.
    for name, value in properties.items():
        el.style.setProperty(name, value)


def append(parent: js.Element, children: Iterable) -> None:
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            parent.append(document.createTextNode(child))
        elif isinstance(child, (list, tuple)):
            append(parent, child)
        else:
            parent.append(child)


def replace_children(parent: js.Element, *children) -> None:
    parent.replaceChildren()
    append(parent, children)


def by_id(element_id: str) -> js.Element:
    el = document.getElementById(element_id)
    if el is None:
        raise LookupError(f"#{element_id} is missing from index.html")
    return el


_listeners = []  # keeps the proxies alive for the page's lifetime


def on(target, event: str, handler: Callable, **options) -> None:
    """Listen for an event with a long-lived handler (we delegate, so there are few of them).

    Async handlers are fine: Pyodide schedules the coroutine on its event loop.
    """
    proxy = create_proxy(handler)
    _listeners.append(proxy)
    if options:
        target.addEventListener(event, proxy, js.Object.fromEntries([[k, v] for k, v in options.items()]))
    else:
        target.addEventListener(event, proxy)


def closest(event, selector: str):
    """The element matching selector that the event happened in, or None."""
    target = event.target
    if target is None or not hasattr(target, "closest"):
        return None
    return target.closest(selector)
