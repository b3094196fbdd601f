"""Tasks: the task model and list operations, and their stored form."""
