"""py/main.py keeps the snapshot's import caches only for the very zips the snapshot was made with."""

import zipfile

from daypane.browser import zips


def make_zip(path, body: str) -> str:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/__init__.py", body)
    return str(path)


def test_the_same_zip_written_again_keeps_the_caches_and_another_one_does_not(tmp_path, monkeypatch):
    monkeypatch.setattr(zips, "BUILT", {})
    built = make_zip(tmp_path / "app.zip", "x = 1\n")
    zips.remember([built])
    make_zip(tmp_path / "app.zip", "x = 1\n")  # the page writes the same bytes again
    assert zips.unchanged([built])
    make_zip(tmp_path / "app.zip", "x = 2  # another deployment\n")
    assert not zips.unchanged([built])


def test_without_a_snapshot_record_or_a_file_nothing_counts_as_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(zips, "BUILT", {})
    path = make_zip(tmp_path / "app.zip", "")
    assert not zips.unchanged([path])  # an ordinary start: nothing was remembered
    zips.remember([path])
    (tmp_path / "app.zip").unlink()
    assert not zips.unchanged([path])
