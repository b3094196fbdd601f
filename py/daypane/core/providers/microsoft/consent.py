"""Sign-in and consent failures -> Problems a person can act on; admin-consent links and landings.

A data table keyed by AADSTS number (Microsoft Entra's documented codes, see docs) plus a small
classifier on (errorCode, subError, AADSTS). Microsoft warns that codes change, so anything not
in the table degrades to the raw code and description, with details to copy for support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from daypane.core.providers.microsoft.auth import AuthFailure

LOGIN = "https://login.microsoftonline.com"
GRAPH_SCOPES = ("https://graph.microsoft.com/Calendars.Read", "https://graph.microsoft.com/User.Read")
# Asked only when the user connects Microsoft To Do; an administrator's consent for the calendar
# does not cover it (tenant-wide consent covers the permissions it names).
TASK_SCOPES = ("https://graph.microsoft.com/Tasks.ReadWrite",)
TENANT = re.compile(r"^(organizations|common|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|"
                    r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$", re.I)


@dataclass(frozen=True)
class Problem:
    code: str                 # "AADSTS90094", "popup_window_error", ...
    title: str
    what_happened: str
    what_to_do: str
    admin_must_act: bool = False   # show the admin-consent link, "Copy link" and a message
    approval_pending: bool = False
    try_again: bool = True
    details: str = ""         # the raw code and description, for support


# (title, what happened, what to do, admin must act)
_BY_AADSTS: dict[int, tuple[str, str, str, bool]] = {
    65001: ("Daypane needs your permission",
            "Microsoft has no consent yet for Daypane to read your calendar.",
            "Connect again and choose Accept. If the window offers no Accept button, your "
            "organisation lets only administrators approve apps: send them the admin consent link.",
            True),
    65004: ("You declined the permissions",
            "The sign-in was cancelled at the permission screen, so Daypane cannot read your calendar.",
            "Connect again and choose Accept. Daypane asks only to read calendars and your basic profile.",
            False),
    90094: ("Your organisation needs an administrator to approve Daypane",
            "Your organisation does not let users approve apps like Daypane themselves.",
            "If the sign-in window offers “Request approval”, send the request; otherwise send your "
            "administrator the admin consent link below.",
            True),
    90095: ("Approval requested",
            "Your request to use Daypane was sent to your organisation's administrators.",
            "You will get an email when they decide. Then choose Try again.",
            True),
    90093: ("Your administrator has turned off user consent",
            "Only an administrator can allow Daypane in your organisation.",
            "Send your administrator the admin consent link below.",
            True),
    900941: ("Your administrator must review Daypane",
             "Microsoft flagged the app for review before users can consent.",
             "Send your administrator the admin consent link below.",
             True),
    900981: ("Your administrator must review Daypane",
             "Microsoft flagged the app for review before users can consent.",
             "Send your administrator the admin consent link below.",
             True),
    50105: ("You are not assigned to Daypane",
            "Your organisation requires users to be assigned to this app, and you are not.",
            "Ask your administrator to assign you to Daypane in Enterprise applications "
            "(Users and groups).",
            False),
    700016: ("This Daypane is not registered in your organisation",
             "Microsoft does not know the app (client) ID this copy of Daypane uses in your "
             "organisation's directory.",
             "Check the Application (client) ID and Tenant in Settings, or ask your administrator to "
             "grant consent first with the link below.",
             True),
    500011: ("Daypane is not set up in your organisation",
             "The resource Daypane asks for is not available in your organisation's directory.",
             "Check the Tenant in Settings, or ask your administrator to grant consent with the link below.",
             True),
    50020: ("This account is not in that organisation",
            "The account you chose does not exist in the organisation this Daypane signs in to.",
            "Use an account of that organisation, or change the Tenant in Settings.",
            False),
    53003: ("Blocked by your organisation's access policy",
            "A Conditional Access policy of your organisation blocked this sign-in.",
            "Only your IT department can change this; Daypane cannot work around it. You can still "
            "import an .ics export of your calendar.",
            False),
    50058: ("Please sign in again",
            "There is no Microsoft session to sign you in silently.",
            "Choose Connect Outlook (or Sign in again) to sign in.",
            False),
    700084: ("Please sign in again",
             "For browser apps Microsoft ends sessions after 24 hours.",
             "Sign in again; this is expected about once a day.",
             False),
    9002326: ("This copy of Daypane is registered wrongly",
              "Its redirect address is registered in Microsoft Entra as “Web”, not as "
              "“Single-page application”, so Microsoft refuses sign-in from a browser.",
              "Whoever hosts this Daypane must register the redirect URI under the "
              "“Single-page application” platform (see the setup guide).",
              False),
}

_BY_ERROR_CODE: dict[str, tuple[str, str, str]] = {
    "popup_window_error": ("The sign-in window was blocked",
                           "Your browser blocked the Microsoft sign-in window.",
                           "Allow pop-ups for this site, or continue in this tab when asked."),
    "empty_window_error": ("The sign-in window was blocked",
                           "Your browser blocked the Microsoft sign-in window.",
                           "Allow pop-ups for this site, or continue in this tab when asked."),
    "user_cancelled": ("Sign-in cancelled", "The sign-in window was closed before signing in finished.",
                       "Connect again when you are ready."),
    "no_network_connectivity": ("You are offline", "Microsoft could not be reached.",
                                "Check your connection; Daypane keeps showing your last synced events."),
    "interaction_in_progress": ("A sign-in is already open", "Another sign-in window is still open.",
                                "Finish or close it, then try again."),
}


def classify(failure: AuthFailure) -> Problem:
    details = f"{failure.error_code}{' / ' + failure.sub_error if failure.sub_error else ''}: {failure.message}".strip()
    number = failure.aadsts
    if number in _BY_AADSTS:
        title, happened, todo, admin = _BY_AADSTS[number]
        return Problem(f"AADSTS{number}", title, happened, todo, admin_must_act=admin,
                       approval_pending=number == 90095, details=details)
    if failure.cancelled:
        return Problem("user_cancelled", *_BY_ERROR_CODE["user_cancelled"], details=details)
    if failure.error_code in _BY_ERROR_CODE:
        return Problem(failure.error_code, *_BY_ERROR_CODE[failure.error_code], details=details)
    if failure.error_code == "consent_required" or failure.sub_error == "consent_required":
        title, happened, todo, admin = _BY_AADSTS[65001]
        return Problem("consent_required", title, happened, todo, admin_must_act=admin, details=details)
    if failure.needs_interaction:
        return Problem(failure.error_code, "Please sign in again",
                       "Microsoft needs you to sign in again before Daypane can read your calendar.",
                       "Choose Sign in again.", details=details)
    code = f"AADSTS{number}" if number else failure.error_code
    return Problem(code, "Sign-in did not complete",
                   f"Microsoft answered: {failure.message or failure.error_code}",
                   "Try again. If it keeps failing, copy the details below for whoever supports you.",
                   details=details)


def valid_tenant(value: str) -> bool:
    """A tenant GUID, a verified domain, `organizations` or `common`."""
    return bool(TENANT.match(value.strip()))


def admin_consent_url(tenant: str, client_id: str, redirect_uri: str, state: str = "", *, tasks: bool = False) -> str:
    """Tenant-wide admin consent, v2 endpoint. `common` is not allowed here: it becomes
    `organizations` (any work account's admin). `tasks`: To Do's permission too (the calendar's
    are always named: an admin approving for To Do approves the whole app)."""
    tenant = tenant.strip() or "organizations"
    if tenant.lower() == "common":
        tenant = "organizations"
    scopes = GRAPH_SCOPES + (TASK_SCOPES if tasks else ())
    query = {"client_id": client_id, "scope": " ".join(scopes), "redirect_uri": redirect_uri}
    if state:
        query["state"] = state
    return f"{LOGIN}/{tenant}/v2.0/adminconsent?{urlencode(query)}"


def legacy_admin_consent_url(tenant: str, client_id: str, redirect_uri: str) -> str:
    tenant = tenant.strip() or "organizations"
    return f"{LOGIN}/{'organizations' if tenant.lower() == 'common' else tenant}/adminconsent?" + urlencode(
        {"client_id": client_id, "redirect_uri": redirect_uri})


@dataclass(frozen=True)
class Landing:
    granted: bool
    tenant: str = ""
    error: str = ""
    description: str = ""


def parse_landing(query: str) -> Landing | None:
    """What the admin-consent redirect brought back in the query (or fragment), if anything."""
    params = {k: v[0] for k, v in parse_qs(query.lstrip("?#")).items()}
    if params.get("admin_consent", "").lower() == "true":
        return Landing(True, tenant=params.get("tenant", ""))
    if "error" in params and ("error_description" in params or "admin_consent" in params):
        return Landing(False, tenant=params.get("tenant", ""), error=params["error"],
                       description=params.get("error_description", ""))
    return None


def admin_message(client_id: str, link: str, *, tasks: bool = False) -> str:
    """A ready-to-send text for the administrator."""
    if tasks:
        return (
            "Hello,\n\nI would like to use Daypane, a web app that shows my Outlook calendar next to my "
            "tasks. It runs entirely in the browser: data goes from the browser to Microsoft Graph only, "
            "never to a Daypane server.\n\n"
            f"To plan my Microsoft To Do tasks it asks for the delegated permission Tasks.ReadWrite, besides "
            f"the read-only Calendars.Read and User.Read (app/client ID {client_id}). Our tenant does not "
            "let me approve it myself.\n\n"
            f"To approve it for our organisation, please open this link and grant consent:\n{link}\n\n"
            "Thank you!")
    return (
        "Hello,\n\nI would like to use Daypane, a web app that shows my Outlook calendar next to my "
        "task list. It runs entirely in the browser: calendar data goes from the browser to Microsoft "
        "Graph only, never to a Daypane server.\n\n"
        f"It asks for two delegated, read-only Microsoft Graph permissions: Calendars.Read and "
        f"User.Read (app/client ID {client_id}). Our tenant does not let me approve it myself.\n\n"
        f"To approve it for our organisation, please open this link and grant consent:\n{link}\n\n"
        "Thank you!")
