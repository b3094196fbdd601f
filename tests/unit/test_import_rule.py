"""daypane.core must stay importable under plain CPython: no browser modules allowed."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "py" / "daypane" / "core"
FORBIDDEN = ("js", "pyodide", "pyscript")


def forbidden_imports(source: str, filename: str = "<source>") -> list[str]:
    """Names of browser-only modules imported anywhere in ``source`` (also inside functions)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in FORBIDDEN]
    return found


def test_checker_catches_browser_imports():
    source = "import os\nimport js\nfrom pyodide.ffi import x\ndef f():\n    import pyscript.web\n"
    assert forbidden_imports(source) == ["js", "pyodide.ffi", "pyscript.web"]


def test_checker_allows_lookalikes_and_relative_imports():
    source = "import json\nimport jsonschema\nfrom .js import helper\nfrom icalendar import Calendar\n"
    assert forbidden_imports(source) == []


def test_core_modules_import_no_browser_modules():
    files = sorted(CORE.glob("*.py"))
    assert files, "py/daypane/core has no modules?"
    offenders = {
        path.name: bad
        for path in files
        if (bad := forbidden_imports(path.read_text(encoding="utf-8"), str(path)))
    }
    assert offenders == {}
