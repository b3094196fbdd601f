"""The import rule: daypane.core is pure Python, importable under plain CPython, at every depth.

No module anywhere under py/daypane/core may import the browser's modules (`js`, `pyodide`,
`pyscript`) or Daypane's browser side (`daypane.browser`, or a relative import that climbs out of
the core), neither at the top nor inside a function or a conditional.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.fixtures import ROOT

PACKAGE = ROOT / "py" / "daypane"
CORE = PACKAGE / "core"
BROWSER_MODULES = ("js", "pyodide", "pyscript")


def module_name(path: Path) -> str:
    """'daypane.core.ics.parse' for py/daypane/core/ics/parse.py (a package: its __init__)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[str]:
    """Absolute names of every module `source` imports, anywhere in it (functions included).

    `module` is the importing module's own name, needed to resolve relative imports."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from pkg import name`: pkg is imported; `from . import name`: name is a module.
            found += [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
    return found


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """The imports in `source` that break the core's rule."""
    return [name for name in imported_modules(source, module, is_package)
            if name.split(".")[0] in BROWSER_MODULES
            or name == "daypane.browser" or name.startswith("daypane.browser.")]


def test_the_checker_catches_browser_imports_at_every_depth():
    source = ("import os\nimport js\nfrom pyodide.ffi import to_js\n"
              "def f():\n    import pyscript.web\n"
              "if True:\n    from daypane.browser.js import dom\n")
    assert violations(source, "daypane.core.x") == ["js", "pyodide.ffi", "pyscript.web", "daypane.browser.js"]


def test_the_checker_resolves_relative_imports_out_of_the_core():
    assert violations("from ..browser import dom\n", "daypane.core.model") == ["daypane.browser"]
    assert violations("from ...browser.js.dom import h\n", "daypane.core.ics.parse") == ["daypane.browser.js.dom"]
    assert violations("from ... import browser\n", "daypane.core.tasks", is_package=True) == ["daypane.browser"]
    assert violations("from . import browser\n", "daypane.core", is_package=True) == []


def test_the_checker_allows_lookalikes():
    source = "import json\nimport jsonschema\nfrom .js import helper\nfrom icalendar import Calendar\n"
    assert violations(source, "daypane.core.x") == []


def test_no_core_module_at_any_depth_imports_the_browser():
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 30, "py/daypane/core looks empty: is the walk recursive?"
    assert any(len(p.relative_to(CORE).parts) >= 3 for p in files), "no nested core package was walked"
    offenders = {
        str(path.relative_to(CORE)): bad
        for path in files
        if (bad := violations(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"))
    }
    assert offenders == {}
