"""Plan my day (issue 13): place a day's tasks into the free time around its busy events.

Pure and deterministic: the same input gives the same plan, nothing reads a clock (the caller
passes ``now``) or the task list (the caller maps its tasks to ``PlanTask``), so the planner does
not change when the Task class grows fields.

Import rule: this package imports only the stdlib and ``daypane.core.model`` (for
``Occurrence``); never ``daypane.core.tasks``, a provider, or anything of the browser
(``tests/unit/test_import_rule.py`` checks the browser half of that for every core module).

- ``inputs``: the plain input and output values (``PlanTask``, ``WorkingHours``, ``Plan``...).
- ``busy``: which events block time (``is_busy``) and the day's busy spans.
- ``spans``: wall-clock times to instants on DST days, the 5-minute grid, interval arithmetic.
- ``planner``: ``plan_day``, ``next_working_day``, ``format_duration``.
"""

from daypane.core.planning.busy import is_busy
from daypane.core.planning.inputs import (
    PRIORITIES,
    Plan,
    PlannedBlock,
    PlanTask,
    Unplaced,
    WorkingHours,
)
from daypane.core.planning.planner import format_duration, next_working_day, plan_day

__all__ = [
    "PRIORITIES", "Plan", "PlannedBlock", "PlanTask", "Unplaced", "WorkingHours",
    "format_duration", "is_busy", "next_working_day", "plan_day",
]
