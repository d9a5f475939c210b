"""Routine or not: did the past cases most like this one commonly get a gesture of this type and size?

A routine gesture is one the front line gives again and again for the same problem; a non-routine one is an
exception worth a word of explanation and a supervisor's look first.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from frontline.assist import selectors as assist
from frontline.authority.models import Gesture, GestureStatus, GestureType
from frontline.core.permissions import Actor

SIMILAR_CASES = 20  # the nearest past cases looked at
COMMON_SHARE = 0.25  # "commonly": at least this share of them got a gesture of the type...
COMMON_COUNT = 2  # ...and at least this many
SIZE_MARGIN = Decimal("1.25")  # "of the same size": at most this multiple of what they usually got


@dataclass(frozen=True)
class Judgement:
    """Whether a gesture is routine (None when it cannot be told yet) and what the judgement rests on."""

    is_routine: bool | None
    basis: dict[str, Any] = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        """The judgement in a sentence."""
        basis = self.basis
        if self.is_routine is None:
            return "Cannot tell yet whether this is routine: the similar-case index is still being built."
        if not basis.get("similar"):
            return "Not routine: no similar past case exists (a new problem)."
        given = f"{basis['with_type']} of the {basis['similar']} most similar past cases got this gesture"
        if basis.get("usual_amount") is not None:
            given += f", usually {basis['usual_amount']}"
        return ("Routine: " if self.is_routine else "Not routine: ") + given + "."


def judge(*, actor: Actor, case_id: int, gesture_type: GestureType, amount: Decimal) -> Judgement:
    """Judge a gesture of `gesture_type` worth `amount` on case `case_id` against its most similar past cases."""
    neighbours = assist.neighbours_of_case(actor=actor, case_id=case_id, k=SIMILAR_CASES)
    if not neighbours.ready:
        return Judgement(is_routine=None)
    similar = neighbours.case_ids
    given = (
        Gesture.objects.filter(case_id__in=similar, gesture_type=gesture_type, status=GestureStatus.GIVEN)
        .values_list("case_id", "amount")
        .order_by("case_id")
    )
    amounts: dict[int, Decimal] = {}
    for case_id_, given_amount in given:
        amounts[case_id_] = max(given_amount, amounts.get(case_id_, Decimal(0)))
    with_type = len(amounts)
    usual = Decimal(statistics.median(amounts.values())).quantize(Decimal("0.01")) if amounts else None
    is_common = bool(similar) and with_type >= COMMON_COUNT and with_type >= COMMON_SHARE * len(similar)
    is_same_size = not gesture_type.is_monetary or (usual is not None and amount <= usual * SIZE_MARGIN)
    basis = {
        "similar": len(similar),
        "with_type": with_type,
        "usual_amount": str(usual) if usual is not None and gesture_type.is_monetary else None,
        "case_ids": sorted(amounts)[:SIMILAR_CASES],
    }
    return Judgement(is_routine=is_common and is_same_size, basis=basis)
