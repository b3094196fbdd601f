"""The CORS headers the README and the shipped setup guide tell a server's administrator to send
are the ones the app itself asks for: CalDAV's (caldav/problems.py) for calendars and for task
lists, and .ics feeds' (feeds/subscription.py) together, since the guides cover every kind of
server in one list."""

from __future__ import annotations

import re

import pytest

from daypane.core.providers.caldav import problems as caldav
from daypane.core.providers.feeds import subscription as feeds
from tests.support.fixtures import ROOT

ORIGIN = "https://you.github.io"
LISTED = ("Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers")


def split(value: str) -> set[str]:
    return {item.strip() for item in value.split(",") if item.strip()}


def asked_by_the_app() -> dict[str, set[str]]:
    wanted: dict[str, set[str]] = {name: set() for name in LISTED}
    for advice in (caldav.cors_headers(ORIGIN), caldav.cors_headers(ORIGIN, writes=True), feeds.cors_headers(ORIGIN)):
        for name, value in advice:
            if name in wanted:
                wanted[name] |= split(value)
    return wanted


def in_text(text: str, separator: str) -> dict[str, set[str]]:
    """Every `Name<separator>value` line of a header list in the text, by name (values of all
    occurrences together: the nginx example sets some headers in two places)."""
    found: dict[str, set[str]] = {}
    for name in LISTED:
        for value in re.findall(rf"{name}\s*{separator}\s*\"?([^\"\n;<]+)", text):
            found.setdefault(name, set()).update(split(value))
    return found


@pytest.mark.parametrize("path, separator", [("static/setup.html", ":"), ("README.md", "=")])
def test_the_guides_ask_for_exactly_what_the_app_asks_for(path, separator):
    text = (ROOT / path).read_text()
    assert in_text(text, separator) == {name: values for name, values in asked_by_the_app().items() if values}


def test_the_readmes_nginx_example_agrees_too():
    nginx = (ROOT / "README.md").read_text().split("```nginx", 1)[1].split("```", 1)[0]
    assert in_text(nginx, "") == {name: values for name, values in asked_by_the_app().items() if values}


def test_calendars_ask_for_nothing_that_writes_and_task_lists_for_exactly_the_writes_they_make():
    def methods(advice):
        return split(dict(advice)["Access-Control-Allow-Methods"])
    assert methods(caldav.cors_headers(ORIGIN)) == {"OPTIONS", "PROPFIND", "REPORT"}
    assert methods(caldav.cors_headers(ORIGIN, writes=True)) - methods(caldav.cors_headers(ORIGIN)) == {
        "GET", "PUT", "DELETE"}
