"""Authority over HTTP: gesture types, budgets and their ledgers, gestures, approvals, reviews and reversals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from frontline.authority import selectors, services
from frontline.authority.models import Budget, Gesture, GestureStatus, GestureType, LedgerEntry
from frontline.core.api_support import (
    Id,
    IdempotencyKey,
    Input,
    Page,
    PageQuery,
    create_idempotently,
    page_of,
    responses,
)

router = Router(tags=["authority"])

AmountText = Field(..., description="A decimal string such as '25.00'; never a float.", examples=["25.00"])


class GestureTypeOut(Schema):
    code: str
    name: str
    is_monetary: bool
    value_amount: Decimal
    value_currency: str


@router.get("/authority/gesture-types", response=responses({200: list[GestureTypeOut]}), summary="List gesture types")
def list_gesture_types(request: HttpRequest) -> list[GestureType]:
    return selectors.gesture_types(actor=request.user)


class ProfileOut(Schema):
    holder: str
    period: str
    currency: str
    budget_amount: Decimal
    per_gesture_limit: Decimal
    investigation_threshold: Decimal


class CurrentBudgetOut(Schema):
    agent_id: int
    agent: str
    profile: ProfileOut | None
    budget_id: int | None
    period_start: str | None
    period_end: str | None
    total: str | None
    spent: str | None
    balance: str | None


def _current(view: selectors.BudgetView) -> dict[str, Any]:
    return {
        "agent_id": view.agent.pk,
        "agent": view.agent.display_name,
        "profile": view.profile,
        "budget_id": view.budget.pk if view.budget else None,
        "period_start": view.period_start,
        "period_end": view.period_end,
        "total": view.total and str(view.total.amount),
        "spent": view.spent and str(view.spent.amount),
        "balance": view.balance and str(view.balance.amount),
    }


@router.get("/authority/budgets/me", response=responses({200: CurrentBudgetOut}), summary="My authority and budget now")
def my_budget(request: HttpRequest) -> dict[str, Any]:
    return _current(selectors.my_budget(actor=request.user))


@router.get(
    "/authority/agents/{agent_id}/budget",
    response=responses({200: CurrentBudgetOut}),
    summary="An agent's authority and budget now",
)
def agent_budget(request: HttpRequest, agent_id: Id) -> dict[str, Any]:
    return _current(selectors.current_budget(actor=request.user, agent_id=agent_id))


class BudgetOut(Schema):
    id: int
    agent_id: int
    period_start: dt.date
    period_end: dt.date
    currency: str
    allocated_amount: Decimal
    topped_up_amount: Decimal
    spent_amount: Decimal
    balance: str

    @staticmethod
    def resolve_balance(budget: Budget) -> str:
        return str(budget.balance.amount)


class BudgetFilters(PageQuery):
    agent_id: Id | None = None
    team_id: Id | None = None


@router.get("/authority/budgets", response=responses({200: Page[BudgetOut]}), summary="List budgets by period")
def list_budgets(request: HttpRequest, filters: Query[BudgetFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_budgets(
            actor=request.user,
            cursor=filters.cursor,
            limit=filters.limit,
            agent_id=filters.agent_id,
            team_id=filters.team_id,
        )
    )


class LedgerEntryOut(Schema):
    id: int
    kind: str
    amount: Decimal
    balance_after: Decimal
    gesture_id: int | None
    actor: str | None
    reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_actor(entry: LedgerEntry) -> str | None:
        return entry.actor.get_username() if entry.actor else None


@router.get(
    "/authority/budgets/{budget_id}/ledger",
    response=responses({200: Page[LedgerEntryOut]}),
    summary="A budget's ledger, oldest first",
)
def budget_ledger(request: HttpRequest, budget_id: Id, page: Query[PageQuery]) -> dict[str, Any]:
    return page_of(selectors.ledger(actor=request.user, budget_id=budget_id, cursor=page.cursor, limit=page.limit))


class TopUpIn(Input):
    amount: str = AmountText
    reason: str = Field(..., max_length=500)


@router.post(
    "/authority/agents/{agent_id}/budget/top-ups",
    response=responses({201: BudgetOut}),
    summary="Top up an agent's budget for this period",
)
def top_up(request: HttpRequest, agent_id: Id, payload: TopUpIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.top_up_budget(actor=request.user, agent_id=agent_id, **payload.model_dump()),
        output=BudgetOut,
    )


class GestureOut(Schema):
    id: int
    case_id: int
    customer_id: int
    gesture_type: str
    amount: Decimal
    currency: str
    note: str
    given_by_id: int
    status: str
    approval_reason: str
    budget_id: int | None
    is_flagged: bool
    reviewed_at: dt.datetime | None
    review_note: str
    is_routine: bool | None
    routine_basis: dict[str, Any]
    non_routine_reason: str
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str
    reversed_at: dt.datetime | None
    reversal_reason: str
    created_at: dt.datetime

    @staticmethod
    def resolve_gesture_type(gesture: Gesture) -> str:
        return gesture.gesture_type.code

    @staticmethod
    def resolve_decided_by(gesture: Gesture) -> str | None:
        return gesture.decided_by.get_username() if gesture.decided_by else None


class GestureIn(Input):
    case_id: Id
    gesture_type: str = Field(..., max_length=40, description="A gesture type's code, such as account_credit.")
    amount: str | None = Field(
        None, description="A decimal string; leave out for the type's usual value (non-monetary types are fixed)."
    )
    note: str = Field("", max_length=500)
    non_routine_reason: str = Field(
        "", max_length=500, description="Needed when similar past cases did not commonly get this gesture."
    )


@router.post(
    "/authority/gestures",
    response=responses({201: GestureOut}),
    summary="Give a gesture (at once within authority, else it awaits approval)",
)
def give_gesture(request: HttpRequest, payload: GestureIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.give_gesture(actor=request.user, **payload.model_dump()),
        output=GestureOut,
    )


class GestureFilters(PageQuery):
    case_id: Id | None = None
    agent_id: Id | None = None
    status: GestureStatus | None = None


@router.get("/authority/gestures", response=responses({200: Page[GestureOut]}), summary="List gestures")
def list_gestures(request: HttpRequest, filters: Query[GestureFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_gestures(
            actor=request.user,
            cursor=filters.cursor,
            limit=filters.limit,
            case_id=filters.case_id,
            agent_id=filters.agent_id,
            status=filters.status,
        )
    )


@router.get(
    "/authority/gestures/review-queue",
    response=responses({200: Page[GestureOut]}),
    summary="Gestures awaiting my approval or review, non-routine first",
)
def review_queue(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return page_of(selectors.review_queue(actor=request.user, cursor=page.cursor, limit=page.limit))


@router.get("/authority/gestures/{gesture_id}", response=responses({200: GestureOut}), summary="Read a gesture")
def get_gesture(request: HttpRequest, gesture_id: Id) -> Gesture:
    return selectors.get_gesture(actor=request.user, gesture_id=gesture_id)


class DecisionIn(Input):
    approve: bool
    reason: str = Field("", max_length=500, description="Needed when refusing.")


@router.post(
    "/authority/gestures/{gesture_id}/decision",
    response=responses({200: GestureOut}),
    summary="Approve or refuse a gesture over an agent's authority",
)
def decide(request: HttpRequest, gesture_id: Id, payload: DecisionIn) -> Gesture:
    with transaction.atomic():
        return services.decide_gesture(actor=request.user, gesture_id=gesture_id, **payload.model_dump())


class ReviewIn(Input):
    note: str = Field("", max_length=500)


@router.post(
    "/authority/gestures/{gesture_id}/review",
    response=responses({200: GestureOut}),
    summary="Mark a flagged gesture as looked at",
)
def review(request: HttpRequest, gesture_id: Id, payload: ReviewIn) -> Gesture:
    with transaction.atomic():
        return services.review_gesture(actor=request.user, gesture_id=gesture_id, note=payload.note)


class ReversalIn(Input):
    reason: str = Field(..., max_length=500)


@router.post(
    "/authority/gestures/{gesture_id}/reversal",
    response=responses({200: GestureOut}),
    summary="Reverse a given gesture; its amount returns to its budget",
)
def reverse(request: HttpRequest, gesture_id: Id, payload: ReversalIn) -> Gesture:
    with transaction.atomic():
        return services.reverse_gesture(actor=request.user, gesture_id=gesture_id, reason=payload.reason)
