"""Microsoft To Do as a task source (Graph v1.0 todo lists)."""
