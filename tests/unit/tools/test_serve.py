"""tools/serve.py serves the built site as a static host does: gzip for the types a host compresses,
the rest as it is, and ETags per representation with 304 answers."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from tools.serve import serve_in_thread


@pytest.fixture
def site(tmp_path):
    (tmp_path / "app.wasm").write_bytes(b"\0asm" + bytes(range(256)) * 64)
    (tmp_path / "code.zip").write_bytes(b"PK" + bytes(range(256)) * 64)
    (tmp_path / "tiny.js").write_text("export {};\n")
    (tmp_path / "index.html").write_text("<!doctype html>" + "<p>Daypane</p>" * 200)
    server, url = serve_in_thread(tmp_path)
    yield tmp_path, url
    server.shutdown()


def get(url: str, **headers: str):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return response.status, dict(response.headers), response.read()


def test_webassembly_and_html_are_gzipped_for_a_browser_that_accepts_it(site):
    root, url = site
    for name in ("app.wasm", "index.html"):
        status, headers, body = get(url + name, **{"Accept-Encoding": "gzip, deflate, br"})
        assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "gzip", "Accept-Encoding")
        assert int(headers["Content-Length"]) == len(body) < (root / name).stat().st_size
        assert gzip.decompress(body) == (root / name).read_bytes()


def test_zips_tiny_files_and_clients_without_gzip_get_the_bytes_as_they_are(site):
    root, url = site
    for name, accept in (("code.zip", "gzip"), ("tiny.js", "gzip"), ("app.wasm", "identity")):
        _, headers, body = get(url + name, **{"Accept-Encoding": accept})
        assert "Content-Encoding" not in headers
        assert body == (root / name).read_bytes()


def test_each_representation_has_its_own_etag_and_revalidates_with_304(site):
    _, url = site
    _, zipped, _ = get(url + "app.wasm", **{"Accept-Encoding": "gzip"})
    _, plain, _ = get(url + "app.wasm")
    assert zipped["ETag"] != plain["ETag"]
    with pytest.raises(urllib.error.HTTPError) as answer:
        get(url + "app.wasm", **{"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]})
    assert answer.value.code == 304
    # The other representation's ETag does not match: the body comes again, whole.
    status, _, body = get(url + "app.wasm", **{"Accept-Encoding": "gzip", "If-None-Match": plain["ETag"]})
    assert status == 200 and gzip.decompress(body).startswith(b"\0asm")
