"""Zones by the names providers send: IANA names, Microsoft's UTC spellings, and a fallback."""

from datetime import timezone
from zoneinfo import ZoneInfo

from daypane.core.zones import zone_named


def test_names_aliases_and_fallbacks():
    assert zone_named("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert zone_named("tzone://Microsoft/Utc") is timezone.utc
    assert zone_named("Etc/UTC") is timezone.utc
    assert zone_named("Not/AZone") is None
    assert zone_named("", timezone.utc) is timezone.utc
    assert zone_named("../../etc/passwd", timezone.utc) is timezone.utc
