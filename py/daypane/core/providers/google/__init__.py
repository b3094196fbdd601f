"""Google Calendar: the browser token flow and the Calendar API v3."""
