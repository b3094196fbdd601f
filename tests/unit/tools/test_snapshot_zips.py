"""The zips served beside the memory snapshot leave out the compiled code its heap already holds:
only the .pyc of an imported module whose source is also in the zip, everything else as it was."""

from __future__ import annotations

import zipfile

from tools.build.common import ZIP_TIME
from tools.build.snapshot import without_compiled


def make_zip(path, files: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)


def test_an_imported_modules_pyc_goes_and_its_source_and_everything_else_stays(tmp_path):
    make_zip(tmp_path / "in.zip", {
        "pkg/__init__.py": b"", "pkg/__init__.pyc": b"init code",
        "pkg/used.py": b"x = 1", "pkg/used.pyc": b"used code",
        "pkg/lazy.py": b"y = 2", "pkg/lazy.pyc": b"lazy code",  # not imported at start-up
        "only.pyc": b"no source beside it",  # imported, but its code would be lost: kept
        "pkg/data/zone.bin": b"TZif",
    })
    without_compiled(tmp_path / "in.zip", tmp_path / "out.zip", ["pkg/__init__.pyc", "pkg/used.pyc", "only.pyc"])
    with zipfile.ZipFile(tmp_path / "out.zip") as z:
        assert z.namelist() == ["pkg/__init__.py", "pkg/used.py", "pkg/lazy.py", "pkg/lazy.pyc", "only.pyc",
                                "pkg/data/zone.bin"]
        assert z.read("pkg/lazy.pyc") == b"lazy code"
        assert all(i.compress_type == zipfile.ZIP_DEFLATED and i.date_time == ZIP_TIME for i in z.infolist())


def test_the_same_inputs_give_the_same_bytes(tmp_path):
    make_zip(tmp_path / "in.zip", {"a.py": b"a", "a.pyc": b"code", "b.py": b"b"})
    without_compiled(tmp_path / "in.zip", tmp_path / "one.zip", ["a.pyc"])
    without_compiled(tmp_path / "in.zip", tmp_path / "two.zip", ["a.pyc"])
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
