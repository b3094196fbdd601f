"""The task outbox: one entry per task, newer changes folded in by the table in outbox.py, retries
on a fixed backoff, and the `task-outbox` record, which is never lost nor overwritten when damaged
and keeps both tabs' changes when they add at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from daypane.core.records import RecordUnreadable, Records
from tests.unit.core.test_tabs import SlowStore
from daypane.core.store import Disk, MemoryStore
from daypane.core.tasks.sources.outbox import OUTBOX, Base, Outbox, Pending, backoff
from daypane.core.tasks.task import Task

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
BASE = Base("/dav/work/t1.ics", '"etag-1"', "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
OLD = Task("t1", "Write report", home="work")
NEW = Task("t1", "Write the report", home="work", due=date(2026, 3, 9))
T0, T1 = "2026-03-05T08:00:00+00:00", "2026-03-05T08:30:00+00:00"


def create(task=OLD, made=T0) -> Pending:
    return Pending(task.id, task.home, "create", task, None, made)


def update(task=NEW, base=BASE, made=T1) -> Pending:
    return Pending(task.id, task.home, "update", task, base, made)


def delete(task_id="t1", base=BASE, made=T1) -> Pending:
    return Pending(task_id, "work", "delete", None, base, made)


# --- folding a new change into the pending one: one test per row of the table ------------------

def test_create_then_update_is_a_create_of_the_new_task():
    assert Outbox().add(create()).add(update()).items == (create(NEW),)


def test_create_then_delete_leaves_nothing_pending():
    assert Outbox().add(create()).add(delete()).items == ()


def test_update_then_update_keeps_the_original_base_and_time():
    first = update(OLD, base=BASE, made=T0)
    later = update(NEW, base=Base("/dav/work/t1.ics", '"etag-2"', "newer"), made=T1)
    assert Outbox().add(first).add(later).items == (update(NEW, base=BASE, made=T0),)


def test_update_then_delete_is_a_delete_on_the_original_base():
    first = update(OLD, base=BASE, made=T0)
    assert Outbox().add(first).add(delete(base=None)).items == (delete(base=BASE, made=T0),)


def test_delete_then_create_is_an_update_on_the_deletes_base():
    assert Outbox().add(delete(made=T0)).add(create(NEW, made=T1)).items == (update(NEW, BASE, made=T0),)


@pytest.mark.parametrize("first, then", [
    (create(), create(NEW, made=T1)),
    (update(made=T0), create(NEW, made=T1)),
    (delete(made=T0), update(made=T1)),
    (delete(made=T0), delete(base=None, made=T1)),
])
def test_any_other_pair_is_replaced_by_the_new_change(first, then):
    assert Outbox().add(first).add(then).items == (then,)


def test_a_new_change_clears_a_refusal_or_a_failure():
    refused = Outbox().add(update(made=T0)).refuse("t1", "The server refused it.")
    failing = Outbox().add(update(made=T0)).failed("t1", NOW, "offline")
    for outbox in (refused, failing):
        pending = outbox.add(update(OLD)).get("t1")
        assert (pending.attempts, pending.next_try, pending.error, pending.refused) == (0, "", "", "")
        assert pending.task == OLD and pending.made == T0


def test_changes_to_other_tasks_are_kept_apart_in_the_order_made():
    other = create(Task("t2", "Call bank", home="home"), made=T1)
    outbox = Outbox().add(create()).add(other).add(update())
    assert [p.task_id for p in outbox.items] == ["t1", "t2"]  # the folded create keeps its place
    assert outbox.get("t2") == other and outbox.get("t3") is None


# --- the server's answers ----------------------------------------------------------------------

def test_backoff_doubles_from_30_seconds_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in range(1, 10)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert backoff(1000) == timedelta(hours=1)
    assert backoff(0) == timedelta(0)


def test_failed_counts_attempts_and_waits_longer_each_time():
    outbox = Outbox().add(update()).failed("t1", NOW, "The server did not answer.")
    assert outbox.get("t1").attempts == 1 and outbox.get("t1").error == "The server did not answer."
    assert outbox.get("t1").next_try == (NOW + timedelta(seconds=30)).isoformat()
    again = outbox.failed("t1", NOW, "Still down.").get("t1")
    assert again.attempts == 2 and again.next_try == (NOW + timedelta(minutes=1)).isoformat()


def test_done_refuse_retry_and_discard():
    outbox = Outbox().add(update())
    assert outbox.done("t1").items == () and outbox.discard("t1").items == ()
    refused = outbox.failed("t1", NOW, "offline").refuse("t1", "The list is read-only now.")
    assert refused.refused_items() == (refused.get("t1"),) and refused.get("t1").error == "offline"
    assert refused.retry("t1").get("t1") == update()
    for answer in (lambda o: o.done("x"), lambda o: o.failed("x", NOW, "e"), lambda o: o.refuse("x", "m"),
                   lambda o: o.retry("x"), lambda o: o.discard("x")):
        assert answer(outbox) == outbox  # a change discarded meanwhile (another tab): nothing to do


def test_a_change_made_while_one_was_being_sent_is_kept_on_the_new_item():
    sent = create()
    outbox = Outbox().add(sent).add(update())  # the user edited it while the create was on its way
    at = Base("/dav/work/t1.ics", '"etag-9"', "accepted")
    assert outbox.done("t1", sent=sent, at=at).items == (update(NEW, at, made=T0),)
    assert outbox.done("t1", sent=outbox.get("t1"), at=at).items == ()
    gone = Outbox().add(delete(made=T0))
    again = gone.add(create(NEW, made=T1))  # deleted, then undone while the delete was sent
    assert again.done("t1", sent=gone.get("t1"), at=None).items == (create(NEW, made=T0),)


def test_due_respects_next_try_refusals_and_homes():
    other = create(Task("t2", "Call bank", home="home"), made=T1)
    third = create(Task("t3", "Book trip", home="home"), made=T1)
    outbox = Outbox().add(update(made=T0)).add(other).add(third).failed("t1", NOW, "offline").refuse("t3", "no")
    assert outbox.due(NOW) == (other,)
    assert outbox.due(NOW + timedelta(seconds=30)) == (outbox.get("t1"), other)
    assert outbox.due(NOW + timedelta(hours=1), homes=["work"]) == (outbox.get("t1"),)
    assert outbox.due(NOW, homes=[]) == ()


@pytest.mark.parametrize("bad", [
    dict(op="move"), dict(task=None), dict(op="create"), dict(attempts=-1), dict(next_try="soon"),
    dict(task_id=""), dict(error=None), dict(task=Task("t1", "x", estimate_minutes=-5)),
])
def test_a_change_is_checked_when_made(bad):
    with pytest.raises((TypeError, ValueError)):
        Pending(**{**update().__dict__, **bad})


def test_an_outbox_holds_one_change_per_task():
    with pytest.raises(ValueError):
        Outbox((update(), update(OLD)))


# --- the stored record -------------------------------------------------------------------------

def full() -> Outbox:
    task = Task("t2", "Call bank", home="home", parent="t9", done=True, completed="2026-03-05T10:00:00Z")
    return (Outbox().add(update(made=T0)).add(create(task, made=T1)).add(delete("t3", made=T1))
            .failed("t1", NOW, "offline").refuse("t3", "The list is read-only now."))


def test_the_outbox_round_trips_through_records():
    store = MemoryStore()
    asyncio.run(Records(store).put(OUTBOX, full()))
    stored = store.get("task-outbox")
    assert stored["version"] == 1 and [item["op"] for item in stored["items"]] == ["update", "create", "delete"]
    assert stored["items"][0]["base"] == {"href": BASE.href, "etag": BASE.etag, "ics": BASE.ics}
    assert stored["items"][2]["task"] is None and stored["items"][1]["base"] is None
    assert stored["items"][0]["nextTry"] == (NOW + timedelta(seconds=30)).isoformat()
    assert Records(MemoryStore({"task-outbox": stored})).get(OUTBOX) == full()
    assert Records(MemoryStore()).get(OUTBOX) == Outbox()


def damaged(**change) -> dict:
    stored = OUTBOX.encode(full())
    stored["items"][0] = {**stored["items"][0], **change}
    return stored


@pytest.mark.parametrize("stored", [
    damaged(op="move"), damaged(attempts="3"), damaged(attempts=True), damaged(taskId=None),
    damaged(nextTry="later"), damaged(base={"href": "/x"}), damaged(base="etag"), damaged(task=None),
    damaged(task={"id": "t1", "title": "x", "due": "soon"}), damaged(refused=None),
    {**OUTBOX.encode(full()), "items": {"t1": {}}}, {"version": 1}, {"version": 2, "items": []},
    {**OUTBOX.encode(full()), "items": [*OUTBOX.encode(full())["items"], OUTBOX.encode(full())["items"][0]]},
])
def test_a_damaged_outbox_is_reported_and_never_overwritten(stored):
    store = MemoryStore({"task-outbox": stored})
    records = Records(store)
    assert records.get(OUTBOX) == Outbox()
    assert not records.readable(OUTBOX) and records.unreadable["task-outbox"]
    with pytest.raises(RecordUnreadable):
        asyncio.run(records.put(OUTBOX, Outbox().add(create())))
    with pytest.raises(RecordUnreadable):
        asyncio.run(records.update(OUTBOX, lambda outbox: outbox.add(create())))
    assert store.get("task-outbox") is stored


def test_two_tabs_adding_at_once_both_keep_their_change():
    disk = Disk()
    tabs = [Records(SlowStore(disk=disk)), Records(SlowStore(disk=disk))]
    first, second = create(), create(Task("t2", "Call bank", home="home"), made=T1)

    async def both():
        await asyncio.gather(tabs[0].update(OUTBOX, lambda outbox: outbox.add(first)),
                             tabs[1].update(OUTBOX, lambda outbox: outbox.add(second)))
    asyncio.run(both())
    assert set(Records(MemoryStore(disk=disk)).get(OUTBOX).items) == {first, second}
