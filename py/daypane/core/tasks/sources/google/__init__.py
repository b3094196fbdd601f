"""Google Tasks as a task source (Tasks API v1)."""
