"""Shared set-up for the unit tests: import ``daypane`` from py/ and load .ics fixtures by name."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "ics"
PY = ROOT / "py"
if str(PY) not in sys.path:
    sys.path.insert(0, str(PY))


def read_fixture(name: str) -> bytes:
    """Bytes of tests/fixtures/ics/<name> (exactly as stored, so encodings are tested too)."""
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def fixture_bytes():
    """``fixture_bytes("outlook-export.ics")`` -> the file's bytes."""
    return read_fixture
