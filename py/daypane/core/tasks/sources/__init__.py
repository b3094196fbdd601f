"""Task sources: where tasks live (this device, CalDAV task lists, ...), the outbox of changes not
yet accepted, and the merge rules."""
