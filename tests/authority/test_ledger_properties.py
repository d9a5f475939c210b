"""The ledger's sums under any sequence of gestures, approvals, refusals, reversals and top-ups: each budget's
figures are the sum of its entries, every entry carries the running balance, nothing is ever overspent, and
the balances are those of a plain model of the rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontline.authority import services
from frontline.authority.models import Budget, Gesture, GestureStatus
from frontline.cases.models import Case
from frontline.core.errors import DomainError
from tests.conftest import Organisation

LIMIT, BUDGET = Decimal("50.00"), Decimal("400.00")
SUPERVISOR_LIMIT, SUPERVISOR_BUDGET = Decimal("500.00"), Decimal("5000.00")

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("700"), places=2)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("give"), st.sampled_from(["agent", "agent2"]), amounts),
        st.tuples(st.just("approve"), st.integers(0, 30)),
        st.tuples(st.just("refuse"), st.integers(0, 30)),
        st.tuples(st.just("reverse"), st.integers(0, 30)),
        st.tuples(st.just("top_up"), st.sampled_from(["agent", "agent2"]), amounts),
    ),
    max_size=30,
)


class Rollback(Exception):
    """Undoes one example's writes."""


def _check_ledger() -> None:
    for budget in Budget.objects.all():
        running = Decimal(0)
        for amount, balance_after in budget.entries.order_by("id").values_list("amount", "balance_after"):
            running += amount
            assert balance_after == running
            assert running >= 0
        assert running == budget.balance.amount >= 0
        charged = sum(
            Gesture.objects.filter(budget=budget, status=GestureStatus.GIVEN).values_list("amount", flat=True),
            Decimal(0),
        )
        assert budget.spent_amount == charged


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=steps)
def test_the_ledger_always_adds_up(org: Organisation, case: Case, sequence) -> None:
    model = {"agent": BUDGET, "agent2": BUDGET, "supervisor": SUPERVISOR_BUDGET}
    gestures: list[tuple[int, str, Decimal]] = []  # id, who pays now, amount
    try:
        with transaction.atomic():
            for step in sequence:
                try:
                    with transaction.atomic():  # as an entry point does: a refused step writes nothing
                        _apply(step, org, case, model, gestures)
                except DomainError:
                    pass
                _check_ledger()
            for who, expected in model.items():
                budget = Budget.objects.filter(agent=org.agents[who]).first()
                assert (budget.balance.amount if budget else BUDGET if who != "supervisor" else SUPERVISOR_BUDGET) == (
                    expected
                )
            raise Rollback
    except Rollback:
        pass


def _apply(step, org: Organisation, case: Case, model: dict[str, Decimal], gestures: list) -> None:
    kind = step[0]
    if kind == "give":
        _, who, amount = step
        gesture = services.give_gesture(
            actor=org.user(who), case_id=case.pk, gesture_type="account_credit", amount=amount, non_routine_reason="x"
        )
        if amount <= LIMIT and amount <= model[who]:
            assert gesture.status == GestureStatus.GIVEN
            model[who] -= amount
            gestures.append((gesture.pk, who, amount))
        else:
            assert gesture.status == GestureStatus.AWAITING_APPROVAL
            gestures.append((gesture.pk, "", amount))
        return
    if kind == "top_up":
        _, who, amount = step
        services.top_up_budget(actor=org.user("supervisor"), agent_id=org.agents[who].pk, amount=amount, reason="r")
        model[who] += amount
        return
    _, index = step
    if not gestures:
        return
    gesture_id, payer, amount = gestures[index % len(gestures)]
    status = Gesture.objects.get(pk=gesture_id).status
    supervisor = org.user("supervisor")
    if kind == "approve":
        fits = amount <= SUPERVISOR_LIMIT and amount <= model["supervisor"]
        if status != GestureStatus.AWAITING_APPROVAL or not fits:
            with pytest.raises(DomainError):
                services.decide_gesture(actor=supervisor, gesture_id=gesture_id, approve=True)
            return
        services.decide_gesture(actor=supervisor, gesture_id=gesture_id, approve=True)
        model["supervisor"] -= amount
        gestures[index % len(gestures)] = (gesture_id, "supervisor", amount)
    elif kind == "refuse":
        services.decide_gesture(actor=supervisor, gesture_id=gesture_id, approve=False, reason="No")
    else:
        services.reverse_gesture(actor=supervisor, gesture_id=gesture_id, reason="Back")
        model[payer] += amount
