"""A published .ics feed on 127.0.0.1, as a calendar host serves one: an ETag and Last-Modified,
304 to a matching conditional request, and CORS headers only when asked to (most hosts send none).

    with FeedServer(cors_origin="http://127.0.0.1:8000") as feed:
        feed.body = "BEGIN:VCALENDAR..."
        feed.url("/team.ics"); feed.log  # [(method, path, headers), ...]
"""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import threading
import time


class FeedServer:
    def __init__(self, cors_origin: str | None = None) -> None:
        self.cors_origin = cors_origin
        self.body = ""
        self.content_type = "text/calendar; charset=utf-8"
        self.status = 200
        self.modified = time.time()
        self.log: list[tuple[str, str, dict]] = []
        feed = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _cors(self) -> None:
                if feed.cors_origin:
                    self.send_header("Access-Control-Allow-Origin", feed.cors_origin)
                    self.send_header("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since")
                    self.send_header("Access-Control-Expose-Headers", "ETag, Last-Modified")

            def do_OPTIONS(self) -> None:
                feed.log.append(("OPTIONS", self.path, dict(self.headers)))
                self.send_response(204)
                self._cors()
                self.end_headers()

            def do_GET(self) -> None:
                feed.log.append(("GET", self.path, dict(self.headers)))
                body = feed.body.encode()
                etag = '"%s"' % hashlib.sha1(body).hexdigest()[:12]
                if feed.status != 200:
                    self.send_response(feed.status)
                    self._cors()
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self._cors()
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self._cors()
                self.send_header("Content-Type", feed.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", email.utils.formatdate(feed.modified, usegmt=True))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.netloc = "127.0.0.1:%d" % self.server.server_address[1]

    def url(self, path: str = "/calendar.ics") -> str:
        return f"http://{self.netloc}{path}"

    def gets(self) -> list[tuple[str, str, dict]]:
        return [entry for entry in self.log if entry[0] == "GET"]

    def __enter__(self) -> "FeedServer":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
