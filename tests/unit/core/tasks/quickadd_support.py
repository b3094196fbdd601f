"""What both quick-add test files share: the day they run on and a compact view of a parse."""

from datetime import date

from daypane.core.tasks.quickadd import parse

TUE = date(2026, 12, 1)


def d(day: int, month: int = 12, year: int = 2026) -> date:
    return date(year, month, day)


def understood(text: str, today: date = TUE, **options) -> dict:
    """The fields `text` set, title included, leaving out the ones left at their default."""
    result = parse(text, today, **options)
    fields = {"title": result.title}
    for name in ("scheduled", "start", "duration", "list", "recurrence", "due"):
        if getattr(result, name) is not None:
            fields[name] = getattr(result, name)
    if result.priority != "none":
        fields["priority"] = result.priority
    return fields
