"""A real Radicale for tests: started as a subprocess on 127.0.0.1, a temp store, one user.

Configured as in docs/facts/caldav.md (the setup measured from a browser): htpasswd
"alice:secret" in plain text, ``[auth] delay = 0`` so a wrong password answers at once, no web UI,
and, when an origin is given, exactly the CORS headers a browser page needs: for reading only, or
(``writes=True``) for changing to-dos in task lists too. Calendars are seeded
through Radicale's own CalDAV API (MKCALENDAR, PUT, DELETE) so the store is what a real client
would have produced.
"""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from xml.sax.saxutils import escape

USER, PASSWORD = "alice", "secret"

CORS_HEADERS = {  # what Daypane asks an administrator for (caldav.cors_headers), nothing more
    "Access-Control-Allow-Methods": "OPTIONS, PROPFIND, REPORT",
    "Access-Control-Allow-Headers": "Authorization, Depth, Content-Type",
    "Access-Control-Max-Age": "600",
    "Vary": "Origin",
}

WRITE_CORS_HEADERS = {  # caldav.cors_headers(origin, writes=True): task lists are written too
    "Access-Control-Allow-Methods": "OPTIONS, PROPFIND, REPORT, GET, PUT, DELETE",
    "Access-Control-Allow-Headers": "Authorization, Depth, Content-Type, If-Match, If-None-Match",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "600",
    "Vary": "Origin",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def config_text(port: int, folder: Path, cors_origin: str | None = None,
                writes: bool = False) -> str:
    """The Radicale config file: the note's setup, on ``port`` with its store in ``folder``; with
    ``cors_origin``, the CORS headers for reading (or with ``writes``, for writing to-dos too)."""
    lines = [
        "[server]", f"hosts = 127.0.0.1:{port}",
        "[auth]", "type = htpasswd", f"htpasswd_filename = {folder / 'users.htpasswd'}",
        "htpasswd_encryption = plain", "delay = 0",
        "[rights]", "type = owner_only",
        "[storage]", f"filesystem_folder = {folder / 'collections'}",
        "[web]", "type = none",
        "[logging]", "level = warning",
    ]
    if cors_origin:
        lines += ["[headers]", f"Access-Control-Allow-Origin = {cors_origin}"]
        headers = WRITE_CORS_HEADERS if writes else CORS_HEADERS
        lines += [f"{name} = {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


class Radicale:
    """One running Radicale. Use as a context manager, or start()/stop()."""

    def __init__(self, cors_origin: str | None = None, writes: bool = False) -> None:
        self.cors_origin = cors_origin
        self.writes = writes  # with cors_origin: allow the page to PUT and DELETE to-dos too
        self._temp = tempfile.TemporaryDirectory(prefix="radicale-")
        self.folder = Path(self._temp.name)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    # -- life cycle ------------------------------------------------------------------------
    def start(self, timeout: float = 15.0) -> Radicale:
        (self.folder / "users.htpasswd").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        config = self.folder / "config"
        config.write_text(config_text(self.port, self.folder, self.cors_origin, self.writes), encoding="utf-8")
        self._log = open(self.folder / "radicale.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Radicale exited at start:\n{self.log()}")
            try:
                self.request("OPTIONS", "/", auth=False)
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Radicale did not answer within {timeout} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if getattr(self, "_log", None):
            self._log.close()
        self._temp.cleanup()

    def log(self) -> str:
        path = self.folder / "radicale.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self) -> Radicale:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- raw HTTP --------------------------------------------------------------------------
    @staticmethod
    def auth_header(user: str = USER, password: str = PASSWORD) -> str:
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")

    def request(self, method: str, path: str, body: bytes | str | None = None,
                headers: dict[str, str] | None = None,
                auth: bool = True) -> tuple[int, Message, bytes]:
        """One request; returns (status, headers, body) for every HTTP status.

        The headers stay a case-insensitive Message: Radicale sends its [headers] lowercased.
        """
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers=dict(headers or {}))
        if auth:
            request.add_header("Authorization", self.auth_header())
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def _ok(self, method: str, path: str, body=None, headers=None) -> tuple[int, Message, bytes]:
        status, answer_headers, answer = self.request(method, path, body, headers)
        if status >= 300:
            raise RuntimeError(f"{method} {path} -> {status}: {answer[:300]!r}")
        return status, answer_headers, answer

    # -- seeding through CalDAV ------------------------------------------------------------
    def make_calendar(self, name: str, displayname: str, color: str,
                      components: tuple[str, ...] = ("VEVENT",)) -> str:
        """MKCALENDAR /alice/<name>/ with a display name and Apple calendar-color; returns its path."""
        path = f"/{USER}/{name}/"
        comps = "".join(f'<C:comp name="{c}"/>' for c in components)
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" '
            'xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop>'
            f"<D:displayname>{escape(displayname)}</D:displayname>"
            f"<I:calendar-color>{escape(color)}</I:calendar-color>"
            f"<C:supported-calendar-component-set>{comps}</C:supported-calendar-component-set>"
            "</D:prop></D:set></C:mkcalendar>"
        )
        self._ok("MKCALENDAR", path, body, {"Content-Type": "application/xml; charset=utf-8"})
        return path

    def make_task_list(self, name: str, color: str | None = None,
                       components: tuple[str, ...] = ("VTODO",), displayname: str | None = None) -> str:
        """MKCALENDAR /alice/<name>/ for to-dos (``components``: its supported-calendar-component-set;
        ("VEVENT", "VTODO") for one that holds both); returns its path. Named ``displayname``, else
        ``name``; no calendar-color unless ``color`` is given."""
        path = f"/{USER}/{name}/"
        comps = "".join(f'<C:comp name="{c}"/>' for c in components)
        colour = f"<I:calendar-color>{escape(color)}</I:calendar-color>" if color else ""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" '
            'xmlns:I="http://apple.com/ns/ical/"><D:set><D:prop>'
            f"<D:displayname>{escape(displayname or name)}</D:displayname>{colour}"
            f"<C:supported-calendar-component-set>{comps}</C:supported-calendar-component-set>"
            "</D:prop></D:set></C:mkcalendar>"
        )
        self._ok("MKCALENDAR", path, body, {"Content-Type": "application/xml; charset=utf-8"})
        return path

    def put_todo(self, list_path: str, uid: str, ics: str) -> str:
        """PUT a to-do into the list at ``list_path`` as <uid>.ics (``uid`` must be a safe file
        name); returns its path. Its ETag: ``etag_of(path)``."""
        path = list_path.rstrip("/") + f"/{uid}.ics"
        self.put(path, ics)
        return path

    def etag_of(self, path: str) -> str:
        """The ETag the server holds now for ``path`` (a GET)."""
        _, headers, _ = self._ok("GET", path)
        return headers.get("ETag", "")

    def put(self, path: str, ics: str) -> str:
        """PUT an .ics resource; returns its ETag."""
        _, headers, _ = self._ok("PUT", path, ics, {"Content-Type": "text/calendar; charset=utf-8"})
        return headers.get("ETag", "")

    def delete(self, path: str) -> None:
        self._ok("DELETE", path)
