"""Subscriptions to published .ics addresses as a `Provider`: subscribing, refreshing, showing.

Each feed is one account with one calendar. Its whole text is fetched (conditionally: ETag /
Last-Modified) and kept (feeds.stored), so it is shown at once on the next start, offline too, and
any week can be shown without a request. What to request, what an answer means and when a feed is
due is feeds.subscription; this module keeps the feeds, their bodies and their parsed calendars.

A body is parsed once: a changed one while its answer is checked (`subscription.Refreshed`), a
stored one the first time its calendar is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, tzinfo

from daypane.core.calendar.layout import range_bounds
from daypane.core.ics.parse import IcsError, ParsedCalendar, parse_calendar
from daypane.core.providers import cors
from daypane.core.providers.accounts import Account, CalendarChoice
from daypane.core.providers.feeds import subscription
from daypane.core.providers.feeds.stored import FEEDS, TEXTS, upgrade, version_1_texts
from daypane.core.providers.feeds.subscription import Feed, Refreshed
from daypane.core.providers.protocol import AccountState, CalendarInfo, ProviderProblem, ProviderWords
from daypane.core.records import Records, stored_version

COLORS = ("#8764b8", "#c239b3", "#498205", "#ca5010", "#005b70", "#7a7574")

NEWER = ("Your subscriptions were saved by a newer version of Daypane, so this one cannot add to "
         "them. Reload the page to get the latest version.")
ALREADY = "You are already subscribed to this calendar; it is in the list of connected accounts."


class Feeds:
    kind = "feed"
    words = ProviderWords(name="Subscription", problem_name="subscription", leave="Remove",
                          left="Removed", picks_calendars=True)

    def __init__(self, records: Records, transport, *, probe: cors.Probe, origin: str,
                 on_change: Callable[[bool], None],
                 on_problem: Callable[[ProviderProblem], None]) -> None:
        self.records = records
        self.transport = transport
        self.probe = probe                # async (url) -> did a no-cors fetch get an opaque answer?
        self.origin = origin              # the page's origin, named in the CORS advice
        self.on_change = on_change
        self.on_problem = on_problem
        self.feeds: list[Feed] = records.get(FEEDS)
        # The last good bodies; a version 1 store (not upgraded yet) still holds them in the list.
        self.texts: dict[str, str] = version_1_texts(records) or {
            feed.url: text for feed in self.feeds if (text := records.get(TEXTS, feed.url))}
        self.parsed: dict[str, ParsedCalendar | None] = {}
        self.syncing: set[str] = set()
        self.last_error: dict[str, str] = {}

    # -- accounts ---------------------------------------------------------------------------

    def accounts(self) -> list[AccountState]:
        return [AccountState(self._account(i, feed), feed.url in self.syncing, False,
                             self.last_error.get(feed.url)) for i, feed in enumerate(self.feeds)]

    def find(self, url: str) -> Account | None:
        return next((self._account(i, f) for i, f in enumerate(self.feeds) if f.url == url), None)

    def _account(self, index: int, feed: Feed) -> Account:
        color = COLORS[index % len(COLORS)]
        return Account(home_id=feed.url, username=feed.url, name=feed.name, provider=self.kind,
                       last_synced=feed.fetched,
                       calendars=(CalendarChoice(feed.url, feed.name, color, feed.shown),))

    def _feed(self, url: str) -> Feed | None:
        return next((feed for feed in self.feeds if feed.url == url), None)

    async def subscribe(self, text: str, now: datetime) -> Account:
        """Subscribe to the address typed or pasted: fetched, checked and stored, or a
        ProviderProblem saying what is wrong (with the CORS headers to add as its details)."""
        url = subscription.normalise_url(text)
        if not self.records.readable(FEEDS):
            newer = (stored_version(self.records.store.get(FEEDS.name)) or 0) > FEEDS.version
            raise ProviderProblem(NEWER if newer else self.records.unreadable[FEEDS.key()])
        if self._feed(url) is not None:
            raise ProviderProblem(ALREADY)
        refreshed = await self._refresh(Feed(url=url), None, now)
        await self._keep(refreshed)
        await self._save(lambda feeds: [*[f for f in feeds if f.url != url], refreshed.feed])
        self.on_change(True)
        return self.find(url)

    async def remove(self, url: str) -> None:
        """Forget the feed and its stored body."""
        if self._feed(url) is None:
            return
        await self._save(lambda feeds: [feed for feed in feeds if feed.url != url])
        self.texts.pop(url, None)
        self.parsed.pop(url, None)
        self.last_error.pop(url, None)
        await self.records.delete(TEXTS, url)

    async def set_selected(self, url: str, calendar_id: str, selected: bool) -> None:
        """Hide the feed's calendar, or show it again (kept on the feed)."""
        feed = self._feed(url)
        if feed is None or feed.shown == selected:
            return
        await self._save(lambda feeds: _with(feeds, replace(feed, shown=selected)))
        self.on_change(True)

    def reconnect(self, url: str) -> None:
        """A subscription never needs the user to sign in."""

    async def _save(self, change: Callable[[list[Feed]], list[Feed]]) -> None:
        """`change(stored feeds) -> feeds`, on the list as stored now (another tab may have
        changed it): stored first, then kept; a refused write leaves the previous list in place.
        A version 1 store is upgraded first (its bodies moved to their own records), so none is lost."""
        if stored_version(self.records.store.get(FEEDS.name)) == 1:
            await upgrade(self.records)
        self.feeds = await self.records.update(FEEDS, change)

    def reload(self, keys: Sequence[str]) -> bool:
        """Another tab changed these stored keys: read the feeds (and changed bodies) again."""
        prefix = f"{TEXTS.name}:"
        bodies = [key[len(prefix):] for key in keys if key.startswith(prefix)]
        if FEEDS.key() not in keys and not bodies:
            return False
        self.feeds = self.records.get(FEEDS)
        for feed in self.feeds:
            if feed.url in bodies or feed.url not in self.texts:
                text = self.records.get(TEXTS, feed.url)
                if text:
                    self.texts[feed.url] = text
                    self.parsed.pop(feed.url, None)
        return True

    async def _keep(self, refreshed: Refreshed) -> None:
        """Store a changed body (before the list that refers to it) and keep it parsed."""
        if refreshed.changed:
            url = refreshed.feed.url
            await self.records.put(TEXTS, refreshed.text, url)
            self.texts[url] = refreshed.text
            self.parsed[url] = refreshed.parsed

    # -- what the calendar shows ------------------------------------------------------------

    def calendars(self):
        for state in self.accounts():
            account = state.account
            for choice in account.selected():
                yield CalendarInfo(account.calendar_key(choice.id), choice.name, choice.color)

    def occurrences(self, days: Sequence[date], tz: tzinfo):
        start, end = range_bounds(days, tz)
        found = []
        for i, feed in enumerate(self.feeds):
            parsed = self._parsed(feed.url) if feed.shown else None
            if parsed is not None:
                parsed.floating_tz = tz  # floating times are shown in the viewer's zone, as it is now
                found.extend(parsed.occurrences(self._account(i, feed).calendar_key(feed.url), start, end))
        return found

    def _parsed(self, url: str) -> ParsedCalendar | None:
        if url not in self.parsed:
            text = self.texts.get(url)
            try:
                self.parsed[url] = parse_calendar(text) if text else None
            except IcsError:
                self.parsed[url] = None  # an emptied feed; or a body an older Daypane accepted
        return self.parsed[url]

    # -- refreshing -------------------------------------------------------------------------

    def stale(self, days: Sequence[date], now: datetime, max_age: float) -> bool:
        """Is a feed due? Each feed says how often it wants to be read (subscription.due)."""
        return any(subscription.due(feed, now) for feed in self.feeds if feed.url not in self.syncing)

    async def sync(self, days: Sequence[date], tz: tzinfo, now: datetime) -> None:
        """Fetch every feed again (conditionally: an unchanged feed costs a 304). The app calls
        this when stale() says a feed is due, and when the user asks ("Refresh calendars")."""
        due = [feed.url for feed in self.feeds if feed.url not in self.syncing]
        if not due:
            return
        self.syncing.update(due)
        self.on_change(False)  # "Syncing…" in the accounts list; the grid stays as it is
        changed = False
        for url in due:
            try:
                changed |= await self._sync_feed(url, now)
            finally:
                self.syncing.discard(url)
        self.on_change(changed)

    async def _sync_feed(self, url: str, now: datetime) -> bool:
        """True when the feed's events changed."""
        feed = self._feed(url)
        if feed is None:
            return False
        try:
            refreshed = await self._refresh(feed, self.texts.get(url), now)
        except ProviderProblem as problem:
            self.last_error[url] = str(problem)
            self.on_problem(problem.about(self.find(url)))
            # Noted, so the periodic refresh waits an interval instead of retrying every tick.
            if (current := self._feed(url)) is not None:
                await self._save(lambda feeds: _with(feeds, subscription.after_failure(current, now)))
            return False
        current = self._feed(url)
        if current is None:  # removed while it was being fetched
            return False
        await self._keep(refreshed)
        self.last_error.pop(url, None)
        await self._save(lambda feeds: _with(feeds, replace(refreshed.feed, shown=current.shown)))
        return refreshed.changed

    async def _refresh(self, feed: Feed, text: str | None, now: datetime) -> Refreshed:
        """The feed fetched again (conditionally), or ProviderProblem; what is stored is untouched."""
        return await subscription.ADVICE.diagnosed(
            subscription.refresh(self.transport, feed, text, now), feed.url, self.probe, self.origin)


def _with(feeds: list[Feed], feed: Feed) -> list[Feed]:
    """The list with the feed of the same URL replaced (nothing added: it may have been removed)."""
    return [feed if f.url == feed.url else f for f in feeds]
