"""A static file server for the built site, as a static host would serve it.

Used by `make run` and by the browser tests (which start it in-process on an ephemeral port).
It adds what makes repeated loads fast: ETags with 304 answers everywhere, and a long max-age on
the vendored runtime so a second page load in the same browser context starts warm. Like GitHub
Pages, it gzips the types that compress (HTML, CSS, JavaScript, JSON, WebAssembly, SVG, text) for a
browser that accepts gzip, and sends the rest (zips, the gzipped snapshot, images) as they are, so
a first visit's bytes measured here are what a user of such a host downloads.

    python tools/serve.py [--port 8000] [--root dist] [--base /]
"""

from __future__ import annotations

import argparse
import collections
import email.utils
import gzip
import hashlib
import http.server
import io
import os
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".webmanifest": "application/manifest+json",
    ".ics": "text/calendar; charset=utf-8",
    ".toml": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".zip": "application/zip",
}


# What a static host compresses on the fly: text and WebAssembly (GitHub Pages gzips .wasm too).
# Already-compressed formats (zip, .gz, png) gain nothing and are left alone, as hosts do.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json",
                "application/wasm", "image/svg+xml")
MIN_COMPRESSED = 1024  # a smaller body is not worth a gzip header


def compressible(content_type: str, size: int) -> bool:
    return size >= MIN_COMPRESSED and content_type.startswith(COMPRESSIBLE)


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def __init__(self, request, client_address, server) -> None:
        super().__init__(request, client_address, server, directory=str(server.root))

    def parse_request(self) -> bool:
        # Root and base are read per request, not per connection: a test switches builds under a
        # running server (as a deployment does), and browsers open connections ahead of need.
        self.directory, self.base = str(self.server.root), self.server.base
        return super().parse_request()

    def translate_path(self, path: str) -> str:
        # Serve the site under a base path (GitHub Pages serves a project at /<repo>/).
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.base):
            return str(Path(self.directory) / "__outside_base__")
        return super().translate_path("/" + path[len(self.base):])

    def send_head(self):
        self.server.requested.append(self.path)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        stat = path.stat()
        # The inode too: file times are coarse (a few ms), and a deployment that swaps in a new
        # file of the same size within that window must still get a new ETag.
        tag = hashlib.sha1(f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:16]
        content_type = self.guess_type(str(path))
        zipped = compressible(content_type, stat.st_size) and "gzip" in self.headers.get("Accept-Encoding", "")
        etag = f'"{tag}-gzip"' if zipped else f'"{tag}"'  # one ETag per representation
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", self.cache_control(path))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        if zipped:
            body = self.server.gzipped(path, etag)
            handle, size = io.BytesIO(body), len(body)
        else:
            handle, size = path.open("rb"), stat.st_size
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(size))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", self.cache_control(path))
        self.end_headers()
        return handle

    def cache_control(self, path: Path) -> str:
        # The runtime changes only with a dependency bump; our own files are revalidated each load.
        if "vendor" in path.relative_to(self.directory).parts:
            return "public, max-age=86400"
        return "no-cache"

    def log_message(self, format: str, *args) -> None:
        if os.environ.get("DAYPANE_SERVE_LOG"):
            super().log_message(format, *args)


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def gzipped(self, path: Path, etag: str) -> bytes:
        """The file gzipped (level 6, as hosts use), made once per version: the runtime's 9.6 MB
        of WebAssembly takes a few hundred milliseconds to compress."""
        with self.gzip_lock:
            body = self.gzip_cache.get((path, etag))
            if body is None:
                body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
                self.gzip_cache[path, etag] = body
            return body

    def handle_error(self, request, client_address):
        pass  # browsers drop connections mid-transfer all the time; that is not a server error


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0, base: str = "/") -> QuietServer:
    server = QuietServer((host, port), SiteHandler)
    server.base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    server.root = Path(root)
    # The paths asked for lately, for tests that check what a browser fetched.
    server.requested = collections.deque(maxlen=10_000)
    server.gzip_cache, server.gzip_lock = {}, threading.Lock()
    return server


def serve_in_thread(root: Path, base: str = "/") -> tuple[QuietServer, str]:
    server = make_server(root, base=base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}{server.base}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--root", type=Path, default=ROOT / "dist")
    parser.add_argument("--base", default="/")
    args = parser.parse_args()
    server = make_server(args.root, args.host, args.port, args.base)
    print(f"Daypane at http://{args.host}:{args.port}{server.base} (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
