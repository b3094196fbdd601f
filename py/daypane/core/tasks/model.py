"""The task model in one place to import from: the Task value, the TaskList operations, the
stored form and estimates. Each concept has its own module (task, lists, recurrence, tasklist,
stored, estimates, views); this one keeps `daypane.core.tasks.model` the single name callers
need, as it was before the split.
"""

from daypane.core.tasks.estimates import format_estimate, parse_estimate
from daypane.core.tasks.lists import INBOX, PALETTE
from daypane.core.tasks.stored import RECORD, SCHEMA_VERSION, TaskDataError, dump, load
from daypane.core.tasks.task import PRIORITIES, Removed, Task
from daypane.core.tasks.tasklist import Block, TaskList

__all__ = ["Block", "INBOX", "PALETTE", "PRIORITIES", "RECORD", "Removed", "SCHEMA_VERSION", "Task",
           "TaskDataError", "TaskList", "dump", "format_estimate", "load", "parse_estimate"]
