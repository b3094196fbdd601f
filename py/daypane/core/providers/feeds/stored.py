"""How subscriptions are stored (core.records): `feeds` lists them (address, name, validators, when
fetched, shown or not; version 2), and each feed's last good body is a record of its own,
`feed-text:<url>`, so a refresh that changes one feed, or hiding one, does not rewrite every body.

Version 1 kept each body inside the list (`"ics"`, with a `"version": 1` on every item); `upgrade`
moves the bodies out, texts first and the list last, so a store left half-way (a full disk) still
holds the complete version 1 list and is upgraded again at the next start, nothing lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from daypane.core.providers.feeds.subscription import DEFAULT_INTERVAL, Feed, clamp_interval
from daypane.core.records import Record, RecordError, Records, stored_version, text_record

SCHEMA_VERSION = 2


def _item(feed: Feed) -> dict:
    return {"url": feed.url, "name": feed.name, "etag": feed.etag, "lastModified": feed.last_modified,
            "fetched": feed.fetched, "intervalSeconds": feed.interval_seconds,
            "attempted": feed.attempted, "conditional": feed.conditional, "shown": feed.shown}


def _feed(data: object, position: int) -> Feed:
    if not isinstance(data, dict) or not isinstance(data.get("url"), str) or not data["url"]:
        raise RecordError(f"Saved subscription {position + 1} is damaged (no address), so your "
                          "subscriptions were not loaded.")
    try:
        interval = clamp_interval(int(data.get("intervalSeconds") or DEFAULT_INTERVAL))
    except (TypeError, ValueError):
        interval = DEFAULT_INTERVAL
    return Feed(url=data["url"], name=str(data.get("name") or ""), etag=str(data.get("etag") or ""),
                last_modified=str(data.get("lastModified") or ""), fetched=str(data.get("fetched") or ""),
                interval_seconds=interval, attempted=str(data.get("attempted") or ""),
                conditional=bool(data.get("conditional", True)), shown=bool(data.get("shown", True)))


def _read(data: dict) -> list[Feed]:
    items = data.get("feeds", [])
    if not isinstance(items, list):
        raise RecordError("The saved calendar subscriptions are damaged and were not loaded.")
    return [_feed(item, i) for i, item in enumerate(items)]


def _write(feeds: Sequence[Feed]) -> dict:
    return {"feeds": [_item(feed) for feed in feeds]}


def _v1_to_v2(data: dict) -> dict:
    """The list without the bodies (`upgrade` stores those as records of their own first). A
    version 1 item carried its own `"version": 1`; one with another version was never written by
    a Daypane that wrote this list, so it is refused rather than guessed at."""
    items = data.get("feeds", [])
    if not isinstance(items, list):
        raise RecordError("The saved calendar subscriptions are damaged and were not loaded.")
    for item in items:
        if isinstance(item, dict) and item.get("version", 1) != 1:
            raise RecordError("A saved calendar subscription was written by another version of Daypane "
                              f"(record version {item.get('version')!r}), so they were not loaded.")
    return {"version": 2, "feeds": [{k: v for k, v in item.items() if k not in ("ics", "version")}
                                    if isinstance(item, dict) else item for item in items]}


FEEDS = Record("feeds", SCHEMA_VERSION, read=_read, write=_write, empty=list,
               what="calendar subscriptions", migrations={1: _v1_to_v2})
# The last good body of each feed. Only a copy of what its host publishes: an unreadable one is
# fetched again (and is never sent as the base of a conditional request).
TEXTS = text_record("feed-text", "subscribed calendars", per_item=True, disposable=True)


def version_1_texts(records: Records) -> dict[str, str]:
    """{url: body} of a version 1 list still in the store (before `upgrade` ran), else {}."""
    stored = records.store.get(FEEDS.name)
    if stored_version(stored) != 1 or not isinstance(stored.get("feeds"), list):
        return {}
    return {item["url"]: item["ics"] for item in stored["feeds"]
            if isinstance(item, dict) and isinstance(item.get("url"), str)
            and isinstance(item.get("ics"), str) and item["ics"]}


async def upgrade(records: Records) -> bool:
    """Move version 1's bodies out of the list into their own records; True if anything moved.

    Texts are written first and the list last, so a failure half-way (a full disk) leaves the
    version 1 list in place, complete, and the next start tries again. A version 1 list that
    cannot be read is left as it is (Records reports it, and never overwrites it)."""
    stored = records.store.get(FEEDS.name)
    if stored_version(stored) != 1:
        return False
    try:
        feeds = FEEDS.decode(stored)
    except RecordError:
        return False
    for url, text in version_1_texts(records).items():
        await records.put(TEXTS, text, url)
    await records.put(FEEDS, feeds)
    return True
