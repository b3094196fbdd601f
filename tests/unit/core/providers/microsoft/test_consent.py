"""Every row of the consent table, the admin-consent links, and the landing."""

from urllib.parse import parse_qs, urlsplit

import pytest

from daypane.core.providers.microsoft.auth import AuthFailure
from daypane.core.providers.microsoft.consent import (
    admin_consent_url,
    admin_message,
    classify,
    legacy_admin_consent_url,
    parse_landing,
    valid_tenant,
)

CLIENT = "0b8f3c9e-5d1a-4c2b-9a7e-6f4d3e2c1b0a"
APP = "https://you.github.io/daypane/"


@pytest.mark.parametrize("number, shape, title_has, admin", [
    (65001, AuthFailure("consent_required", "consent_required", "AADSTS65001: The user or administrator has not consented", kind="InteractionRequiredAuthError"), "permission", True),
    (65004, AuthFailure("access_denied", "", "AADSTS65004: User declined to consent", kind="ServerError"), "declined", False),
    (90094, AuthFailure("invalid_grant", "", "Error(s): 90094 - Description: AADSTS90094: Admin consent is required", error_no="90094"), "administrator to approve", True),
    (90095, AuthFailure("access_denied", "", "AADSTS90095: Admin consent workflow"), "Approval requested", True),
    (90093, AuthFailure("access_denied", "", "AADSTS90093: user consent disabled"), "turned off user consent", True),
    (900941, AuthFailure("access_denied", "", "AADSTS900941: Admin consent is required. App is risky"), "review", True),
    (900981, AuthFailure("access_denied", "", "AADSTS900981: risky app"), "review", True),
    (50105, AuthFailure("access_denied", "", "AADSTS50105: not assigned"), "not assigned", False),
    (700016, AuthFailure("unauthorized_client", "", "AADSTS700016: Application not found"), "not registered", True),
    (500011, AuthFailure("invalid_resource", "", "AADSTS500011: resource principal not found"), "not set up", True),
    (50020, AuthFailure("invalid_request", "", "AADSTS50020: User account does not exist in tenant"), "not in that organisation", False),
    (53003, AuthFailure("access_denied", "", "AADSTS53003: Access has been blocked by Conditional Access"), "access policy", False),
    (50058, AuthFailure("login_required", "", "AADSTS50058: no session", kind="InteractionRequiredAuthError"), "sign in again", False),
    (700084, AuthFailure("invalid_grant", "", "AADSTS700084: The refresh token was issued to a SPA"), "sign in again", False),
    (9002326, AuthFailure("invalid_request", "", "AADSTS9002326: Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type"), "registered wrongly", False),
])
def test_each_documented_code_has_its_guidance(number, shape, title_has, admin):
    problem = classify(shape)
    assert problem.code == f"AADSTS{number}"
    assert title_has.lower() in problem.title.lower()
    assert problem.admin_must_act is admin
    assert problem.what_happened and problem.what_to_do
    assert str(number) in problem.details


def test_90095_remembers_approval_pending():
    assert classify(AuthFailure("access_denied", message="AADSTS90095: x")).approval_pending


@pytest.mark.parametrize("failure, code", [
    (AuthFailure("popup_window_error", kind="BrowserAuthError"), "popup_window_error"),
    (AuthFailure("timed_out", "redirect_bridge_timeout"), "user_cancelled"),
    (AuthFailure("user_cancelled"), "user_cancelled"),
    (AuthFailure("no_network_connectivity"), "no_network_connectivity"),
])
def test_browser_side_failures(failure, code):
    assert classify(failure).code == code


def test_unknown_codes_keep_the_raw_text_for_support():
    problem = classify(AuthFailure("server_error", message="AADSTS123456: Something new happened."))
    assert problem.code == "AADSTS123456"
    assert "Something new happened" in problem.what_happened
    assert "AADSTS123456: Something new happened." in problem.details


def test_admin_consent_url_v2_has_tenant_client_scope_and_encoded_redirect():
    url = admin_consent_url("contoso.com", CLIENT, APP, state="s1")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "login.microsoftonline.com", "/contoso.com/v2.0/adminconsent")
    query = parse_qs(parts.query)
    assert query == {"client_id": [CLIENT], "redirect_uri": [APP], "state": ["s1"],
                     "scope": ["https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/User.Read"]}
    assert "redirect_uri=https%3A%2F%2Fyou.github.io%2Fdaypane%2F" in url


def test_common_is_never_used_for_admin_consent():
    assert "/organizations/v2.0/adminconsent" in admin_consent_url("common", CLIENT, APP)
    assert legacy_admin_consent_url("common", CLIENT, APP).startswith(
        "https://login.microsoftonline.com/organizations/adminconsent?client_id=")


@pytest.mark.parametrize("value, ok", [
    ("72f988bf-86f1-41af-91ab-2d7cd011db47", True), ("contoso.com", True), ("contoso.onmicrosoft.com", True),
    ("organizations", True), ("common", True), ("", False), ("not a tenant", False), ("https://x", False),
])
def test_tenant_validation(value, ok):
    assert valid_tenant(value) is ok


def test_landings():
    granted = parse_landing("?admin_consent=True&tenant=72f988bf-86f1-41af-91ab-2d7cd011db47&state=s")
    assert granted.granted and granted.tenant == "72f988bf-86f1-41af-91ab-2d7cd011db47"
    refused = parse_landing("?error=access_denied&error_description=AADSTS65004%3A+declined&state=s")
    assert not refused.granted and refused.description == "AADSTS65004: declined"
    assert parse_landing("") is None
    assert parse_landing("?code=abc&state=x") is None


def test_admin_message_names_permissions_and_data_flow():
    text = admin_message(CLIENT, "https://login.microsoftonline.com/x")
    assert "Calendars.Read" in text and "User.Read" in text and "read-only" in text
    assert "never to a Daypane server" in text and CLIENT in text


def test_the_admin_link_for_to_do_names_its_permission_beside_the_calendars():
    from urllib.parse import parse_qs, urlsplit
    scope = parse_qs(urlsplit(admin_consent_url("contoso.com", CLIENT, APP, tasks=True)).query)["scope"][0]
    assert scope.split() == ["https://graph.microsoft.com/Calendars.Read", "https://graph.microsoft.com/User.Read",
                             "https://graph.microsoft.com/Tasks.ReadWrite"]
    assert "Tasks" not in admin_consent_url("contoso.com", CLIENT, APP)  # the calendar's link asks no more
    assert "Tasks.ReadWrite" in admin_message(CLIENT, "https://x", tasks=True)
    assert "Tasks.ReadWrite" not in admin_message(CLIENT, "https://x")
