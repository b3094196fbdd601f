"""Shared set-up for the unit tests: .ics fixtures loaded by name."""

from __future__ import annotations

import pytest

from tests.support.fixtures import read_fixture


@pytest.fixture
def fixture_bytes():
    """``fixture_bytes("outlook-export.ics")`` -> the bytes of tests/fixtures/ics/<name>."""
    return lambda name: read_fixture("ics", name)
