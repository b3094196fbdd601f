"""Google Calendar API v3, read-only: requests, answers mapped to Calendars and Occurrences, errors.

Facts this follows (Google's reference for calendarList.list and events.list):
- calendarList pages with pageToken/nextPageToken; the primary calendar's id is the account's
  email, so it names the account (the token itself says nothing about whose it is).
- events.list with singleEvents=true expands recurring series; orderBy=startTime needs it.
  timeMin bounds the event *end*, timeMax the *start*, both RFC 3339 with an offset.
- Timed events: ``{"dateTime": "2026-03-04T09:00:00+01:00", "timeZone": "Europe/Berlin"}`` (the
  offset makes the instant; the zone is how to show it). All-day: ``{"date": "2026-03-04"}``, end
  exclusive. ``transparency: "transparent"`` means the time shows as free.
- Errors: ``{"error": {"code", "message", "errors": [{"reason"}], "status"}}``; 403 with reason
  rateLimitExceeded/userRateLimitExceeded and 429 mean back off; 401 means the token is gone and,
  with no refresh token in the browser flow, the user must click once to get a new one.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from html.parser import HTMLParser
from typing import Awaitable, Callable, Sequence
from urllib.parse import quote, urlencode

from daypane.core.calendar.format import safe_link
from daypane.core.calendar.meetings import meeting_link
from daypane.core.http import NetworkError, Request, Response, Transport
from daypane.core.model import Calendar, Occurrence
from daypane.core.zones import zone_named
from daypane.core.providers.problems import ServerProblem

API = "https://www.googleapis.com/calendar/v3"
MAX_RESULTS = 2500     # events.list's documented maximum page size
MAX_PAGES = 50         # a server that keeps sending page tokens must not keep us forever
MAX_ATTEMPTS = 4       # throttled tries per request before giving up until the next refresh
MAX_WAIT = 60.0
DEFAULT_COLOR = "#4285f4"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}

Sleep = Callable[[float], Awaitable[None]]


# -- errors ---------------------------------------------------------------------------------------

class GoogleError(ServerProblem):
    """A failure the user should read: what happened and what to do (``str(error)``)."""

    def __init__(self, message: str, *, status: int = 0, reason: str = "") -> None:
        super().__init__(message, status=status)
        self.reason = reason


class GoogleSignInExpired(GoogleError):
    """401: the token expired or was revoked. Never retried: ask the user, with one click."""

    needs_sign_in = True


class GooglePermissionDenied(GoogleError):
    """403 that is not a rate limit: the scope was not granted, or the calendar is not shared."""


class GoogleRateLimited(GoogleError):
    """403 rateLimitExceeded / 429, still refused after backing off."""

    def __init__(self, message: str, *, status: int, reason: str, retry_after: float) -> None:
        super().__init__(message, status=status, reason=reason)
        self.retry_after = retry_after


class GoogleNotFound(GoogleError):
    """404: the calendar was deleted or is no longer shared with this account."""


class GoogleServerError(GoogleError):
    """5xx: Google's side failed; the last good events stay on screen."""


class GoogleNetworkError(GoogleError):
    """No answer at all (offline, DNS, CORS refusal)."""


def _body(response: Response) -> dict:
    try:
        value = response.json()
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _reason(body: dict) -> str:
    error = body.get("error")
    errors = error.get("errors") if isinstance(error, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("reason", ""))
    return ""


def _retry_after(response: Response, attempt: int) -> float:
    try:
        return min(max(float(response.header("Retry-After") or ""), 0.0), MAX_WAIT)
    except ValueError:
        return min(2.0 ** attempt, MAX_WAIT)  # Google's advice: exponential backoff


def is_rate_limited(response: Response) -> bool:
    return response.status == 429 or (response.status == 403 and _reason(_body(response)) in RATE_REASONS)


def error_for(response: Response, attempt: int = 0) -> GoogleError:
    """The GoogleError for a non-2xx answer, classified on status and Google's ``reason``."""
    status, body = response.status, _body(response)
    reason = _reason(body)
    if status == 401:
        return GoogleSignInExpired(
            "Your Google sign-in has expired (Google gives a browser app access for about an hour). "
            "Click \"Sign in again\" beside the account to continue; until then Daypane shows the events "
            "from the last sync.", status=status, reason=reason)
    if is_rate_limited(response):
        wait = _retry_after(response, attempt)
        return GoogleRateLimited(
            "Google Calendar is limiting how often Daypane may ask (rate limit). Daypane will try "
            "again at the next refresh; the events from the last sync stay shown.",
            status=status, reason=reason, retry_after=wait)
    if status == 403 and reason == "dailyLimitExceeded":
        return GooglePermissionDenied(
            "This copy of Daypane has used up its Google Calendar quota for today. Try again tomorrow, "
            "or tell whoever runs it to raise the quota in Google Cloud Console.", status=status, reason=reason)
    if status == 403 and reason == "accessNotConfigured":
        return GooglePermissionDenied(
            "The Google Calendar API is not enabled for this copy of Daypane's client ID. Whoever runs "
            "it must enable it in Google Cloud Console.", status=status, reason=reason)
    if status == 403:
        return GooglePermissionDenied(
            "Google does not let Daypane read this calendar (403). Click \"Connect Google Calendar\", "
            "sign in with this account and allow \"See and download any calendar you can access\", or "
            "ask the calendar's owner to share it with you again.", status=status, reason=reason)
    if status == 404:
        return GoogleNotFound(
            "This calendar no longer exists in Google Calendar, or is no longer shared with you (404). "
            "Untick it in Daypane's calendar list.", status=status, reason=reason)
    if status >= 500:
        return GoogleServerError(
            f"Google Calendar failed on Google's side ({status}). Daypane will try again at the next "
            "refresh; the events from the last sync stay shown.", status=status, reason=reason)
    message = (body.get("error") or {}).get("message", "") if isinstance(body.get("error"), dict) else ""
    return GoogleError(f"Google Calendar refused Daypane's request ({status}"
                       f"{': ' + message if message else ''}). Click \"Connect Google Calendar\" to sign in "
                       "with this account again; if it keeps happening, please report it.",
                       status=status, reason=reason)


# -- calendar list -------------------------------------------------------------------------------

@dataclass(frozen=True)
class GoogleCalendar:
    """One calendarList entry, with what the calendar picker needs beyond model.Calendar."""

    id: str
    name: str
    color: str
    foreground: str = "#000000"
    primary: bool = False
    selected: bool = False      # ticked in Google Calendar's own list: a good default here
    access_role: str = "reader"  # freeBusyReader | reader | writer | owner
    time_zone: str = ""

    def to_calendar(self, account: str) -> Calendar:
        return Calendar(id=calendar_key(account, self.id), name=self.name, color=self.color,
                        source="google", visible=self.selected or self.primary)


def calendar_key(account: str, calendar_id: str) -> str:
    """The app-wide calendar id (as accounts.Account.calendar_key does for Outlook)."""
    return f"google:{account}:{calendar_id}"


def split_key(key: str) -> tuple[str, str]:
    """(account, Google calendar id) of a calendar_key; ids may contain ':', emails do not."""
    provider, account, calendar_id = key.split(":", 2)
    if provider != "google":
        raise ValueError(f"not a Google calendar key: {key!r}")
    return account, calendar_id


def _auth(token: str) -> tuple[tuple[str, str], ...]:
    return (("Authorization", f"Bearer {token}"),)


def calendar_list_request(token: str, page_token: str | None = None) -> Request:
    query = {"maxResults": "250"}
    if page_token:
        query["pageToken"] = page_token
    return Request("GET", f"{API}/users/me/calendarList?{urlencode(query)}", _auth(token))


def parse_calendar_list(payload: dict) -> tuple[list[GoogleCalendar], str | None]:
    """One calendarList page -> (entries, nextPageToken or None). Hidden/deleted ones are kept out."""
    found = []
    for item in payload.get("items") or ():
        if not isinstance(item, dict) or not item.get("id") or item.get("deleted"):
            continue
        color = item.get("backgroundColor") or ""
        found.append(GoogleCalendar(
            id=item["id"], name=item.get("summaryOverride") or item.get("summary") or item["id"],
            color=color if HEX.match(color) else DEFAULT_COLOR,
            foreground=item.get("foregroundColor") or "#000000", primary=bool(item.get("primary")),
            selected=bool(item.get("selected")), access_role=item.get("accessRole") or "reader",
            time_zone=item.get("timeZone") or ""))
    return found, payload.get("nextPageToken") or None


def account_of(calendars: Sequence[GoogleCalendar]) -> str:
    """The account's email: the id of its primary calendar."""
    primary = next((c for c in calendars if c.primary), None)
    if primary is None:
        raise GoogleError("Google did not list a primary calendar for this account, so Daypane cannot "
                          "tell which account it is. Click \"Connect Google Calendar\" to try again.")
    return primary.id


# -- events ---------------------------------------------------------------------------------------

def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def events_request(token: str, calendar_id: str, start: datetime, end: datetime,
                   page_token: str | None = None) -> Request:
    """events.list of one calendar for [start, end), recurring series expanded."""
    query = {"singleEvents": "true", "orderBy": "startTime", "timeMin": _rfc3339(start),
             "timeMax": _rfc3339(end), "maxResults": str(MAX_RESULTS)}
    if page_token:
        query["pageToken"] = page_token
    return Request("GET", f"{API}/calendars/{quote(calendar_id, safe='')}/events?{urlencode(query)}",
                   _auth(token))


def _when(value: dict, fallback: tzinfo) -> datetime | date:
    if value.get("date"):
        return date.fromisoformat(value["date"])
    moment = datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
    zone = zone_named(value.get("timeZone"))
    if moment.tzinfo is None:  # documented to carry an offset; be lenient when it does not
        return moment.replace(tzinfo=zone or fallback)
    return moment.astimezone(zone) if zone else moment


class _Text(HTMLParser):
    """Google descriptions are often HTML from its editor; the model wants plain text."""

    BREAKS = {"br", "p", "div", "li", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.BREAKS and self.parts:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(description: str) -> str:
    if "<" not in description:
        return description
    parser = _Text()
    parser.feed(description)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


def _join_url(event: dict) -> str:
    candidates = [event.get("hangoutLink") or ""]
    entry_points = ((event.get("conferenceData") or {}).get("entryPoints") or ())
    candidates += [p.get("uri") or "" for p in entry_points
                   if isinstance(p, dict) and p.get("entryPointType") == "video"]
    return meeting_link(explicit=candidates, text=[event.get("location") or ""])


def to_occurrence(event: dict, calendar_key: str, fallback: tzinfo = timezone.utc) -> Occurrence | None:
    """One events.list item as an Occurrence, or None for an item with no times (a cancelled
    exception can arrive as just id, status and originalStartTime)."""
    if not isinstance(event.get("start"), dict) or not isinstance(event.get("end"), dict):
        return None
    start, end = _when(event["start"], fallback), _when(event["end"], fallback)
    if isinstance(start, datetime) != isinstance(end, datetime):
        return None  # mixed kinds are not a valid event; do not guess
    if isinstance(start, datetime):
        if end < start:
            start, end = end, start
    elif end <= start:
        end = start + timedelta(days=1)
    me = next((a for a in event.get("attendees") or () if isinstance(a, dict) and a.get("self")), {})
    status = event.get("status") or "confirmed"
    if status not in ("confirmed", "tentative", "cancelled"):
        status = "confirmed"
    if status == "confirmed" and me.get("responseStatus") == "tentative":
        status = "tentative"
    show_as = ("free" if event.get("transparency") == "transparent" else
               "tentative" if status == "tentative" else "busy")
    return Occurrence(
        calendar_id=calendar_key, uid=event.get("id", ""), title=event.get("summary") or "",
        start=start, end=end, location=event.get("location") or "",
        description=plain_text(event.get("description") or ""), status=status, show_as=show_as,
        recurring=bool(event.get("recurringEventId")), url=safe_link(event.get("htmlLink") or "") or "",
        join_url=_join_url(event), source="google")


# -- talking to Google ----------------------------------------------------------------------------

async def _send(transport: Transport, request: Request, sleep: Sleep) -> Response:
    """Send with Google's backoff rule for rate limits; raise GoogleError for any non-200."""
    assert request.url.startswith(API + "/"), "bearer tokens go to the Calendar API only"
    for attempt in range(MAX_ATTEMPTS):
        try:
            response = await transport.send(request)
        except NetworkError:
            raise GoogleNetworkError("Google Calendar could not be reached (are you offline?). Daypane "
                                     "shows the events from the last sync and tries again later.") from None
        if response.status == 200:
            return response
        error = error_for(response, attempt)
        if not isinstance(error, GoogleRateLimited) or attempt == MAX_ATTEMPTS - 1:
            raise error
        await sleep(error.retry_after)
    raise AssertionError("unreachable")


async def list_calendar_entries(transport: Transport, token: str, *,
                                sleep: Sleep = asyncio.sleep) -> list[GoogleCalendar]:
    """Every calendarList entry of the signed-in account, all pages, primary first."""
    found: list[GoogleCalendar] = []
    page_token = None
    for _ in range(MAX_PAGES):
        response = await _send(transport, calendar_list_request(token, page_token), sleep)
        entries, page_token = parse_calendar_list(_body(response))
        found += entries
        if not page_token:
            break
    return sorted(found, key=lambda c: not c.primary)


async def list_calendars(transport: Transport, token: str, *, account: str | None = None,
                         sleep: Sleep = asyncio.sleep) -> list[Calendar]:
    """The account's calendars as model.Calendar, keyed ``google:<account>:<calendarId>``; the account
    is the primary calendar's id (the email) unless given."""
    entries = await list_calendar_entries(transport, token, sleep=sleep)
    owner = account or account_of(entries)
    return [entry.to_calendar(owner) for entry in entries]


@dataclass(frozen=True)
class CalendarEvents:
    """One calendar's occurrences in the range, or why they could not be loaded."""

    calendar_id: str  # the app-wide key
    occurrences: tuple[Occurrence, ...]
    error: GoogleError | None = None


async def fetch_events(transport: Transport, token: str, calendar_ids: Sequence[str], start: datetime,
                       end: datetime, *, account: str, zone: tzinfo = timezone.utc,
                       sleep: Sleep = asyncio.sleep) -> list[CalendarEvents]:
    """Occurrences in [start, end) of each Google calendar id, one CalendarEvents per calendar.

    A calendar that is gone, not shared or throttled gets its error and the others still load;
    an expired token or no network stops everything (raised), since every calendar would fail.
    ``zone`` is only used for a dateTime without offset, which Google does not normally send.
    """
    results = []
    for calendar_id in calendar_ids:
        key = calendar_key(account, calendar_id)
        found: list[Occurrence] = []
        page_token = None
        try:
            for _ in range(MAX_PAGES):
                response = await _send(transport, events_request(token, calendar_id, start, end, page_token),
                                       sleep)
                payload = _body(response)
                fallback = zone_named(payload.get("timeZone")) or zone
                found += [occ for occ in (to_occurrence(item, key, fallback)
                                          for item in payload.get("items") or () if isinstance(item, dict))
                          if occ is not None]
                page_token = payload.get("nextPageToken")
                if not page_token:
                    break
            results.append(CalendarEvents(key, tuple(found)))
        except (GoogleSignInExpired, GoogleNetworkError):
            raise
        except GoogleError as error:
            results.append(CalendarEvents(key, (), error))
    return results

