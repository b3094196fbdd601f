"""The #/settings page: the time zone times are shown in, the first day of the week and the clock,
reminders, working hours for "Plan my day" (ui.working_hours), and an organisation's own Microsoft
app registration ("bring your own app registration")."""

from __future__ import annotations

from zoneinfo import available_timezones

from daypane.browser.js import clock
from daypane.browser.reminders import ask_permission
from daypane.browser.js.dom import by_id, h, on, replace_children
from daypane.browser.ui.working_hours import WorkingHoursView
from daypane.core.config import registration_problem
from daypane.core.planning.inputs import WEEKDAY_NAMES as WEEKDAYS
from daypane.core.settings import Settings


class SettingsView:
    """`set_zone(name or None)`, `set_locale(week_start=… or time_format=…)`,
    `set_registration(client_id, tenant) -> bool` (stored?) and `set_planning(PlanPreferences) ->
    bool` are the controller's; `locale` is the browser's own Conventions; the view reports a bad
    registration or bad working hours itself, before anything is stored."""

    def __init__(self, alerts, *, set_zone, set_registration, set_planning, set_locale, set_reminders,
                 locale) -> None:
        self.alerts = alerts
        self.week_start, self.time_format = by_id("week-start"), by_id("time-format")
        # "Locale default" says what the locale's default is, so the choice is an informed one.
        by_id("week-start-default").textContent = f"Locale default ({WEEKDAYS[locale.first_weekday]})"
        by_id("time-format-default").textContent = f"Locale default ({'12' if locale.hour12 else '24'}-hour)"
        on(self.week_start, "change", lambda event: set_locale(week_start=str(self.week_start.value)))
        on(self.time_format, "change", lambda event: set_locale(time_format=str(self.time_format.value)))
        self.remind = by_id("remind-before")
        on(self.remind, "change", self._on_remind)
        self.set_reminders = set_reminders
        self.working_hours = WorkingHoursView(alerts, save=set_planning)
        self.set_registration = set_registration
        self.zone = by_id("time-zone")
        self.status = by_id("registration-status")
        self._zones_built = False
        on(self.zone, "change", lambda event: set_zone(self.zone.value or None))
        on(by_id("registration-form"), "submit", self._on_registration, prevent_default=True)

    def render(self, settings: Settings) -> None:
        if not self._zones_built:  # ~600 options: built the first time the page is shown
            browser = clock.browser_zone_name()
            options = [h("option", f"Browser default ({browser})", value="")]
            options += [h("option", name, value=name) for name in sorted(available_timezones())]
            replace_children(self.zone, options)
            self._zones_built = True
        self.zone.value = settings.time_zone or ""
        self.week_start.value = settings.week_start
        self.time_format.value = settings.time_format
        self.remind.value = str(settings.remind_minutes)
        self.working_hours.render(settings.planning)
        by_id("client-id").value = settings.client_id
        by_id("tenant").value = settings.tenant

    def _on_remind(self, event) -> None:
        minutes = int(str(self.remind.value) or 0)
        if minutes:
            ask_permission()  # now, inside the user's own action: browsers ask for nothing else
        self.set_reminders(minutes)

    async def _on_registration(self, event) -> None:
        client_id, tenant = by_id("client-id").value, by_id("tenant").value
        problem = registration_problem(client_id, tenant)
        if problem:
            self.status.textContent = ""
            self.alerts.problem("The app registration was not saved", problem, key="registration")
            return
        if await self.set_registration(client_id, tenant):
            self.alerts.clear("registration")
            self.status.textContent = ("Saved. The next sign-in uses this registration." if client_id.strip()
                                       else "Saved. Sign-ins use this site's configuration.")
