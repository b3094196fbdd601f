"""The one rule for everything Daypane stores: a key per record, a version with migrations, and
"unreadable is never overwritten".

Every stored value is a `Record` kind's encoding: a JSON-like dict carrying `"version"` beside the
record's own fields (text records keep their text under `"text"`). Reading runs the kind's
migrations from the stored version up to the current one, then the kind's reader. What happens
when a value cannot be read depends on what it is:

- user data (tasks, settings, calendars, accounts, subscriptions, logins): the value is kept as it
  is, the key is marked unreadable with a message for the user, and every later write to that key
  is refused (`RecordUnreadable`), so a newer Daypane's data or a damaged value is never replaced
  by an empty one;
- caches (`disposable=True`: week caches, indexes, the start-up snapshot): the value is treated as
  missing and rebuilt, since it can always be fetched or computed again.

`Records` does this on top of any `Store` (IndexedDB in the page, `MemoryStore` in tests). `put`
returns only once the store has committed the value, and lets the store's failure through, so a
caller reports a change as done only after it is stored. `update` is the read-modify-write every
record shared by tabs goes through (a lock, a fresh read, the change, the write). Encryption is a
Store beneath (core.storage.sealed): records never see ciphertext.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from daypane.core.store import Store

T = TypeVar("T")


class RecordError(ValueError):
    """A stored value cannot be read; the message is a sentence for the user."""


class RecordUnreadable(RecordError):
    """A write to a key whose stored value could not be read: refused, so nothing is lost."""


@dataclass(frozen=True)
class Record(Generic[T]):
    """One kind of stored record.

    name: the key, or the key's prefix for per-item records (`calendar-text:<id>`).
    version: the current format; `migrations[n]` turns a version-n value into version n + 1.
    unversioned: the version of a dict stored without "version" (1 for the records that always
        had one; 0 for a legacy one that had none). A bare string is always version 0.
    read / write: the current format's value <-> the record's Python value; `read` raises
        ValueError (or KeyError, TypeError) for a damaged value.
    empty: the value when nothing is stored yet (or a cache could not be read).
    what: names the data in messages ("tasks", "imported calendars").
    """

    name: str
    version: int
    read: Callable[[dict], T]
    write: Callable[[T], dict]
    empty: Callable[[], T]
    what: str
    migrations: dict[int, Callable[[Any], Any]] = field(default_factory=dict)
    unversioned: int = 1
    per_item: bool = False
    disposable: bool = False

    def key(self, item: str | None = None) -> str:
        if self.per_item != (item is not None):
            raise TypeError(f"record {self.name!r}: {'an item is' if self.per_item else 'no item is'} expected")
        return f"{self.name}:{item}" if self.per_item else self.name

    def encode(self, value: T) -> Any:
        written = self.write(value)
        return {**written, "version": self.version} if isinstance(written, dict) else written

    def decode(self, stored: Any) -> T:
        """The stored value read, after migrating it to the current version; RecordError if not."""
        version = stored_version(stored, self.unversioned)
        if version is None:
            raise RecordError(f"The saved {self.what} are damaged and were not loaded.")
        if version > self.version:
            raise RecordError(
                f"The saved {self.what} were written by a newer version of Daypane (format {version}). "
                f"Reload the page to get the latest version; your {self.what} have not been changed.")
        try:
            while version < self.version:
                if version not in self.migrations:
                    raise RecordError(f"The saved {self.what} are in an old format (version {version}) "
                                      "that this version of Daypane cannot read.")
                stored = self.migrations[version](stored)
                version += 1
            return self.read(stored)
        except RecordError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            detail = str(error) if isinstance(error, ValueError) and str(error) else ""
            raise RecordError(detail or f"The saved {self.what} are damaged and were not loaded.") from None


def stored_version(stored: Any, unversioned: int = 1) -> int | None:
    """The format version of a stored value: its "version"; `unversioned` for a dict without one;
    0 for a bare string (stored before records were versioned); None for anything else."""
    if isinstance(stored, str):
        return 0
    if not isinstance(stored, dict):
        return None
    version = stored.get("version", unversioned)
    return version if isinstance(version, int) and not isinstance(version, bool) and version >= 0 else None


def text_record(name: str, what: str, *, per_item: bool = False, disposable: bool = False,
                bare: bool = False) -> Record[str | None]:
    """A record holding one text (an imported file, an index): `{"version": 1, "text": …}`. A
    legacy bare string (stored before records were versioned) is version 0.

    bare: stored as the string itself, at version 0, for a text read by something other than
    Python (the start-up snapshot, read by static/boot.js) that carries its own version inside."""
    if bare:
        return Record(name=name, version=0, read=_text(what), write=lambda text: text, empty=lambda: None,
                      what=what, per_item=per_item, disposable=disposable)
    return Record(name=name, version=1, read=lambda stored: _text(what)(stored["text"]),
                  write=lambda text: {"text": text}, empty=lambda: None, what=what,
                  migrations={0: lambda legacy: {"version": 1, "text": legacy}},
                  per_item=per_item, disposable=disposable)


def _text(what: str) -> Callable[[Any], str]:
    def read(text: Any) -> str:
        if not isinstance(text, str):
            raise RecordError(f"The saved {what} are damaged and were not loaded.")
        return text
    return read


class Records:
    """Records on a Store: reads that never throw, writes that never overwrite what could not be read."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.unreadable: dict[str, str] = {}  # key -> what the user is told

    def get(self, kind: Record[T], item: str | None = None) -> T:
        key = kind.key(item)
        stored = self.store.get(key)
        if stored is None:
            return kind.empty()
        try:
            return kind.decode(stored)
        except RecordError as error:
            if not kind.disposable:
                self.unreadable[key] = str(error)
            return kind.empty()

    def readable(self, kind: Record, item: str | None = None) -> bool:
        return kind.key(item) not in self.unreadable

    async def put(self, kind: Record[T], value: T, item: str | None = None) -> None:
        """Store the value; returns once committed. Raises RecordUnreadable for a key that holds a
        value this version could not read, and StorageFailure when the store refused it."""
        await self.put_many([(kind, item, value)])

    async def delete(self, kind: Record, item: str | None = None) -> None:
        key = kind.key(item)
        await self.store.put_many({}, [key])
        self.unreadable.pop(key, None)

    async def put_many(self, puts: Iterable[tuple[Record, str | None, Any]],
                       deletes: Iterable[tuple[Record, str | None]] = ()) -> None:
        """Several records in one transaction: all of them are stored, or none (a restore, a
        switch to encryption). The same refusal as `put` for an unreadable key."""
        encoded = {}
        for kind, item, value in puts:
            key = kind.key(item)
            if key in self.unreadable:
                raise RecordUnreadable(
                    f"Your {kind.what} cannot be changed now: what is stored could not be read, so Daypane "
                    "does not overwrite it. Reload to get the latest version of Daypane.")
            encoded[key] = kind.encode(value)
        gone = [kind.key(item) for kind, item in deletes]
        await self.store.put_many(encoded, gone)
        for key in gone:
            self.unreadable.pop(key, None)

    async def update(self, kind: Record[T], change: Callable[[T], T], item: str | None = None) -> T:
        """Read-modify-write that no other tab can interleave with: under a lock every tab takes
        for this key, the stored value is read afresh (this tab's copy may be behind), changed,
        and stored. `change` may raise (ValueError: refused) and then nothing is written."""
        key = kind.key(item)
        async with self.store.exclusive(f"daypane:{key}"):
            await self.store.refresh([key])
            self.unreadable.pop(key, None)  # read again below: another tab may have repaired it
            new = change(self.get(kind, item))
            await self.put(kind, new, item)
            return new

    async def update_many(self, kinds: Iterable[tuple[Record, str | None]],
                          change: Callable[[list[Any]], list[Any]]) -> list[Any]:
        """`update` for several records changed together (tasks on this device and the task
        outbox: a task moved to a server leaves the one as it enters the other): every key's lock,
        taken in one order so two tabs never wait on each other, fresh reads, one transaction."""
        kinds = list(kinds)
        keys = [kind.key(item) for kind, item in kinds]
        async with AsyncExitStack() as held:
            for key in sorted(set(keys)):
                await held.enter_async_context(self.store.exclusive(f"daypane:{key}"))
            await self.store.refresh(keys)
            for key in keys:
                self.unreadable.pop(key, None)
            old = [self.get(kind, item) for kind, item in kinds]
            new = change(old)
            # A value `change` handed back untouched (the same object) is not written again.
            await self.put_many([(kind, item, value) for (kind, item), value, was in zip(kinds, new, old)
                                 if value is not was])
            return new

    def listen(self, listener: Callable[[list[str]], Awaitable[None]]) -> None:
        """`listener(keys)` after another tab changed these keys (this tab's copy is fresh then)."""
        async def forget_then_tell(keys: list[str]) -> None:
            for key in keys:
                self.unreadable.pop(key, None)  # judged again when next read
            await listener(keys)
        self.store.listen(forget_then_tell)

    def items(self, kind: Record) -> list[str]:
        """The items of a per-item record kind that are stored."""
        prefix = f"{kind.name}:"
        return sorted(key[len(prefix):] for key in self.store.keys() if key.startswith(prefix))
