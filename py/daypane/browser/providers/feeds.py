"""Subscriptions to .ics addresses in the page: the core's Feeds (core.providers.feeds) built with
the browser's pieces, the no-cors probe and the page's origin. Everything that decides is there."""

from __future__ import annotations

import js

from daypane.browser.js.fetch import opaque_answer
from daypane.core.providers.feeds.provider import Feeds


def build(records, transport, *, ask_password=None, on_change, on_problem) -> Feeds:
    """The subscriptions provider. ``ask_password`` is taken so that every adapter's build takes the
    same arguments; a subscription never asks for one."""
    return Feeds(records, transport, probe=opaque_answer, origin=str(js.location.origin),
                 on_change=on_change, on_problem=on_problem)
