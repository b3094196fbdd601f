"""Provider problems as alerts, whatever the provider: what happened, what to do, and, when a
sign-in failed in a way an administrator must fix, the tenant-wide consent link to send them.

Which words to use is decided in the core (core.providers.microsoft.consent classifies a sign-in
failure; ProviderProblem carries the sentence); this view only lays them out.
"""

from __future__ import annotations

from collections.abc import Callable

import js

from daypane.browser.js.dom import closest, h, on
from daypane.browser.ui.alerts import Alerts
from daypane.core.providers.accounts import Account
from daypane.core.providers.microsoft import consent
from daypane.core.providers.microsoft.auth import AuthFailure
from daypane.core.providers.protocol import ProviderProblem, ProviderWords


class ProblemsView:
    """`consent_target()` gives (client ID, default tenant, app URL) of the Microsoft registration
    in use, or None when there is none; `retry(account)` starts the sign-in again from a click;
    `pending()` notes that an admin approval was requested."""

    def __init__(self, alerts: Alerts, *, consent_target: Callable[[], tuple[str, str, str] | None],
                 retry: Callable[[Account | None], None], pending: Callable[[], None]) -> None:
        self.alerts = alerts
        self.consent_target = consent_target
        self.retry = retry
        self.pending = pending
        on(alerts.root, "input", self._on_tenant_input)

    def show(self, problem: ProviderProblem, words: ProviderWords | None) -> None:
        account = problem.account
        if problem.auth is not None:
            self.sign_in_failed(problem.auth, account)
            return
        key = problem.key or (f"{account.provider}-{account.home_id}" if account else "provider")
        if problem.title:
            title, detail = problem.title, str(problem)
        else:
            name = (words.problem_name or words.name) if words else "calendar"
            title = f"Could not refresh the {name} events of {account.label}" if account else f"{name} failed"
            detail = f"{problem} The events from the last sync are still shown."
        self.alerts.problem(title, detail, key=key, extra=[h("pre", line) for line in problem.details])

    def sign_in_failed(self, failure: AuthFailure, account: Account | None, *, tasks: bool = False,
                       retry: Callable[[], None] | None = None) -> None:
        """Say what went wrong in words a person (and their admin) can act on. `tasks`: the
        failure was connecting Microsoft To Do (its own alert; the calendar keeps working)."""
        problem = consent.classify(failure)
        who = f" ({account.label})" if account else ""
        key = ("todo-" if tasks else "outlook-") + account.home_id if account else ("todo-signin" if tasks else "signin")
        extra, copy = [], []
        target = self.consent_target()
        if problem.admin_must_act and target is not None:
            client_id, tenant, _ = target
            tenant = account.tenant_id if account is not None and account.tenant_id else tenant
            link, message = self._admin_link(tenant, tasks)
            extra = [h("p", h("a", "Admin consent link", href=link, target="_blank", rel="noopener",
                              data_consent_link=True),
                       " — send it to your administrator, or open it yourself if you are one.",
                       class_="alert-links"),
                     h("details", h("summary", "Message for your administrator"),
                       h("pre", message, class_="admin-message"))]
            if tenant == "organizations":
                # Unknown tenant: a domain makes the link specific to the user's organisation.
                extra.insert(1, h("p", h("label", "Your work email or organisation's domain ",
                                         for_=f"tenant-{key}"),
                                  h("input", id=f"tenant-{key}", type="text", data_tenant_input="tasks" if tasks else "calendar",
                                    placeholder="you@contoso.com", spellcheck="false")))
            copy = [("Copy link", link, "link"), ("Copy message", message, "message")]
        elif problem.details and problem.title == "Sign-in did not complete":
            copy = [("Copy details", problem.details)]
        actions = [("Try again", retry or (lambda: self.retry(account)))] if problem.try_again else []
        title = f"Microsoft To Do was not connected: {problem.title[0].lower()}{problem.title[1:]}" if tasks else problem.title
        self.alerts.problem(title + who, f"{problem.what_happened} {problem.what_to_do}",
                            key=key, extra=extra, copy=copy, actions=actions)
        if problem.approval_pending:
            self.pending()

    def _admin_link(self, tenant: str, tasks: bool = False) -> tuple[str, str]:
        client_id, _, app_url = self.consent_target()
        link = consent.admin_consent_url(tenant, client_id, app_url, state=js.crypto.randomUUID(), tasks=tasks)
        return link, consent.admin_message(client_id, link, tasks=tasks)

    def _on_tenant_input(self, event) -> None:
        """Rewrite an alert's consent link for the domain the user typed (name@domain or domain)."""
        box = closest(event, "input[data-tenant-input]")
        if box is None:
            return
        domain = box.value.strip().rsplit("@", 1)[-1].lower()
        tenant = domain if consent.valid_tenant(domain) and domain != "common" else "organizations"
        link, message = self._admin_link(tenant, box.dataset.tenantInput == "tasks")
        alert = box.closest('[role="alert"]')
        alert.querySelector("a[data-consent-link]").href = link
        alert.querySelector("pre.admin-message").textContent = message
        alert.querySelector('button[data-copy-what="link"]').dataset.copy = link
        alert.querySelector('button[data-copy-what="message"]').dataset.copy = message
