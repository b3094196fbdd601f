"""Google sign-in (token flow) and Calendar API v3, against fixtures in Google's documented shapes
(tests/fixtures/google) answered by a MockTransport."""

import asyncio
import json
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest

from daypane.core.http import MockTransport, NetworkError, Response
from daypane.core.providers.google import auth as google_auth
from daypane.core.providers.google import calendar_api as google
from tests.support import fixtures

FIXTURES = fixtures.FIXTURES / "google"
BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 4, 8, 0, tzinfo=timezone.utc)
START, END = datetime(2026, 3, 2, tzinfo=BERLIN), datetime(2026, 3, 9, tzinfo=BERLIN)
CLIENT = "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com"
ACCOUNT = "alex.martin@example.com"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def ok(payload: dict) -> Response:
    return Response(200, (("Content-Type", "application/json; charset=UTF-8"),), json.dumps(payload).encode())


def google_error(code: int, reason: str, status: str, message: str = "Error", headers=()) -> Response:
    body = {"error": {"code": code, "message": message, "status": status,
                      "errors": [{"message": message, "domain": "global", "reason": reason}]}}
    return Response(code, tuple(headers), json.dumps(body).encode())


def query(request) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}


def run(coroutine):
    return asyncio.run(coroutine)


class Sleeps:
    def __init__(self):
        self.waits = []

    async def __call__(self, seconds):
        self.waits.append(seconds)


# -- sign-in ---------------------------------------------------------------------------------------

def test_authorize_url_asks_for_a_read_only_token_with_our_state():
    url = google_auth.authorize_url(CLIENT, "https://app.example/daypane/", "s7", login_hint=ACCOUNT)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://accounts.google.com/o/oauth2/v2/auth"
    assert {k: v[0] for k, v in parse_qs(parts.query).items()} == {
        "client_id": CLIENT, "redirect_uri": "https://app.example/daypane/", "response_type": "token",
        "scope": "https://www.googleapis.com/auth/calendar.readonly", "state": "s7",
        "include_granted_scopes": "true", "login_hint": ACCOUNT}


def test_authorize_url_adds_prompt_only_when_asked():
    assert "prompt" not in google_auth.authorize_url(CLIENT, "https://a/", "s")
    assert parse_qs(urlsplit(google_auth.authorize_url(CLIENT, "https://a/", "s", prompt="consent")).query)[
        "prompt"] == ["consent"]


def test_new_state_is_random_and_url_safe():
    first, second = google_auth.new_state(), google_auth.new_state()
    assert first != second and len(first) >= 32 and quote(first, safe="") == first


def fragment(**values) -> str:
    return "#" + urlencode(values)


GRANTED = dict(access_token="ya29.a0AfB_token", token_type="Bearer", expires_in="3599",
               scope="email https://www.googleapis.com/auth/calendar.readonly", state="s7",
               authuser="0", prompt="consent")


def test_a_granted_token_expires_when_google_says_and_keeps_its_scopes():
    token = google_auth.parse_redirect(fragment(**GRANTED), "s7", NOW)
    assert isinstance(token, google_auth.GoogleToken)
    assert token.access_token == "ya29.a0AfB_token"
    assert token.expires_at == NOW + timedelta(seconds=3599)
    assert google_auth.SCOPE in token.scopes
    assert not token.expired(NOW + timedelta(minutes=50))
    assert token.expired(NOW + timedelta(minutes=59))  # within the safety margin: ask, don't 401


@pytest.mark.parametrize("expected", ["other", ""])
def test_an_answer_with_another_state_is_refused(expected):
    failure = google_auth.parse_redirect(fragment(**GRANTED), expected, NOW)
    assert isinstance(failure, google_auth.AuthFailed) and failure.reason == "state_mismatch"
    assert "Connect Google" in failure.message


def test_access_denied_says_cancelled_or_blocked_by_admin():
    failure = google_auth.parse_redirect("#error=access_denied&state=s7", "s7", NOW)
    assert failure.reason == "access_denied"
    assert "cancelled" in failure.message and "administrator" in failure.message


def test_unticked_calendar_access_is_a_missing_scope_not_a_token():
    failure = google_auth.parse_redirect(fragment(**{**GRANTED, "scope": "email profile"}), "s7", NOW)
    assert isinstance(failure, google_auth.AuthFailed) and failure.reason == "missing_scope"
    assert "tick" in failure.message


def test_the_full_calendar_scope_also_allows_reading():
    full = fragment(**{**GRANTED, "scope": "https://www.googleapis.com/auth/calendar"})
    assert isinstance(google_auth.parse_redirect(full, "s7", NOW), google_auth.GoogleToken)


def test_an_answer_without_a_bearer_token_is_refused():
    failure = google_auth.parse_redirect(fragment(**{**GRANTED, "token_type": "mac"}), "s7", NOW)
    assert failure.reason == "invalid_response"


def test_unknown_errors_still_get_a_sentence():
    failure = google_auth.parse_redirect("#error=invalid_scope&state=s7", "s7", NOW)
    assert failure.reason == "invalid_scope" and "invalid_scope" in failure.message


def test_app_routes_are_not_mistaken_for_googles_answer():
    assert not google_auth.is_redirect("#/week/2026-03-04")
    assert google_auth.is_redirect(fragment(**GRANTED))
    assert google_auth.is_redirect("#error=access_denied&state=x")


@pytest.mark.parametrize("client_id, words", [
    (None, "not configured"), ("", "not configured"), ("my-client", "not a Google OAuth client ID")])
def test_missing_or_malformed_client_id_is_explained(client_id, words):
    problem = google_auth.configuration_problem(client_id)
    assert isinstance(problem, google_auth.GoogleNotConfigured)
    assert words in problem.message and "config.json" in problem.message


def test_a_real_looking_client_id_is_configured():
    assert google_auth.configuration_problem(CLIENT) is None


# -- calendar list ---------------------------------------------------------------------------------

def calendar_pages(request):
    page = "calendarList-page2.json" if query(request).get("pageToken") else "calendarList-page1.json"
    return ok(fixture(page))


def test_calendar_list_follows_next_page_token_and_keys_by_primary_account():
    transport = MockTransport(calendar_pages)
    calendars = run(google.list_calendars(transport, "tok"))
    assert [q.get("pageToken") for q in map(query, transport.requests)] == [
        None, fixture("calendarList-page1.json")["nextPageToken"]]
    assert all(r.header("Authorization") == "Bearer tok" for r in transport.requests)
    assert [c.id for c in calendars] == [
        f"google:{ACCOUNT}:{ACCOUNT}",
        f"google:{ACCOUNT}:c_9f3b1a2e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a@group.calendar.google.com",
        f"google:{ACCOUNT}:en.german#holiday@group.v.calendar.google.com",
        f"google:{ACCOUNT}:sam.okafor@example.com"]
    assert all(c.source == "google" for c in calendars)


def test_calendar_entries_use_override_names_colours_and_googles_own_ticks():
    entries = run(google.list_calendar_entries(MockTransport(calendar_pages), "tok"))
    by_id = {e.id: e for e in entries}
    rota = next(e for e in entries if e.name == "Rota (team)")
    assert rota.color == "#42d692" and rota.selected and rota.access_role == "reader"
    assert by_id[ACCOUNT].primary and by_id[ACCOUNT].time_zone == "Europe/Berlin"
    holidays = by_id["en.german#holiday@group.v.calendar.google.com"]
    assert not holidays.selected and not holidays.to_calendar(ACCOUNT).visible
    assert by_id["sam.okafor@example.com"].color == google.DEFAULT_COLOR  # not a hex colour


def test_calendar_keys_split_back_even_when_ids_contain_colons():
    key = google.calendar_key(ACCOUNT, "a:b@group.calendar.google.com")
    assert google.split_key(key) == (ACCOUNT, "a:b@group.calendar.google.com")
    with pytest.raises(ValueError):
        google.split_key("outlook:x:y")


def test_a_list_without_primary_calendar_cannot_name_the_account():
    with pytest.raises(google.GoogleError, match="primary"):
        run(google.list_calendars(MockTransport(lambda r: ok({"items": [{"id": "x"}]})), "tok"))


# -- events ----------------------------------------------------------------------------------------

@pytest.fixture
def shown():
    key = google.calendar_key(ACCOUNT, ACCOUNT)
    found = [google.to_occurrence(e, key, BERLIN) for e in fixture("events-primary.json")["items"]]
    return [o for o in found if o is not None]


def titled(occurrences, title, status=None):
    return [o for o in occurrences if o.title == title and (status is None or o.status == status)]


def test_all_day_events_keep_their_dates_with_exclusive_end_and_transparent_is_free(shown):
    trip, = titled(shown, "Conference trip")
    assert trip.all_day and (trip.start, trip.end) == (date(2026, 3, 2), date(2026, 3, 4))
    assert trip.show_as == "free" and trip.location == "Lisbon"


def test_every_google_event_says_it_comes_from_google(shown):
    assert {o.source for o in shown} == {"google"}  # its link is "Open in Google Calendar"


def test_timed_events_keep_the_instant_and_show_in_the_events_zone(shown):
    call, = titled(shown, "Call with New York")
    assert call.start == datetime(2026, 3, 4, 16, 30, tzinfo=timezone.utc)
    assert call.start.tzinfo == NEW_YORK and call.start.hour == 11
    focus, = titled(shown, "Focus time")
    assert focus.start == datetime(2026, 3, 5, 13, 0, tzinfo=timezone.utc)


def test_cancelled_instance_is_marked_and_timeless_exceptions_are_skipped(shown):
    cancelled, = titled(shown, "Standup", "cancelled")
    assert cancelled.recurring and cancelled.start == datetime(2026, 3, 3, 9, 0, tzinfo=BERLIN)
    assert len(shown) == 5  # the bare {id, status, originalStartTime} instance has no times to show


def test_meet_link_is_the_join_url_and_html_description_becomes_text(shown):
    standup, = titled(shown, "Standup", "confirmed")
    assert standup.join_url == "https://meet.google.com/abc-defg-hij"
    assert standup.url.startswith("https://www.google.com/calendar/event?eid=")
    assert standup.description == "Agenda\nYesterday & today\nBoard"


def test_conference_video_entry_is_used_without_hangout_link(shown):
    call, = titled(shown, "Call with New York")
    assert call.join_url == "https://example.zoom.us/j/123456789"


def test_my_tentative_reply_and_tentative_status_make_it_tentative(shown):
    call, = titled(shown, "Call with New York")
    assert (call.status, call.show_as) == ("tentative", "tentative")
    focus, = titled(shown, "Focus time")
    assert (focus.status, focus.show_as) == ("tentative", "free")


def test_links_that_are_not_https_are_dropped(shown):
    focus, = titled(shown, "Focus time")
    assert focus.url == "" and focus.join_url == ""


def test_events_request_is_the_documented_query_with_the_id_encoded():
    request = google.events_request("tok", "en.german#holiday@group.v.calendar.google.com", START, END, "p2")
    assert request.url.startswith(
        "https://www.googleapis.com/calendar/v3/calendars/en.german%23holiday%40group.v.calendar.google.com/events?")
    assert query(request) == {"singleEvents": "true", "orderBy": "startTime", "timeMin": "2026-03-01T23:00:00Z",
                              "timeMax": "2026-03-08T23:00:00Z", "maxResults": "2500", "pageToken": "p2"}


def paged_events(request):
    """The fixture's items split over two pages; calendar 'gone' is 404."""
    if "/calendars/gone/" in request.url:
        return google_error(404, "notFound", "NOT_FOUND", "Not Found")
    payload = fixture("events-primary.json")
    items = payload.pop("items")
    if query(request).get("pageToken") == "next":
        return ok({**payload, "items": items[3:]})
    return ok({**payload, "items": items[:3], "nextPageToken": "next"})


def test_fetch_events_follows_page_tokens_and_keeps_other_calendars_when_one_is_gone():
    transport = MockTransport(paged_events)
    results = run(google.fetch_events(transport, "tok", [ACCOUNT, "gone"], START, END, account=ACCOUNT))
    primary, gone = results
    assert primary.calendar_id == f"google:{ACCOUNT}:{ACCOUNT}" and primary.error is None
    assert len(primary.occurrences) == 5
    assert {o.calendar_id for o in primary.occurrences} == {primary.calendar_id}
    assert isinstance(gone.error, google.GoogleNotFound) and gone.occurrences == ()
    assert "no longer exists" in str(gone.error)
    assert [query(r).get("pageToken") for r in transport.requests] == [None, "next", None]


def test_an_expired_token_stops_the_sync_without_retrying():
    transport = MockTransport(lambda r: google_error(401, "authError", "UNAUTHENTICATED", "Invalid Credentials"))
    with pytest.raises(google.GoogleSignInExpired, match='Click "Sign in again"'):
        run(google.fetch_events(transport, "tok", [ACCOUNT, "other"], START, END, account=ACCOUNT))
    assert len(transport.requests) == 1


def test_rate_limits_back_off_then_succeed():
    answers = [google_error(403, "rateLimitExceeded", "PERMISSION_DENIED"),
               google_error(429, "rateLimitExceeded", "RESOURCE_EXHAUSTED", headers=[("Retry-After", "7")]),
               ok({"items": []})]
    sleeps = Sleeps()
    transport = MockTransport(lambda r: answers.pop(0))
    results = run(google.fetch_events(transport, "tok", [ACCOUNT], START, END, account=ACCOUNT, sleep=sleeps))
    assert results[0].error is None and sleeps.waits == [1.0, 7.0]


def test_rate_limits_give_up_after_a_few_tries_with_a_retry_hint():
    sleeps = Sleeps()
    transport = MockTransport(lambda r: google_error(403, "userRateLimitExceeded", "PERMISSION_DENIED"))
    result, = run(google.fetch_events(transport, "tok", [ACCOUNT], START, END, account=ACCOUNT, sleep=sleeps))
    assert isinstance(result.error, google.GoogleRateLimited) and result.error.retry_after == 8.0
    assert len(transport.requests) == google.MAX_ATTEMPTS and sleeps.waits == [1.0, 2.0, 4.0]


def test_network_failure_is_raised_as_offline():
    def offline(request):
        raise NetworkError("Failed to fetch")
    with pytest.raises(google.GoogleNetworkError, match="offline"):
        run(google.list_calendars(MockTransport(offline), "tok"))


@pytest.mark.parametrize("response, kind, words", [
    (google_error(403, "insufficientPermissions", "PERMISSION_DENIED"), google.GooglePermissionDenied,
     "See and download"),
    (google_error(403, "forbidden", "PERMISSION_DENIED"), google.GooglePermissionDenied, "share it"),
    (google_error(403, "dailyLimitExceeded", "PERMISSION_DENIED"), google.GooglePermissionDenied, "tomorrow"),
    (google_error(404, "notFound", "NOT_FOUND"), google.GoogleNotFound, "Untick"),
    (google_error(503, "backendError", "UNAVAILABLE"), google.GoogleServerError, "next refresh"),
    (Response(502, (), b"<html>Bad Gateway</html>"), google.GoogleServerError, "Google's side"),
    (google_error(400, "badRequest", "INVALID_ARGUMENT", "Bad Request"), google.GoogleError, "Bad Request"),
])
def test_every_error_is_a_sentence_saying_what_to_do(response, kind, words):
    error = google.error_for(response)
    assert type(error) is kind and words in str(error) and str(error).endswith(".")
    assert error.status == response.status


def test_bearer_tokens_are_only_sent_to_the_calendar_api():
    with pytest.raises(AssertionError):
        run(google._send(MockTransport(lambda r: ok({})),
                         google.Request("GET", "https://evil.example/x"), Sleeps()))


def test_what_to_click_is_named_as_its_button_says():
    # An expired sign-in: the account's own button is "Sign in again".
    expired = str(google.error_for(google_error(401, "authError", "UNAUTHENTICATED")))
    assert 'Click "Sign in again"' in expired
    # Other refusals leave the account as it is (its only button is "Sign out"): the way to sign in
    # again is the page's "Connect Google Calendar".
    others = [str(google.error_for(google_error(403, "forbidden", "PERMISSION_DENIED"))),
              str(google.error_for(google_error(400, "badRequest", "INVALID_ARGUMENT")))]
    with pytest.raises(google.GoogleError) as no_primary:
        google.account_of([])
    others.append(str(no_primary.value))
    assert all('"Connect Google Calendar"' in message for message in others), others
    assert not any("Reconnect" in message for message in [expired, *others])
