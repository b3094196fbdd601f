"""Settings: first-run defaults and a stored form that round-trips."""

from daypane.core import settings


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
