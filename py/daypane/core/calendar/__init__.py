"""The calendar on screen: agenda layout, routes, wording of times and events."""
