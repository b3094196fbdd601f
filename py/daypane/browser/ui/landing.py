"""Where an administrator lands after the tenant-wide consent (`?admin_consent=…` or `?error=…`
on the app page): what happened, and what to do next."""

from __future__ import annotations

import js

from daypane.browser.js.dom import by_id
from daypane.core.providers.microsoft import consent
from daypane.core.providers.microsoft.auth import AuthFailure


def show_landing(landing: consent.Landing, app_url: str) -> None:
    if landing.granted:
        by_id("landing-title").textContent = "Admin consent granted"
        by_id("landing-detail").textContent = (
            f"Daypane is now approved for the organisation with tenant ID {landing.tenant or '(not given)'}. "
            "People there can connect their Outlook calendar without being asked again.")
        by_id("landing-next").textContent = ("Check in Enterprise applications that “Enabled for users "
                                             "to sign-in?” is Yes. You can connect your own calendar now.")
    else:
        problem = consent.classify(AuthFailure(landing.error, message=landing.description))
        by_id("landing-title").textContent = "Admin consent not granted"
        by_id("landing-detail").textContent = landing.description or landing.error
        by_id("landing-next").textContent = (
            problem.what_to_do if problem.code != "AADSTS65004" else "Consent was declined.")
        by_id("landing-retry").hidden = False  # "You can open the admin page again (a link) to retry."
    # A reload must not repeat the landing: drop ?admin_consent… from the address.
    js.history.replaceState(None, "", app_url + js.location.hash)
