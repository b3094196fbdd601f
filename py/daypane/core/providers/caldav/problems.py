"""CalDAV failures as problems a person can act on: each message says what happened and what to do.

HTTP statuses map one to one; "no answer" is split in two by the caller's no-cors probe, because
in a browser an unreachable server and a server that refuses cross-origin reads fail the same way
(``TypeError: Failed to fetch``). The CORS headers asked for are exactly what the client sends
(client.py), so an administrator is never asked to open more than a read-only client uses.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


# -- problems ---------------------------------------------------------------------------------
class CalDavError(Exception):
    """A failure the user should read: ``str(error)`` says what happened and what to do."""

    def __init__(self, message: str, *, status: int | None = None, url: str = "") -> None:
        super().__init__(message)
        self.status, self.url = status, url


class WrongCredentials(CalDavError):
    """401."""


class AccessDenied(CalDavError):
    """403."""


class NoCalendarHere(CalDavError):
    """404, or an address where discovery finds no calendar."""


class ServerFailed(CalDavError):
    """5xx."""


class UnexpectedAnswer(CalDavError):
    """An answer that is not what CalDAV promises (another status, not a multistatus)."""


class NoAnswer(CalDavError):
    """No HTTP answer could be read: unreachable, or blocked by the browser (probe to tell)."""


class ServerUnreachable(NoAnswer):
    """The no-cors probe got no answer either: the server is down, offline, or the address is wrong."""


class BrowserAccessBlocked(NoAnswer):
    """The no-cors probe got an (opaque) answer: the server is up but sends no CORS headers."""

    def __init__(self, message: str, *, url: str, headers: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message, url=url)
        self.headers = headers


class SyncTokenRefused(CalDavError):
    """The server no longer knows our sync token (403 valid-sync-token, 409, 412): sync afresh."""


def problem_for_status(status: int, url: str) -> CalDavError:
    """The problem for an HTTP error status on ``url``."""
    host = host_of(url)
    if status == 401:
        return WrongCredentials(
            f"The calendar server at {host} did not accept the user name or password. "
            "Check both (they are case-sensitive) and connect again.", status=status, url=url)
    if status == 403:
        return AccessDenied(
            f"The calendar server at {host} says this account has no permission for {url}. "
            "Check the address, or ask the calendar's owner to share it with you.",
            status=status, url=url)
    if status in (404, 410):
        return NoCalendarHere(
            f"There is no calendar at {url}. Check the address; your provider's help pages "
            "give the CalDAV address to use.", status=status, url=url)
    if status >= 500:
        return ServerFailed(
            f"The calendar server at {host} had an error (HTTP {status}). "
            "This is on the server's side: try again later.", status=status, url=url)
    return UnexpectedAnswer(
        f"The server at {host} answered in a way a CalDAV server does not (HTTP {status}). "
        "Check that the address is your provider's CalDAV address.", status=status, url=url)


# What the client sends (client._send): PROPFIND and REPORT, each with Depth, Content-Type and,
# signed in, Authorization; never a method that writes. OPTIONS is the browser's preflight. No
# response header needs exposing: ETags come in the multistatus body (DAV:getetag) and the browser
# follows redirects itself.
METHODS = ("OPTIONS", "PROPFIND", "REPORT")
REQUEST_HEADERS = ("Authorization", "Depth", "Content-Type")


def cors_headers(origin: str) -> tuple[tuple[str, str], ...]:
    """The headers a CalDAV server must send so a page on ``origin`` can read calendars from it."""
    return (
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Methods", ", ".join(METHODS)),
        ("Access-Control-Allow-Headers", ", ".join(REQUEST_HEADERS)),
        ("Access-Control-Max-Age", "600"),
        ("Vary", "Origin"),
    )


def no_answer_problem(url: str, opaque_answer: bool, origin: str) -> NoAnswer:
    """Turn a NoAnswer into its real cause, given the caller's ``fetch(url, {mode: 'no-cors'})``
    probe: an opaque answer means the server is up but does not let browsers read it."""
    host = host_of(url)
    if not opaque_answer:
        return ServerUnreachable(
            f"Daypane got no answer from {host}. Check the address and your internet "
            "connection, then try again.", url=url)
    headers = cors_headers(origin)
    listed = "; ".join(f"{name}: {value}" for name, value in headers)
    return BrowserAccessBlocked(
        f"The calendar server at {host} is up but does not allow web pages such as Daypane "
        f"to read its answers (it sends no CORS headers). Its administrator must add these "
        f"response headers: {listed}. Hosted services such as iCloud, Fastmail and Nextcloud "
        "do not send them; Daypane can reach those only through a proxy you run.",
        url=url, headers=headers)
