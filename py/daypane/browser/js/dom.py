"""Building and updating DOM nodes from Python.

Every piece of text goes in through textContent or an attribute, never parsed as HTML: provider and
user text (event titles, task names, file contents) can then never become markup or script.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Coroutine, Iterable

import js
from pyodide.ffi import create_proxy, jsnull

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


class Node(list):
    """A description of an element, built later in one call by `build` (see `t`)."""


def t(tag: str, *children, **attrs) -> Node:
    """Like h(), but describes the element instead of creating it: build(t(...)) creates a whole
    tree in one call to JS (static/boot.js's builder), where h() costs an FFI round trip per
    element, attribute and text. Worth it for big views (a week of events); the same rules hold:
    text is text, style goes through the CSSOM."""
    node = Node([tag, {}])
    style = attrs.pop("style", None)
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        node[1][key.rstrip("_").replace("_", "-")] = "" if value is True else str(value)
    if style:
        node[1]["style"] = dict(style)
    _describe_children(node, children)
    return node


def _describe_children(node: Node, children: Iterable) -> None:
    for child in children:
        if child is None:
            continue
        if isinstance(child, (str, Node)):
            node.append(child)
        else:
            _describe_children(node, child)


def build(node: Node) -> js.Element:
    import json
    return js.daypaneDom.build(json.dumps(node, separators=(",", ":")))


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


def nullable(value):
    """JS null arrives as pyodide's `jsnull`, not None: normalise it so `is None` tests work."""
    return None if value is None or value is jsnull else value


def query(root, selector: str):
    """root.querySelector, with None when nothing matches."""
    return nullable(root.querySelector(selector))


def by_id(element_id: str) -> js.Element:
    el = nullable(document.getElementById(element_id))
    if el is None:
        raise LookupError(f"#{element_id} is missing from index.html")
    return el


_listeners = []  # keeps the proxies alive for the page's lifetime
_tasks: set[asyncio.Task] = set()


def on(target, event: str, handler: Callable, *, prevent_default: bool = False, capture: bool = False) -> None:
    """Listen for an event with a long-lived handler (we delegate, so there are few of them).

    An async handler runs later, on Pyodide's event loop, after the browser has already acted on
    the event: so preventDefault() must happen synchronously, either here (prevent_default=True)
    or in a sync handler that then spawn()s its async part. capture=True listens on the way down,
    before the target's own handlers.
    """

    def listener(evt) -> None:
        if prevent_default:
            evt.preventDefault()
        result = handler(evt)
        if inspect.iscoroutine(result):
            spawn(result)

    proxy = create_proxy(listener)
    _listeners.append(proxy)
    target.addEventListener(event, proxy, capture)


def spawn(coroutine: Coroutine) -> asyncio.Task:
    """Run a coroutine in the background; a failure is reported like an uncaught JS error
    (visible in the console and to the tests) instead of vanishing with the task."""
    task = asyncio.ensure_future(coroutine)
    _tasks.add(task)
    task.add_done_callback(_finished)
    return task


def _finished(task: asyncio.Task) -> None:
    _tasks.discard(task)
    if not task.cancelled() and task.exception() is not None:
        error = task.exception()
        js.reportError(js.Error.new(f"{type(error).__name__}: {error}"))


def closest(event, selector: str):
    """The element matching selector that the event happened in, or None."""
    target = nullable(event.target)
    if target is None or not hasattr(target, "closest"):
        return None
    return nullable(target.closest(selector))
