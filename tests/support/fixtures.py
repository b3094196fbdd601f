"""Where the repository's test data lives: real-world files loaded by name (as icalendar's tests do)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def fixture_path(kind: str, name: str) -> Path:
    """tests/fixtures/<kind>/<name>, e.g. fixture_path("ics", "outlook-export.ics")."""
    return FIXTURES / kind / name


def read_fixture(kind: str, name: str) -> bytes:
    """The file's bytes exactly as stored, so encodings are tested too."""
    return fixture_path(kind, name).read_bytes()


def locale(tag: str):
    """The Conventions Chromium's Intl gives for `tag` (tests/fixtures/locale/<tag>.json, recorded
    by tools/locale_fixtures.py), e.g. locale("de-DE")."""
    import json

    from daypane.core.locale import from_intl

    return from_intl(json.loads(fixture_path("locale", f"{tag}.json").read_text()))
