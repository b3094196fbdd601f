"""The fake To Do (tests/support/fakes/todo.py) answers through the fake Graph in Graph's shapes, driven
directly through the pure answer(method, url, headers, body) and through a MockTransport; and the fake
identity platform (tests/support/fakes/microsoft.py) keeps consent per account and scope."""

import asyncio
import base64
import hashlib
import json
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from daypane.core.http import MockTransport, Request
from tests.support.fakes.graph import GRAPH, FakeGraph, Mailbox
from tests.support.fakes.microsoft import FakeAccount, FakeMicrosoft

RW = {"Authorization": "Bearer rw"}
EXT = "com.daypane.sync"
FQN = "Microsoft.OutlookServices.OpenTypeExtension." + EXT


@pytest.fixture
def graph():
    graph = FakeGraph(page_size=2, clock=lambda: 1_772_616_600.0)  # 2026-03-04 09:30 UTC
    mailbox = Mailbox()
    graph.grant("rw", mailbox, scopes=("Calendars.Read", "User.Read", "Tasks.ReadWrite"))
    graph.grant("ro", mailbox, scopes=("Tasks.Read",))
    graph.grant("cal", mailbox)  # the old default: calendars only
    graph.mailbox = mailbox
    return graph


@pytest.fixture
def todo(graph):
    return graph.todo(graph.mailbox)


def tasks_url(list_id, *rest, **query):
    url = f"{GRAPH}/me/todo/lists/{list_id}/tasks" + "".join(f"/{r}" for r in rest)
    return url + ("?" + urlencode(query) if query else "")


def call(graph, method, url, body=None, **headers):
    return graph.answer(method, url, {**RW, **headers}, json.dumps(body).encode() if body is not None else b"")


def delta_round(graph, url, headers=RW):
    """Follows nextLinks to the deltaLink: (items, pages, deltaLink)."""
    items, pages = [], []
    while True:
        answer = graph.answer("GET", url, headers)
        assert answer.status == 200, answer.body
        pages.append(answer.body)
        items += answer.body["value"]
        if "@odata.deltaLink" in answer.body:
            return items, pages, answer.body["@odata.deltaLink"]
        url = answer.body["@odata.nextLink"]


def test_lists_put_the_default_list_first_and_page(graph, todo):
    work = todo.add_list("Work")
    default = todo.add_list("Tasks", wellknown="defaultList")
    flagged = todo.add_list("Flagged email", wellknown="flaggedEmails")
    first = call(graph, "GET", f"{GRAPH}/me/todo/lists").body
    assert [l["id"] for l in first["value"]] == [default, work]
    assert first["value"][0] == {"@odata.etag": first["value"][0]["@odata.etag"], "displayName": "Tasks",
                                 "isOwner": True, "isShared": False, "wellknownListName": "defaultList", "id": default}
    rest = call(graph, "GET", first["@odata.nextLink"]).body
    assert [l["id"] for l in rest["value"]] == [flagged] and "@odata.nextLink" not in rest


def test_delta_first_round_pages_with_select_kept_in_the_opaque_links(graph, todo):
    inbox = todo.add_list("Tasks", wellknown="defaultList")
    created = [todo.add_task(inbox, title=f"Task {i}") for i in range(5)]
    assert created[0]["status"] == "notStarted" and created[0]["importance"] == "normal"
    assert created[0]["body"] == {"content": "", "contentType": "text"} and created[0]["categories"] == []
    items, pages, delta_link = delta_round(graph, tasks_url(inbox, "delta", **{"$select": "title,status", "$top": "3"}),
                                           {**RW, "Prefer": "odata.maxpagesize=10"})
    assert [len(p["value"]) for p in pages] == [2, 2, 1]  # min($top 3, maxpagesize 10, the server's 2)
    assert [t["title"] for t in items] == [f"Task {i}" for i in range(5)]
    assert set(items[0]) == {"@odata.etag", "id", "title", "status"}  # $select, plus id and etag
    assert "$select" not in pages[0]["@odata.nextLink"] and "$skiptoken=" in pages[0]["@odata.nextLink"]
    assert "$deltatoken=" in delta_link and "@odata.nextLink" not in pages[-1]
    nothing_new = call(graph, "GET", delta_link).body
    assert nothing_new["value"] == [] and "$deltatoken=" in nothing_new["@odata.deltaLink"]
    assert nothing_new["@odata.context"] == f"{GRAPH}/$metadata#Collection(todoTask)"

def test_delta_later_rounds_report_changes_and_removals_then_410_once_expired(graph, todo):
    inbox = todo.add_list("Tasks", wellknown="defaultList")
    a, b, c = (todo.add_task(inbox, title=t)["id"] for t in "abc")
    _items, _pages, delta_link = delta_round(graph, tasks_url(inbox, "delta", **{"$select": "title"}))
    edited = todo.edit_task(inbox, b, title="B!")
    todo.delete_task(inbox, c)
    d = todo.add_task(inbox, title="d")["id"]
    items, _pages, next_delta = delta_round(graph, delta_link)
    assert [(i["id"], i.get("title"), i.get("@removed")) for i in items] == [
        (b, "B!", None), (c, None, {"reason": "deleted"}), (d, "d", None)]
    assert set(items[0]) == {"@odata.etag", "id", "title"} and items[0]["@odata.etag"] == edited["@odata.etag"]
    assert delta_round(graph, next_delta)[0] == []
    assert a not in [i["id"] for i in items]
    todo.expire_delta_links()
    gone = call(graph, "GET", next_delta)
    assert gone.status == 410 and gone.body["error"]["code"] == "syncStateNotFound"
    assert call(graph, "GET", tasks_url(inbox, "delta", **{"$deltatoken": "not-a-token"})).status == 410
    assert delta_round(graph, tasks_url(inbox, "delta"))[0][0]["id"] == a  # a new first round works
    missing = call(graph, "GET", tasks_url("nope", "delta"))
    assert missing.status == 404 and missing.body["error"]["code"] == "ErrorItemNotFound"


def test_a_moved_task_gets_a_new_id_and_leaves_a_tombstone(graph, todo):
    inbox, work = todo.add_list("Tasks", wellknown="defaultList"), todo.add_list("Work")
    task = todo.add_task(inbox, title="Move me", importance="high")["id"]
    links = {name: delta_round(graph, tasks_url(name, "delta"))[2] for name in (inbox, work)}
    new_id = todo.move_task(task, work)
    assert new_id != task and todo.tasks(inbox) == [] and todo.tasks(work)[0]["importance"] == "high"
    assert delta_round(graph, links[inbox])[0] == [{"id": task, "@removed": {"reason": "deleted"}}]
    assert [t["id"] for t in delta_round(graph, links[work])[0]] == [new_id]
    assert call(graph, "GET", tasks_url(inbox, task)).status == 404


def test_patch_and_delete_honour_if_match(graph, todo):
    inbox = todo.add_list("Tasks", wellknown="defaultList")
    task = todo.add_task(inbox, title="Old")
    stale = task["@odata.etag"]
    todo.edit_task(inbox, task["id"], title="Changed elsewhere")
    refused = call(graph, "PATCH", tasks_url(inbox, task["id"]), {"title": "Mine"}, **{"If-Match": stale})
    assert refused.status == 412 and refused.body["error"]["code"] == "PreconditionFailed"
    current = todo.tasks(inbox)[0]["@odata.etag"]
    done = call(graph, "PATCH", tasks_url(inbox, task["id"]), {"title": "Mine", "status": "completed"},
                **{"If-Match": current})
    assert done.status == 200 and done.body["title"] == "Mine" and done.body["@odata.etag"] != current
    assert done.body["completedDateTime"] == {"dateTime": "2026-03-04T00:00:00.0000000", "timeZone": "UTC"}
    reopened = call(graph, "PATCH", tasks_url(inbox, task["id"]), {"status": "notStarted"}).body
    assert "completedDateTime" not in reopened
    assert call(graph, "DELETE", tasks_url(inbox, task["id"]), **{"If-Match": current}).status == 412
    assert call(graph, "PATCH", tasks_url(inbox, "unknown"), {"title": "x"}).status == 404
    transport = MockTransport(graph)
    response = asyncio.run(transport.send(Request("DELETE", tasks_url(inbox, task["id"]), (
        ("Authorization", "Bearer rw"), ("If-Match", reopened["@odata.etag"])))))
    assert (response.status, response.body, response.header("Content-Type")) == (204, b"", None)
    assert todo.tasks(inbox) == []


def test_post_creates_with_defaults_and_due_dates_lose_their_time_after_conversion_to_utc(graph, todo):
    inbox = todo.add_list("Tasks", wellknown="defaultList")
    assert call(graph, "POST", tasks_url(inbox), {"body": {"content": "x"}}).status == 400  # no title
    for zone in ("W. Europe Standard Time", "Europe/Berlin"):
        answer = call(graph, "POST", tasks_url(inbox), {"title": "Pay rent", "unknownKey": 1, "dueDateTime": {
            "dateTime": "2026-03-06T00:00:00", "timeZone": zone}})
        assert answer.status == 201 and "unknownKey" not in answer.body and answer.body["status"] == "notStarted"
        assert answer.body["dueDateTime"] == {"dateTime": "2026-03-05T00:00:00.0000000", "timeZone": "UTC"}
    task_id = answer.body["id"]
    utc = call(graph, "PATCH", tasks_url(inbox, task_id), {"dueDateTime": {
        "dateTime": "2026-03-06T15:30:00.0000000", "timeZone": "UTC"}}).body
    assert utc["dueDateTime"]["dateTime"] == "2026-03-06T00:00:00.0000000"
    cleared = call(graph, "PATCH", tasks_url(inbox, task_id), {"dueDateTime": None, "recurrence": None}).body
    assert "dueDateTime" not in cleared
    assert call(graph, "PATCH", tasks_url(inbox, task_id), {"importance": "urgent"}).status == 400
    assert call(graph, "GET", tasks_url(inbox, task_id)).body == cleared


def test_tasks_need_a_tasks_scope_and_todo_paths_can_be_throttled(graph, todo):
    inbox = todo.add_list("Tasks", wellknown="defaultList")
    denied = graph.answer("GET", tasks_url(inbox, "delta"), {"Authorization": "Bearer cal"})
    assert denied.status == 403 and denied.body == {"error": {
        "code": "ErrorAccessDenied", "message": "Access is denied. Check credentials and try again."}}
    assert graph.answer("GET", f"{GRAPH}/me/calendars", {"Authorization": "Bearer cal"}).status == 200
    read_only = {"Authorization": "Bearer ro"}
    assert graph.answer("GET", tasks_url(inbox), read_only).status == 200
    assert graph.answer("POST", tasks_url(inbox), read_only, b'{"title": "x"}').status == 403
    graph.throttle("/me/todo/", retry_after=3)
    throttled = call(graph, "GET", tasks_url(inbox, "delta"))
    assert (throttled.status, throttled.headers, throttled.throttled) == (429, {"Retry-After": "3"}, True)
    assert call(graph, "GET", tasks_url(inbox, "delta")).status == 200
    batch = {"requests": [{"id": "1", "method": "GET", "url": f"/me/todo/lists/{inbox}/tasks"},
                          {"id": "2", "method": "POST", "url": f"/me/todo/lists/{inbox}/tasks", "body": {"title": "x"}}]}
    answers = call(graph, "POST", f"{GRAPH}/$batch", batch).body["responses"]
    assert [a["status"] for a in answers] == [200, 405]  # GET only inside a batch
    assert call(graph, "PATCH", f"{GRAPH}/me/calendars/a").status == 405  # calendars stay read-only


def test_open_extensions_are_created_merged_expanded_and_seen_by_delta(graph, todo):
    inbox = todo.add_list("Tasks", wellknown="defaultList")
    task = todo.add_task(inbox, title="Synced")
    bare = call(graph, "GET", tasks_url(inbox, task["id"], **{"$expand": f"extensions($filter=id eq '{FQN}')"})).body
    assert bare["extensions"] == [] and "extensions" not in call(graph, "GET", tasks_url(inbox, task["id"])).body
    _items, _pages, link = delta_round(graph, tasks_url(inbox, "delta", **{
        "$select": "title", "$expand": f"extensions($filter=id eq '{FQN}')"}))
    new = {"@odata.type": "microsoft.graph.openTypeExtension", "extensionName": EXT, "uid": "u1", "seq": 1}
    created = call(graph, "POST", tasks_url(inbox, task["id"], "extensions"), new)
    assert created.status == 201 and created.body == {"@odata.type": "#microsoft.graph.openTypeExtension",
                                                      "id": FQN, "extensionName": EXT, "uid": "u1", "seq": 1}
    again = call(graph, "POST", tasks_url(inbox, task["id"], "extensions"), new)
    assert again.status == 409 and again.body["error"]["code"] == "NameAlreadyExists"
    patched = call(graph, "PATCH", tasks_url(inbox, task["id"], "extensions", EXT), {"seq": 2})
    assert patched.status == 200 and patched.body["uid"] == "u1" and patched.body["seq"] == 2
    assert call(graph, "GET", tasks_url(inbox, task["id"], "extensions", FQN)).body == patched.body
    assert call(graph, "PATCH", tasks_url(inbox, task["id"], "extensions", "other"), {"a": 1}).status == 404
    (changed,), _pages, _link = delta_round(graph, link)  # the extension changed: the task is reported
    assert changed["extensions"] == [patched.body] and set(changed) == {"@odata.etag", "id", "title", "extensions"}
    assert changed["@odata.etag"] == task["@odata.etag"]  # ... with its etag unchanged (an assumption)
    assert todo.extension(inbox, task["id"], EXT)["seq"] == 2


class Route:
    """Just enough of a Playwright route for FakeMicrosoft's handlers."""

    def __init__(self, method, url, post_data=""):
        self.request = SimpleNamespace(method=method, url=url, headers={}, post_data=post_data)
        self.answer = {}

    def fulfill(self, **answer):
        self.answer = answer


def test_consent_is_incremental_per_account_and_reaches_graph_as_scopes():
    account = FakeAccount("oid-1", "tid-1", "ada@contoso.com", "Ada", [], {})
    fake = FakeMicrosoft("client-1", [account])
    calendars = "https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/User.Read openid profile"

    def authorize(scope, **extra):
        challenge = base64.urlsafe_b64encode(hashlib.sha256(b"v" * 43).digest()).rstrip(b"=").decode()
        query = {"client_id": "client-1", "response_type": "code", "code_challenge_method": "S256",
                 "code_challenge": challenge, "redirect_uri": "http://app/", "state": "s", "scope": scope, **extra}
        route = Route("GET", f"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?{urlencode(query)}")
        fake._login(route)
        return {k: v[0] for k, v in parse_qs(urlsplit(route.answer["headers"]["Location"]).fragment).items()}

    def token(scope, **form):
        route = Route("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", urlencode({
            "client_id": "client-1", "scope": scope, **form}))
        fake._login(route)
        return route.answer["status"], json.loads(route.answer["body"])

    def refresh(scope):
        return token(scope, grant_type="refresh_token", refresh_token=first["refresh_token"])

    code = authorize(calendars)["code"]
    assert fake.consented("ada@contoso.com") == {"Calendars.Read", "User.Read"}
    status, first = token(calendars, grant_type="authorization_code", code=code, code_verifier="v" * 43,
                          redirect_uri="http://app/")
    assert status == 200 and first["scope"] == "Calendars.Read User.Read openid profile email"
    no_tasks = fake.graph.answer("GET", f"{GRAPH}/me/todo/lists", {"Authorization": f"Bearer {first['access_token']}"})
    assert no_tasks.status == 403
    status, body = refresh(calendars + " https://graph.microsoft.com/Tasks.ReadWrite offline_access")
    assert status == 400 and (body["error"], body["suberror"], body["error_codes"]) == (
        "invalid_grant", "consent_required", [65001])
    assert body["error_description"].startswith("AADSTS65001: The user or administrator has not consented to use "
                                                "the application with ID 'client-1' named 'Daypane'.")
    tasks = "https://graph.microsoft.com/Tasks.ReadWrite openid profile offline_access"
    assert authorize(tasks, prompt="none")["error"] == "consent_required"  # a silent request cannot consent
    fake.require_admin_consent({"Tasks.ReadWrite"})
    denied = authorize(tasks)
    assert denied["error"] == "access_denied" and denied["error_description"].startswith("AADSTS90094:")
    fake.admin_consents({"Tasks.ReadWrite"})
    status, body = refresh(calendars)
    assert status == 200 and body["scope"].split()[:3] == ["Calendars.Read", "User.Read", "Tasks.ReadWrite"]
    mailbox_tasks = fake.graph.answer("GET", f"{GRAPH}/me/todo/lists", {"Authorization": f"Bearer {body['access_token']}"})
    assert mailbox_tasks.status == 200 and mailbox_tasks.body["value"] == []
    preflight = Route("OPTIONS", f"{GRAPH}/me/todo/lists")
    fake._graph(preflight)
    assert preflight.answer["headers"]["Access-Control-Allow-Methods"] == "GET, POST, PATCH, DELETE"
    assert "Authorization" in preflight.answer["headers"]["Access-Control-Allow-Headers"]
