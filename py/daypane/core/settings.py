"""The user's preferences, and their stored form (versioned like every stored record)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from daypane.core.locale import TIME_FORMATS, WEEK_STARTS
from daypane.core.planning import preferences as plan_prefs
from daypane.core.reminders import LEADS
from daypane.core.records import Record

SCHEMA_VERSION = 1
# The side panels a wide screen can fold to a narrow rail, giving their width to the calendar.
PANELS = ("tasks", "sources")


@dataclass(frozen=True)
class Settings:
    show_sample: bool = True          # on at first run, so a new user sees a filled week
    time_zone: str | None = None      # None: follow the browser's zone
    client_id: str = ""               # an organisation's own app registration ("" = config.json's)
    tenant: str = ""                  # its tenant: GUID, domain, organizations or common
    approval_pending: str = ""        # ISO date an admin approval was requested (AADSTS90095)
    # Working hours, buffer, split: "Plan my day" reads them. Stored under "planning"; settings
    # stored before they existed have no such key and load the defaults (still version 1).
    planning: plan_prefs.PlanPreferences = field(default_factory=plan_prefs.PlanPreferences)
    # The locale's conventions unless the user chose otherwise ("" = the browser's locale):
    week_start: str = ""              # "" | "monday" | "sunday" | "saturday"
    time_format: str = ""             # "" | "24" | "12"
    remind_minutes: int = 0           # before each event (core.reminders.LEADS); 0 = off
    folded: frozenset[str] = frozenset()  # PANELS folded on this device (settings are never synced)

    def with_sample(self, shown: bool) -> "Settings":
        return replace(self, show_sample=shown)

    def with_time_zone(self, name: str | None) -> "Settings":
        return replace(self, time_zone=name or None)

    def with_planning(self, prefs: plan_prefs.PlanPreferences) -> "Settings":
        return replace(self, planning=prefs)

    def with_week_start(self, value: str) -> "Settings":
        return replace(self, week_start=value if value in WEEK_STARTS else "")

    def with_time_format(self, value: str) -> "Settings":
        return replace(self, time_format=value if value in TIME_FORMATS else "")

    def with_reminders(self, minutes: int) -> "Settings":
        return replace(self, remind_minutes=minutes if minutes in LEADS else 0)

    def with_folded(self, panel: str, folded: bool) -> "Settings":
        if panel not in PANELS:
            return self
        return replace(self, folded=self.folded | {panel} if folded else self.folded - {panel})

    def with_approval_pending(self, day: str) -> "Settings":
        return replace(self, approval_pending=day)

    def with_registration(self, client_id: str, tenant: str) -> "Settings":
        return replace(self, client_id=client_id.strip().lower(), tenant=tenant.strip())


def dump(settings: Settings) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "showSample": settings.show_sample,
        "timeZone": settings.time_zone,
        "clientId": settings.client_id,
        "tenant": settings.tenant,
        "approvalPending": settings.approval_pending,
        "planning": plan_prefs.dump(settings.planning),
        "weekStart": settings.week_start,
        "timeFormat": settings.time_format,
        "remindMinutes": settings.remind_minutes,
        "folded": sorted(settings.folded),
    }


def _read(data: dict) -> Settings:
    return Settings(
        show_sample=bool(data.get("showSample", True)),
        time_zone=data.get("timeZone") or None,
        client_id=data.get("clientId", ""),
        tenant=data.get("tenant", ""),
        approval_pending=data.get("approvalPending", ""),
        planning=plan_prefs.read(data.get("planning")),
        # Added later, still version 1: absent or unknown means the locale's own.
        week_start=data.get("weekStart") if data.get("weekStart") in WEEK_STARTS else "",
        time_format=data.get("timeFormat") if data.get("timeFormat") in TIME_FORMATS else "",
        remind_minutes=data.get("remindMinutes") if data.get("remindMinutes") in LEADS[1:] else 0,
        folded=_folded(data.get("folded")),
    )


def _folded(value) -> frozenset[str]:
    """Added later, still version 1: absent, or not a list of known panels, folds nothing."""
    return frozenset(p for p in value if p in PANELS) if isinstance(value, list) else frozenset()


RECORD = Record("settings", SCHEMA_VERSION, read=_read, write=dump, empty=Settings, what="settings")


def load(data: dict | None) -> Settings:
    return RECORD.decode(data) if data else Settings()
