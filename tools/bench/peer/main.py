"""The peer's start-up work, the same as Daypane's: import the calendar libraries, parse the
sample calendar, expand one week, then say the page is ready."""

from datetime import date, timedelta

import js
from pyodide.http import pyfetch

root = js.document.documentElement
try:
    import icalendar
    import recurring_ical_events

    response = await pyfetch("./sample.ics")
    calendar = icalendar.Calendar.from_ical(await response.bytes())
    monday = date.today() - timedelta(days=date.today().weekday())
    events = list(recurring_ical_events.of(calendar, skip_bad_series=True)
                  .between(monday, monday + timedelta(days=7)))
    js.document.getElementById("status").textContent = f"{len(events)} events this week"
    root.dataset.eventCount = str(len(events))
    root.dataset.appState = "ready"
except Exception as error:
    root.dataset.error = f"{type(error).__name__}: {error}"
    root.dataset.appState = "error"
    raise
