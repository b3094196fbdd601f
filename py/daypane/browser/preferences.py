"""The user's preferences in the page: stored first, then applied (the time zone, the sample, an
organisation's own app registration, an admin approval under way, working hours for planning)."""

from __future__ import annotations

from daypane.browser.js import clock
from daypane.browser.js.dom import by_id
from daypane.browser.wiring import app_url
from daypane.core import settings as settings_mod
from daypane.core.config import effective_microsoft


class Preferences:
    def __init__(self, app) -> None:
        self.app = app
        self.settings: settings_mod.Settings = app.records.get(settings_mod.RECORD)

    async def save(self, change) -> bool:
        """`change(stored settings) -> settings`, on the settings as stored now (another tab's
        change to another setting is kept): stored, then applied."""
        stored = []

        async def update():
            stored.append(await self.app.records.update(settings_mod.RECORD, change))
        if await self.app.storing.guarded(update(), "your settings"):
            self.settings = stored[0]
            return True
        return False

    def reload(self) -> None:
        """Another tab changed the settings: apply them here too."""
        app = self.app
        old, self.settings = self.settings, app.records.get(settings_mod.RECORD)
        if old.time_zone != self.settings.time_zone:
            app.tz = clock.zone(self.settings.time_zone or clock.browser_zone_name())
            app.library.sample = None
        app.library.show_sample = self.settings.show_sample
        if old.planning != self.settings.planning:
            app.planner.refresh()
        if old.folded != self.settings.folded:
            app.panes.show_folded(self.settings.folded)

    async def show_sample(self, shown: bool) -> None:
        if await self.save(lambda s: s.with_sample(shown)):
            self.app.library.show_sample = shown
            if shown:
                await self.app.library_actions.load_sample()
        self.app.render()

    async def set_zone(self, name: str | None) -> None:
        if not await self.save(lambda s: s.with_time_zone(name)):
            return
        app = self.app
        app.tz = clock.zone(name or clock.browser_zone_name())
        app.library.sample = None  # floating times are read in the display zone: parse again
        if self.settings.show_sample:
            await app.library_actions.load_sample()
        app.alerts.note(f"Times are now shown in {app.tz}.")

    async def set_locale(self, *, week_start: str | None = None, time_format: str | None = None) -> None:
        """The first day of the week or the clock: stored, then every date and time redrawn."""
        def change(s):
            s = s.with_week_start(week_start) if week_start is not None else s
            return s.with_time_format(time_format) if time_format is not None else s
        if await self.save(change):
            self.app.render()

    async def fold(self, panel: str, folded: bool) -> None:
        if await self.save(lambda s: s.with_folded(panel, folded)):
            self.app.panes.show_folded(self.settings.folded)

    async def set_reminders(self, minutes: int) -> None:
        if await self.save(lambda s: s.with_reminders(minutes)):
            await self.app.reminders.check()  # an event already inside the new window: now

    async def set_registration(self, client_id: str, tenant: str) -> bool:
        """A new registration takes effect from the next sign-in: a new MSAL client."""
        if not await self.save(lambda s: s.with_registration(client_id, tenant)):
            return False
        await self.app.restart_outlook()
        return True

    async def set_planning(self, prefs) -> bool:
        """Working hours, buffer and split; a plan on show is made again with them."""
        if not await self.save(lambda s: s.with_planning(prefs)):
            return False
        self.app.planner.refresh()
        return True

    def microsoft(self):
        return effective_microsoft(self.app.config, self.settings.client_id, self.settings.tenant)

    def microsoft_client_id(self) -> str | None:
        microsoft = self.microsoft()
        return microsoft.client_id if microsoft else None

    def app_url(self) -> str:
        return app_url()

    def consent_target(self) -> tuple[str, str, str] | None:
        """(client ID, the user's tenant as far as known, app URL) for admin-consent links."""
        microsoft = self.microsoft()
        if microsoft is None:
            return None
        tenant = microsoft.authority.rsplit("/", 1)[-1]
        return microsoft.client_id, tenant if tenant not in ("common", "consumers") else "organizations", app_url()

    async def approval_requested(self) -> None:
        if await self.save(lambda s: s.with_approval_pending(self.app.today().isoformat())):
            self.render_pending()

    async def approval_settled(self) -> None:
        if self.settings.approval_pending:
            await self.save(lambda s: s.with_approval_pending(""))
            self.render_pending()

    def render_pending(self) -> None:
        pending = by_id("approval-pending")
        pending.hidden = not self.settings.approval_pending
        if self.settings.approval_pending:
            by_id("approval-pending-text").textContent = (
                f"Approval for Daypane was requested on {self.settings.approval_pending}. You get an "
                "email when your administrator decides; then try again.")
