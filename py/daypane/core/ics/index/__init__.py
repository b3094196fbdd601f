"""The lazy index that opens a big .ics file fast: split, index by time span, parse on demand.

``scan`` splits the text into components, ``spans`` reads a series' time span cheaply,
``builder`` builds the index in chunks (``IndexBuilder``, ``IcsIndex``), ``lazy`` answers ranges
(``LazyCalendar``).
"""
