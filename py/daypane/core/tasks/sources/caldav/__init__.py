"""CalDAV task lists as a task source: VTODO resources read as tasks and written back."""
