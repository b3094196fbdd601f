"""Thin adapters between the pure core and the browser.

Import rule: each module here is the only one touching its JS API (DOM, IndexedDB, clock, files);
they hold no decisions of their own. Everything that decides lives in daypane.core.
"""
