"""Gestures within authority, over it, flagged above the investigation threshold; approvals, reviews, reversals
and top-ups, with who may do each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from frontline.authority import budgets, services
from frontline.authority.models import (
    AuthorityProfile,
    Budget,
    Gesture,
    GestureStatus,
    LedgerEntry,
    LedgerKind,
    Period,
)
from frontline.cases.models import Case
from frontline.core.errors import Conflict, PermissionDenied, ValidationFailed
from frontline.core.models import AuditEntry
from tests.conftest import Organisation


def give(org: Organisation, case: Case, amount: str | None, *, who: str = "agent", kind: str = "account_credit"):
    return services.give_gesture(actor=org.user(who), case_id=case.pk, gesture_type=kind, amount=amount)


def balance(org: Organisation, who: str = "agent") -> Decimal:
    budget = Budget.objects.get(agent=org.agents[who])
    return budget.balance.amount


def test_a_gesture_within_limit_and_budget_is_given_at_once_and_charged(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "30.00")

    assert gesture.status == GestureStatus.GIVEN
    assert not gesture.is_flagged
    assert gesture.budget is not None and gesture.budget.agent == org.agents["agent"]
    assert balance(org) == Decimal("370.00")
    entries = list(LedgerEntry.objects.filter(budget=gesture.budget).values_list("kind", "amount", "balance_after"))
    assert entries == [
        (LedgerKind.ALLOCATION, Decimal("400.00"), Decimal("400.00")),
        (LedgerKind.GESTURE, Decimal("-30.00"), Decimal("370.00")),
    ]
    assert AuditEntry.objects.filter(action="gesture.given", target_id=str(gesture.pk)).exists()


def test_the_usual_value_is_given_when_no_amount_is_sent(org: Organisation, case: Case) -> None:
    gesture = give(org, case, None, kind="fee_waiver")
    assert gesture.amount == Decimal("15.00")


def test_above_the_investigation_threshold_it_is_given_but_flagged(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "40.00")

    assert gesture.status == GestureStatus.GIVEN
    assert gesture.is_flagged
    assert balance(org) == Decimal("360.00")


def test_over_the_per_gesture_limit_it_waits_for_approval_and_costs_nothing_yet(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "50.01")

    assert gesture.status == GestureStatus.AWAITING_APPROVAL
    assert gesture.approval_reason == "over_limit"
    assert gesture.budget is None
    assert balance(org) == Decimal("400.00")


def test_over_the_remaining_budget_it_waits_for_approval(org: Organisation, case: Case) -> None:
    for _ in range(8):
        assert give(org, case, "45.00").status == GestureStatus.GIVEN  # 360 spent, 40 left
    gesture = give(org, case, "45.00")

    assert gesture.status == GestureStatus.AWAITING_APPROVAL
    assert gesture.approval_reason == "over_budget"
    assert balance(org) == Decimal("40.00")


def test_an_agent_without_any_profile_needs_approval_for_everything(org: Organisation, case: Case) -> None:
    AuthorityProfile.objects.filter(role="agent").delete()
    gesture = give(org, case, "5.00")
    assert (gesture.status, gesture.approval_reason) == (GestureStatus.AWAITING_APPROVAL, "no_authority")


def test_the_most_specific_profile_applies(org: Organisation, case: Case) -> None:
    agent = org.agents["agent"]
    AuthorityProfile.objects.create(
        team=org.team, budget_amount="100", per_gesture_limit="80", investigation_threshold="70"
    )
    assert budgets.profile_for(agent).team_id == org.team.pk
    AuthorityProfile.objects.create(
        agent=agent, budget_amount="10", per_gesture_limit="10", investigation_threshold="5"
    )
    assert budgets.profile_for(agent).agent_id == agent.pk
    assert budgets.profile_for(org.agents["agent2"]).team_id == org.team.pk
    assert budgets.profile_for(org.agents["supervisor"]).team_id == org.team.pk  # the team's, before the role's


def test_non_monetary_gestures_cost_nothing_and_have_a_fixed_value(org: Organisation, case: Case) -> None:
    gesture = give(org, case, None, kind="call_back")
    assert (gesture.status, gesture.amount, gesture.budget) == (GestureStatus.GIVEN, Decimal("0.00"), None)
    with pytest.raises(ValidationFailed) as refused:
        give(org, case, "10.00", kind="useful_advice")
    assert "amount" in refused.value.fields


@pytest.mark.parametrize(
    ("kind", "amount", "field"),
    [
        ("account_credit", "abc", "amount"),
        ("account_credit", "-5", "amount"),
        ("account_credit", "0", "amount"),
        ("account_credit", "1e20", "amount"),
        ("account_credit", "NaN", "amount"),
        ("account_credit", "1000000.01", "amount"),
        ("gold_bars", "5", "gesture_type"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(org: Organisation, case: Case, kind, amount, field) -> None:
    before = (Gesture.objects.count(), LedgerEntry.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationFailed) as refused:
        give(org, case, amount, kind=kind)
    assert field in refused.value.fields
    assert (Gesture.objects.count(), LedgerEntry.objects.count(), AuditEntry.objects.count()) == before


def test_a_note_too_long_is_refused(org: Organisation, case: Case) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.give_gesture(
            actor=org.user("agent"), case_id=case.pk, gesture_type="fee_waiver", amount=None, note="x" * 501
        )
    assert "note" in refused.value.fields


def test_a_gesture_in_another_currency_than_the_budget_is_refused(org: Organisation, case: Case) -> None:
    AuthorityProfile.objects.filter(role="agent").update(currency="EUR")
    with pytest.raises(ValidationFailed) as refused:
        give(org, case, "5.00")
    assert "gesture_type" in refused.value.fields


def test_roles_that_do_not_serve_customers_cannot_give(org: Organisation, case: Case) -> None:
    for role in ("quality", "operations"):
        with pytest.raises(PermissionDenied):
            give(org, case, "5.00", who=role)


# --- approvals ------------------------------------------------------------------------------------------------


def test_the_supervisor_approves_and_the_gesture_comes_out_of_their_own_budget(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "120.00")
    approved = services.decide_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, approve=True)

    assert approved.status == GestureStatus.GIVEN
    assert approved.budget.agent == org.agents["supervisor"]
    assert balance(org, "supervisor") == Decimal("4880.00")
    assert balance(org) == Decimal("400.00")  # the agent's budget was not charged
    assert LedgerEntry.objects.filter(gesture=gesture, kind=LedgerKind.APPROVAL, amount=Decimal("-120.00")).exists()


def test_a_refusal_needs_a_reason_and_charges_nothing(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "120.00")
    with pytest.raises(ValidationFailed) as refused:
        services.decide_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, approve=False)
    assert "reason" in refused.value.fields
    decided = services.decide_gesture(
        actor=org.user("supervisor"), gesture_id=gesture.pk, approve=False, reason="A replacement is cheaper."
    )
    assert decided.status == GestureStatus.REFUSED
    assert not LedgerEntry.objects.filter(gesture=gesture).exists()


def test_an_agent_cannot_approve_not_even_a_colleagues(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "120.00", who="agent2")
    with pytest.raises(PermissionDenied):
        services.decide_gesture(actor=org.user("agent"), gesture_id=gesture.pk, approve=True)


def test_nobody_approves_their_own_gesture(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "600.00", who="supervisor")  # over the supervisor's own limit
    assert gesture.status == GestureStatus.AWAITING_APPROVAL
    with pytest.raises(PermissionDenied):
        services.decide_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, approve=True)
    approved = services.decide_gesture(actor=org.user("admin"), gesture_id=gesture.pk, approve=True)
    assert approved.budget.agent == org.agents["admin"]


def test_the_supervisor_of_another_team_cannot_approve(org: Organisation, case: Case, other_supervisor) -> None:
    gesture = give(org, case, "120.00")
    with pytest.raises(PermissionDenied):
        services.decide_gesture(actor=other_supervisor.user, gesture_id=gesture.pk, approve=True)


def test_an_approval_beyond_the_approvers_own_authority_is_refused_and_writes_nothing(
    org: Organisation, case: Case
) -> None:
    gesture = give(org, case, "600.00")
    before = LedgerEntry.objects.count()
    with pytest.raises(Conflict, match="over your own limit"):
        services.decide_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, approve=True)
    assert LedgerEntry.objects.count() == before
    gesture.refresh_from_db()
    assert gesture.status == GestureStatus.AWAITING_APPROVAL


def test_a_decided_gesture_cannot_be_decided_again(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "120.00")
    services.decide_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, approve=True)
    with pytest.raises(Conflict):
        services.decide_gesture(actor=org.user("admin"), gesture_id=gesture.pk, approve=True)
    assert LedgerEntry.objects.filter(gesture=gesture).count() == 1


# --- reviews, reversals and top-ups ---------------------------------------------------------------------------


def test_a_flagged_gesture_is_reviewed_once(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "40.00")
    reviewed = services.review_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, note="Outage week: fine.")
    assert reviewed.reviewed_at is not None
    with pytest.raises(Conflict):
        services.review_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk)
    with pytest.raises(Conflict):
        services.review_gesture(actor=org.user("supervisor"), gesture_id=give(org, case, "10.00").pk)


def test_a_reversal_returns_the_amount_to_the_budget_it_came_from(org: Organisation, case: Case) -> None:
    gesture = give(org, case, "30.00")
    with pytest.raises(PermissionDenied):
        services.reverse_gesture(actor=org.user("agent"), gesture_id=gesture.pk, reason="Mistake")
    reversed_ = services.reverse_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, reason="Wrong account")

    assert reversed_.status == GestureStatus.REVERSED
    assert balance(org) == Decimal("400.00")
    with pytest.raises(Conflict):
        services.reverse_gesture(actor=org.user("supervisor"), gesture_id=gesture.pk, reason="Again")
    assert balance(org) == Decimal("400.00")


def test_a_top_up_lets_the_agent_give_again(org: Organisation, case: Case, other_supervisor) -> None:
    for _ in range(8):
        give(org, case, "50.00")
    assert give(org, case, "10.00").status == GestureStatus.AWAITING_APPROVAL
    with pytest.raises(PermissionDenied):
        services.top_up_budget(actor=other_supervisor.user, agent_id=org.agents["agent"].pk, amount="50", reason="x")
    with pytest.raises(PermissionDenied):
        services.top_up_budget(actor=org.user("agent"), agent_id=org.agents["agent"].pk, amount="50", reason="x")
    with pytest.raises(ValidationFailed) as refused:
        services.top_up_budget(actor=org.user("supervisor"), agent_id=org.agents["agent"].pk, amount="-5", reason="")
    assert set(refused.value.fields) == {"amount", "reason"}
    services.top_up_budget(
        actor=org.user("supervisor"), agent_id=org.agents["agent"].pk, amount="100.00", reason="Outage week"
    )

    assert give(org, case, "10.00").status == GestureStatus.GIVEN
    assert balance(org) == Decimal("90.00")


def test_a_new_period_starts_with_a_fresh_allocation(org: Organisation, case: Case) -> None:
    give(org, case, "30.00")
    profile = budgets.profile_for(org.agents["agent"])
    next_month = timezone.now() + dt.timedelta(days=32)
    budget = budgets.locked_budget(org.agents["agent"], profile, now=next_month)
    assert budget.balance.amount == Decimal("400.00")
    assert Budget.objects.filter(agent=org.agents["agent"]).count() == 2


@pytest.mark.parametrize(
    ("period", "day", "start", "end"),
    [
        (Period.WEEK, dt.date(2026, 12, 3), dt.date(2026, 11, 30), dt.date(2026, 12, 7)),
        (Period.MONTH, dt.date(2026, 12, 31), dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
        (Period.QUARTER, dt.date(2026, 11, 15), dt.date(2026, 10, 1), dt.date(2027, 1, 1)),
        (Period.QUARTER, dt.date(2026, 3, 31), dt.date(2026, 1, 1), dt.date(2026, 4, 1)),
    ],
)
def test_period_bounds(period, day, start, end) -> None:
    assert budgets.period_bounds(period, day) == (start, end)


def test_the_database_refuses_an_overspent_budget_whatever_the_code_does(org: Organisation, case: Case) -> None:
    from django.db import IntegrityError, transaction

    give(org, case, "30.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        Budget.objects.filter(agent=org.agents["agent"]).update(spent_amount=Decimal("400.01"))


def test_the_database_refuses_to_change_or_remove_a_ledger_entry(org: Organisation, case: Case) -> None:
    from django.db import DatabaseError, transaction

    give(org, case, "30.00")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.update(amount=Decimal("0.00"))
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.count() == 2
