"""Routine or not: judged against the most similar past cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from frontline.assist import engine
from frontline.authority import routine, services
from frontline.authority.models import GestureStatus, GestureType
from frontline.core.errors import ValidationFailed
from tests.assist.casebase import Base
from tests.conftest import Organisation


@pytest.fixture
def credited(org: Organisation, base: Base) -> Base:
    """Every past firmware case (the open case's closest kind) got a credit of 20 or 25."""
    for number, past in enumerate(base.cases["firmware"]):
        services.give_gesture(
            actor=org.user("agent2"),
            case_id=past.pk,
            gesture_type="account_credit",
            amount="20.00" if number % 2 else "25.00",
            non_routine_reason="setting up",
        )
    engine.build()
    return base


def judge(org: Organisation, base: Base, code: str, amount: str):
    kind = GestureType.objects.get(code=code)
    return routine.judge(actor=org.user("agent"), case_id=base.open_case.pk, gesture_type=kind, amount=Decimal(amount))


def test_a_gesture_similar_cases_commonly_got_is_routine(org: Organisation, credited: Base) -> None:
    found = judge(org, credited, "account_credit", "25.00")
    assert found.is_routine is True
    assert found.basis["with_type"] == 6
    assert found.basis["usual_amount"] == "22.50"
    assert found.explanation.startswith("Routine: 6 of the ")


def test_a_bigger_one_or_another_type_is_not(org: Organisation, credited: Base) -> None:
    assert judge(org, credited, "account_credit", "40.00").is_routine is False  # over 1.25 x the usual 22.50
    assert judge(org, credited, "fee_waiver", "15.00").is_routine is False


def test_a_non_routine_gesture_needs_a_reason_and_goes_first_in_the_queue(org: Organisation, credited: Base) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.give_gesture(actor=org.user("agent"), case_id=credited.open_case.pk, gesture_type="fee_waiver")
    assert "non_routine_reason" in refused.value.fields
    assert "Not routine" in refused.value.fields["non_routine_reason"][0]
    odd = services.give_gesture(
        actor=org.user("agent"),
        case_id=credited.open_case.pk,
        gesture_type="replacement",
        non_routine_reason="The router burnt out",
    )
    usual = services.give_gesture(
        actor=org.user("agent"),
        case_id=credited.open_case.pk,
        gesture_type="account_credit",
        amount="49.00",
        non_routine_reason="A big one",
    )
    plain = services.give_gesture(
        actor=org.user("agent"),
        case_id=credited.open_case.pk,
        gesture_type="account_credit",
        amount="45.00",
        non_routine_reason="Flagged",
    )
    assert (odd.is_routine, odd.review_rank, odd.status) == (False, 0, GestureStatus.AWAITING_APPROVAL)
    assert usual.is_routine is False
    from frontline.authority import selectors

    queue = selectors.review_queue(actor=org.user("supervisor"), cursor=None, limit=10).items
    assert queue[0] == odd
    assert plain in queue  # flagged above the threshold, awaiting a look


def test_while_the_index_is_built_routine_is_unknown_and_no_reason_is_asked(org: Organisation, case) -> None:
    gesture = services.give_gesture(actor=org.user("agent"), case_id=case.pk, gesture_type="fee_waiver")
    assert (gesture.is_routine, gesture.review_rank) == (None, 1)
