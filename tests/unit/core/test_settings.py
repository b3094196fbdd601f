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


def test_week_start_and_time_format_round_trip_and_blank_means_the_locales():
    chosen = settings.Settings().with_week_start("sunday").with_time_format("12")
    assert settings.load(settings.dump(chosen)) == chosen
    assert (chosen.week_start, chosen.time_format) == ("sunday", "12")
    assert settings.Settings().with_week_start("someday").week_start == ""  # not a choice: the locale's
    assert settings.Settings().with_time_format("13").time_format == ""


def test_settings_stored_before_the_locale_choices_existed_follow_the_locale():
    old = {"version": 1, "showSample": True, "timeZone": None, "clientId": "", "tenant": "",
           "approvalPending": "", "planning": None}
    assert (settings.load(old).week_start, settings.load(old).time_format) == ("", "")
    odd = {**old, "weekStart": "tuesday", "timeFormat": 24}  # edited by hand, or a newer app's value
    assert (settings.load(odd).week_start, settings.load(odd).time_format) == ("", "")


def test_folded_side_panels_round_trip_and_only_known_panels_fold():
    chosen = settings.Settings().with_folded("tasks", True).with_folded("sources", True).with_folded("tasks", False)
    assert chosen.folded == {"sources"}
    assert settings.load(settings.dump(chosen)) == chosen
    assert settings.Settings().with_folded("calendar", True).folded == frozenset()  # the calendar never folds
    old = {"version": 1, "showSample": True}  # stored before panels could fold
    assert settings.load(old).folded == frozenset()
    odd = {"version": 1, "folded": "tasks"}  # not a list: nothing folded, nothing raised
    assert settings.load(odd).folded == frozenset()
    assert settings.load({"version": 1, "folded": ["tasks", "nonsense", 3]}).folded == {"tasks"}
