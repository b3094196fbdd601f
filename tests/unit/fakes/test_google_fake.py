"""The fake Google (tests/browser/fakes/google.py) checks and answers like Google, without a browser:
its pure answer(method, url, headers, body) is driven directly, and the core's Google client is
run against it through a MockTransport (so the fake and the client agree on the real shapes)."""

import asyncio
import json
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest

from daypane.core.http import MockTransport, Response
from daypane.core.providers.google import auth as google_auth
from daypane.core.providers.google import calendar_api as google
from tests.support import fixtures
from tests.support.fakes.google import FakeGoogle, FakeGoogleAccount

FIXTURES = fixtures.FIXTURES / "google"
CLIENT = "1234-fake.apps.googleusercontent.com"
APP = "http://127.0.0.1:8000/"
ORIGIN = "http://127.0.0.1:8000"
EMAIL = "alex.martin@example.com"
BERLIN = ZoneInfo("Europe/Berlin")
START, END = datetime(2026, 3, 2, tzinfo=BERLIN), datetime(2026, 3, 9, tzinfo=BERLIN)


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fake(clock):
    calendars = fixture("calendarList-page1.json")["items"] + fixture("calendarList-page2.json")["items"]
    events = {EMAIL: fixture("events-primary.json")["items"]}
    return FakeGoogle(CLIENT, [APP], [FakeGoogleAccount(EMAIL, calendars, events)],
                      page_size=2, calendar_page_size=3, clock=clock)


def authorize(fake, **overrides):
    params = {"client_id": CLIENT, "redirect_uri": APP, "response_type": "token",
              "scope": google_auth.SCOPE, "state": "s7", "include_granted_scopes": "true", **overrides}
    return fake.answer("GET", f"https://accounts.google.com/o/oauth2/v2/auth?{urlencode(params)}", {})


def fragment_of(location: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).fragment).items()}


def signed_in(fake) -> str:
    status, headers, _ = authorize(fake)
    return fragment_of(headers["Location"])["access_token"]


def get(fake, url, token=None, **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    status, out, body = fake.answer("GET", url, headers)
    return status, out, json.loads(body) if body else None


# -- authorization ---------------------------------------------------------------------------------

def test_consent_redirects_back_with_a_token_in_the_fragment_and_the_same_state(fake):
    status, headers, _ = authorize(fake)
    assert status == 302 and headers["Location"].startswith(APP + "#")
    answer = fragment_of(headers["Location"])
    assert answer["state"] == "s7" and answer["token_type"] == "Bearer" and answer["expires_in"] == "3599"
    assert answer["scope"] == google_auth.SCOPE and answer["access_token"].startswith("ya29.")


def test_the_apps_own_parser_accepts_the_fakes_answer(fake):
    _, headers, _ = authorize(fake)
    token = google_auth.parse_redirect(urlsplit(headers["Location"]).fragment, "s7",
                                       datetime(2026, 3, 4, tzinfo=timezone.utc))
    assert isinstance(token, google_auth.GoogleToken)


def test_unknown_client_gets_googles_error_page_not_a_redirect(fake):
    status, headers, body = authorize(fake, client_id="other.apps.googleusercontent.com")
    assert status == 401 and "Location" not in headers and b"Error 401: invalid_client" in body


def test_unregistered_redirect_uri_is_a_mismatch_page(fake):
    status, headers, body = authorize(fake, redirect_uri="https://evil.example/")
    assert status == 400 and "Location" not in headers and b"Error 400: redirect_uri_mismatch" in body


@pytest.mark.parametrize("overrides, words", [
    ({"response_type": "code"}, b"invalid_request"), ({"scope": ""}, b"invalid_request"),
    ({"scope": "https://www.googleapis.com/auth/drive"}, b"invalid_scope")])
def test_other_malformed_requests_are_error_pages(fake, overrides, words):
    status, headers, body = authorize(fake, **overrides)
    assert status == 400 and words in body


def test_deny_answers_access_denied_once(fake):
    fake.deny()
    _, headers, _ = authorize(fake)
    assert fragment_of(headers["Location"]) == {"error": "access_denied", "state": "s7"}
    _, headers, _ = authorize(fake)
    assert "access_token" in fragment_of(headers["Location"])


def test_unticked_calendar_scope_is_granted_without_it(fake):
    fake.grant_only("email")
    _, headers, _ = authorize(fake)
    token = fragment_of(headers["Location"])["access_token"]
    status, _, body = get(fake, "https://www.googleapis.com/calendar/v3/users/me/calendarList", token)
    assert status == 403 and body["error"]["errors"][0]["reason"] == "insufficientPermissions"


def test_authorize_requests_are_logged_for_assertions(fake):
    authorize(fake, login_hint=EMAIL)
    assert fake.authorize_requests()[0]["login_hint"] == EMAIL


# -- Calendar API ----------------------------------------------------------------------------------

LIST = "https://www.googleapis.com/calendar/v3/users/me/calendarList"


def test_expired_or_unknown_tokens_get_googles_401(fake, clock):
    token = signed_in(fake)
    assert get(fake, LIST, token)[0] == 200
    clock.now += 3600
    status, _, body = get(fake, LIST, token)
    assert status == 401 and body["error"]["status"] == "UNAUTHENTICATED"
    assert body["error"]["errors"][0]["reason"] == "authError"
    assert get(fake, LIST, "made-up")[0] == 401
    assert get(fake, LIST)[2]["error"]["errors"][0]["reason"] == "required"


def test_expire_tokens_ends_every_token_at_once(fake):
    token = signed_in(fake)
    fake.expire_tokens()
    assert get(fake, LIST, token)[0] == 401


def test_cors_echoes_the_origin_and_answers_preflight(fake):
    token = signed_in(fake)
    _, headers, _ = get(fake, LIST, token, Origin=ORIGIN)
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    status, headers, _ = fake.answer("OPTIONS", LIST, {"Origin": ORIGIN,
                                                       "Access-Control-Request-Method": "GET",
                                                       "Access-Control-Request-Headers": "authorization"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    assert headers["Access-Control-Allow-Headers"] == "authorization"


def test_calendar_list_pages_until_a_sync_token(fake):
    token = signed_in(fake)
    _, _, first = get(fake, LIST, token)
    assert len(first["items"]) == 3 and "nextPageToken" in first
    _, _, second = get(fake, f"{LIST}?pageToken={first['nextPageToken']}", token)
    assert len(second["items"]) == 1 and "nextPageToken" not in second and "nextSyncToken" in second


def events_url(calendar_id=EMAIL, **params):
    from urllib.parse import quote
    return (f"https://www.googleapis.com/calendar/v3/calendars/{quote(calendar_id, safe='')}/events?"
            + urlencode(params))


def test_events_honour_the_time_range_and_hide_cancelled_unless_asked(fake):
    token = signed_in(fake)
    one_day = dict(singleEvents="true", timeMin="2026-03-04T00:00:00+01:00", timeMax="2026-03-05T00:00:00+01:00")
    _, _, body = get(fake, events_url(**one_day), token)
    # Conference trip (2-4 Mar) ends at the range start: excluded; cancelled Standup is hidden.
    assert [e["summary"] for e in body["items"]] == ["Standup", "Call with New York"]
    _, _, body = get(fake, events_url(**one_day, showDeleted="true"), token)
    assert len(body["items"]) == 2  # the cancelled instances are on 3 and 5 March


def test_events_page_with_max_results_and_page_tokens(fake):
    token = signed_in(fake)
    _, _, first = get(fake, events_url(singleEvents="true", orderBy="startTime", maxResults="1"), token)
    assert len(first["items"]) == 1 and first["items"][0]["summary"] == "Conference trip"
    _, _, second = get(fake, events_url(singleEvents="true", orderBy="startTime",
                                        pageToken=first["nextPageToken"]), token)
    assert [e["summary"] for e in second["items"]] == ["Standup", "Call with New York"]


@pytest.mark.parametrize("params, status", [
    ({"orderBy": "startTime"}, 400),                       # ordering needs singleEvents=true
    ({"timeMin": "2026-03-04T00:00:00"}, 400),             # an offset is mandatory
    ({"pageToken": "garbage"}, 400),
    ({"timeMin": "2026-03-05T00:00:00Z", "timeMax": "2026-03-04T00:00:00Z"}, 400),
])
def test_malformed_event_queries_are_refused_like_google(fake, params, status):
    assert get(fake, events_url(**params), signed_in(fake))[0] == status


def test_unknown_calendar_is_404_in_googles_shape(fake):
    status, _, body = get(fake, events_url("nobody@example.com"), signed_in(fake))
    assert status == 404 and body["error"]["errors"][0]["reason"] == "notFound"


def test_injected_rate_limit_is_googles_403_then_clears(fake):
    token = signed_in(fake)
    fake.rate_limit(path_contains="/events", retry_after=5)
    status, headers, body = get(fake, events_url(), token)
    assert status == 403 and body["error"]["errors"][0]["reason"] == "rateLimitExceeded"
    assert headers["Retry-After"] == "5"
    assert get(fake, LIST, token)[0] == 200
    assert get(fake, events_url(), token)[0] == 200


# -- the core's client against the fake ------------------------------------------------------------

def through(fake):
    def handler(request):
        status, headers, body = fake.answer(request.method, request.url, dict(request.headers), request.body or b"")
        return Response(status, tuple(headers.items()), body)
    return MockTransport(handler)


async def no_wait(seconds):
    pass


def test_core_client_lists_all_calendars_and_events_through_the_fake(fake):
    token = signed_in(fake)
    transport = through(fake)
    calendars = asyncio.run(google.list_calendars(transport, token))
    assert len(calendars) == 4 and calendars[0].id == f"google:{EMAIL}:{EMAIL}"
    fake.rate_limit(path_contains="/events")
    result, = asyncio.run(google.fetch_events(transport, token, [EMAIL], START, END, account=EMAIL, sleep=no_wait))
    assert result.error is None
    assert sorted(o.title for o in result.occurrences) == [
        "Call with New York", "Conference trip", "Focus time", "Standup"]
    # One 403 rateLimitExceeded, backed off, then two pages of two.
    assert [r.status for r in fake.api_requests() if "/events" in r.url] == [403, 200, 200]


def test_core_client_stops_on_the_fakes_401(fake):
    token = signed_in(fake)
    fake.expire_tokens()
    with pytest.raises(google.GoogleSignInExpired):
        asyncio.run(google.fetch_events(through(fake), token, [EMAIL], START, END, account=EMAIL))
    assert len(fake.api_requests()) == 1
