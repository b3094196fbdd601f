""""Plan my day" from the task list (core.tasks.plan): what is planned, and accepting as one change."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from daypane.core.planning import plan_day
from daypane.core.tasks.model import TaskList
from daypane.core.tasks.plan import accept, day_words, existing_blocks, move, to_plan, unaccept, unmove

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 3, 4)  # a Wednesday
NOW = datetime(2026, 3, 4, 8, 0, tzinfo=BERLIN)


def tasks() -> TaskList:
    return (TaskList()
            .add("Today's", id="a", created="", scheduled=TODAY, estimate_minutes=60)
            .add("Late", id="b", created="", scheduled=date(2026, 3, 2), priority="high")
            .add("Blocked", id="c", created="", scheduled=TODAY, start=time(9), duration_minutes=30)
            .add("Tomorrow's", id="d", created="", scheduled=date(2026, 3, 5))
            .add("Done", id="e", created="", scheduled=TODAY).toggle("e", True))


def test_today_plans_its_own_tasks_and_the_overdue_ones_but_not_blocks_done_or_other_days():
    assert [p.id for p in to_plan(tasks(), TODAY, TODAY)] == ["a", "b"]
    assert [p.id for p in to_plan(tasks(), date(2026, 3, 5), TODAY)] == ["d"]  # another day: no overdue


def test_accepting_places_every_block_around_the_existing_one_and_undo_takes_them_back():
    plan = plan_day(to_plan(tasks(), TODAY, TODAY), day=TODAY, tz=BERLIN, now=NOW,
                    existing_blocks=existing_blocks(tasks(), TODAY, BERLIN))
    accepted = accept(tasks(), plan)
    placed = {t.id: (t.start, t.duration_minutes) for t in accepted.tasks if t.has_block}
    assert placed["c"] == (time(9), 30)                      # existing blocks stay put
    assert placed["b"] == (time(9, 35), 30)                  # high priority first, after the buffer
    assert placed["a"] == (time(10, 10), 60)
    undone = unaccept(accepted, plan)
    assert {t.id for t in undone.tasks if t.has_block} == {"c"}
    assert next(t for t in undone.tasks if t.id == "b").scheduled == date(2026, 3, 4)


def test_a_late_task_scheduled_for_a_later_day_is_not_planned_today():
    later = TaskList().add("Late but moved", id="m", created="", due=date(2026, 3, 1), scheduled=date(2026, 3, 5))
    assert to_plan(later, TODAY, TODAY) == []
    assert [p.id for p in to_plan(later, date(2026, 3, 5), TODAY)] == ["m"]


def test_moving_to_the_next_working_day_is_one_change_and_undo_restores_each_day():
    thursday = date(2026, 3, 5)
    moved, before = move(tasks(), ["a", "b", "c", "e"], thursday)
    assert before == {"a": TODAY, "b": date(2026, 3, 2)}         # the block and the done task stay
    assert {t.id: t.scheduled for t in moved.tasks if t.id in "ab"} == {"a": thursday, "b": thursday}
    assert [p.id for p in to_plan(moved, TODAY, TODAY)] == []     # nothing left to plan today
    assert unmove(moved, before, thursday) == tasks()
    assert day_words(thursday) == "Thursday 5 March"


def test_undo_leaves_a_task_moved_again_since():
    moved, before = move(tasks(), ["a"], date(2026, 3, 5))
    again = moved.schedule("a", date(2026, 3, 9))
    assert next(t for t in unmove(again, before, date(2026, 3, 5)).tasks if t.id == "a").scheduled == date(2026, 3, 9)
