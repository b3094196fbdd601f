"""Properties of every plan, over generated days (DST changes and weekends included), events,
kept blocks, tasks and nows: nothing overlaps anything busy, everything is inside working hours
and after now, every task is placed or unplaced exactly once, and the same input gives the same
plan. Derandomized with a fixed example count, so CI runs the same cases every time, in seconds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from daypane.core.model import Occurrence
from daypane.core.planning import PRIORITIES, PlanTask, WorkingHours, is_busy, plan_day
from daypane.core.planning.planner import MIN_PIECE_MINUTES
from daypane.core.planning.spans import ceil_grid

# derandomize: the same examples on every run (no flaky CI); database=None: no .hypothesis/.
CHECK = settings(max_examples=200, deadline=None, derandomize=True, database=None)

ZONES = [ZoneInfo(name) for name in ("Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata")]
DAYS = [date(2026, 3, 30), date(2026, 3, 29), date(2026, 10, 25), date(2026, 11, 1), date(2026, 4, 4)]
MINUTE = timedelta(minutes=1)


def clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@st.composite
def working_hours(draw, day: date):
    """Only the planned day's hours matter, so only they are drawn (drawing is the slow part)."""
    if draw(st.integers(0, 5)) == 0:
        hours = None
    else:
        start = draw(st.integers(0, 20 * 60))
        hours = (clock(start), clock(draw(st.integers(start + 1, 24 * 60 - 1))))
    days = [(time(9), time(17))] * 7
    days[day.weekday()] = hours
    return WorkingHours(tuple(days))


KINDS = [(show_as, status) for show_as in ("busy", "free", "tentative", "oof", "workingElsewhere", "unknown")
         for status in ("confirmed", "tentative", "cancelled")]


@st.composite
def scenarios(draw):
    tz = draw(st.sampled_from(ZONES))
    day = draw(st.sampled_from(DAYS))
    midnight = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)

    def moment(low=-8 * 60, high=32 * 60) -> datetime:
        return (midnight + draw(st.integers(low, high)) * MINUTE).astimezone(tz)

    events = []
    for index in range(draw(st.integers(0, 12))):
        show_as, status = draw(st.sampled_from(KINDS))
        if draw(st.integers(0, 5)) == 0:
            first = day + timedelta(days=draw(st.integers(-2, 1)))
            start, end = first, first + timedelta(days=draw(st.integers(0, 3)))
        else:
            start = moment()
            end = start + draw(st.integers(0, 3 * 60)) * MINUTE
        events.append(Occurrence("c", f"e{index}", f"E{index}", start, end, status=status, show_as=show_as))
    kept = []
    for _ in range(draw(st.integers(0, 3))):
        start = moment()
        kept.append((start, start + draw(st.integers(1, 180)) * MINUTE))
    dues = st.none() | st.sampled_from([day - timedelta(days=3), day, day + timedelta(days=2)])
    tasks = [
        PlanTask(f"t{index}", f"Task {index}", draw(st.none() | st.integers(0, 300)),
                 draw(st.sampled_from(PRIORITIES)), draw(dues), draw(st.integers(0, 4)))
        for index in range(draw(st.integers(0, 12)))
    ]
    return dict(
        tasks=tasks, day=day, tz=tz, now=moment(-12 * 60, 26 * 60) if draw(st.integers(0, 4)) == 0 else moment(-12 * 60, 12 * 60), events=events,
        existing_blocks=kept, hours=draw(working_hours(day)), buffer_minutes=draw(st.integers(0, 20)),
        split=draw(st.booleans()),
    )


def spans_of(blocks):
    return [(b.start.astimezone(UTC), b.end.astimezone(UTC)) for b in blocks]


def busy_of(case):
    """The busy spans, computed here on their own (not with the planner's helpers)."""
    tz = case["tz"]
    for occ in case["events"]:
        if not is_busy(occ):
            continue
        if occ.all_day:
            last = max(occ.end, occ.start + timedelta(days=1))
            yield (datetime.combine(occ.start, time(0), tzinfo=tz).astimezone(UTC),
                   datetime.combine(last, time(0), tzinfo=tz).astimezone(UTC))
        elif occ.start < occ.end:
            yield occ.start.astimezone(UTC), occ.end.astimezone(UTC)


def apart(a, b, gap: timedelta) -> bool:
    return a[1] + gap <= b[0] or b[1] + gap <= a[0]


def check_no_block_touches_a_busy_event_a_kept_block_or_another_block(case, result):
    """Every block keeps the buffer from busy events, kept blocks and every other block."""
    gap = timedelta(minutes=case["buffer_minutes"])
    blocks = spans_of(result.blocks)
    others = list(busy_of(case)) + [(s.astimezone(UTC), e.astimezone(UTC)) for s, e in case["existing_blocks"]]
    for index, block in enumerate(blocks):
        assert all(apart(block, other, gap) for other in others)
        assert all(apart(block, other, gap) for other in blocks[index + 1:])


def check_every_block_is_inside_working_hours_and_not_before_now(case, result):
    """Blocks lie in the day's working hours, start at or after now and on the 5-minute grid."""
    hours = case["hours"].on(case["day"])
    blocks = spans_of(result.blocks)
    if hours is None:
        assert blocks == []
        return
    open_, close = (datetime.combine(case["day"], t, tzinfo=case["tz"]).astimezone(UTC) for t in hours)
    for start, end in blocks:
        assert open_ <= start < end <= close
        assert start >= case["now"]
        assert ceil_grid(start) == start


def check_every_task_is_placed_or_unplaced_exactly_once_for_its_whole_length(case, result):
    """No task is lost or doubled; without split a task is one block; blocks add up to the estimate;
    no piece is shorter than 15 minutes unless the task is."""
    placed: dict[str, timedelta] = {}
    for block, (start, end) in zip(result.blocks, spans_of(result.blocks)):
        placed[block.task_id] = placed.get(block.task_id, timedelta(0)) + (end - start)
    unplaced = [u.task_id for u in result.unplaced]
    assert len(set(unplaced)) == len(unplaced) and not set(unplaced) & set(placed)
    assert sorted(list(placed) + unplaced) == sorted(t.id for t in case["tasks"])
    if not case["split"]:
        assert len(result.blocks) == len(placed)
    estimates = {task.id: (task.estimate_minutes or 30) * MINUTE for task in case["tasks"]}
    for task in case["tasks"]:
        if task.id in placed:
            assert placed[task.id] == estimates[task.id]
    # Split pieces are never slivers: each at least MIN_PIECE_MINUTES (or the whole task).
    for block, (start, end) in zip(result.blocks, spans_of(result.blocks)):
        assert end - start >= min(MIN_PIECE_MINUTES * MINUTE, estimates[block.task_id])


def check_the_same_input_gives_the_same_plan_in_any_task_order(case, result):
    """Deterministic: planning again, or with the tasks passed reversed, changes nothing."""
    assert plan_day(**case) == result
    assert plan_day(**{**case, "tasks": list(reversed(case["tasks"]))}) == result


# One generated case feeds every property: drawing a case costs far more than planning it, so
# one test with 200 cases keeps the suite quick where four tests would draw 800.
@CHECK
@given(scenarios())
def test_plans_keep_every_property(case):
    """Each generated plan is checked against every property above."""
    result = plan_day(**case)
    check_no_block_touches_a_busy_event_a_kept_block_or_another_block(case, result)
    check_every_block_is_inside_working_hours_and_not_before_now(case, result)
    check_every_task_is_placed_or_unplaced_exactly_once_for_its_whole_length(case, result)
    check_the_same_input_gives_the_same_plan_in_any_task_order(case, result)
