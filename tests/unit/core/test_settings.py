"""Settings: first-run defaults and a stored form that round-trips."""

from datetime import time

from daypane.core import settings
from daypane.core.planning.preferences import DayHours, PlanPreferences


def test_first_run_shows_the_sample_in_the_browser_zone():
    first = settings.load(None)
    assert first.show_sample is True
    assert first.time_zone is None


def test_round_trip_and_version():
    chosen = settings.Settings().with_sample(False).with_time_zone("Asia/Tokyo").with_registration(
        " 99999999-8888-7777-6666-555555555555 ", "contoso.com").with_approval_pending("2026-03-04")
    stored = settings.dump(chosen)
    assert stored["version"] == settings.SCHEMA_VERSION
    assert settings.load(stored) == chosen


def test_empty_zone_means_browser_default():
    assert settings.Settings().with_time_zone("").time_zone is None


def test_working_hours_round_trip():
    prefs = PlanPreferences((DayHours(True, time(13), time(18)),) + (DayHours(),) * 4 + (DayHours(False),) * 2, 10, True)
    chosen = settings.Settings().with_planning(prefs)
    assert settings.load(settings.dump(chosen)).planning == prefs


def test_settings_stored_before_working_hours_existed_load_with_the_defaults():
    """The stored form as Daypane wrote it before issue 13: no "planning" key."""
    old = {"version": 1, "showSample": False, "timeZone": "Asia/Tokyo", "clientId": "", "tenant": "",
           "approvalPending": ""}
    loaded = settings.load(old)
    assert loaded.time_zone == "Asia/Tokyo" and loaded.show_sample is False
    hours = loaded.planning.working_hours()
    assert hours.days == ((time(9), time(17)),) * 5 + (None, None)
    assert (loaded.planning.buffer_minutes, loaded.planning.split) == (5, False)
