"""CalDAV failures as problems a person can act on: each message says what happened and what to do.

HTTP statuses map one to one; "no answer" is split in two by the caller's no-cors probe
(core.providers.cors), because in a browser an unreachable server and a server that refuses
cross-origin reads fail the same way (``TypeError: Failed to fetch``). Every problem is a
`ServerProblem`, i.e. a `ProviderProblem`: the provider raises it as it is (docs/facts/caldav.md).
"""

from __future__ import annotations

from dataclasses import replace

from daypane.core.providers import cors
from daypane.core.providers.problems import ServerProblem, host_of


# -- problems ---------------------------------------------------------------------------------
class CalDavError(ServerProblem):
    """A failure the user should read: ``str(error)`` says what happened and what to do."""


class WrongCredentials(CalDavError):
    """401: the user must enter the password again."""

    needs_sign_in = True


class AccessDenied(CalDavError):
    """403."""


class NoCalendarHere(CalDavError):
    """404, or an address where discovery finds no calendar."""


class ServerFailed(CalDavError):
    """5xx, or 429 (too many requests): on the server's side and passing, so try again later."""


class UnexpectedAnswer(CalDavError):
    """An answer that is not what CalDAV promises (another status, not a multistatus)."""


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
    if status == 429:
        return ServerFailed(
            f"The calendar server at {host} is busy (HTTP 429: too many requests). "
            "Wait a few minutes, then try again.", status=status, url=url)
    return UnexpectedAnswer(
        f"The server at {host} answered in a way a CalDAV server does not (HTTP {status}). "
        "Check that the address is your provider's CalDAV address.", status=status, url=url)


# What Daypane sends to a CalDAV server for calendars, and only that: it reads them (discovery,
# queries, sync) and never writes, so no PUT, DELETE, MKCALENDAR. ETags come in the multistatus
# bodies, not in headers, so no response header needs exposing.
ADVICE = cors.Advice(
    methods=("OPTIONS", "PROPFIND", "REPORT"),  # OPTIONS: the browser's preflight
    request_headers=("Authorization", "Depth", "Content-Type"),
    exposed=(),
    unreachable="Daypane got no answer from {host}. Check the address and your internet "
                "connection, then try again.",
    blocked="The calendar server at {host} is up but does not allow web pages such as Daypane "
            "to read its answers (it sends no CORS headers). Its administrator must add these "
            "response headers, which allow reading only (Daypane never changes your calendars): "
            "{headers}. Hosted services such as iCloud, Fastmail and Nextcloud do not send them; "
            "Daypane can reach those only through a proxy you run.",
)


# Task lists are changed too (caldav.writes): GET reads one to-do back, PUT creates or changes one,
# DELETE removes one, each with If-Match / If-None-Match so nothing changed elsewhere is
# overwritten; the new ETag comes in the PUT's and GET's ETag header, which a page reads only
# when it is exposed. Still no MKCALENDAR, PROPPATCH, MOVE: Daypane never creates or renames lists.
WRITE_ADVICE = replace(
    ADVICE,
    methods=ADVICE.methods + ("GET", "PUT", "DELETE"),
    request_headers=ADVICE.request_headers + ("If-Match", "If-None-Match"),
    exposed=("ETag",),
    blocked="The calendar server at {host} is up but does not allow web pages such as Daypane "
            "to use it (it sends no CORS headers). Its administrator must add these response "
            "headers, which allow reading your calendars and changing the to-dos in your task "
            "lists (Daypane never changes your events): {headers}. Hosted services such as "
            "iCloud, Fastmail and Nextcloud do not send them; Daypane can reach those only "
            "through a proxy you run.",
)


def advice(writes: bool = False) -> cors.Advice:
    """The CORS advice for reading calendars only, or (``writes``) for changing task lists too."""
    return WRITE_ADVICE if writes else ADVICE


def cors_headers(origin: str, writes: bool = False) -> tuple[tuple[str, str], ...]:
    """The headers a CalDAV server must send so a page on ``origin`` can read it, and with
    ``writes`` also change the to-dos of its task lists."""
    return advice(writes).headers(origin)


def no_answer_problem(url: str, opaque_answer: bool, origin: str,
                      writes: bool = False) -> cors.NoAnswer:
    """Turn a NoAnswer into its real cause, given the caller's ``fetch(url, {mode: 'no-cors'})``
    probe: an opaque answer means the server is up but does not let browsers read it."""
    return advice(writes).diagnose(opaque_answer, url, origin)
