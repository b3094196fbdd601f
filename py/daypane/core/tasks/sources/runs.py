"""One sync at a time per source, and none asked for lost: a request that comes while a source
syncs is run right after it, with the strongest `force` asked for meanwhile.

A forced sync sends what waits in the outbox whatever its backoff (a reload, "Refresh calendars",
coming back online). Were the follow-up run unforced, a change still in backoff from a failed
attempt would wait out its backoff although the user had just asked for it to go.
"""

from __future__ import annotations


class Runs:
    def __init__(self) -> None:
        self.running: set[str] = set()
        self.waiting: dict[str, bool] = {}  # source kind -> force, asked for while it ran

    def start(self, kind: str, force: bool) -> bool:
        """Whether to start a sync of `kind` now (else it runs when the current one ends)."""
        if kind in self.running:
            self.waiting[kind] = self.waiting.get(kind, False) or force
            return False
        self.running.add(kind)
        return True

    def finish(self, kind: str) -> bool | None:
        """The sync of `kind` ended: the force of the one to run next, or None for none."""
        self.running.discard(kind)
        return self.waiting.pop(kind, None)
