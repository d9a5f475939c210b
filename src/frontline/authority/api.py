"""Authority over HTTP: gesture types, budgets and their ledgers, gestures, approvals, reviews and reversals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from frontline.authority import selectors, services
from frontline.authority.models import (
    Budget,
    ConstraintClass,
    ExceptionRequest,
    ExceptionStatus,
    FollowUp,
    FollowUpStatus,
    Gesture,
    GestureStatus,
    GestureType,
    LedgerEntry,
    NotifyBy,
    Policy,
    RootCause,
)
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
from frontline.core.errors import ValidationFailed

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


# --- policies and exception requests --------------------------------------------------------------------------


class PolicyOut(Schema):
    id: int
    title: str
    statement: str
    reason: str
    constraint_class: str
    allows_exceptions: bool
    workaround: str
    owner_id: int
    owner: str
    product_ids: list[int]
    category_ids: list[int]
    review_on: dt.date
    response_hours: int
    is_active: bool

    @staticmethod
    def resolve_owner(policy: Policy) -> str:
        return policy.owner.get_full_name() or policy.owner.get_username()

    @staticmethod
    def resolve_product_ids(policy: Policy) -> list[int]:
        return sorted(p.pk for p in policy.products.all())

    @staticmethod
    def resolve_category_ids(policy: Policy) -> list[int]:
        return sorted(c.pk for c in policy.categories.all())


class PolicyIn(Input):
    title: str = Field(..., min_length=1, max_length=160)
    statement: str = Field(..., min_length=1, max_length=20_000)
    reason: str = Field(..., min_length=1, max_length=20_000, description="Why the rule exists, in plain words.")
    constraint_class: ConstraintClass
    owner_id: Id
    review_on: dt.date
    workaround: str = Field("", max_length=20_000, description="Needed for technical_workaround.")
    response_hours: int = Field(48, ge=1, le=24 * 365)
    product_ids: list[Id] = Field([], max_length=1000)
    category_ids: list[Id] = Field([], max_length=1000)
    is_active: bool = True


class PolicyPatch(Input):
    title: str | None = Field(None, min_length=1, max_length=160)
    statement: str | None = Field(None, min_length=1, max_length=20_000)
    reason: str | None = Field(None, min_length=1, max_length=20_000)
    constraint_class: ConstraintClass | None = None
    owner_id: Id | None = None
    review_on: dt.date | None = None
    workaround: str | None = Field(None, max_length=20_000)
    response_hours: int | None = Field(None, ge=1, le=24 * 365)
    product_ids: list[Id] | None = Field(None, max_length=1000)
    category_ids: list[Id] | None = Field(None, max_length=1000)
    is_active: bool | None = None


class PolicyFilters(PageQuery):
    owner_id: Id | None = None
    is_active: bool | None = None


@router.get("/authority/policies", response=responses({200: Page[PolicyOut]}), summary="List policies")
def list_policies(request: HttpRequest, filters: Query[PolicyFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_policies(
            actor=request.user,
            cursor=filters.cursor,
            limit=filters.limit,
            owner_id=filters.owner_id,
            is_active=filters.is_active,
        )
    )


@router.post("/authority/policies", response=responses({201: PolicyOut}), summary="Write down a policy")
def create_policy(request: HttpRequest, payload: PolicyIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_policy(actor=request.user, **payload.model_dump()),
        output=PolicyOut,
    )


@router.get("/authority/policies/{policy_id}", response=responses({200: PolicyOut}), summary="Read a policy")
def get_policy(request: HttpRequest, policy_id: Id) -> Policy:
    return selectors.get_policy(actor=request.user, policy_id=policy_id)


@router.patch("/authority/policies/{policy_id}", response=responses({200: PolicyOut}), summary="Change a policy")
def update_policy(request: HttpRequest, policy_id: Id, payload: PolicyPatch) -> Policy:
    changes = payload.model_dump(exclude_unset=True)
    nulls = [name for name, value in changes.items() if value is None]
    if nulls:
        raise ValidationFailed({name: ["This field cannot be null."] for name in nulls})
    with transaction.atomic():
        services.update_policy(actor=request.user, policy_id=policy_id, changes=changes)
    return selectors.get_policy(actor=request.user, policy_id=policy_id)


class ExceptionRequestOut(Schema):
    id: int
    policy_id: int
    case_id: int
    requested_by: str
    reason: str
    status: str
    due_at: dt.datetime
    is_overdue: bool
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str
    escalated_at: dt.datetime | None
    escalated_to: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_requested_by(request: ExceptionRequest) -> str:
        return request.requested_by.get_username()

    @staticmethod
    def resolve_decided_by(request: ExceptionRequest) -> str | None:
        return request.decided_by.get_username() if request.decided_by else None

    @staticmethod
    def resolve_escalated_to(request: ExceptionRequest) -> str | None:
        return request.escalated_to.get_username() if request.escalated_to else None


class CasePolicyOut(Schema):
    policy: PolicyOut
    may_ask_for_exception: bool
    latest_request: ExceptionRequestOut | None


@router.get(
    "/authority/cases/{case_id}/policies",
    response=responses({200: list[CasePolicyOut]}),
    summary="The policies that cover a case, with why, who decided and any exception asked",
)
def case_policies(request: HttpRequest, case_id: Id) -> list[dict[str, Any]]:
    return [
        {"policy": found.policy, "may_ask_for_exception": found.may_ask, "latest_request": found.request}
        for found in selectors.policies_for_case(actor=request.user, case_id=case_id)
    ]


class ExceptionRequestIn(Input):
    policy_id: Id
    case_id: Id
    reason: str = Field(..., max_length=2000)


@router.post(
    "/authority/exception-requests",
    response=responses({201: ExceptionRequestOut}),
    summary="Ask a policy's owner for an exception on a case",
)
def request_exception(
    request: HttpRequest, payload: ExceptionRequestIn, idempotency_key: str | None = IdempotencyKey
) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.request_exception(actor=request.user, **payload.model_dump()),
        output=ExceptionRequestOut,
    )


class ExceptionFilters(PageQuery):
    to_answer: bool = Field(False, description="Only those I may answer (my policies, and those escalated to me).")
    status: ExceptionStatus | None = None


@router.get(
    "/authority/exception-requests",
    response=responses({200: Page[ExceptionRequestOut]}),
    summary="Exception requests I asked, own or may answer",
)
def list_exception_requests(request: HttpRequest, filters: Query[ExceptionFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_exception_requests(
            actor=request.user,
            cursor=filters.cursor,
            limit=filters.limit,
            to_answer=filters.to_answer,
            status=filters.status,
        )
    )


@router.get(
    "/authority/exception-requests/{request_id}",
    response=responses({200: ExceptionRequestOut}),
    summary="Read an exception request",
)
def get_exception_request(request: HttpRequest, request_id: Id) -> ExceptionRequest:
    return selectors.get_exception_request(actor=request.user, request_id=request_id)


class ExceptionDecisionIn(Input):
    grant: bool
    reason: str = Field(..., max_length=2000)


@router.post(
    "/authority/exception-requests/{request_id}/decision",
    response=responses({200: ExceptionRequestOut}),
    summary="Grant or refuse an exception, with a reason",
)
def decide_exception(request: HttpRequest, request_id: Id, payload: ExceptionDecisionIn) -> ExceptionRequest:
    with transaction.atomic():
        return services.decide_exception(actor=request.user, request_id=request_id, **payload.model_dump())


class PolicyFrictionOut(Schema):
    policy_id: int
    title: str
    constraint_class: str
    owner: str
    requests: int
    granted: int
    refused: int
    pending: int
    overdue: int
    grant_rate: float | None
    cases: int
    contacts: int
    gestures: int
    gesture_value: Decimal


class PolicyReportQuery(Input):
    days: int | None = Field(None, ge=1, le=3650, description="Only requests of the last N days.")


@router.get(
    "/authority/reports/policies",
    response=responses({200: list[PolicyFrictionOut]}),
    summary="Policies ranked by the friction they cause",
)
def policy_report(request: HttpRequest, query: Query[PolicyReportQuery]) -> list[dict[str, Any]]:
    since = timezone.now() - dt.timedelta(days=query.days) if query.days else None
    return [
        {
            "policy_id": row.policy.pk,
            "title": row.policy.title,
            "constraint_class": row.policy.constraint_class,
            "owner": row.policy.owner.get_full_name() or row.policy.owner.get_username(),
            "requests": row.requests,
            "granted": row.granted,
            "refused": row.refused,
            "pending": row.pending,
            "overdue": row.overdue,
            "grant_rate": row.grant_rate,
            "cases": row.cases,
            "contacts": row.contacts,
            "gestures": row.gestures,
            "gesture_value": row.gesture_value,
        }
        for row in selectors.policy_report(actor=request.user, since=since)
    ]


# --- follow-ups and root causes -------------------------------------------------------------------------------


class RootCauseOut(Schema):
    id: int
    name: str
    description: str
    is_active: bool


class RootCauseIn(Input):
    name: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)


@router.get("/authority/root-causes", response=responses({200: list[RootCauseOut]}), summary="The root-cause list")
def list_root_causes(request: HttpRequest) -> list[RootCause]:
    return selectors.root_causes(actor=request.user)


@router.post("/authority/root-causes", response=responses({201: RootCauseOut}), summary="Add a root cause")
def create_root_cause(request: HttpRequest, payload: RootCauseIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_root_cause(actor=request.user, **payload.model_dump()),
        output=RootCauseOut,
    )


class FollowUpOut(Schema):
    id: int
    case_id: int
    title: str
    owner_id: int
    due_at: dt.datetime
    notify_by: str
    status: str
    is_late: bool
    reminder_sent_at: dt.datetime | None
    escalated_at: dt.datetime | None
    root_cause_id: int | None
    prevention: str
    cannot_prevent_reason: str
    completed_at: dt.datetime | None
    customer_notified_at: dt.datetime | None
    created_at: dt.datetime


class FollowUpIn(Input):
    case_id: Id
    title: str = Field(..., max_length=200, description="What will be fixed.")
    owner_id: Id
    due_at: dt.datetime
    notify_by: NotifyBy = NotifyBy.EMAIL


class FollowUpFilters(PageQuery):
    owner_id: Id | None = None
    case_id: Id | None = None
    status: FollowUpStatus | None = None


@router.get("/authority/follow-ups", response=responses({200: Page[FollowUpOut]}), summary="List follow-up fixes")
def list_follow_ups(request: HttpRequest, filters: Query[FollowUpFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_follow_ups(
            actor=request.user,
            cursor=filters.cursor,
            limit=filters.limit,
            owner_id=filters.owner_id,
            case_id=filters.case_id,
            status=filters.status,
        )
    )


@router.post(
    "/authority/follow-ups",
    response=responses({201: FollowUpOut}),
    summary="Promise a fix: owner, due time, how to tell",
)
def schedule_follow_up(request: HttpRequest, payload: FollowUpIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.schedule_follow_up(actor=request.user, **payload.model_dump()),
        output=FollowUpOut,
    )


@router.get("/authority/follow-ups/{follow_up_id}", response=responses({200: FollowUpOut}), summary="Read a follow-up")
def get_follow_up(request: HttpRequest, follow_up_id: Id) -> FollowUp:
    return selectors.get_follow_up(actor=request.user, follow_up_id=follow_up_id)


class CompletionIn(Input):
    root_cause_id: Id | None = Field(None, description="A cause from the list...")
    new_root_cause: str = Field("", max_length=200, description="...or a new one, added to the list.")
    prevention: str = Field("", max_length=5000, description="What was changed so it does not happen again.")
    cannot_prevent_reason: str = Field("", max_length=5000, description="Or why it cannot be prevented.")


@router.post(
    "/authority/follow-ups/{follow_up_id}/completion",
    response=responses({200: FollowUpOut}),
    summary="Close a fix with its root cause and prevention; the customer is told",
)
def complete_follow_up(request: HttpRequest, follow_up_id: Id, payload: CompletionIn) -> FollowUp:
    with transaction.atomic():
        return services.complete_follow_up(actor=request.user, follow_up_id=follow_up_id, **payload.model_dump())


class CauseImpactOut(Schema):
    root_cause_id: int
    name: str
    cases: int
    previous_cases: int
    trend: float | None = Field(..., description="Change in cases against the period before, as a fraction.")
    gestures: int
    gesture_value: Decimal
    repeat_contacts: int
    fixes_open: int
    prevented: int


class CauseReportQuery(Input):
    days: int = Field(90, ge=1, le=3650, description="The period: the last N days, against the N days before.")


@router.get(
    "/authority/reports/root-causes",
    response=responses({200: list[CauseImpactOut]}),
    summary="Root causes ranked by cases, cost of gestures and repeat contacts, with trend",
)
def root_cause_report(request: HttpRequest, query: Query[CauseReportQuery]) -> list[dict[str, Any]]:
    return [
        {
            "root_cause_id": row.root_cause.pk,
            "name": row.root_cause.name,
            "cases": row.cases,
            "previous_cases": row.previous_cases,
            "trend": row.trend,
            "gestures": row.gestures,
            "gesture_value": row.gesture_value,
            "repeat_contacts": row.repeat_contacts,
            "fixes_open": row.fixes_open,
            "prevented": row.prevented,
        }
        for row in selectors.root_cause_report(actor=request.user, days=query.days)
    ]


# --- the small step now, and what gestures achieve ------------------------------------------------------------


class ImmediateStepOut(Schema):
    gesture_type: str
    name: str
    amount: Decimal
    usual_amount: Decimal
    satisfied: int = Field(..., description="Similar cases whose customer was satisfied after this gesture...")
    of: int = Field(..., description="...of those that got it and whose satisfaction is known.")
    similar: int
    needs_approval: bool


class StepAnswerOut(Schema):
    step: ImmediateStepOut | None = Field(..., description="None when no gesture helped in similar cases.")


@router.get(
    "/authority/cases/{case_id}/immediate-step",
    response=responses({200: StepAnswerOut}),
    summary="The small step that restored satisfaction in similar cases, within my authority",
)
def immediate_step(request: HttpRequest, case_id: Id) -> dict[str, Any]:
    step = selectors.immediate_step(actor=request.user, case_id=case_id)
    if step is None:
        return {"step": None}
    return {
        "step": {
            "gesture_type": step.gesture_type.code,
            "name": step.gesture_type.name,
            "amount": step.amount,
            "usual_amount": step.usual_amount,
            "satisfied": step.satisfied,
            "of": step.of,
            "similar": step.similar,
            "needs_approval": step.needs_approval,
        }
    }


class AgentUseOut(Schema):
    agent_id: int
    agent: str
    total: str | None
    spent: str | None
    balance: str | None
    used_share: float | None
    given: int
    awaiting_approval: int
    flagged_unreviewed: int


class TeamUseOut(Schema):
    team: str
    total: Decimal
    spent: Decimal
    used_share: float | None
    agents: list[AgentUseOut]


@router.get(
    "/authority/reports/budgets",
    response=responses({200: list[TeamUseOut]}),
    summary="Budget use this period by agent and team",
)
def budget_use(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "team": team.team,
            "total": team.total,
            "spent": team.spent,
            "used_share": team.used_share,
            "agents": [
                {
                    "agent_id": use.view.agent.pk,
                    "agent": use.view.agent.display_name,
                    "total": use.view.total and str(use.view.total.amount),
                    "spent": use.view.spent and str(use.view.spent.amount),
                    "balance": use.view.balance and str(use.view.balance.amount),
                    "used_share": use.used_share,
                    "given": use.given,
                    "awaiting_approval": use.awaiting,
                    "flagged_unreviewed": use.flagged,
                }
                for use in team.agents
            ],
        }
        for team in selectors.budget_use(actor=request.user)
    ]


class ShareOut(Schema):
    k: int
    n: int
    value: float | None
    low: float | None = Field(..., description="95% Wilson interval.")
    high: float | None


class DifferenceOut(Schema):
    value: float
    low: float = Field(..., description="95% Newcombe interval.")
    high: float
    is_clear: bool = Field(..., description="Whether the interval leaves out zero.")


class OutcomeComparisonOut(Schema):
    outcome: str
    with_gesture: ShareOut
    without_gesture: ShareOut
    difference: DifferenceOut | None = Field(..., description="None when a group has fewer than 10 cases.")


class OutcomeQuery(Input):
    days: int = Field(365, ge=1, le=3650)


@router.get(
    "/authority/reports/gestures-and-outcomes",
    response=responses({200: list[OutcomeComparisonOut]}),
    summary="Did customers who got a gesture rate higher and stay more than similar customers who did not?",
)
def gestures_and_outcomes(request: HttpRequest, query: Query[OutcomeQuery]) -> list[dict[str, Any]]:
    return [
        {
            "outcome": row.outcome,
            "with_gesture": {**_share(row.with_step)},
            "without_gesture": {**_share(row.without_step)},
            "difference": row.difference
            and {
                "value": row.difference.value,
                "low": row.difference.low,
                "high": row.difference.high,
                "is_clear": row.difference.is_clear,
            },
        }
        for row in selectors.gestures_against_outcomes(actor=request.user, days=query.days)
    ]


def _share(part: Any) -> dict[str, Any]:
    return {"k": part.k, "n": part.n, "value": part.value, "low": part.low, "high": part.high}
