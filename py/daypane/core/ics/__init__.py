"""iCalendar files: sniffing, checks, parsing, occurrences, import summaries, the lazy index."""
