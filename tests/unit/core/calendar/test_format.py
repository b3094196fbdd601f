"""What the UI says about an event: exact strings, in a fixed zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from daypane.core.calendar.format import event_label, link_label, safe_link, status_words, time_range
from daypane.core.model import Occurrence

BERLIN = ZoneInfo("Europe/Berlin")


def timed(start, end, **kw):
    return Occurrence("c", "u", kw.pop("title", "Review"), start, end, **kw)


def test_same_day_range_in_the_display_zone():
    occ = timed(datetime(2026, 3, 4, 8, 30, tzinfo=ZoneInfo("UTC")),
                datetime(2026, 3, 4, 9, 0, tzinfo=ZoneInfo("UTC")))
    assert time_range(occ, BERLIN) == "09:30–10:00"


def test_ending_at_midnight_is_still_one_day():
    occ = timed(datetime(2026, 3, 4, 22, 0, tzinfo=BERLIN), datetime(2026, 3, 5, 0, 0, tzinfo=BERLIN))
    assert time_range(occ, BERLIN) == "22:00–00:00"


def test_overnight_range_names_both_days():
    occ = timed(datetime(2026, 3, 4, 22, 0, tzinfo=BERLIN), datetime(2026, 3, 5, 1, 0, tzinfo=BERLIN))
    assert time_range(occ, BERLIN) == "Wed 4 Mar 22:00 – Thu 5 Mar 01:00"


def test_all_day_single_and_multi_day():
    one = Occurrence("c", "u", "Holiday", date(2026, 3, 4), date(2026, 3, 5))
    three = Occurrence("c", "u", "Ski", date(2026, 2, 13), date(2026, 2, 16))
    assert time_range(one, BERLIN) == "All day"
    assert time_range(three, BERLIN) == "All day, Fri 13 Feb – Sun 15 Feb"  # end is exclusive


def test_cancelled_is_said_and_hides_busy_words():
    occ = timed(datetime(2026, 3, 4, 9, tzinfo=BERLIN), datetime(2026, 3, 4, 10, tzinfo=BERLIN),
                status="cancelled", show_as="free")
    assert status_words(occ) == ["cancelled"]
    assert event_label(occ, BERLIN) == "Cancelled: Review, 09:00–10:00"


def test_tentative_out_of_office_and_location_in_the_label():
    occ = timed(datetime(2026, 3, 4, 9, tzinfo=BERLIN), datetime(2026, 3, 4, 10, tzinfo=BERLIN),
                status="tentative", show_as="oof", location="Lisbon")
    assert event_label(occ, BERLIN) == "Review, 09:00–10:00, Lisbon, tentative, out of office"


def test_in_the_all_day_row_only_a_span_of_days_is_repeated():
    one = Occurrence("c", "u", "Focus day", date(2026, 3, 5), date(2026, 3, 6), show_as="free")
    three = Occurrence("c", "u", "Ski", date(2026, 2, 13), date(2026, 2, 16))
    assert event_label(one, BERLIN, in_all_day_row=True) == "Focus day, free"
    assert event_label(three, BERLIN, in_all_day_row=True) == "Ski, Fri 13 Feb – Sun 15 Feb"


def test_a_busy_confirmed_meeting_has_no_status_words():
    occ = timed(datetime(2026, 3, 4, 9, tzinfo=BERLIN), datetime(2026, 3, 4, 10, tzinfo=BERLIN), title="")
    assert status_words(occ) == []
    assert event_label(occ, BERLIN) == "(no title), 09:00–10:00"


def test_only_https_links_are_kept():
    assert safe_link("https://outlook.office365.com/owa/?itemid=A") == "https://outlook.office365.com/owa/?itemid=A"
    assert safe_link("javascript:alert(1)") is None
    assert safe_link(" JavaScript:alert(1)") is None
    assert safe_link("data:text/html,<script>") is None
    assert safe_link("http://example.com/") is None
    assert safe_link("https://[broken") is None


def test_an_events_link_is_named_by_where_it_leads():
    assert link_label("outlook") == "Open in Outlook"
    assert link_label("google") == "Open in Google Calendar"
    # An .ics URL property (an imported file, a subscription, CalDAV) can lead anywhere.
    assert link_label("ics") == "Open link"
    assert link_label("") == "Open link"
