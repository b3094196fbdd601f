"""Connected accounts in the Calendars panel, whatever the provider: each with its calendars to
pick, when it last synced, and "Sign out" (Outlook, Google) or "Remove" (CalDAV, subscriptions).
The words come with each row (the provider's ProviderWords): the view never branches on a kind."""

from __future__ import annotations

from dataclasses import dataclass

from daypane.browser.js.dom import by_id, closest, h, on, replace_children
from daypane.core.providers.accounts import Account

@dataclass(frozen=True)
class AccountRow:
    """One connected account as the list shows it: plain values, whatever the provider."""

    kind: str                  # the provider's kind: the controller routes the row's actions by it
    account: Account
    provider: str              # "Outlook", "Google", "CalDAV", "Subscription"
    state: str                 # "Last synced 10:42", "Syncing…", "Password needed: …"
    reconnect: str | None      # the button when the account must act ("Sign in again"), else None
    leave: str                 # "Sign out" or "Remove"
    picks_calendars: bool


def account_state(needs_action: str, needs_sign_in: bool, syncing: bool, error: str | None, synced: str) -> str:
    return (needs_action if needs_sign_in else
            "Syncing…" if syncing else
            f"Sync failed; showing events from {synced}" if error and synced else
            "Sync failed" if error else
            f"Last synced {synced}" if synced else "Not synced yet")


class AccountsView:
    def __init__(self, controller) -> None:
        self.controller = controller
        self.list = by_id("account-list")
        self.connect = by_id("connect-outlook")
        # Sync listeners: a sign-in popup or redirect must start within the click's user activation.
        on(self.connect, "click", lambda event: self.controller.connect_outlook())
        on(by_id("connect-todo"), "click", lambda event: self.controller.connect_todo())
        on(by_id("connect-google"), "click", lambda event: self.controller.connect_google())
        on(by_id("connect-google-tasks"), "click", lambda event: self.controller.connect_google(tasks=True))
        on(self.list, "click", self._on_click)
        on(self.list, "change", self._on_change)

    def enable(self) -> None:
        for name in ("connect-outlook", "connect-todo", "connect-google", "connect-google-tasks", "add-caldav",
                     "subscribe-feed"):
            by_id(name).disabled = False

    def render(self, rows: list[AccountRow]) -> None:
        replace_children(self.list, [self._item(row, i) for i, row in enumerate(rows)])

    def _item(self, row: AccountRow, index: int):
        account = row.account
        return h("li",
                 h("p", h("strong", account.label), " ",
                   h("span", account.username, class_="muted") if account.name and account.username else None,
                   class_="account-name"),
                 h("p", f"{row.provider} · ", row.state, class_="account-state"),
                 h("button", row.reconnect, type="button", data_action="reauth",
                   aria_label=f"{row.reconnect} for {account.label}") if row.reconnect else None,
                 h("button", row.leave, type="button", data_action="leave",
                   aria_label=f"{row.leave} {account.label}"),
                 h("ul", *(h("li",
                             h("input", type="checkbox", id=f"ac-{index}-{i}", checked=c.selected,
                               data_calendar=c.id),
                             h("label", h("span", class_="swatch", style={"--cal": c.color}), c.name,
                               for_=f"ac-{index}-{i}"),
                             class_="calendar-item")
                       for i, c in enumerate(account.calendars)),
                   class_="calendar-list", aria_label=f"Calendars of {account.label}")
                 if row.picks_calendars else None,
                 class_="account", data_home=account.home_id, data_kind=row.kind)

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
