"""The #/admin page: an administrator types the tenant and gets the tenant-wide consent link."""

from __future__ import annotations

import js

from daypane.browser.js.dom import by_id, h, on, replace_children
from daypane.browser.ui.clipboard import copy_buttons
from daypane.core.providers.microsoft import consent


class AdminView:
    def __init__(self, controller, *, note) -> None:
        self.controller = controller  # microsoft_client_id(), app_url()
        self.tenant = by_id("admin-tenant")
        self.links = by_id("admin-links")
        on(self.tenant, "input", lambda event: self.render())
        on(by_id("admin-form"), "submit", lambda event: self.render(), prevent_default=True)
        copy_buttons(self.links, note)

    def render(self) -> None:
        client_id = self.controller.microsoft_client_id()
        tenant = self.tenant.value.strip()
        if client_id is None:
            replace_children(self.links, h("p", "This copy of Daypane has no Microsoft app registration "
                                                "yet, so there is nothing to approve. See the setup guide.",
                                           class_="hint"))
            return
        if not tenant:
            replace_children(self.links)
            return
        if not consent.valid_tenant(tenant) or tenant.lower() == "common":
            replace_children(self.links, h("p", "Enter your tenant ID (a GUID) or a verified domain, "
                                                "such as contoso.com.", class_="hint"))
            return
        app_url = self.controller.app_url()
        link = consent.admin_consent_url(tenant, client_id, app_url, state=js.crypto.randomUUID())
        legacy = consent.legacy_admin_consent_url(tenant, client_id, app_url)
        replace_children(
            self.links,
            h("p", h("a", "Grant consent for your organization", href=link, class_="button-like")),
            h("p", "Sign in as an administrator of that tenant and accept; you will come back here to a "
                   "page that says whether it worked.", class_="hint"),
            h("p", h("button", "Copy link", type="button", data_copy=link),
              " ", h("button", "Copy legacy link", type="button", data_copy=legacy)),
            h("details", h("summary", "The legacy consent link"), h("p", h("code", legacy))),
        )
