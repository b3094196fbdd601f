"""Which sign-in answers connect Microsoft To Do: only the answer to "Connect Microsoft To Do"
(its state) that carries the permission. Two sign-ins can overlap (Connect Outlook, then Connect
Microsoft To Do before the first was taken in), so nothing else may decide it."""

from daypane.core.tasks.sources.todo.api import ASKED, connects


def test_the_answer_to_connect_to_do_with_the_permission_connects_it():
    assert connects(ASKED, ("User.Read", "Calendars.Read", "Tasks.ReadWrite"))


def test_an_outlook_sign_in_connects_no_to_do_even_when_an_administrator_granted_it():
    assert not connects("", ("User.Read", "Calendars.Read", "Tasks.ReadWrite"))


def test_connect_to_do_refused_the_permission_connects_nothing():
    assert not connects(ASKED, ("User.Read", "Calendars.Read"))


def test_another_state_is_not_to_dos():
    assert not connects("daypane-todo-other", ("Tasks.ReadWrite",))
