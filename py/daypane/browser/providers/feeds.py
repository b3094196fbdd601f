"""Subscriptions to published .ics addresses, in the page: subscribing, refreshing, showing.

A feed is one calendar whose whole text is fetched (conditionally: ETag / Last-Modified) and kept
in IndexedDB, so it is shown at once on the next start, offline too, and any week can be shown
without a request. What to request, what an answer means and when a feed is due is
core.subscription; this module keeps the feeds and their parsed calendars.
"""

from __future__ import annotations

from datetime import date, datetime

from daypane.browser.js.fetch import opaque_answer
from daypane.core.calendar.layout import range_bounds
from daypane.core.ics.parse import IcsError, parse_calendar
from daypane.core.providers.accounts import Account, CalendarChoice
from daypane.core.providers.feeds import subscription
from daypane.core.providers.week_cached import ProviderProblem

STORE_KEY = "feeds"
COLORS = ("#8764b8", "#c239b3", "#498205", "#ca5010", "#005b70", "#7a7574")


class FeedProblem(ProviderProblem):
    """A subscription failed; details are extra lines to show as they are (e.g. CORS headers)."""

    def __init__(self, message: str, details=()) -> None:
        super().__init__(message)
        self.details = tuple(details)


class Feeds:
    kind = "feed"
    label = "Subscription"

    def __init__(self, store, transport, *, on_change, on_problem, zone) -> None:
        self.store = store
        self.transport = transport
        self.on_change = on_change
        self.on_problem = on_problem  # (account, message)
        self.zone = zone              # () -> the zone floating times are shown in
        try:
            self.feeds: list[subscription.Feed] = subscription.load(store.get(STORE_KEY))
        except ValueError:
            self.feeds = []  # stored by a newer Daypane: not shown, and never overwritten
            self.unreadable = True
        else:
            self.unreadable = False
        self.parsed: dict[str, object] = {}
        self.needs_sign_in: set[str] = set()
        self.syncing: set[str] = set()
        self.last_error: dict[str, str] = {}

    # -- accounts, as the accounts list shows them --------------------------------------------

    @property
    def accounts(self) -> list[Account]:
        return [Account(home_id=feed.url, username=feed.url, name=feed.name, provider="feed",
                        last_synced=feed.fetched,
                        calendars=(CalendarChoice(feed.url, feed.name, self._color(i), True),))
                for i, feed in enumerate(self.feeds)]

    def find(self, url: str) -> Account | None:
        return next((a for a in self.accounts if a.home_id == url), None)

    def _color(self, index: int) -> str:
        return COLORS[index % len(COLORS)]

    async def subscribe(self, text: str, origin: str, now: datetime) -> Account:
        try:
            url = subscription.normalise_url(text)
        except subscription.SubscriptionError as error:
            raise FeedProblem(str(error)) from None
        if self.unreadable:
            raise FeedProblem("Your subscriptions were saved by a newer version of Daypane, so this one "
                              "cannot add to them. Reload the page to get the latest version.")
        if any(feed.url == url for feed in self.feeds):
            raise FeedProblem("You are already subscribed to this calendar; it is in the list of "
                              "connected accounts.")
        feed = await self._refreshed(subscription.Feed(url=url, name=""), origin, now)
        self.feeds.append(feed)
        await self._save()
        self.on_change()
        return self.find(url)

    async def _refreshed(self, feed, origin: str, now: datetime):
        """The feed fetched again (conditionally), or FeedProblem; the stored one is untouched."""
        try:
            feed, changed = await subscription.refresh(self.transport, feed, now)
        except subscription.FeedUnreachable:
            problem = subscription.diagnose(await opaque_answer(feed.url), feed.url, origin)
            headers = getattr(problem, "headers", ())
            raise FeedProblem(str(problem), ["\n".join(f"{name}: {value}" for name, value in headers)]
                              if headers else ()) from None
        except subscription.SubscriptionError as error:
            raise FeedProblem(str(error)) from None
        if changed:
            self.parsed.pop(feed.url, None)
        return feed

    async def remove(self, url: str) -> None:
        self.feeds = [feed for feed in self.feeds if feed.url != url]
        self.parsed.pop(url, None)
        self.last_error.pop(url, None)
        await self._save()

    async def set_selected(self, url: str, calendar_id: str, selected: bool) -> None:
        """A feed is one calendar: removing it is how it stops being shown."""

    async def _save(self) -> None:
        if not self.unreadable:
            await self.store.put(STORE_KEY, subscription.dump(self.feeds))

    # -- what the calendar shows ------------------------------------------------------------

    def calendars(self):
        for account in self.accounts:
            yield account.calendar_key(account.home_id), account.name, account.calendars[0].color

    def occurrences(self, days: list[date]):
        start, end = range_bounds(days, self.zone())
        found = []
        for account in self.accounts:
            parsed = self._parsed(account.home_id)
            if parsed is not None:
                found.extend(parsed.occurrences(account.calendar_key(account.home_id), start, end))
        return found

    def _parsed(self, url: str):
        if url not in self.parsed:
            feed = next(feed for feed in self.feeds if feed.url == url)
            try:
                self.parsed[url] = parse_calendar(feed.ics, floating_tz=self.zone()) if feed.ics else None
            except IcsError:
                self.parsed[url] = None  # apply_response only stores bodies that parse; an old one may not
        return self.parsed[url]

    # -- refreshing -------------------------------------------------------------------------

    def stale(self, days, now: datetime, max_age: float) -> bool:
        return any(subscription.due(feed, now) for feed in self.feeds)

    async def sync(self, days, tz, zone_name: str, now: datetime) -> None:
        """Fetch every feed again (conditionally: an unchanged feed costs a 304). The app calls
        this when stale() says a feed is due, and when the user asks ("Refresh calendars")."""
        import js
        origin = str(js.location.origin)
        for feed in list(self.feeds):
            if feed.url in self.syncing:
                continue
            self.syncing.add(feed.url)
            self.on_change()
            try:
                fresh = await self._refreshed(feed, origin, now)
            except FeedProblem as problem:
                self.last_error[feed.url] = str(problem)
                self.on_problem(self.find(feed.url), str(problem))
                # Noted, so the periodic refresh waits an interval instead of retrying every tick.
                self.feeds = [subscription.after_failure(f, now) if f.url == feed.url else f for f in self.feeds]
                await self._save()
                continue
            finally:
                self.syncing.discard(feed.url)
            self.last_error.pop(feed.url, None)
            self.feeds = [fresh if f.url == feed.url else f for f in self.feeds]
            await self._save()
        self.on_change()
