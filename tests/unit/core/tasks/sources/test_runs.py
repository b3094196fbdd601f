"""Syncs of one source never overlap, and what is asked for while one runs is run after it, with
the force asked for (a forced request must not become an unforced one)."""

from daypane.core.tasks.sources.runs import Runs


def test_a_source_syncs_once_at_a_time_and_another_source_is_not_held_up():
    runs = Runs()
    assert runs.start("caldav", force=False) is True
    assert runs.start("caldav", force=False) is False
    assert runs.start("todo", force=False) is True


def test_a_forced_request_during_a_sync_runs_forced_after_it():
    # The failing offline push is still running when the user presses "Refresh calendars".
    runs = Runs()
    runs.start("caldav", force=False)
    runs.start("caldav", force=True)
    runs.start("caldav", force=False)  # a later unforced request does not weaken it
    assert runs.finish("caldav") is True
    assert runs.start("caldav", force=True) is True
    assert runs.finish("caldav") is None  # nothing waited: nothing more runs


def test_requests_during_a_sync_are_coalesced_into_one_unforced_run():
    runs = Runs()
    runs.start("google", force=True)
    runs.start("google", force=False)
    runs.start("google", force=False)
    assert runs.finish("google") is False
    assert runs.finish("google") is None
