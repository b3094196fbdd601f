"""What Settings and a full-disk alert say about what Daypane stores (core.storage.usage)."""

from daypane.core.storage.usage import group_of, refused_text, size_text, usage, usage_text


def test_keys_are_grouped_by_what_the_user_recognises():
    assert group_of("calendar-text:work") == "imported calendars"
    assert group_of("calendars") == "imported calendars"
    assert group_of("outlook-events:abc") == "cached events"
    assert group_of("tasks") == "tasks"
    assert group_of("outlook") == "settings and accounts"


def test_sizes_read_like_a_disk_reports_them():
    assert [size_text(n) for n in (1, 999, 1000, 1500, 123_456, 2_000_000, 3_400_000_000)] == [
        "1 byte", "999 bytes", "1 kB", "1.5 kB", "123 kB", "2 MB", "3.4 GB"]


def test_settings_name_the_largest_parts_first():
    found = usage({"calendar-text:a": 900_000, "tasks": 2_000, "ics-index:a": 40_000}, quota=10_000_000,
                  persisted=False)
    assert usage_text(found) == (
        "Daypane stores 942 kB on this device (imported calendars 900 kB, indexes of imported calendars "
        "40 kB, tasks 2 kB). The browser allows this site up to 10 MB. The browser may clear it when disk "
        "space runs low; export a backup to be safe.")
    assert usage_text(usage({})) == "Daypane stores nothing on this device yet."


def test_a_full_disk_says_what_was_not_saved_what_is_kept_and_what_to_remove():
    title, message = refused_text("your tasks", "QuotaExceededError", usage({"calendar-text:a": 900_000}))
    assert title == "Not enough space to save your tasks"
    assert "your tasks could not be saved; everything saved before is kept" in message
    assert "Daypane stores 900 kB, most of it imported calendars (900 kB)" in message
    assert "To make room, remove imported calendars (Calendars, Remove) you no longer need" in message
    small = refused_text("“big.ics”", "QuotaExceededError", usage({"snapshot": 4_000}))[1]
    assert "Daypane stores 4 kB. To make room, free disk space on this device" in small


def test_other_refusals_are_explained_too():
    assert "Reload the page" in refused_text("your settings", "InvalidStateError", usage({}))[1]
    assert "private window" in refused_text("your settings", "UnknownError", usage({}))[1]
