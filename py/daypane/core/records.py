"""Reading a stored, versioned record: the one rule every stored list follows.

A record written by a newer Daypane, or damaged, is refused with a message, never half-read or
overwritten: the caller keeps it untouched and tells the user.
"""

from __future__ import annotations


def stored_items(data: dict, key: str, schema_version: int, error: type[Exception], what: str) -> list:
    """The list under `key` of a stored record, after checking its shape and version.

    `what` names the data in messages ("tasks", "calendars")."""
    if not isinstance(data, dict) or not isinstance(data.get(key, []), list):
        raise error(f"The saved {what} are damaged and were not loaded.")
    version = data.get("version", schema_version)
    if not isinstance(version, int) or version > schema_version:
        raise error(
            f"The saved {what} were written by a newer version of Daypane (format {version}). "
            f"Reload the page to get the latest version; your {what} have not been changed."
        )
    return data.get(key, [])
