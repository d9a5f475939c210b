"""The fix later: follow-ups with an owner and a due time, one reminder and one escalation however often the
tasks run, closing only with a root cause and a prevention, the customer told, and the root-cause report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from frontline.authority import selectors, services, tasks
from frontline.authority.models import FollowUp, FollowUpStatus, RootCause
from frontline.cases import services as cases
from frontline.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.conftest import Organisation


def promise(org: Organisation, case, *, hours: float = 48, notify_by: str = "email", owner: str = "agent"):
    return services.schedule_follow_up(
        actor=org.user("agent"),
        case_id=case.pk,
        title="Replace the street cabinet card",
        owner_id=org.agents[owner].pk,
        due_at=timezone.now() + dt.timedelta(hours=hours),
        notify_by=notify_by,
    )


def at(follow_up: FollowUp, **changes) -> FollowUp:
    """The fix as if promised three days ago, with `changes`."""
    FollowUp.objects.filter(pk=follow_up.pk).update(created_at=timezone.now() - dt.timedelta(days=3), **changes)
    follow_up.refresh_from_db()
    return follow_up


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"owner_id": 999_999}, "owner_id"),
        ({"due_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)}, "due_at"),
        ({"due_at": dt.datetime(2030, 1, 1)}, "due_at"),  # noqa: DTZ001 - naive on purpose
        ({"notify_by": "pigeon"}, "notify_by"),
    ],
)
def test_a_promise_needs_what_who_when_and_how(org, case, changes, field) -> None:
    values = {
        "case_id": case.pk,
        "title": "Fix it",
        "owner_id": org.agents["agent"].pk,
        "due_at": timezone.now() + dt.timedelta(days=1),
        "notify_by": "email",
        **changes,
    }
    with pytest.raises(ValidationFailed) as refused:
        services.schedule_follow_up(actor=org.user("agent"), **values)
    assert field in refused.value.fields
    assert not FollowUp.objects.exists()


def test_the_reminder_goes_once_and_not_before_its_time(org, case) -> None:
    follow_up = promise(org, case, hours=48)
    assert services.reminder_time(follow_up) == follow_up.due_at - dt.timedelta(hours=24)
    assert tasks.remind_follow_up.call(follow_up_id=follow_up.pk) is False  # too early
    at(follow_up, due_at=timezone.now() + dt.timedelta(hours=2))

    assert tasks.remind_follow_up.call(follow_up_id=follow_up.pk) is True
    assert tasks.remind_follow_up.call(follow_up_id=follow_up.pk) is False  # a retried task
    assert [m.to for m in mail.outbox] == [["agent@example.com"]]
    assert "Replace the street cabinet card" in mail.outbox[0].subject


def test_a_failed_send_lets_the_retry_remind(org, case, monkeypatch) -> None:
    follow_up = at(promise(org, case), due_at=timezone.now() + dt.timedelta(hours=1))

    def broken(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_email_once", broken)
    with pytest.raises(OSError, match="mail server down"):
        tasks.remind_follow_up.call(follow_up_id=follow_up.pk)
    assert FollowUp.objects.get(pk=follow_up.pk).reminder_sent_at is None
    monkeypatch.undo()
    assert tasks.remind_follow_up.call(follow_up_id=follow_up.pk) is True


def test_a_late_fix_goes_to_the_owners_supervisor_once(org, case) -> None:
    follow_up = promise(org, case)
    assert tasks.escalate_follow_up.call(follow_up_id=follow_up.pk) is False  # not late yet
    at(follow_up, due_at=timezone.now() - dt.timedelta(minutes=5))

    assert tasks.escalate_follow_up.call(follow_up_id=follow_up.pk) is True
    assert tasks.escalate_follow_up.call(follow_up_id=follow_up.pk) is False
    assert [m.to for m in mail.outbox] == [["supervisor@example.com"]]


def test_the_sweep_does_what_is_due_once(org, case) -> None:
    soon = at(promise(org, case), due_at=timezone.now() + dt.timedelta(hours=3))
    late = at(promise(org, case), due_at=timezone.now() - dt.timedelta(hours=1))
    promise(org, case, hours=72)

    assert tasks.sweep() == {"exceptions_escalated": 0, "follow_up_reminders": 2, "follow_ups_escalated": 1}
    assert tasks.sweep() == {"exceptions_escalated": 0, "follow_up_reminders": 0, "follow_ups_escalated": 0}
    assert FollowUp.objects.get(pk=soon.pk).escalated_at is None
    assert FollowUp.objects.get(pk=late.pk).escalated_at is not None


def test_the_reminder_and_escalation_are_scheduled_where_the_back_end_can_defer(
    org, case, settings, django_capture_on_commit_callbacks
) -> None:
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = promise(org, case, hours=48)
    queued = {result.task.name: result.task.run_after for result in task_backends["default"].results}
    assert queued == {
        "remind_follow_up": follow_up.due_at - dt.timedelta(hours=24),
        "escalate_follow_up": follow_up.due_at,
    }


def test_a_fix_cannot_close_without_a_root_cause_and_a_prevention(org, case) -> None:
    follow_up = promise(org, case)
    close = services.complete_follow_up
    with pytest.raises(ValidationFailed) as refused:
        close(actor=org.user("agent"), follow_up_id=follow_up.pk)
    assert set(refused.value.fields) == {"root_cause_id", "prevention"}
    with pytest.raises(ValidationFailed) as refused:
        close(actor=org.user("agent"), follow_up_id=follow_up.pk, new_root_cause="Faulty card", prevention="")
    assert set(refused.value.fields) == {"prevention"}
    with pytest.raises(ValidationFailed) as refused:
        close(
            actor=org.user("agent"),
            follow_up_id=follow_up.pk,
            new_root_cause="Faulty card",
            prevention="Checked all cards",
            cannot_prevent_reason="Hardware fails",
        )
    assert "prevention" in refused.value.fields
    assert FollowUp.objects.get(pk=follow_up.pk).status == FollowUpStatus.OPEN
    assert not RootCause.objects.exists()


def test_closing_names_the_cause_tells_the_customer_and_cannot_be_repeated(
    org, case, django_capture_on_commit_callbacks
) -> None:
    follow_up = promise(org, case)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.complete_follow_up(
            actor=org.user("agent"),
            follow_up_id=follow_up.pk,
            new_root_cause="Faulty line card",
            prevention="Cabinet cards are now tested monthly.",
        )
    assert done.status == FollowUpStatus.DONE
    assert done.root_cause.name == "Faulty line card"
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert "Cabinet cards are now tested monthly." in mail.outbox[0].body
    assert tasks.notify_customer_of_fix.call(follow_up_id=follow_up.pk) is False
    with pytest.raises(Conflict):
        services.complete_follow_up(
            actor=org.user("agent"), follow_up_id=follow_up.pk, root_cause_id=done.root_cause_id, prevention="Again"
        )
    other = promise(org, case)
    again = services.complete_follow_up(
        actor=org.user("agent"),
        follow_up_id=other.pk,
        new_root_cause="faulty LINE card",  # the same cause, named again
        cannot_prevent_reason="Lightning strikes cannot be prevented.",
    )
    assert again.root_cause_id == done.root_cause_id


def test_a_customer_who_wants_a_call_gets_one_from_the_owner(org, case, django_capture_on_commit_callbacks) -> None:
    follow_up = promise(org, case, notify_by="phone")
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_follow_up(
            actor=org.user("agent"), follow_up_id=follow_up.pk, new_root_cause="Billing rule", prevention="Rule fixed"
        )
    assert [m.to for m in mail.outbox] == [["agent@example.com"]]
    assert "+14165550199" in mail.outbox[0].body


def test_who_may_close_a_fix(org, case, other_supervisor) -> None:
    follow_up = promise(org, case)
    for who in (org.user("agent2"), org.user("quality"), other_supervisor.user):
        with pytest.raises(PermissionDenied):
            services.complete_follow_up(actor=who, follow_up_id=follow_up.pk, new_root_cause="x", prevention="y")
    services.complete_follow_up(
        actor=org.user("supervisor"), follow_up_id=follow_up.pk, new_root_cause="x", prevention="y"
    )


def test_the_database_refuses_a_done_fix_without_a_cause(org, case) -> None:
    from django.db import IntegrityError, transaction

    follow_up = promise(org, case)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).update(status=FollowUpStatus.DONE, completed_at=timezone.now())


def test_the_root_cause_report_ranks_by_cases_cost_and_repeat_contacts_with_trend(org, customer, product) -> None:
    def case_with(cause: str, days_ago: int, contacts: int, credit: str | None = None):
        made = cases.open_case(
            actor=None,
            customer_id=customer.pk,
            subject=f"{cause} case",
            product_id=product.pk,
            opened_at=timezone.now() - dt.timedelta(days=days_ago),
        )
        for _ in range(contacts):
            cases.log_contact(actor=None, case_id=made.pk, channel="phone")
        if credit:
            services.give_gesture(
                actor=org.user("agent"),
                case_id=made.pk,
                gesture_type="account_credit",
                amount=credit,
                non_routine_reason="test",
            )
        return cases.resolve_case(actor=None, case_id=made.pk, resolution="Done", root_cause=cause)

    services.create_root_cause(actor=None, name="Faulty line card")
    services.create_root_cause(actor=None, name="Billing rule")
    for _ in range(3):
        case_with("Faulty line card", 10, contacts=2, credit="20.00")
    case_with("Faulty line card", 100, contacts=1)
    case_with("Billing rule", 5, contacts=3)
    case_with("Billing rule", 120, contacts=1)
    case_with("Billing rule", 130, contacts=1)

    report = selectors.root_cause_report(actor=org.user("supervisor"), days=90)
    assert [row.root_cause.name for row in report] == ["Faulty line card", "Billing rule"]
    card, billing = report
    assert (card.cases, card.previous_cases, card.gestures, card.gesture_value, card.repeat_contacts) == (
        3,
        1,
        3,
        Decimal("60.00"),
        3,
    )
    assert card.trend_percent == 200
    assert (billing.cases, billing.previous_cases, billing.repeat_contacts, billing.trend_percent) == (1, 2, 2, -50)
    with pytest.raises(PermissionDenied):
        selectors.root_cause_report(actor=org.user("agent"))


def test_a_fix_links_its_case_to_a_cause_the_resolution_does_not_name(
    org, case, django_capture_on_commit_callbacks
) -> None:
    cases.log_contact(actor=None, case_id=case.pk, channel="phone")
    cases.log_contact(actor=None, case_id=case.pk, channel="email")
    services.give_gesture(
        actor=org.user("agent"), case_id=case.pk, gesture_type="account_credit", amount="30", non_routine_reason="x"
    )
    follow_up = promise(org, case)
    services.complete_follow_up(
        actor=org.user("agent"), follow_up_id=follow_up.pk, new_root_cause="Faulty line card", prevention="Tested"
    )
    cases.resolve_case(actor=None, case_id=case.pk, resolution="Card replaced", root_cause="Hardware")

    (row,) = selectors.root_cause_report(actor=org.user("supervisor"), days=30)
    assert row.root_cause.name == "Faulty line card"
    assert (row.cases, row.gestures, row.gesture_value, row.repeat_contacts, row.prevented) == (
        1,
        1,
        Decimal("30.00"),
        1,
        1,
    )
