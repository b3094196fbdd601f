"""Every kind of sign-in failure, injected where Microsoft really returns it (authorize redirect
or token endpoint, in the shapes of docs/facts/msal.md), becomes the right alert; where an admin must
act, the alert carries the tenant-wide consent link for the configured client ID."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.test_outlook import CLIENT_ID, connect, microsoft  # noqa: F401 (fixture)


def admin_link(page):
    return page.get_by_role("alert").get_by_role("link", name="Admin consent link")


@pytest.mark.parametrize("error, description, title, admin", [
    ("consent_required", "AADSTS65001: The user or administrator has not consented to use the application.",
     "Daypane needs your permission", True),
    ("access_denied", "AADSTS65004: User declined to consent to access the app.", "You declined", False),
    ("access_denied", "AADSTS90094: Admin consent is required for the permissions requested by this application.",
     "needs an administrator to approve", True),
    ("access_denied", "AADSTS90095: The admin consent workflow is enabled: request approval.", "Approval requested", True),
    ("access_denied", "AADSTS53003: Access has been blocked by Conditional Access policies.", "access policy", False),
    ("invalid_request", "AADSTS50020: User account from identity provider does not exist in tenant.",
     "not in that organisation", False),
])
def test_authorize_failures(open_app, microsoft, site_url, error, description, title, admin):
    microsoft.fail_authorize(error, description)
    page = open_app()
    connect(page)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(re.compile(title, re.I))
    if admin:
        href = admin_link(page).get_attribute("href")
        parts = urlsplit(href)
        query = parse_qs(parts.query)
        assert parts.netloc == "login.microsoftonline.com"
        assert parts.path == "/organizations/v2.0/adminconsent"  # tenant unknown before sign-in
        assert query["client_id"] == [CLIENT_ID]
        assert query["redirect_uri"] == [site_url]
        assert query["scope"] == ["https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/User.Read"]
        expect(alert.get_by_role("button", name="Copy link")).to_be_visible()
        expect(alert).to_contain_text("Calendars.Read")  # the ready-to-send message
    else:
        expect(admin_link(page)).to_have_count(0)
    expect(page.get_by_role("list", name="Connected accounts").get_by_role("listitem")).to_have_count(0)


def test_token_endpoint_admin_consent_failure(open_app, microsoft):
    microsoft.fail_token(400, {
        "error": "invalid_grant", "error_codes": [90094],
        "error_description": "AADSTS90094: Admin consent is required for the permissions requested. "
                             "Trace ID: 0 Correlation ID: 0 Timestamp: 2026-03-04 09:30:00Z"},
        grant_type="authorization_code")
    page = open_app()
    connect(page)
    expect(page.get_by_role("alert")).to_contain_text("needs an administrator to approve")
    expect(admin_link(page)).to_be_visible()


def test_unknown_codes_show_the_raw_text_and_copy_details(open_app, microsoft):
    microsoft.fail_authorize("server_error", "AADSTS7000999: Something entirely new went wrong.")
    page = open_app()
    connect(page)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("AADSTS7000999: Something entirely new went wrong.")
    expect(alert.get_by_role("button", name="Copy details")).to_be_visible()


def test_own_client_id_is_used_in_the_next_authorize_request(open_app, microsoft):
    page = open_app("#/settings")
    own = "99999999-8888-7777-6666-555555555555"
    page.get_by_role("textbox", name="Application (client) ID").fill(own)
    page.get_by_role("textbox", name="Tenant").fill("contoso.com")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    page.goto(page.url.split("#")[0] + "#/")
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Connect Outlook").click()
    popup.value.wait_for_event("close", timeout=30_000)
    request = microsoft.authorize_requests()[-1]
    assert request["client_id"] == own
    authorize = next(e.url for e in microsoft.log if "/oauth2/v2.0/authorize" in e.url)
    assert urlsplit(authorize).path.startswith("/contoso.com/")
    # The fake only knows the site's client ID: Microsoft's "app not found" comes back, explained.
    expect(page.get_by_role("alert")).to_contain_text("not registered in your organisation")


def test_a_work_email_makes_the_consent_link_specific_to_the_tenant(open_app, microsoft):
    microsoft.fail_authorize("access_denied", "AADSTS90094: Admin consent is required.")
    page = open_app()
    connect(page)
    page.get_by_role("textbox", name="Your work email or organisation's domain").fill("ada@contoso.com")
    href = admin_link(page).get_attribute("href")
    assert urlsplit(href).path == "/contoso.com/v2.0/adminconsent"
    copy = page.get_by_role("alert").get_by_role("button", name="Copy link")
    assert copy.get_attribute("data-copy") == href


def test_approval_requested_is_remembered_until_sign_in_works(open_app, microsoft):
    microsoft.fail_authorize("access_denied", "AADSTS90095: Admin consent workflow: request approval.")
    page = open_app()
    connect(page)
    expect(page.get_by_role("alert")).to_contain_text("Approval requested")
    pending = page.locator("#approval-pending")
    expect(pending).to_contain_text("Approval for Daypane was requested on 2026-03-04")
    page.reload()
    from tests.browser.conftest import wait_ready
    wait_ready(page)
    expect(pending).to_be_visible()
    # Approved now: "Try again" signs in and the reminder goes away.
    with page.expect_popup() as popup:
        pending.get_by_role("button", name="Try again").click()
    popup.value.wait_for_event("close", timeout=30_000)
    expect(page.get_by_role("list", name="Connected accounts")).to_contain_text("Ada Lovelace")
    expect(pending).to_be_hidden()
