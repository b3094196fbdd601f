"""Connected accounts in the Calendars panel, whatever the provider: each with its calendars to
pick, when it last synced, and "Sign out" (Outlook, Google) or "Remove" (CalDAV, subscriptions)."""

from __future__ import annotations

from dataclasses import dataclass

from daypane.browser.js.dom import by_id, closest, h, on, replace_children
from daypane.core.providers.accounts import Account

SIGN_OUT_KINDS = {"outlook", "google"}  # accounts you sign in to; the others you add and remove
KIND_LABELS = {"outlook": "Outlook", "google": "Google", "caldav": "CalDAV", "feed": "Subscription"}


@dataclass(frozen=True)
class AccountRow:
    account: Account
    needs_sign_in: bool
    syncing: bool
    error: str | None
    synced: str          # "10:42", "3 Mar 10:42" or "" if never


class AccountsView:
    def __init__(self, controller) -> None:
        self.controller = controller
        self.list = by_id("account-list")
        self.connect = by_id("connect-outlook")
        # Sync listeners: a sign-in popup or redirect must start within the click's user activation.
        on(self.connect, "click", lambda event: self.controller.connect_outlook())
        on(by_id("connect-google"), "click", lambda event: self.controller.connect_google())
        on(self.list, "click", self._on_click)
        on(self.list, "change", self._on_change)

    def enable(self) -> None:
        for name in ("connect-outlook", "connect-google", "add-caldav", "subscribe-feed"):
            by_id(name).disabled = False

    def render(self, rows: list[AccountRow]) -> None:
        replace_children(self.list, [self._item(row, i) for i, row in enumerate(rows)])

    def _item(self, row: AccountRow, index: int):
        account, synced = row.account, row.synced
        kind = account.provider
        state = (("Password needed: enter it again to refresh" if kind == "caldav" else
                  "Signed out: sign in again to refresh") if row.needs_sign_in else
                 "Syncing…" if row.syncing else
                 f"Sync failed; showing events from {synced}" if row.error and synced else
                 "Sync failed" if row.error else
                 f"Last synced {synced}" if synced else "Not synced yet")
        again = "Enter password" if kind == "caldav" else "Sign in again"
        leave = "Sign out" if kind in SIGN_OUT_KINDS else "Remove"
        return h("li",
                 h("p", h("strong", account.label), " ",
                   h("span", account.username, class_="muted") if account.name and account.username else None,
                   class_="account-name"),
                 h("p", f"{KIND_LABELS.get(kind, kind)} · ", state, class_="account-state"),
                 h("button", again, type="button", data_action="reauth",
                   aria_label=f"{again} for {account.label}") if row.needs_sign_in else None,
                 h("button", leave, type="button", data_action="leave",
                   aria_label=f"{leave} {account.label}"),
                 h("ul", *(h("li",
                             h("input", type="checkbox", id=f"ac-{index}-{i}", checked=c.selected,
                               data_calendar=c.id),
                             h("label", h("span", class_="swatch", style={"--cal": c.color}), c.name,
                               for_=f"ac-{index}-{i}"),
                             class_="calendar-item")
                       for i, c in enumerate(account.calendars)),
                   class_="calendar-list", aria_label=f"Calendars of {account.label}")
                 if kind != "feed" else None,
                 class_="account", data_home=account.home_id, data_kind=kind)

    def _on_click(self, event) -> None:
        button = closest(event, "button[data-action]")
        if button is None:
            return
        item = button.closest("[data-home]")
        kind, account_id = item.dataset.kind, item.dataset.home
        if button.dataset.action == "leave":
            self.controller.remove_account(kind, account_id)
        elif button.dataset.action == "reauth":
            self.controller.reconnect(kind, account_id)

    def _on_change(self, event) -> None:
        box = closest(event, "input[data-calendar]")
        if box is not None:
            item = box.closest("[data-home]")
            self.controller.pick_calendar(item.dataset.kind, item.dataset.home, box.dataset.calendar,
                                          bool(box.checked))
