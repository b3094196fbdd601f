"""Microsoft Graph, read-only calendars: request plans and answers mapped to Occurrences.

Facts this follows (docs/facts/graph.md): calendarView expands series for a range; `$select` trims the
payload; `Prefer: outlook.timezone` sets the zone of returned times (all-day events are midnight
to midnight, exclusive end, and not converted); `$batch` takes up to 20 requests; throttled
answers carry Retry-After.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Sequence
from urllib.parse import quote, urlencode

from daypane.core.calendar.meetings import meeting_link
from daypane.core.http import Request
from daypane.core.model import Occurrence
from daypane.core.zones import zone_named

GRAPH = "https://graph.microsoft.com/v1.0"
SCOPES = ("Calendars.Read", "User.Read")  # read-only: signing in asks only these (To Do asks its own when connected)
SELECT = ("subject,start,end,isAllDay,showAs,location,isCancelled,type,seriesMasterId,"
          "onlineMeeting,onlineMeetingUrl,webLink,bodyPreview,organizer,responseStatus,sensitivity")
PAGE_SIZE = 100
MAX_BATCH = 20
MAX_WAIT = 60.0

# Outlook's named calendar colours (used when hexColor is empty).
COLORS = {
    "lightBlue": "#0078d4", "lightGreen": "#498205", "lightOrange": "#ca5010",
    "lightGray": "#69797e", "lightYellow": "#c19c00", "lightTeal": "#038387",
    "lightPink": "#e3008c", "lightBrown": "#8e562e", "lightRed": "#d13438",
}
DEFAULT_COLOR = "#0078d4"
SHOW_AS = {"free", "tentative", "busy", "oof", "workingElsewhere", "unknown"}


@dataclass(frozen=True)
class OutlookCalendar:
    id: str
    name: str
    color: str
    is_default: bool = False
    can_edit: bool = False
    owner: str = ""


def calendars_request() -> Request:
    query = urlencode({"$select": "id,name,color,hexColor,isDefaultCalendar,canEdit,owner", "$top": "100"})
    return Request("GET", f"{GRAPH}/me/calendars?{query}")


def parse_calendars(payload: dict) -> list[OutlookCalendar]:
    found = []
    for item in payload.get("value", ()):
        color = item.get("hexColor") or COLORS.get(item.get("color") or "", DEFAULT_COLOR)
        owner = item.get("owner") or {}
        found.append(OutlookCalendar(id=item["id"], name=item.get("name") or "Calendar", color=color,
                                     is_default=bool(item.get("isDefaultCalendar")),
                                     can_edit=bool(item.get("canEdit")),
                                     owner=owner.get("address", "") if isinstance(owner, dict) else ""))
    return found


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def calendar_view_path(calendar_id: str, start: datetime, end: datetime) -> str:
    """The calendarView of one calendar, relative to GRAPH (as $batch wants it)."""
    query = urlencode({"startDateTime": _utc(start), "endDateTime": _utc(end),
                       "$select": SELECT, "$top": str(PAGE_SIZE)}, safe=",:$")
    return f"/me/calendars/{quote(calendar_id, safe='')}/calendarView?{query}"


def batch_requests(paths: Sequence[str], time_zone: str) -> list[Request]:
    """POST /$batch bodies of at most MAX_BATCH GETs each."""
    prefer = f'outlook.timezone="{time_zone}", odata.maxpagesize={PAGE_SIZE}'
    requests = []
    for first in range(0, len(paths), MAX_BATCH):
        chunk = paths[first:first + MAX_BATCH]
        body = {"requests": [{"id": str(first + i), "method": "GET", "url": path,
                              "headers": {"Prefer": prefer}} for i, path in enumerate(chunk)]}
        requests.append(Request("POST", f"{GRAPH}/$batch", (("Content-Type", "application/json"),),
                                json.dumps(body).encode()))
    return requests


def relative(next_link: str) -> str:
    """An absolute @odata.nextLink as a path relative to GRAPH (for the next $batch)."""
    return next_link[len(GRAPH):] if next_link.startswith(GRAPH) else next_link


@dataclass(frozen=True)
class BatchAnswer:
    id: str
    status: int
    headers: dict
    body: dict


def parse_batch(payload: dict) -> list[BatchAnswer]:
    return [BatchAnswer(str(item.get("id")), int(item.get("status", 0)),
                        {k.lower(): v for k, v in (item.get("headers") or {}).items()},
                        item.get("body") if isinstance(item.get("body"), dict) else {})
            for item in payload.get("responses", ())]


def _moment(value: dict, fallback: tzinfo) -> datetime:
    text = value["dateTime"]
    # Graph sends seven fractional digits; Python reads at most six.
    if "." in text:
        head, fraction = text.split(".", 1)
        text = f"{head}.{fraction[:6]}"
    naive = datetime.fromisoformat(text)
    return naive.replace(tzinfo=zone_named(value.get("timeZone") or "UTC", fallback))


def to_occurrence(event: dict, calendar_id: str, zone: tzinfo) -> Occurrence:
    if event.get("isAllDay"):
        # Midnight to midnight, exclusive end, never converted: the dates are the dates.
        start = date.fromisoformat(event["start"]["dateTime"][:10])
        end = date.fromisoformat(event["end"]["dateTime"][:10])
        if end <= start:
            end = date.fromordinal(start.toordinal() + 1)
    else:
        start, end = _moment(event["start"], zone), _moment(event["end"], zone)
        if end < start:
            start, end = end, start
    show_as = event.get("showAs") if event.get("showAs") in SHOW_AS else "busy"
    response = (event.get("responseStatus") or {}).get("response", "")
    status = ("cancelled" if event.get("isCancelled") else
              "tentative" if show_as == "tentative" or response == "tentativelyAccepted" else "confirmed")
    return Occurrence(
        calendar_id=calendar_id, uid=event.get("id", ""), title=event.get("subject") or "",
        start=start, end=end, location=((event.get("location") or {}).get("displayName") or ""),
        description=event.get("bodyPreview") or "", status=status, show_as=show_as,
        recurring=event.get("type") in ("occurrence", "exception"),
        url=event.get("webLink") or "", join_url=_join_url(event),
        source="outlook")


def _join_url(event: dict) -> str:
    """Teams' joinUrl, else the older onlineMeetingUrl (Skype, some third-party providers), else a
    meeting link in the location or the body's preview."""
    return meeting_link(
        explicit=[(event.get("onlineMeeting") or {}).get("joinUrl") or "", event.get("onlineMeetingUrl") or ""],
        text=[(event.get("location") or {}).get("displayName") or "", event.get("bodyPreview") or ""])


def retry_delay(status: int, retry_after: str | None, attempt: int) -> float | None:
    """Seconds to wait before retrying a throttled answer, or None when not to retry.

    Retry-After (seconds or an HTTP date) when given; otherwise exponential backoff, capped."""
    if status not in (429, 503, 504) or attempt >= 4:
        return None
    if retry_after:
        try:
            return min(max(float(retry_after), 0.0), MAX_WAIT)
        except ValueError:
            try:
                when = parsedate_to_datetime(retry_after)
                return min(max((when - datetime.now(timezone.utc)).total_seconds(), 0.0), MAX_WAIT)
            except (TypeError, ValueError):
                pass
    return min(2.0 ** attempt, MAX_WAIT)
