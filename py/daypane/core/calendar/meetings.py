"""Which link joins an event's online meeting, from whatever the provider says.

Every road in names it differently: Graph `onlineMeeting.joinUrl` or `onlineMeetingUrl`, Google
`hangoutLink` / `conferenceData`, an .ics `CONFERENCE` (RFC 7986), `X-MICROSOFT-SKYPETEAMSMEETINGURL`
or `X-GOOGLE-CONFERENCE`; and many invitations only carry the link in LOCATION, URL or the
description. Only plain https links are ever returned (core.calendar.format.safe_link), and a
link found in free text only when its host is a known meeting service.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from daypane.core.calendar.format import safe_link
from daypane.core.model import Occurrence

# A known service's meeting path right after "https://" and its host, so a look-alike host
# ("teams.microsoft.com.evil.example") or a mention of the service elsewhere does not count.
KNOWN_MEETING = re.compile(
    r"https://(?:[a-z0-9-]+\.)*(?:"
    r"teams\.microsoft\.com/l/meetup-join/|teams\.live\.com/meet/|"
    r"zoom\.us/(?:j|my|w|s)/|zoomgov\.com/j/|"
    r"meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}|"
    r"webex\.com/(?:meet|join|[a-z0-9-]+/j\.php)|"
    r"(?:global\.)?gotomeeting\.com/join/|meet\.goto\.com/|"
    r"whereby\.com/|meet\.jit\.si/"
    r")[^\s<>\"'()\[\]{}]*",
    re.IGNORECASE)

JOIN_AHEAD = timedelta(minutes=10)  # the block itself offers "Join" from this long before


def meeting_link(*, conferences: Iterable[tuple[str, str]] = (), explicit: Iterable[str] = (),
                 text: Iterable[str] = ()) -> str:
    """The link to join, or "".

    - conferences: (uri, FEATURE parameter) pairs of CONFERENCE properties; a VIDEO one first.
    - explicit: links a provider names as the meeting's (taken as they are, if https).
    - text: LOCATION, URL, DESCRIPTION: a known meeting service's link in them.
    """
    ranked = sorted(conferences, key=lambda c: "VIDEO" not in c[1].upper())
    for candidate in [uri for uri, _ in ranked] + list(explicit):
        link = safe_link(candidate or "")
        if link:
            return link
    for words in text:
        if words and "https://" in words.lower():  # cheap: most descriptions have no link at all
            found = KNOWN_MEETING.search(words)
            if found:
                link = safe_link(found.group(0).rstrip(".,;:!?"))
                if link:
                    return link
    return ""


def joinable(occ: Occurrence, now: datetime) -> bool:
    """Whether the block itself offers "Join": on now, or starting within JOIN_AHEAD."""
    if not occ.join_url or occ.all_day or occ.cancelled:
        return False
    return occ.start - JOIN_AHEAD <= now < occ.end
