"""Events reach their handlers only after the transaction commits, and a failing handler does not undo it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from frontline.core import events


@dataclass(frozen=True)
class Pinged:
    value: int


def test_handlers_run_after_commit_and_not_after_rollback(db, monkeypatch, django_capture_on_commit_callbacks):
    heard: list[int] = []
    monkeypatch.setattr(events, "_handlers", lambda: {Pinged: [lambda event: heard.append(event.value)]})

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            events.publish(Pinged(1))
        assert heard == []
    assert heard == [1]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                events.publish(Pinged(2))
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert heard == [1]


def test_a_failing_handler_does_not_stop_the_others(db, monkeypatch, django_capture_on_commit_callbacks):
    heard: list[str] = []

    def broken(event: Pinged) -> None:
        raise ValueError("down")

    monkeypatch.setattr(events, "_handlers", lambda: {Pinged: [broken, lambda event: heard.append("second")]})
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.publish(Pinged(3))
    assert heard == ["second"]


def test_the_wiring_table_names_real_handlers():
    from frontline.cases.events import CaseReassigned
    from frontline.wiring import HANDLERS

    assert all(callable(handler) for handlers in HANDLERS.values() for handler in handlers)
    assert CaseReassigned in HANDLERS
