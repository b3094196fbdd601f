"""The browser's locale conventions (static/locale.js reads them from Intl), read once at start-up
and handed to daypane.core.locale as plain values."""

from __future__ import annotations

import js

from daypane.core.locale import ENGLISH, Conventions, LocaleError, from_intl


def browser_conventions() -> Conventions:
    """The user's locale, or British English (with a console warning) if the browser's answer
    cannot be read: dates must still be written in some locale."""
    try:
        return from_intl(js.daypaneLocale().to_py())
    except (LocaleError, AttributeError) as error:
        js.console.warn(f"Daypane: the browser's locale could not be read ({error}); using English.")
        return ENGLISH
