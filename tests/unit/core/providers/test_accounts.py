"""Outlook accounts: calendar picks survive a refreshed list; the stored form round-trips."""

from daypane.core.providers import accounts
from daypane.core.providers.accounts import Account, CalendarChoice
from daypane.core.providers.microsoft.graph import OutlookCalendar


def cal(id, name, default=False):
    return OutlookCalendar(id=id, name=name, color="#0078d4", is_default=default, can_edit=True, owner="")


def test_new_calendars_start_with_only_the_default_shown():
    account = Account("home-1", "ada@contoso.com", "Ada").with_calendars(
        [cal("a", "Calendar", True), cal("b", "Birthdays")], default_ids=["a"])
    assert [(c.id, c.selected) for c in account.calendars] == [("a", True), ("b", False)]


def test_picks_are_kept_and_vanished_calendars_dropped():
    account = Account("home-1", "ada@contoso.com", "Ada", calendars=(
        CalendarChoice("a", "Calendar", "#000", False), CalendarChoice("gone", "Old", "#000", True)))
    merged = account.with_calendars([cal("a", "Calendar", True), cal("c", "Team")], default_ids=["a"])
    assert [(c.id, c.selected) for c in merged.calendars] == [("a", False), ("c", False)]
    assert merged.with_selected("c", True).selected()[0].id == "c"


def test_keys_are_unique_across_mailboxes():
    assert Account("h1", "u", "n").calendar_key("x") != Account("h2", "u", "n").calendar_key("x")


def test_round_trip():
    stored = [Account("h1", "ada@contoso.com", "Ada", "tid", (CalendarChoice("a", "Cal", "#123456", True),),
                      "2026-03-04T10:30:00+01:00")]
    assert accounts.load(accounts.dump(stored)) == stored
    assert accounts.load(None) == []
