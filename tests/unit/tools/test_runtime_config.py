"""The page's runtime configuration agrees with itself: pyscript.toml, py/main.py and the build.

The zips are imported in place from where pyscript.toml's [files] writes them, so main.py must put
exactly those paths on sys.path (and the memory snapshot is made with them there too); a path that
differs in one place would make every import of our package fail in the page only.
"""

from __future__ import annotations

import ast
import tomllib

from tests.support.fixtures import ROOT


def pyscript_config() -> dict:
    return tomllib.loads((ROOT / "pyscript.toml").read_text())


def main_zips() -> tuple[str, ...]:
    tree = ast.parse((ROOT / "py" / "main.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "ZIPS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("py/main.py defines no ZIPS")


def test_main_puts_on_sys_path_exactly_the_zips_pyscript_writes():
    written = set(pyscript_config()["files"].values())
    assert set(main_zips()) == written
    # Written as files (no "/*", which would unpack them), beside the stdlib's own zip.
    assert all(path.endswith(".zip") and path.startswith("/lib/python3.14/") for path in written)


def test_each_zip_is_written_under_its_own_name():
    # tools/build/snapshot.mjs writes each zip to /lib/python3.14/<its file name>, as the page does.
    for source, target in pyscript_config()["files"].items():
        assert source.rsplit("/", 1)[-1] == target.rsplit("/", 1)[-1]


def test_the_interpreter_is_our_snapshot_loader_and_it_exists():
    interpreter = pyscript_config()["interpreter"]
    assert interpreter == "./static/interpreter.mjs"
    assert (ROOT / interpreter).is_file()


def test_daypane_zip_comes_first_as_in_the_snapshot():
    # The snapshot's sys.path order is the build's (tools/build/__main__.py); main.py keeps it.
    assert main_zips()[0].endswith("/daypane.zip")
    build = (ROOT / "tools" / "build" / "__main__.py").read_text()
    assert build.index('VENDOR / "daypane.zip", VENDOR / "site-packages.zip"') > 0
