"""The small step now (from similar cases that ended well), budget use by agent and team, and gestures against
outcomes with honest intervals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from frontline.assist import engine
from frontline.assist import services as assist
from frontline.authority import selectors, services
from frontline.cases import services as cases
from frontline.core.errors import PermissionDenied
from tests.assist.casebase import Base
from tests.conftest import Organisation


def credit(org: Organisation, case_id: int, amount: str = "20.00", kind: str = "account_credit"):
    return services.give_gesture(
        actor=org.user("agent2"), case_id=case_id, gesture_type=kind, amount=amount, non_routine_reason="test"
    )


def test_the_small_step_is_what_satisfied_customers_with_similar_cases(org: Organisation, base: Base) -> None:
    firmware = base.cases["firmware"]
    for number, past in enumerate(firmware):
        credit(org, past.pk, "20.00" if number < 5 else "30.00")
        assist.record_outcome(actor=None, case_id=past.pk, satisfied=number < 4)
    for past in base.cases["fault"][:3]:  # a waiver after faults left customers unhappy
        credit(org, past.pk, kind="fee_waiver", amount=None)
        assist.record_outcome(actor=None, case_id=past.pk, satisfied=False)
    engine.build()

    step = selectors.immediate_step(actor=org.user("agent"), case_id=base.open_case.pk)

    assert step is not None
    assert step.gesture_type.code == "account_credit"
    assert (step.satisfied, step.of, step.amount, step.needs_approval) == (4, 6, Decimal("20.00"), False)


def test_the_step_is_brought_within_the_agents_authority(org: Organisation, base: Base) -> None:
    for past in base.cases["firmware"]:
        credit(org, past.pk, "45.00")
        assist.record_outcome(actor=None, case_id=past.pk, satisfied=True)
    services.give_gesture(
        actor=org.user("agent"), case_id=base.open_case.pk, gesture_type="account_credit", amount="50"
    )
    for _ in range(7):  # 350 + 50 = 400 spent... leave 20
        services.give_gesture(
            actor=org.user("agent"), case_id=base.open_case.pk, gesture_type="account_credit", amount="47.50"
        )
    engine.build()
    step = selectors.immediate_step(actor=org.user("agent"), case_id=base.open_case.pk)
    assert (step.usual_amount, step.amount, step.is_reduced) == (Decimal("45.00"), Decimal("17.50"), True)


def test_no_step_when_nothing_helped(org: Organisation, base: Base) -> None:
    for past in base.cases["firmware"][:3]:
        credit(org, past.pk)
        assist.record_outcome(actor=None, case_id=past.pk, satisfied=False)
    engine.build()
    assert selectors.immediate_step(actor=org.user("agent"), case_id=base.open_case.pk) is None


def test_budget_use_by_agent_and_team(org: Organisation, case, other_supervisor) -> None:
    services.give_gesture(actor=org.user("agent"), case_id=case.pk, gesture_type="account_credit", amount="40")
    services.give_gesture(actor=org.user("agent"), case_id=case.pk, gesture_type="replacement")

    teams = selectors.budget_use(actor=org.user("supervisor"))
    assert [t.team for t in teams] == ["Broadband support"]
    mine = {use.view.agent.user.username: use for use in teams[0].agents}
    agent = mine["agent"]
    assert (agent.view.spent.amount, agent.given, agent.awaiting, agent.flagged) == (Decimal("40.00"), 1, 1, 1)
    assert agent.used_share == pytest.approx(0.1)
    assert teams[0].spent == Decimal("40.00")
    assert selectors.budget_use(actor=other_supervisor.user)[0].team == "Mobile support"
    assert [u.view.agent.user.username for t in selectors.budget_use(actor=org.user("agent2")) for u in t.agents] == [
        "agent2"
    ]


def test_gestures_against_outcomes_with_counts_and_intervals(org: Organisation, customer, product, categories) -> None:
    def ended(satisfied: bool, retained: bool, with_credit: bool, category: str = "outage"):
        made = cases.open_case(
            actor=None,
            customer_id=customer.pk,
            subject="Outage",
            product_id=product.pk,
            category_id=categories[category].pk,
            opened_at=timezone.now() - dt.timedelta(days=20),
        )
        if with_credit:
            credit(org, made.pk, "10.00")
        cases.resolve_case(actor=None, case_id=made.pk, resolution="Fixed", root_cause="Line fault")
        assist.record_outcome(actor=None, case_id=made.pk, satisfied=satisfied, retained=retained)

    for number in range(12):
        ended(satisfied=number < 10, retained=True, with_credit=True)  # 10 of 12 satisfied
    for number in range(15):
        ended(satisfied=number < 6, retained=number < 12, with_credit=False)  # 6 of 15
    for _ in range(5):
        ended(satisfied=False, retained=False, with_credit=False, category="billing")  # not similar: left out

    satisfied, retained = selectors.gestures_against_outcomes(actor=org.user("quality"), days=90)
    assert (satisfied.with_step.k, satisfied.with_step.n, satisfied.without_step.k, satisfied.without_step.n) == (
        10,
        12,
        6,
        15,
    )
    assert satisfied.difference.value == pytest.approx(10 / 12 - 6 / 15)
    assert satisfied.difference.low < satisfied.difference.value < satisfied.difference.high
    assert satisfied.difference.is_clear
    assert (retained.with_step.k, retained.without_step.k) == (12, 12)
    assert not retained.difference.is_clear
    with pytest.raises(PermissionDenied):
        selectors.gestures_against_outcomes(actor=org.user("agent"))


def test_too_few_cases_say_so(org: Organisation, case) -> None:
    credit(org, case.pk)
    cases.resolve_case(actor=None, case_id=case.pk, resolution="Fixed", root_cause="Line fault")
    assist.record_outcome(actor=None, case_id=case.pk, satisfied=True)
    satisfied, _ = selectors.gestures_against_outcomes(actor=org.user("supervisor"))
    assert (satisfied.with_step.n, satisfied.difference) == (1, None)
