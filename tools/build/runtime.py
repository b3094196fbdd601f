"""The self-hosted runtime: Pyodide (its stdlib precompiled by Pyodide itself), PyScript, MSAL.js."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from tools.build.common import CACHE, NODE_MODULES, ROOT, VENDOR, digest, npm_version, write_zip

# What the page itself loads from the pyodide package; the rest of the npm package is for Node.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
PRECOMPILE = Path(__file__).resolve().parent / "precompile.mjs"
SOURCE_TIME = 315532800  # 1980-01-01 00:00 UTC, as the zips' own timestamps

# Parts of the stdlib a web page never imports: consoles, debuggers and test runners, processes
# and terminals, mail and servers over sockets a browser does not have. Left out of the zip a
# first visit downloads (1.1 MB of its 4.5). Nothing Daypane or its packages import is here
# (tests/unit/tools/test_stdlib_trim.py checks their sources; the snapshot build imports all of
# start-up from the trimmed zip). The profilers stay, for measuring in the page.
NEVER_IMPORTED = frozenset({
    "__hello__", "__phello__", "_pyrepl", "antigravity", "bdb", "cmd", "compileall", "curses", "dbm",
    "doctest", "ensurepip", "ftplib", "getpass", "http/server", "idlelib", "imaplib", "lib2to3",
    "mailbox", "modulefinder", "multiprocessing", "netrc", "pdb", "pickletools", "poplib", "pty",
    "pyclbr", "pydoc", "pydoc_data", "shelve", "smtplib", "socketserver", "sqlite3", "tabnanny",
    "this", "tkinter", "trace", "tty", "turtle", "turtledemo", "unittest", "venv", "wave",
    "webbrowser", "wsgiref", "xmlrpc", "zipapp",
})


def never_imported(relative: str) -> bool:
    """Whether this stdlib file (its path inside the zip) belongs to NEVER_IMPORTED."""
    module = relative.rsplit(".", 1)[0] if relative.endswith((".py", ".pyc")) else relative
    return any(module == name or module.startswith(name + "/") for name in NEVER_IMPORTED)


def copy_pyodide() -> None:
    target = VENDOR / "pyodide"
    target.mkdir(parents=True)
    source = NODE_MODULES / "pyodide"
    for name in PYODIDE_FILES:
        shutil.copy2(source / name, target / name)
    shutil.copy2(precompiled_stdlib(), target / "python_stdlib.zip")


# PyScript's chunks for what Daypane never uses: the terminal (xterm), the editor (CodeMirror) and
# MicroPython. PyScript imports each only when a page has such an element or script type, so
# leaving them out costs nothing, and the service worker's precache (every file of the site) no
# longer downloads their 230 kB (gzipped) on a first visit. Left out rather than kept unprecached:
# were PyScript to need one, every browser test would fail, not only an offline start.
PYSCRIPT_UNUSED = ("xterm*", "codemirror*", "mpy-*")


def copy_pyscript() -> None:
    # Only the runtime chunks; source maps are for debugging PyScript itself.
    shutil.copytree(
        NODE_MODULES / "@pyscript" / "core" / "dist",
        VENDOR / "pyscript",
        ignore=shutil.ignore_patterns("*.map", *PYSCRIPT_UNUSED),
    )


def copy_msal() -> None:
    # The classic bundle (global `msal`) and v5's redirect bridge for redirect.html.
    lib = NODE_MODULES / "@azure" / "msal-browser" / "lib"
    target = VENDOR / "msal"
    target.mkdir(parents=True)
    shutil.copy2(lib / "msal-browser.min.js", target / "msal-browser.min.js")
    shutil.copy2(lib / "redirect-bridge" / "msal-redirect-bridge.min.js", target / "msal-redirect-bridge.min.js")


def precompiled_stdlib() -> Path:
    """Pyodide's stdlib as a sourceless zip in the legacy layout (x.pyc where x.py was), less
    NEVER_IMPORTED.

    zipimport does not look into __pycache__, so the legacy layout is the only one it uses.
    """
    trimmed = digest(" ".join(sorted(NEVER_IMPORTED)).encode())
    out = CACHE / f"python_stdlib-{npm_version('pyodide')}-{trimmed}.zip"
    if out.exists():
        return out
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp)
        with zipfile.ZipFile(NODE_MODULES / "pyodide" / "python_stdlib.zip") as z:
            z.extractall(tree)
        # Legacy .pyc files record their source's mtime: a fixed one makes the zip reproducible
        # (never checked: the zip has no sources to compare with).
        for path in tree.rglob("*"):
            os.utime(path, (SOURCE_TIME, SOURCE_TIME))
        precompile(tree, "legacy")
        write_zip(out, tree, keep=lambda p: (p.suffix != ".py" or not p.with_suffix(".pyc").exists())
                  and not never_imported(p.relative_to(tree).as_posix()))
    return out


def precompile(tree: Path, mode: str) -> None:
    """Compile every .py under tree with Pyodide's own Python (under Node): "legacy" or "unchecked"."""
    subprocess.run(["node", str(PRECOMPILE), str(tree), mode], check=True, cwd=ROOT)
