"""The stdlib the site serves leaves out what a web page never imports (tools/build/runtime.py's
NEVER_IMPORTED). Nothing Daypane or its packages import may be among it: every import statement in
their sources is checked, those inside functions too, which start-up (and so the snapshot build)
never runs."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from tools.build.common import ROOT
from tools.build.runtime import never_imported

# The packages site-packages.zip holds that Daypane uses. Not click: only x_wr_timezone's command
# line uses it, which a page never runs, and its pager and editor helpers import pydoc and such.
PACKAGES = ("icalendar", "dateutil", "recurring_ical_events", "x_wr_timezone", "six", "tzdata")


def sources() -> dict[str, Path]:
    """{path shown: file} of our package and of PACKAGES (as pinned in the dev environment), less
    the packages' own test suites."""
    roots = [ROOT / "py"]
    for package in PACKAGES:
        origin = Path(importlib.util.find_spec(package).origin)
        roots.append(origin.parent if origin.name == "__init__.py" else origin)
    found = {}
    for root in roots:
        for path in ([root] if root.is_file() else sorted(root.rglob("*.py"))):
            shown = path.name if root.is_file() else f"{root.name}/{path.relative_to(root).as_posix()}"
            if not {"test", "tests"} & set(shown.split("/")):
                found[shown] = path
    return found


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_source_of_the_app_or_its_packages_imports_what_the_stdlib_zip_leaves_out():
    files = sources()
    assert len(files) > 300 and "py/daypane/browser/app.py" in files
    found = {f"{shown}: {name}" for shown, path in files.items()
             for name in imported(path) if never_imported(name.replace(".", "/") + ".pyc")}
    assert found == set()


@pytest.mark.parametrize("relative, left_out", [
    ("pdb.pyc", True), ("unittest/mock.pyc", True), ("unittest/__init__.pyc", True),
    ("http/server.pyc", True), ("http/client.pyc", False), ("http/__init__.pyc", False),
    ("traceback.pyc", False), ("tracemalloc.pyc", False), ("cProfile.pyc", False),
    ("typing.pyc", False), ("multiprocessing/pool.pyc", True), ("pdbx.pyc", False),
])
def test_what_is_left_out_is_whole_modules_and_packages_by_name(relative, left_out):
    assert never_imported(relative) is left_out
