"""The fake Google Tasks API (tests/support/fakes/google_tasks.py) answers in Google's shapes and by
Google's rules, driven directly through its pure answer(method, url, headers, body): a task
source tested against it is tested against what Google does (paging, incremental reads, hidden
and deleted tasks, etags, scopes, date-only due dates)."""

import asyncio
import json

import pytest

from daypane.core.http import MockTransport, Request
from tests.support.fakes.google_tasks import API, READONLY_SCOPE, TASKS_SCOPE, FakeGoogleTasks
from tests.support.fixtures import fixture_path

ACCOUNT = "alex.martin@example.com"
T0 = 1_772_352_000.0  # 2026-03-01T08:00:00Z
ORIGIN = "http://127.0.0.1:8000"


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fake(clock):
    google = FakeGoogleTasks(ACCOUNT, clock=clock)
    google.grant("t", ACCOUNT, [TASKS_SCOPE])
    return google


@pytest.fixture
def home(fake):
    return fake.add_list("My Tasks")


def call(fake, method, path, body=None, token="t", **headers):
    """(status, headers, JSON body or None) for a request to the API path."""
    if token:
        headers["Authorization"] = f"Bearer {token}"
    payload = json.dumps(body).encode() if body is not None else b""
    status, out, raw = fake.answer(method, path if path.startswith("http") else API + path, headers, payload)
    return status, out, json.loads(raw) if raw else None


def listed(fake, list_id, query=""):
    status, _, body = call(fake, "GET", f"/lists/{list_id}/tasks{query}")
    assert status == 200 and body["kind"] == "tasks#tasks"
    return [item["title"] for item in body.get("items", [])]


# -- tokens and scopes -------------------------------------------------------------------------------

def test_a_token_without_the_tasks_scope_gets_googles_403(fake, home):
    fake.grant("calendar-only", ACCOUNT, "https://www.googleapis.com/auth/calendar.readonly")
    status, headers, body = call(fake, "GET", "/users/@me/lists", token="calendar-only")
    assert status == 403 and body == {"error": {
        "code": 403, "message": "Request had insufficient authentication scopes.",
        "errors": [{"message": "Insufficient Permission", "domain": "global", "reason": "insufficientPermissions"}],
        "status": "PERMISSION_DENIED"}}
    assert headers["Content-Type"].startswith("application/json")


def test_a_read_only_token_reads_but_may_not_write(fake, home):
    fake.grant("ro", ACCOUNT, [READONLY_SCOPE])
    task = fake.add_task(home, title="Read me")
    assert call(fake, "GET", f"/lists/{home}/tasks/{task['id']}", token="ro")[0] == 200
    status, _, body = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"title": "No"}, token="ro")
    assert status == 403 and body["error"]["errors"][0]["reason"] == "insufficientPermissions"


def test_missing_unknown_and_expired_tokens_get_401(fake, home, clock):
    assert call(fake, "GET", "/users/@me/lists", token=None)[2]["error"]["errors"][0]["reason"] == "required"
    status, headers, body = call(fake, "GET", "/users/@me/lists", token="nobody")
    assert status == 401 and body["error"]["status"] == "UNAUTHENTICATED" and "invalid_token" in headers["WWW-Authenticate"]
    fake.grant("short", ACCOUNT, [TASKS_SCOPE], expires=T0 + 10)
    assert call(fake, "GET", "/users/@me/lists", token="short")[0] == 200
    clock.now += 10
    assert call(fake, "GET", "/users/@me/lists", token="short")[0] == 401


def test_cors_echoes_the_origin_and_answers_preflight(fake, home):
    status, headers, _ = fake.answer("OPTIONS", f"{API}/lists/{home}/tasks", {
        "Origin": ORIGIN, "Access-Control-Request-Headers": "authorization,content-type,if-match"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "PATCH" in headers["Access-Control-Allow-Methods"] and "if-match" in headers["Access-Control-Allow-Headers"]
    assert call(fake, "GET", "/users/@me/lists", Origin=ORIGIN)[1]["Access-Control-Allow-Origin"] == ORIGIN


# -- listing -----------------------------------------------------------------------------------------

def test_lists_page_with_next_page_token(fake, home):
    fake.add_list("Groceries")
    fake.add_list("Work")
    status, _, first = call(fake, "GET", "/users/@me/lists?maxResults=2")
    assert status == 200 and first["kind"] == "tasks#taskLists" and len(first["items"]) == 2
    assert first["items"][0] == {"kind": "tasks#taskList", "id": home, "etag": first["items"][0]["etag"],
                                 "title": "My Tasks", "updated": "2026-03-01T08:00:00.000Z",
                                 "selfLink": f"https://www.googleapis.com/tasks/v1/users/@me/lists/{home}"}
    _, _, second = call(fake, "GET", f"/users/@me/lists?maxResults=2&pageToken={first['nextPageToken']}")
    assert [item["title"] for item in second["items"]] == ["Work"] and "nextPageToken" not in second


def test_tasks_page_20_by_default_and_at_most_100(fake, home):
    for number in range(105):
        fake.add_task(home, title=f"Task {number}")
    _, _, first = call(fake, "GET", f"/lists/{home}/tasks")
    assert len(first["items"]) == 20 and first["nextPageToken"]
    seen, token = [], ""
    while True:
        _, _, page = call(fake, "GET", f"/lists/{home}/tasks?maxResults=500&pageToken={token}")
        seen += [item["title"] for item in page["items"]]
        assert len(page["items"]) <= 100
        token = page.get("nextPageToken")
        if not token:
            break
    assert seen == [f"Task {number}" for number in range(105)]
    assert call(fake, "GET", f"/lists/{home}/tasks?maxResults=0")[0] == 400


def test_an_empty_list_has_no_items_key(fake, home):
    _, _, body = call(fake, "GET", f"/lists/{home}/tasks")
    assert "items" not in body and body["kind"] == "tasks#tasks"


def test_order_is_by_position_with_sub_tasks_after_their_parent(fake, home):
    first = fake.add_task(home, title="First")
    fake.add_task(home, title="Second")
    status, _, child = call(fake, "POST", f"/lists/{home}/tasks?parent={first['id']}", {"title": "Child"})
    assert status == 200 and child["parent"] == first["id"] and child["position"] == "00000000000000000000"
    _, _, top = call(fake, "POST", f"/lists/{home}/tasks", {"title": "New on top"})
    call(fake, "POST", f"/lists/{home}/tasks?previous={first['id']}", {"title": "After first"})
    assert listed(fake, home) == ["New on top", "First", "Child", "After first", "Second"]
    assert fake.task(home, first["id"])["position"] == "00000000000000000001"
    assert call(fake, "POST", f"/lists/{home}/tasks?parent=nope", {"title": "x"})[0] == 400


def test_updated_min_lists_only_what_changed_since_deletions_with_show_deleted(fake, home, clock):
    kept = fake.add_task(home, title="Kept")
    edited = fake.add_task(home, title="Edited")
    gone = fake.add_task(home, title="Gone")
    clock.now += 60
    since = "2026-03-01T08:01:00.000Z"
    fake.edit_task(home, edited["id"], title="Edited elsewhere")
    call(fake, "DELETE", f"/lists/{home}/tasks/{gone['id']}")
    assert listed(fake, home, f"?updatedMin={since}") == ["Edited elsewhere"]  # at or after: inclusive
    _, _, body = call(fake, "GET", f"/lists/{home}/tasks?updatedMin={since}&showDeleted=true")
    assert [(item["title"], item.get("deleted", False)) for item in body["items"]] == [
        ("Edited elsewhere", False), ("Gone", True)]
    assert kept["updated"] == "2026-03-01T08:00:00.000Z" and body["items"][0]["updated"] == since
    assert listed(fake, home, "?updatedMin=2026-03-01T08:01:00.001Z") == []
    assert call(fake, "GET", f"/lists/{home}/tasks?updatedMin=yesterday")[0] == 400


def test_hidden_completed_tasks_need_show_hidden(fake, home):
    fake.add_task(home, title="Open")
    done = fake.add_task(home, title="Done", status="completed")
    fake.hide_completed(home)  # "clear completed" in Google's app
    assert fake.task(home, done["id"])["hidden"] is True
    assert listed(fake, home) == ["Open"]
    assert listed(fake, home, "?showHidden=true") == ["Open", "Done"]
    assert listed(fake, home, "?showHidden=true&showCompleted=false") == ["Open"]
    _, _, reopened = call(fake, "PATCH", f"/lists/{home}/tasks/{done['id']}", {"status": "needsAction"})
    assert "hidden" not in reopened and "completed" not in reopened and listed(fake, home) == ["Open", "Done"]


def test_clear_is_hide_completed(fake, home):
    done = fake.add_task(home, title="Done", status="completed")
    status, _, body = call(fake, "POST", f"/lists/{home}/clear")
    assert status == 204 and body is None and fake.task(home, done["id"])["hidden"] is True


def test_due_bounds_filter_on_the_due_date(fake, home):
    for day in (4, 5, 6):
        fake.add_task(home, title=f"Due {day}", due=f"2026-03-0{day}T00:00:00.000Z")
    fake.add_task(home, title="No due date")
    query = "?dueMin=2026-03-05T00:00:00Z&dueMax=2026-03-06T00:00:00Z"
    assert listed(fake, home, query) == ["Due 5"]


# -- writing -----------------------------------------------------------------------------------------

def test_delete_leaves_a_tombstone_with_its_sub_tasks(fake, home):
    parent = fake.add_task(home, title="Parent")
    child = fake.add_task(home, title="Child", parent=parent["id"])
    status, headers, body = call(fake, "DELETE", f"/lists/{home}/tasks/{parent['id']}")
    assert status == 204 and body is None and "Content-Type" not in headers
    assert listed(fake, home) == []
    assert listed(fake, home, "?showDeleted=true") == ["Parent", "Child"]
    status, _, tombstone = call(fake, "GET", f"/lists/{home}/tasks/{child['id']}")
    assert status == 200 and tombstone["deleted"] is True


def test_a_stale_etag_is_412_and_every_change_gets_a_new_etag_and_updated(fake, home, clock):
    task = fake.add_task(home, title="Mine")
    clock.now += 5
    fake.edit_task(home, task["id"], title="Theirs")
    status, _, body = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"title": "Mine again"},
                           **{"If-Match": task["etag"]})
    assert status == 412 and body["error"]["code"] == 412 and body["error"]["message"] == "Precondition Failed"
    assert call(fake, "DELETE", f"/lists/{home}/tasks/{task['id']}", **{"If-Match": task["etag"]})[0] == 412
    current = fake.task(home, task["id"])
    assert current["etag"] != task["etag"] and current["updated"] == "2026-03-01T08:00:05.000Z"
    status, _, body = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"title": "Mine again"},
                           **{"If-Match": current["etag"]})
    assert status == 200 and body["title"] == "Mine again" and body["etag"] != current["etag"]
    assert call(fake, "GET", f"/lists/{home}/tasks/nope")[2]["error"]["errors"][0]["reason"] == "notFound"


@pytest.mark.parametrize("sent, kept", [
    ("2026-03-05T15:30:00.000Z", "2026-03-05T00:00:00.000Z"),
    ("2026-03-05T23:30:00-05:00", "2026-03-05T00:00:00.000Z"),  # the date as written, not its UTC date
    ("2026-03-05T00:00:00.000Z", "2026-03-05T00:00:00.000Z")])
def test_due_keeps_only_the_date(fake, home, sent, kept):
    task = fake.add_task(home, title="Due")
    assert call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"due": sent})[2]["due"] == kept


def test_due_must_be_an_rfc3339_time_and_null_clears_it(fake, home):
    task = fake.add_task(home, title="Due", due="2026-03-05T00:00:00.000Z")
    assert call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"due": "2026-03-06"})[0] == 400
    assert fake.task(home, task["id"])["due"] == "2026-03-05T00:00:00.000Z"  # a refused body changes nothing
    assert "due" not in call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"due": None})[2]


def test_completing_sets_completed_and_reopening_removes_it(fake, home, clock):
    task = fake.add_task(home, title="Do")
    clock.now += 90
    done = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"status": "completed"})[2]
    assert done["status"] == "completed" and done["completed"] == "2026-03-01T08:01:30.000Z"
    sent = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}",
                {"status": "completed", "completed": "2026-02-28T17:00:00+01:00"})[2]
    assert sent["completed"] == "2026-02-28T16:00:00.000Z"
    reopened = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"status": "needsAction", "completed": None})[2]
    assert reopened["status"] == "needsAction" and "completed" not in reopened


def test_parent_and_other_read_only_fields_in_a_body_are_ignored_unknown_ones_refused(fake, home):
    parent = fake.add_task(home, title="Parent")
    task = fake.add_task(home, title="Loose", links=[{"type": "email", "description": "d", "link": "https://x"}])
    body = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}",
                {"parent": parent["id"], "hidden": True, "links": [], "position": "9", "title": "Still loose"})[2]
    assert "parent" not in body and "hidden" not in body and body["links"] == task["links"]
    status, _, error = call(fake, "PATCH", f"/lists/{home}/tasks/{task['id']}", {"dueDate": "2026-03-05"})
    assert status == 400 and "dueDate" in error["error"]["message"]


def test_put_clears_what_it_does_not_send(fake, home):
    task = fake.add_task(home, title="Full", notes="Some", due="2026-03-05T00:00:00.000Z")
    body = call(fake, "PUT", f"/lists/{home}/tasks/{task['id']}", {"title": "Bare"})[2]
    assert body["title"] == "Bare" and "notes" not in body and "due" not in body


def test_default_names_the_first_list_and_inserts_answer_the_task(fake, home):
    status, _, task = call(fake, "POST", "/lists/@default/tasks", {"title": "Quick", "notes": "n"})
    assert status == 200 and task["kind"] == "tasks#task" and task["status"] == "needsAction"
    assert task["selfLink"] == f"https://www.googleapis.com/tasks/v1/lists/{home}/tasks/{task['id']}"
    assert listed(fake, home) == ["Quick"]


def test_the_fake_answers_in_the_fixtures_shape(fake, home):
    """A fixture item stored in the fake comes back with the same keys in the same order."""
    for item in json.loads(fixture_path("google_tasks", "tasks-my-tasks.json").read_text())["items"]:
        answered = fake.add_task(home, **item)
        assert list(answered) == list(item)
        assert {k: answered[k] for k in ("id", "title", "status", "position")} == {
            k: item[k] for k in ("id", "title", "status", "position")}
        assert answered.get("completed") == item.get("completed") and answered.get("due") == item.get("due")


def test_mock_transport_requests_are_answered_and_logged(fake, home):
    transport = MockTransport(fake)
    response = asyncio.run(transport.send(Request("GET", f"{API}/users/@me/lists", (("Authorization", "Bearer t"),))))
    assert response.status == 200 and response.json()["items"][0]["id"] == home
    assert response.header("content-type").startswith("application/json")
    assert fake.requests == [("GET", f"{API}/users/@me/lists")]
