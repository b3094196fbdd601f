"""Connected accounts in the Calendars panel: "Connect Outlook", each account with its
calendars to pick, when it last synced, and "Sign out"."""

from __future__ import annotations

from ...core.accounts import Account
from ..dom import by_id, closest, h, on, replace_children


class AccountsView:
    def __init__(self, controller) -> None:
        self.controller = controller
        self.list = by_id("account-list")
        self.connect = by_id("connect-outlook")
        # Sync listener: the popup must open within the click's user activation.
        on(self.connect, "click", lambda event: self.controller.connect_outlook())
        on(self.list, "click", self._on_click)
        on(self.list, "change", self._on_change)

    def enable(self) -> None:
        self.connect.disabled = False

    def render(self, accounts: list[Account], *, needs_sign_in: set[str], syncing: set[str],
               errors: dict[str, str], synced_text) -> None:
        replace_children(self.list, [
            self._item(a, a.home_id in needs_sign_in, a.home_id in syncing, errors.get(a.home_id),
                       synced_text(a.last_synced))
            for a in accounts])

    def _item(self, account: Account, needs_sign_in: bool, syncing: bool, error: str | None, synced: str):
        state = ("Signed out: sign in again to refresh" if needs_sign_in else
                 "Syncing…" if syncing else
                 f"Sync failed; showing events from {synced}" if error and synced else
                 f"Last synced {synced}" if synced else "Not synced yet")
        return h("li",
                 h("p", h("strong", account.label), " ",
                   h("span", account.username, class_="muted") if account.name else None,
                   class_="account-name"),
                 h("p", "Outlook · ", state, class_="account-state"),
                 h("button", "Sign in again", type="button", data_action="reauth",
                   aria_label=f"Sign in again as {account.label}") if needs_sign_in else None,
                 h("button", "Sign out", type="button", data_action="signout",
                   aria_label=f"Sign out {account.label}"),
                 h("ul", *(h("li",
                             h("input", type="checkbox", id=f"oc-{i}-{account.home_id}", checked=c.selected,
                               data_calendar=c.id),
                             h("label", h("span", class_="swatch", style={"--cal": c.color}), c.name,
                               for_=f"oc-{i}-{account.home_id}"),
                             class_="calendar-item")
                       for i, c in enumerate(account.calendars)),
                   class_="calendar-list", aria_label=f"Calendars of {account.label}"),
                 class_="account", data_home=account.home_id)

    def _on_click(self, event) -> None:
        button = closest(event, "button[data-action]")
        if button is None:
            return
        home_id = button.closest("[data-home]").dataset.home
        if button.dataset.action == "signout":
            self.controller.sign_out(home_id)
        elif button.dataset.action == "reauth":
            self.controller.connect_outlook(home_id)

    def _on_change(self, event) -> None:
        box = closest(event, "input[data-calendar]")
        if box is not None:
            home_id = box.closest("[data-home]").dataset.home
            self.controller.pick_outlook_calendar(home_id, box.dataset.calendar, bool(box.checked))
