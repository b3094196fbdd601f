"""The offline notice says how old the shown events are, per account."""

from daypane.core.providers.connectivity import offline_text


def when(iso: str) -> str:
    return iso[11:16]


def test_without_accounts_it_reassures_that_local_data_is_kept():
    text = offline_text([], when)
    assert text.startswith("Offline.")
    assert "stored in this browser" in text


def test_each_account_gets_its_last_sync_time():
    text = offline_text([("Work", "2026-03-04T10:42:00+01:00"), ("Home", "2026-03-04T09:05:00+01:00")], when)
    assert "Work: last synced 10:42" in text
    assert "Home: last synced 09:05" in text
    assert "when the connection returns" in text


def test_an_account_never_synced_says_so():
    assert "New: not synced yet" in offline_text([("New", "")], when)
