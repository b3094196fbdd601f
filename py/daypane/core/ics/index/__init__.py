"""The lazy index that opens a big .ics file fast: split, index by time span, parse on demand."""
