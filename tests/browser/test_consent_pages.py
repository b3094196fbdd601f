"""The organisation's side: the admin page, the admin-consent landing, own app registration.
No sign-in happens here, so no Microsoft host may be contacted at all."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_ready

CLIENT_ID = "0b8f3c9e-5d1a-4c2b-9a7e-6f4d3e2c1b0a"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def configured(context, site_url):
    config = {"microsoft": {"clientId": CLIENT_ID}}
    context.route(site_url + "config.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(config)))


def test_landing_after_consent_granted(context, open_app, site_url, page):
    configured(context, site_url)
    open_app(f"?admin_consent=True&tenant={TENANT}&state=abc&scope=x")
    expect(page.get_by_role("heading", name="Admin consent granted")).to_be_visible()
    expect(page.get_by_role("region", name="Admin consent granted")).to_contain_text(TENANT)
    expect(page.get_by_role("button", name="Connect Outlook")).to_be_visible()
    expect(page.get_by_role("link", name="Open the admin page again")).to_have_count(0)  # nothing to retry
    # The address is cleaned, so a reload shows the app, not the landing again.
    assert "admin_consent" not in page.url
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("heading", name="Admin consent granted")).to_have_count(0)
    expect(page.get_by_role("region", name="Tasks")).to_be_visible()


def test_landing_after_consent_refused(context, open_app, site_url, page):
    configured(context, site_url)
    open_app("?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app.&state=abc")
    expect(page.get_by_role("heading", name="Admin consent not granted")).to_be_visible()
    region = page.get_by_role("region", name="Admin consent not granted")
    expect(region).to_contain_text("AADSTS65004: User declined to consent")
    # "Open the admin page again" is a link there, not only words.
    again = region.get_by_role("link", name="Open the admin page again")
    expect(again).to_have_attribute("href", "#/admin")
    again.click()
    expect(page.get_by_role("region", name=re.compile("Approve Daypane"))).to_be_visible()
    expect(page.get_by_role("textbox", name="Tenant ID or domain")).to_be_visible()


def test_admin_page_builds_the_tenant_wide_link(context, open_app, site_url, page):
    configured(context, site_url)
    open_app("#/admin")
    expect(page.get_by_role("region", name=re.compile("Approve Daypane"))).to_contain_text("Calendars.Read")
    # Both permission sets, and what each is for: To Do's only when a user connects it.
    expect(page.get_by_role("region", name=re.compile("Approve Daypane"))).to_contain_text("Tasks.ReadWrite")
    expect(page.get_by_role("link", name="Grant consent for your organization")).to_have_count(0)
    page.get_by_role("textbox", name="Tenant ID or domain").fill("contoso.com")
    link = page.get_by_role("link", name="Grant consent for your organization")
    href = link.get_attribute("href")
    parts = urlsplit(href)
    assert parts.netloc == "login.microsoftonline.com"
    assert parts.path == "/contoso.com/v2.0/adminconsent"
    query = parse_qs(parts.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == [site_url]
    assert query["scope"] == ["https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/User.Read"]
    assert query["state"][0]


def test_own_app_registration_is_validated_saved_and_shown_on_the_admin_page(open_app, page):
    open_app("#/settings")
    page.get_by_role("textbox", name="Application (client) ID").fill("not-a-guid")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("GUID")
    own = "99999999-8888-7777-6666-555555555555"
    page.get_by_role("textbox", name="Application (client) ID").fill(own)
    page.get_by_role("textbox", name="Tenant").fill("fabrikam.com")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_contain_text("next sign-in")
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("textbox", name="Application (client) ID")).to_have_value(own)
    page.goto(page.url.split("#")[0] + "#/admin")
    page.get_by_role("textbox", name="Tenant ID or domain").fill("fabrikam.com")
    href = page.get_by_role("link", name="Grant consent for your organization").get_attribute("href")
    assert parse_qs(urlsplit(href).query)["client_id"] == [own]


def centred_column(page, region, width: int) -> None:
    """The region is the page's one readable column: centred, at most ~42rem, all of it on screen."""
    page.set_viewport_size({"width": width, "height": 900})
    expect(region).to_be_visible()
    box = region.bounding_box()
    page_width = page.evaluate("document.documentElement.clientWidth")  # without the scrollbar
    rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert box["x"] >= 0 and box["x"] + box["width"] <= page_width, box
    assert box["width"] <= 42 * rem + 1, box
    assert box["width"] >= min(40 * rem, page_width - 2 * rem - 2), box  # not squeezed into a column
    left, right = box["x"], page_width - box["x"] - box["width"]
    assert abs(left - right) <= 2, (left, right)


@pytest.mark.parametrize("width", [1400, 390])
def test_the_admin_page_and_the_landings_use_the_page_not_a_narrow_column(context, open_app, site_url, page,
                                                                          width):
    configured(context, site_url)
    open_app("#/admin")
    centred_column(page, page.get_by_role("region", name=re.compile("Approve Daypane")), width)
    open_app(f"?admin_consent=True&tenant={TENANT}")
    centred_column(page, page.get_by_role("region", name="Admin consent granted"), width)
    open_app("?error=consent_required&error_description=AADSTS90094%3A+Admin+consent+is+required.")
    centred_column(page, page.get_by_role("region", name="Admin consent not granted"), width)


def test_copy_on_the_admin_page_copies_the_link_once_and_says_so(context, open_app, site_url, page):
    configured(context, site_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    open_app("#/admin")
    page.get_by_role("textbox", name="Tenant ID or domain").fill("contoso.com")
    href = page.get_by_role("link", name="Grant consent for your organization").get_attribute("href")
    page.evaluate("""() => {
        window.__copies = 0;
        const write = navigator.clipboard.writeText.bind(navigator.clipboard);
        navigator.clipboard.writeText = (text) => { window.__copies += 1; return write(text); };
    }""")
    page.get_by_role("button", name="Copy link", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Copied to the clipboard.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == href
    assert page.evaluate("window.__copies") == 1
