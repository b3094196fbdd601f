"""Daypane: tasks beside your calendar.

``daypane.core`` is pure Python (stdlib + icalendar stack) so it runs unchanged in
Pyodide and in CPython unit tests; browser glue lives in ``daypane.browser``.
"""
