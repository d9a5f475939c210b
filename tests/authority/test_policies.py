"""Policies that explain themselves: which apply to a case, exceptions asked of their owners, answers with
reasons, escalation of overdue requests to the owner's manager, and the friction report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from frontline.authority import selectors, services, tasks
from frontline.authority.models import ExceptionRequest, ExceptionStatus, Policy
from frontline.cases import services as cases
from frontline.cases.models import Case, Category, Product
from frontline.core.errors import Conflict, PermissionDenied, ValidationFailed
from frontline.core.models import AuditEntry
from tests.conftest import Organisation


def make_policy(org: Organisation, title: str, constraint_class: str, *, owner: str = "operations", **extra: Any):
    values = {
        "title": title,
        "statement": f"{title}: the rule.",
        "reason": f"Why {title} exists.",
        "constraint_class": constraint_class,
        "owner_id": org.user(owner).pk,
        "review_on": dt.date(2027, 6, 1),
        **extra,
    }
    if constraint_class == "technical_workaround" and "workaround" not in values:
        values["workaround"] = "1. Open the billing console. 2. Apply the credit by hand."
    return services.create_policy(actor=None, **values)


@pytest.fixture
def rules(org: Organisation, product: Product, categories: dict[str, Category]) -> dict[str, Policy]:
    """One policy of each class, covering the case's product or category (the outage is under connectivity)."""
    return {
        "legal": make_policy(org, "Identity check before changes", "legal"),
        "profit": make_policy(
            org, "No refunds after 30 days", "profit_protection", category_ids=[categories["connectivity"].pk]
        ),
        "workaround": make_policy(
            org, "Credits only through billing", "technical_workaround", product_ids=[product.pk]
        ),
        "hard": make_policy(org, "Line tests need the modem online", "technical_hard"),
        "elsewhere": make_policy(org, "Roaming caps", "profit_protection", category_ids=[categories["billing"].pk]),
    }


def ask(org: Organisation, policy: Policy, case: Case, who: str = "agent", reason: str = "Loyal customer, outage week"):
    return services.request_exception(actor=org.user(who), policy_id=policy.pk, case_id=case.pk, reason=reason)


def test_the_case_shows_the_policies_that_cover_it_legal_first(org, case, rules) -> None:
    found = selectors.policies_for_case(actor=org.user("agent"), case_id=case.pk)

    assert [f.policy.title for f in found] == [
        "Identity check before changes",
        "No refunds after 30 days",
        "Credits only through billing",
        "Line tests need the modem online",
    ]
    may_ask = {f.policy.title: f.may_ask for f in found}
    assert may_ask == {
        "Identity check before changes": False,
        "No refunds after 30 days": True,
        "Credits only through billing": True,
        "Line tests need the modem online": False,
    }


def test_a_workaround_policy_needs_its_steps(org) -> None:
    with pytest.raises(ValidationFailed) as refused:
        make_policy(org, "Manual porting", "technical_workaround", workaround="  ")
    assert "workaround" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        make_policy(org, "Bad class", "whatever")
    assert "constraint_class" in refused.value.fields
    assert not Policy.objects.exists()


def test_only_admins_write_policies(org) -> None:
    with pytest.raises(PermissionDenied):
        services.create_policy(
            actor=org.user("supervisor"),
            title="x",
            statement="x",
            reason="x",
            constraint_class="legal",
            owner_id=org.user("admin").pk,
            review_on=dt.date(2027, 1, 1),
        )


def test_an_exception_goes_to_the_owner_with_a_deadline_and_an_email(
    org, case, rules, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(org, rules["profit"], case)

    assert request.status == ExceptionStatus.PENDING
    assert abs((request.due_at - timezone.now()) - dt.timedelta(hours=48)) < dt.timedelta(minutes=1)
    assert [m.to for m in mail.outbox] == [["operations@example.com"]]
    assert "No refunds after 30 days" in mail.outbox[0].subject
    assert tasks.notify_policy_owner.call(request_id=request.pk) is False  # a retried task sends nothing more
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("key", ["legal", "hard"])
def test_no_exception_to_a_law_or_a_hard_technical_limit(org, case, rules, key) -> None:
    with pytest.raises(Conflict):
        ask(org, rules[key], case)
    assert not ExceptionRequest.objects.exists()


def test_requests_that_make_no_sense_are_refused(org, case, rules) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ask(org, rules["elsewhere"], case)
    assert "policy_id" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        ask(org, rules["profit"], case, reason="   ")
    assert "reason" in refused.value.fields
    ask(org, rules["profit"], case)
    with pytest.raises(Conflict):
        ask(org, rules["profit"], case, who="agent2")
    with pytest.raises(Conflict):  # an owner asks nobody
        ask(org, make_policy(org, "Agent2's own rule", "profit_protection", owner="agent2"), case, who="agent2")
    with pytest.raises(PermissionDenied):
        ask(org, rules["workaround"], case, who="operations")
    assert ExceptionRequest.objects.count() == 1


def test_the_owner_grants_with_a_reason_and_the_agent_is_told(
    org, case, rules, django_capture_on_commit_callbacks
) -> None:
    request = ask(org, rules["profit"], case)
    with pytest.raises(ValidationFailed) as refused:
        services.decide_exception(actor=org.user("operations"), request_id=request.pk, grant=True, reason="")
    assert "reason" in refused.value.fields
    with pytest.raises(PermissionDenied):
        services.decide_exception(actor=org.user("supervisor"), request_id=request.pk, grant=True, reason="Fine")
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.decide_exception(
            actor=org.user("operations"), request_id=request.pk, grant=True, reason="Outage week: refund it."
        )

    assert decided.status == ExceptionStatus.GRANTED
    assert mail.outbox[-1].to == ["agent@example.com"]
    assert "Outage week: refund it." in mail.outbox[-1].body
    with pytest.raises(Conflict):
        services.decide_exception(actor=org.user("operations"), request_id=request.pk, grant=False, reason="No")
    found = selectors.policies_for_case(actor=org.user("agent"), case_id=case.pk)
    profit = next(f for f in found if f.policy.pk == rules["profit"].pk)
    assert profit.request.status == ExceptionStatus.GRANTED
    assert profit.may_ask  # answered: another can be asked


def test_an_overdue_request_escalates_once_to_the_owners_manager(org, case, rules) -> None:
    request = ask(org, rules["profit"], case)  # owned by operations, whose team the supervisor runs
    assert services.escalate(request_id=request.pk) is None  # not due yet
    ExceptionRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    sent = len(mail.outbox)

    assert tasks.escalate_exception.call(request_id=request.pk) is True
    assert tasks.escalate_exception.call(request_id=request.pk) is False  # retried: nothing more
    request.refresh_from_db()
    assert request.escalated_to == org.user("supervisor")
    assert [m.to for m in mail.outbox[sent:]] == [["supervisor@example.com"]]
    assert AuditEntry.objects.filter(action="exception.escalated").count() == 1
    decided = services.decide_exception(
        actor=org.user("supervisor"), request_id=request.pk, grant=False, reason="Refunds stay at 30 days."
    )
    assert decided.status == ExceptionStatus.REFUSED


def test_the_sweep_escalates_what_is_overdue_and_nothing_else(org, case, rules) -> None:
    late = ask(org, rules["profit"], case)
    on_time = ask(org, rules["workaround"], case)
    ExceptionRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))

    assert tasks.sweep()["exceptions_escalated"] == 1
    assert tasks.sweep()["exceptions_escalated"] == 0
    assert ExceptionRequest.objects.get(pk=on_time.pk).escalated_at is None


def test_the_escalation_is_scheduled_for_the_deadline_where_the_back_end_can_defer(
    org, case, rules, settings, django_capture_on_commit_callbacks
) -> None:
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(org, rules["profit"], case)
    queued = {result.task.name: result.task.run_after for result in task_backends["default"].results}
    assert queued == {"notify_policy_owner": None, "escalate_exception": request.due_at}


def test_a_policy_owner_sees_only_their_requests(org, case, rules, customer, product, categories) -> None:
    mine = ask(org, rules["profit"], case)
    other_owner = make_policy(org, "Admin's rule", "profit_protection", owner="admin")
    theirs = ask(org, other_owner, case)

    to_answer = selectors.list_exception_requests(actor=org.user("operations"), cursor=None, limit=50, to_answer=True)
    assert [r.pk for r in to_answer.items] == [mine.pk]
    asked = selectors.list_exception_requests(actor=org.user("agent"), cursor=None, limit=50)
    assert {r.pk for r in asked.items} == {mine.pk, theirs.pk}
    assert selectors.list_exception_requests(actor=org.user("agent2"), cursor=None, limit=50).items == []


def test_the_report_ranks_the_rules_that_cause_most_friction(org, case, rules, customer, product) -> None:
    other = cases.open_case(actor=None, customer_id=customer.pk, subject="Refund please", product_id=product.pk)
    cases.log_contact(actor=None, case_id=other.pk, channel="phone")
    cases.log_contact(actor=None, case_id=other.pk, channel="email")
    first = ask(org, rules["workaround"], case)
    ask(org, rules["workaround"], other)
    services.decide_exception(actor=org.user("operations"), request_id=first.pk, grant=True, reason="Yes")
    ask(org, rules["profit"], case)

    report = selectors.policy_report(actor=org.user("supervisor"))
    assert [row.policy.title for row in report] == ["Credits only through billing", "No refunds after 30 days"]
    top = report[0]
    assert (top.requests, top.granted, top.pending, top.cases, top.contacts) == (2, 1, 1, 2, 2)
    assert top.grant_rate == 1.0
    with pytest.raises(PermissionDenied):
        selectors.policy_report(actor=org.user("agent"))


def test_a_change_is_saved_and_audited_and_the_workaround_rule_holds(org, rules) -> None:
    policy = rules["profit"]
    services.update_policy(actor=None, policy_id=policy.pk, changes={"review_on": dt.date(2027, 9, 1)})
    policy.refresh_from_db()
    assert policy.review_on == dt.date(2027, 9, 1)
    assert AuditEntry.objects.filter(action="policy.updated", target_id=str(policy.pk)).exists()
    with pytest.raises(ValidationFailed) as refused:
        services.update_policy(actor=None, policy_id=policy.pk, changes={"constraint_class": "technical_workaround"})
    assert "workaround" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        services.update_policy(actor=None, policy_id=policy.pk, changes={"owner": 3})
    assert "owner" in refused.value.fields


def test_nobody_answers_their_own_request_not_even_after_escalation(org, case, rules) -> None:
    supervisors_rule = make_policy(org, "Supervisor's rule", "profit_protection", owner="agent2")
    request = ask(org, supervisors_rule, case, who="supervisor")  # agent2's manager is the supervisor
    ExceptionRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    escalated = services.escalate(request_id=request.pk)
    assert escalated.escalated_to is None  # not the requester: the admins
    with pytest.raises(PermissionDenied):
        services.decide_exception(actor=org.user("supervisor"), request_id=request.pk, grant=True, reason="Mine")
    to_answer = selectors.list_exception_requests(actor=org.user("admin"), cursor=None, limit=10, to_answer=True)
    assert [r.pk for r in to_answer.items] == [request.pk]
    services.decide_exception(actor=org.user("admin"), request_id=request.pk, grant=True, reason="Fine")


def test_a_failed_escalation_message_lets_the_next_run_escalate_again(org, case, rules, monkeypatch) -> None:
    request = ask(org, rules["profit"], case)
    ExceptionRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))

    def broken(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(tasks, "send_email_once", broken)
    with pytest.raises(OSError, match="mail server down"):
        tasks.escalate_exception.call(request_id=request.pk)
    assert ExceptionRequest.objects.get(pk=request.pk).escalated_at is None
    monkeypatch.undo()
    assert tasks.escalate_exception.call(request_id=request.pk) is True


def test_a_policy_that_no_longer_allows_exceptions_can_only_refuse(org, case, rules) -> None:
    request = ask(org, rules["profit"], case)
    services.update_policy(actor=None, policy_id=rules["profit"].pk, changes={"constraint_class": "legal"})
    with pytest.raises(Conflict):
        services.decide_exception(actor=org.user("operations"), request_id=request.pk, grant=True, reason="Yes")
    refused = services.decide_exception(actor=org.user("operations"), request_id=request.pk, grant=False, reason="No")
    assert refused.status == ExceptionStatus.REFUSED
