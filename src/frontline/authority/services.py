"""Writes of authority: gestures given within an agent's authority or approved above it, reversals, reviews and
top-ups; policies with their reasons, and exceptions asked of their owners. The caller's entry point holds the
transaction; budgets change only through `budgets`.

"The computer won't let me" becomes "this is why, this is who decided, ask here": an agent asks the owner of a
rule that allows it for an exception on one case; the owner answers with a reason by a deadline; an overdue
request goes to the owner's manager.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.accounts.selectors import agent_of
from frontline.authority import budgets, routine
from frontline.authority.events import (
    ExceptionDecided,
    ExceptionRequested,
    FollowUpDone,
    FollowUpScheduled,
    GestureAwaitsApproval,
    GestureGiven,
)
from frontline.authority.models import (
    ApprovalReason,
    AuthorityProfile,
    Budget,
    ConstraintClass,
    ExceptionRequest,
    ExceptionStatus,
    FollowUp,
    FollowUpStatus,
    Gesture,
    GestureStatus,
    GestureType,
    LedgerKind,
    NotifyBy,
    Policy,
    RootCause,
)
from frontline.cases import selectors as cases
from frontline.cases.models import Case, Category, Product
from frontline.core import audit
from frontline.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from frontline.core.events import publish
from frontline.core.money import MoneyError, parse_amount
from frontline.core.permissions import Actor, has_permission, require_permission
from frontline.core.writes import refuse_unknown, update_row, validate_values

MAX_NOTE = 500
MOST_ONE_AMOUNT = Decimal("1000000.00")  # a gesture or a top-up; anything larger is a mistake or a contract


def _person(actor: Actor, doing: str) -> tuple[User, Agent]:
    """The signed-in user and their agent profile; only agents hold budgets."""
    if not isinstance(actor, User):
        raise PermissionDenied(f"Only a signed-in agent can {doing}.")
    agent = agent_of(actor)
    if agent is None or not agent.is_active:
        raise PermissionDenied(f"Only an active agent can {doing}: you have no agent profile.")
    return actor, agent


def _amount(value: object, name: str, *, positive: bool) -> Decimal:
    try:
        amount = parse_amount(value)
    except MoneyError as exc:
        raise ValidationFailed.single(name, str(exc)) from None
    if amount < 0 or (positive and amount == 0):
        raise ValidationFailed.single(name, "Send an amount above zero." if positive else "Send zero or more.")
    if amount > MOST_ONE_AMOUNT:
        raise ValidationFailed.single(name, f"Send at most {MOST_ONE_AMOUNT:,}; larger sums are not a gesture.")
    return amount


def _text(value: str, name: str, errors: dict[str, list[str]], *, required: str = "") -> str:
    value = (value or "").strip()
    if len(value) > MAX_NOTE:
        errors[name] = [f"Keep it under {MAX_NOTE} characters."]
    elif required and not value:
        errors[name] = [required]
    return value


def _gesture_type(code: str) -> GestureType:
    found = GestureType.objects.filter(code=code, is_active=True).first()
    if found is None:
        known = ", ".join(GestureType.objects.filter(is_active=True).values_list("code", flat=True))
        raise ValidationFailed.single("gesture_type", f"Unknown gesture type; use one of {known}.")
    return found


def _approval_reason(profile: AuthorityProfile | None, budget: Budget | None, amount: Decimal) -> str:
    if profile is None or budget is None:
        return ApprovalReason.NO_AUTHORITY
    if amount > profile.per_gesture_limit:
        return ApprovalReason.OVER_LIMIT
    if amount > budget.balance.amount:
        return ApprovalReason.OVER_BUDGET
    return ApprovalReason.NONE


def give_gesture(
    *,
    actor: Actor,
    case_id: int,
    gesture_type: str,
    amount: object = None,
    note: str = "",
    non_routine_reason: str = "",
) -> Gesture:
    """Give a gesture on a case: at once when within the agent's per-gesture limit and remaining budget
    (flagged for review above the investigation threshold), else kept for a supervisor's approval. A gesture
    that similar past cases did not commonly get needs a short reason."""
    require_permission(actor, "authority.add_gesture")
    user, agent = _person(actor, "give a gesture")
    case = cases.get_case(actor=actor, case_id=case_id)
    kind = _gesture_type(gesture_type)
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", errors)
    reason = _text(non_routine_reason, "non_routine_reason", errors)
    if kind.is_monetary:
        value = kind.value_amount if amount is None else _amount(amount, "amount", positive=True)
    else:
        if amount is not None and _amount(amount, "amount", positive=False) != kind.value_amount:
            errors["amount"] = [f"A {kind.name.lower()} has a fixed value of {kind.value}; leave the amount out."]
        value = kind.value_amount
    if errors:
        raise ValidationFailed(errors)
    judgement = routine.judge(actor=actor, case_id=case.pk, gesture_type=kind, amount=value)
    if judgement.is_routine is False and not reason:
        raise ValidationFailed.single("non_routine_reason", f"{judgement.explanation} Say briefly why it is needed.")
    profile = budgets.profile_for(agent)
    if profile is not None and kind.is_monetary and profile.currency != kind.value_currency:
        raise ValidationFailed.single(
            "gesture_type", f"This gesture is paid in {kind.value_currency}; your budget is in {profile.currency}."
        )
    gesture = Gesture(
        case=case,
        customer_id=case.customer_id,
        gesture_type=kind,
        amount=value,
        currency=kind.value_currency,
        note=note,
        given_by=agent,
        is_routine=judgement.is_routine,
        routine_basis=judgement.basis,
        non_routine_reason=reason,
        review_rank={False: 0, None: 1, True: 2}[judgement.is_routine],
    )
    budget = None
    if kind.is_monetary and value > 0:
        budget = budgets.locked_budget(agent, profile) if profile is not None else None
        if budget is not None and budget.currency != gesture.currency:
            raise ValidationFailed.single(
                "gesture_type", f"This period's budget is in {budget.currency}; this gesture is in {gesture.currency}."
            )
        gesture.approval_reason = _approval_reason(profile, budget, value)
    if gesture.approval_reason:
        gesture.status = GestureStatus.AWAITING_APPROVAL
        gesture.save(force_insert=True)
    else:
        gesture.status = GestureStatus.GIVEN
        gesture.is_flagged = profile is not None and value > profile.investigation_threshold
        gesture.budget = budget
        gesture.save(force_insert=True)
        if budget is not None:
            budgets.spend(budget, gesture, kind=LedgerKind.GESTURE, actor=user)
    audit.record(
        actor=actor,
        action="gesture.given" if gesture.status == GestureStatus.GIVEN else "gesture.requested",
        target=gesture,
        changes=audit.creation_changes(
            audit.snapshot(gesture, ["case", "gesture_type", "amount", "currency", "status", "approval_reason"])
        ),
    )
    if gesture.status == GestureStatus.GIVEN:
        publish(GestureGiven(gesture_id=gesture.pk, case_id=case.pk))
    else:
        publish(GestureAwaitsApproval(gesture_id=gesture.pk, case_id=case.pk))
    return gesture


def _locked_gesture(gesture_id: int) -> Gesture:
    gesture = (
        Gesture.objects.select_for_update(of=("self",))
        .select_related("given_by__team", "given_by__user", "gesture_type")
        .filter(pk=gesture_id)
        .first()
    )
    if gesture is None:
        raise NotFound("No such gesture.")
    return gesture


def supervises(user: User, agent: Agent) -> bool:
    """Whether `user` supervises the team `agent` works in."""
    mine = agent_of(user)
    return mine is not None and agent.team is not None and agent.team.supervisor_id == mine.pk


def _check_may_decide(actor: User, gesture: Gesture) -> None:
    """Never one's own gesture; only the supervisor of the agent's team, or whoever answers for every team.
    (Callers have checked the permission of the action itself.)"""
    if gesture.given_by.user_id == actor.pk:
        raise PermissionDenied("You cannot approve, review or reverse your own gesture; ask your supervisor.")
    if not has_permission(actor, "authority.approve_any_gesture") and not supervises(actor, gesture.given_by):
        raise PermissionDenied("Only the supervisor of the agent's team (or an admin) can do this.")


def decide_gesture(*, actor: Actor, gesture_id: int, approve: bool, reason: str = "") -> Gesture:
    """Approve a gesture over an agent's authority (charged to the approver's own budget, which must cover it)
    or refuse it with a reason. Never the requester's own."""
    require_permission(actor, "authority.approve_gesture")
    user, approver = _person(actor, "approve a gesture")
    gesture = _locked_gesture(gesture_id)
    _check_may_decide(user, gesture)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", errors, required="" if approve else "Say why the gesture is refused.")
    if errors:
        raise ValidationFailed(errors)
    if gesture.status != GestureStatus.AWAITING_APPROVAL:
        raise Conflict(f"This gesture is {gesture.get_status_display().lower()}, not awaiting approval.")
    now = timezone.now()
    if approve:
        profile = budgets.profile_for(approver)
        if profile is None:
            raise Conflict("You hold no authority profile, so you have no budget to approve from.")
        if profile.currency != gesture.currency:
            raise Conflict(f"Your budget is in {profile.currency}; this gesture is in {gesture.currency}.")
        if gesture.amount > profile.per_gesture_limit:
            raise Conflict(f"{gesture.value} is over your own limit per gesture; an admin can approve it.")
        budget = budgets.locked_budget(approver, profile, now=now)
        if budget.currency != gesture.currency:
            raise Conflict(
                f"Your budget for this period is in {budget.currency}; this gesture is in {gesture.currency}."
            )
        if gesture.amount > budget.balance.amount:
            raise Conflict(f"Your budget has {budget.balance} left, less than {gesture.value}; ask for a top-up.")
        gesture.status = GestureStatus.GIVEN
        gesture.budget = budget
        budgets.spend(budget, gesture, kind=LedgerKind.APPROVAL, actor=user)
    else:
        gesture.status = GestureStatus.REFUSED
    gesture.decided_by = user
    gesture.decided_at = now
    gesture.decision_reason = reason
    gesture.save(update_fields=["status", "budget", "decided_by", "decided_at", "decision_reason"])
    audit.record(
        actor=actor,
        action="gesture.approved" if approve else "gesture.refused",
        target=gesture,
        changes={"status": [GestureStatus.AWAITING_APPROVAL.value, gesture.status], "reason": [None, reason]},
    )
    if approve:
        publish(GestureGiven(gesture_id=gesture.pk, case_id=gesture.case_id))
    return gesture


def review_gesture(*, actor: Actor, gesture_id: int, note: str = "") -> Gesture:
    """Mark a flagged gesture as looked at ("let them go, then look"), with what the reviewer found."""
    require_permission(actor, "authority.review_gesture")
    if not isinstance(actor, User):
        raise PermissionDenied("Sign in to review a gesture.")
    gesture = _locked_gesture(gesture_id)
    _check_may_decide(actor, gesture)
    errors: dict[str, list[str]] = {}
    note = _text(note, "note", errors)
    if errors:
        raise ValidationFailed(errors)
    if not gesture.is_flagged or gesture.reviewed_at is not None:
        raise Conflict("This gesture is not waiting for a review.")
    gesture.reviewed_by = actor
    gesture.reviewed_at = timezone.now()
    gesture.review_note = note
    gesture.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    audit.record(actor=actor, action="gesture.reviewed", target=gesture, changes={"review_note": [None, note]})
    return gesture


def reverse_gesture(*, actor: Actor, gesture_id: int, reason: str) -> Gesture:
    """Take back a given gesture (charged in error, or the customer declined it): its amount returns to the
    budget it came from, with a ledger entry."""
    require_permission(actor, "authority.reverse_gesture")
    if not isinstance(actor, User):
        raise PermissionDenied("Sign in to reverse a gesture.")
    gesture = _locked_gesture(gesture_id)
    _check_may_decide(actor, gesture)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", errors, required="Say why the gesture is reversed.")
    if errors:
        raise ValidationFailed(errors)
    if gesture.status != GestureStatus.GIVEN:
        raise Conflict(f"Only a given gesture can be reversed; this one is {gesture.get_status_display().lower()}.")
    if gesture.budget_id is not None:
        budgets.refund(budgets.relock(gesture.budget_id), gesture, actor=actor, reason=reason)
    gesture.status = GestureStatus.REVERSED
    gesture.reversed_by = actor
    gesture.reversed_at = timezone.now()
    gesture.reversal_reason = reason
    gesture.save(update_fields=["status", "reversed_by", "reversed_at", "reversal_reason"])
    audit.record(
        actor=actor,
        action="gesture.reversed",
        target=gesture,
        changes={"status": [GestureStatus.GIVEN.value, GestureStatus.REVERSED.value], "reason": [None, reason]},
    )
    return gesture


def top_up_budget(*, actor: Actor, agent_id: int, amount: object, reason: str) -> Budget:
    """Add to an agent's budget for the current period (a supervisor for their own team, an admin for anyone)."""
    require_permission(actor, "authority.top_up_budget")
    if not isinstance(actor, User):
        raise PermissionDenied("Sign in to top up a budget.")
    agent = Agent.objects.select_related("team", "user").filter(pk=agent_id).first()
    if agent is None:
        raise ValidationFailed.single("agent_id", "No such agent.")
    if not has_permission(actor, "authority.view_any_budget") and not supervises(actor, agent):
        raise PermissionDenied("Only the supervisor of the agent's team (or an admin) can top up this budget.")
    if agent.user_id == actor.pk:
        raise PermissionDenied("You cannot top up your own budget.")
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", errors, required="Say why the budget needs more.")
    try:
        value = _amount(amount, "amount", positive=True)
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(errors)
    profile = budgets.profile_for(agent)
    if profile is None:
        raise Conflict(f"{agent} has no authority profile; give them one before topping up.")
    budget = budgets.locked_budget(agent, profile)
    total = budget.allocated_amount + budget.topped_up_amount + value
    if total.adjusted() >= 12:
        raise ValidationFailed.single("amount", "That would make the budget too large to store.")
    budgets.top_up(budget, value, actor=actor, reason=reason)
    audit.record(
        actor=actor, action="budget.topped_up", target=budget, changes={"topped_up_amount": [None, str(value)]}
    )
    return budget


# --- policies and exceptions ---------------------------------------------------------------------------------

MAX_REASON = 2000
EDITABLE = (
    "title",
    "statement",
    "reason",
    "constraint_class",
    "workaround",
    "owner_id",
    "review_on",
    "response_hours",
    "is_active",
)


def applies_to(policy: Policy, case: Case) -> bool:
    """Whether `policy` covers `case`: its products (any when none) and its categories with all below them."""
    products = [p.pk for p in policy.products.all()]
    if products and case.product_id not in products:
        return False
    categories = list(policy.categories.all())
    if not categories:
        return True
    if case.category is None:
        return False
    return any(case.category.path.startswith(category.path) for category in categories)


def _check_workaround(policy: Policy) -> None:
    if policy.constraint_class == ConstraintClass.TECHNICAL_WORKAROUND and not policy.workaround.strip():
        raise ValidationFailed.single("workaround", "A technical constraint with a workaround needs its steps.")


def _related(model: type[Product] | type[Category], ids: Collection[int], field: str) -> list[Any]:
    found = list(model.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {row.pk for row in found})
    if missing:
        raise ValidationFailed.single(field, f"No such ids: {', '.join(map(str, missing))}.")
    return found


def _owner(owner_id: Any) -> None:
    if owner_id is not None and not User.objects.filter(pk=owner_id, is_active=True).exists():
        raise ValidationFailed.single("owner_id", "No active user with this id.")


def create_policy(
    *,
    actor: Actor,
    title: str,
    statement: str,
    reason: str,
    constraint_class: str,
    owner_id: int,
    review_on: dt.date,
    workaround: str = "",
    response_hours: int = 48,
    product_ids: Collection[int] = (),
    category_ids: Collection[int] = (),
    is_active: bool = True,
) -> Policy:
    """Write down a rule with its reason, class and owner (and the products and categories it covers)."""
    require_permission(actor, "authority.add_policy")
    _owner(owner_id)
    values = {
        "title": title.strip(),
        "statement": statement.strip(),
        "reason": reason.strip(),
        "constraint_class": constraint_class,
        "owner_id": owner_id,
        "review_on": review_on,
        "workaround": workaround.strip(),
        "response_hours": response_hours,
        "is_active": is_active,
    }
    policy = Policy(**values)
    validate_values(policy, values)
    _check_workaround(policy)
    products = _related(Product, product_ids, "product_ids")
    categories = _related(Category, category_ids, "category_ids")
    policy.save(force_insert=True)
    policy.products.set(products)
    policy.categories.set(categories)
    audit.record(
        actor=actor,
        action="policy.created",
        target=policy,
        changes=audit.creation_changes(
            {**audit.snapshot(policy, values), "products": sorted(product_ids), "categories": sorted(category_ids)}
        ),
    )
    return policy


def update_policy(*, actor: Actor, policy_id: int, changes: Mapping[str, Any]) -> Policy:
    """Change a rule; products and categories are replaced when sent (`product_ids`, `category_ids`)."""
    require_permission(actor, "authority.change_policy")
    refuse_unknown(changes, (*EDITABLE, "product_ids", "category_ids"))
    policy = Policy.objects.select_for_update().filter(pk=policy_id).first()
    if policy is None:
        raise NotFound(f"No policy {policy_id}.")
    fields = {name: value for name, value in changes.items() if name in EDITABLE}
    _owner(fields.get("owner_id"))
    products = _related(Product, changes["product_ids"], "product_ids") if "product_ids" in changes else None
    categories = _related(Category, changes["category_ids"], "category_ids") if "category_ids" in changes else None
    _check_workaround(
        Policy(
            constraint_class=fields.get("constraint_class", policy.constraint_class),
            workaround=fields.get("workaround", policy.workaround) or "",
        )
    )
    differences = update_row(policy, actor=actor, action="policy.updated", changes=fields, allowed=EDITABLE)
    if products is not None:
        policy.products.set(products)
    if categories is not None:
        policy.categories.set(categories)
    if products is not None or categories is not None:
        audit.record(
            actor=actor,
            action="policy.scope_changed",
            target=policy,
            changes={
                "products": [None, [p.pk for p in products or []]],
                "categories": [None, [c.pk for c in categories or []]],
            },
        )
    if differences or products is not None or categories is not None:
        Policy.objects.filter(pk=policy.pk).update(updated_at=timezone.now())
    return policy


def request_exception(*, actor: Actor, policy_id: int, case_id: int, reason: str) -> ExceptionRequest:
    """Ask a policy's owner for an exception on a case the policy covers; they must answer by the deadline."""
    require_permission(actor, "authority.add_exceptionrequest")
    if not isinstance(actor, User):
        raise PermissionDenied("Sign in to ask for an exception.")
    case = cases.get_case(actor=actor, case_id=case_id)
    policy = Policy.objects.prefetch_related("products", "categories").filter(pk=policy_id, is_active=True).first()
    if policy is None:
        raise ValidationFailed.single("policy_id", "No active policy with this id.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.single("reason", "Say why this case needs an exception.")
    if len(reason) > MAX_REASON:
        raise ValidationFailed.single("reason", f"Keep it under {MAX_REASON} characters.")
    if not applies_to(policy, case):
        raise ValidationFailed.single("policy_id", "This policy does not cover this case.")
    if not policy.allows_exceptions:
        raise Conflict(f"{policy.get_constraint_class_display()}: no exception can be asked for.")
    if policy.owner_id == actor.pk:
        raise Conflict("You own this policy: change it, or decide on the case directly.")
    if ExceptionRequest.objects.filter(policy=policy, case=case, status=ExceptionStatus.PENDING).exists():
        raise Conflict("An exception to this policy is already waiting for an answer on this case.")
    request = ExceptionRequest.objects.create(
        policy=policy,
        case=case,
        requested_by=actor,
        reason=reason,
        due_at=timezone.now() + dt.timedelta(hours=policy.response_hours),
    )
    audit.record(
        actor=actor,
        action="exception.requested",
        target=request,
        changes=audit.creation_changes(audit.snapshot(request, ["policy", "case", "reason", "due_at"])),
    )
    publish(ExceptionRequested(request_id=request.pk))
    return request


def may_decide(user: Actor, request: ExceptionRequest) -> bool:
    """Whether `user` may answer `request`: the owner, the manager it was escalated to, or whoever may answer all."""
    if not isinstance(user, User):
        return False
    return (
        request.policy.owner_id == user.pk
        or (request.escalated_to_id is not None and request.escalated_to_id == user.pk)
        or has_permission(user, "authority.decide_any_exception")
    )


def decide_exception(*, actor: Actor, request_id: int, grant: bool, reason: str) -> ExceptionRequest:
    """Grant or refuse an exception, always with a reason the agent will read."""
    if not isinstance(actor, User):
        raise PermissionDenied("Sign in to answer an exception request.")
    request = ExceptionRequest.objects.select_for_update().select_related("policy").filter(pk=request_id).first()
    if request is None:
        raise NotFound(f"No exception request {request_id}.")
    if request.requested_by_id == actor.pk:
        raise PermissionDenied("Nobody answers their own exception request.")
    if not may_decide(actor, request):
        raise PermissionDenied("Only the policy's owner (or their manager, once it is overdue) can answer.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.single("reason", "Say why, so the agent can tell the customer.")
    if len(reason) > MAX_REASON:
        raise ValidationFailed.single("reason", f"Keep it under {MAX_REASON} characters.")
    if request.status != ExceptionStatus.PENDING:
        raise Conflict(f"This request was already answered: {request.get_status_display().lower()}.")
    if grant and (not request.policy.is_active or not request.policy.allows_exceptions):
        raise Conflict("The policy no longer allows exceptions; the request can only be refused.")
    request.status = ExceptionStatus.GRANTED if grant else ExceptionStatus.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit.record(
        actor=actor,
        action=f"exception.{request.status}",
        target=request,
        changes={"status": [ExceptionStatus.PENDING.value, request.status], "decision_reason": [None, reason]},
    )
    publish(ExceptionDecided(request_id=request.pk))
    return request


def manager_of(user: User) -> User | None:
    """Whom a person answers to: the supervisor of their team, when that is someone else."""
    agent = agent_of(user)
    if agent is None or agent.team is None or agent.team.supervisor is None:
        return None
    supervisor = agent.team.supervisor.user
    return None if supervisor.pk == user.pk else supervisor


def escalate(*, request_id: int, now: dt.datetime | None = None) -> ExceptionRequest | None:
    """Hand an overdue, unanswered request to the owner's manager; None when there was nothing to do (answered,
    not yet due, or escalated already), so running it twice changes nothing."""
    now = now or timezone.now()
    request = ExceptionRequest.objects.select_related("policy__owner").filter(pk=request_id).first()
    if request is None or request.status != ExceptionStatus.PENDING or request.due_at > now:
        return None
    manager = manager_of(request.policy.owner)
    if manager is not None and manager.pk == request.requested_by_id:
        manager = None  # nobody answers their own request: the admins do
    claimed = ExceptionRequest.objects.filter(
        Q(pk=request_id), Q(escalated_at__isnull=True), status=ExceptionStatus.PENDING
    ).update(escalated_at=now, escalated_to=manager)
    if not claimed:
        return None
    request.refresh_from_db()
    audit.record(
        actor=None,
        action="exception.escalated",
        target=request,
        changes={"escalated_to": [None, manager.pk if manager else None]},
        system="authority.escalate",
    )
    return request


def unescalate(*, request_id: int) -> None:
    """Take back an escalation whose message could not be sent, so the next run escalates again."""
    ExceptionRequest.objects.filter(pk=request_id, status=ExceptionStatus.PENDING).update(
        escalated_at=None, escalated_to=None
    )


def overdue_requests(now: dt.datetime | None = None) -> list[int]:
    """The ids of requests past their deadline, unanswered and not yet escalated."""
    return list(
        ExceptionRequest.objects.filter(
            status=ExceptionStatus.PENDING, escalated_at__isnull=True, due_at__lte=now or timezone.now()
        ).values_list("pk", flat=True)
    )


# --- the fix later: follow-ups and root causes -----------------------------------------------------------------

REMINDER_BEFORE = dt.timedelta(hours=24)
MAX_TEXT = 5000


def reminder_time(follow_up: FollowUp) -> dt.datetime:
    """When the owner is reminded: a day before it is due, or half-way there for a fix due within a day."""
    span = follow_up.due_at - follow_up.created_at
    return follow_up.due_at - (REMINDER_BEFORE if span > REMINDER_BEFORE else span / 2)


def schedule_follow_up(
    *, actor: Actor, case_id: int, title: str, owner_id: int, due_at: dt.datetime, notify_by: str = NotifyBy.EMAIL
) -> FollowUp:
    """Promise the real fix: who does it, by when, and how the customer wants to hear it is done."""
    require_permission(actor, "authority.add_followup")
    case = cases.get_case(actor=actor, case_id=case_id)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = ["Say what will be fixed."]
    elif len(title) > 200:
        errors["title"] = ["Keep it under 200 characters."]
    owner = Agent.objects.select_related("user").filter(pk=owner_id, is_active=True).first()
    if owner is None:
        errors["owner_id"] = ["No active agent with this id."]
    if timezone.is_naive(due_at):
        errors["due_at"] = ["Give a time with its time zone."]
    elif due_at <= timezone.now():
        errors["due_at"] = ["The fix must be due in the future."]
    if notify_by not in NotifyBy.values:
        errors["notify_by"] = [f"Use one of {', '.join(NotifyBy.values)}."]
    elif notify_by == NotifyBy.EMAIL and not case.customer.email:
        errors["notify_by"] = ["The customer has no e-mail address; choose a phone call."]
    elif notify_by == NotifyBy.PHONE and not case.customer.phone:
        errors["notify_by"] = ["The customer has no phone number; choose e-mail."]
    if errors or owner is None:
        raise ValidationFailed(errors)
    follow_up = FollowUp.objects.create(
        case=case,
        title=title,
        owner=owner,
        due_at=due_at,
        notify_by=notify_by,
        created_by=actor if isinstance(actor, User) else None,
    )
    audit.record(
        actor=actor,
        action="follow_up.scheduled",
        target=follow_up,
        changes=audit.creation_changes(audit.snapshot(follow_up, ["case", "title", "owner", "due_at", "notify_by"])),
    )
    publish(FollowUpScheduled(follow_up_id=follow_up.pk))
    return follow_up


def _root_cause(root_cause_id: int | None, new_root_cause: str) -> RootCause:
    """The cause a fix closes with: from the list, or a new one (not saved yet; an existing name is reused)."""
    if root_cause_id is not None and new_root_cause.strip():
        raise ValidationFailed.single("root_cause_id", "Choose a root cause from the list or name a new one, not both.")
    if root_cause_id is not None:
        found = RootCause.objects.filter(pk=root_cause_id, is_active=True).first()
        if found is None:
            raise ValidationFailed.single("root_cause_id", "No such root cause in the list.")
        return found
    name = new_root_cause.strip()
    if not name:
        raise ValidationFailed.single("root_cause_id", "A fix cannot close without its root cause.")
    if len(name) > 200:
        raise ValidationFailed.single("new_root_cause", "Keep it under 200 characters.")
    existing = RootCause.objects.filter(name__iexact=name).first()
    if existing is not None and not existing.is_active:
        raise ValidationFailed.single("new_root_cause", "This cause was retired from the list; choose another.")
    return existing or RootCause(name=name)


def may_close(user: User, follow_up: FollowUp) -> bool:
    """Whether `user` may close a fix: its owner, the supervisor of the owner's team, or an admin."""
    return (
        follow_up.owner.user_id == user.pk
        or supervises(user, follow_up.owner)
        or has_permission(user, "authority.complete_any_followup")
    )


def complete_follow_up(
    *,
    actor: Actor,
    follow_up_id: int,
    root_cause_id: int | None = None,
    new_root_cause: str = "",
    prevention: str = "",
    cannot_prevent_reason: str = "",
) -> FollowUp:
    """Close a fix: never without a root cause (from the list, or new) and a prevention, or an explicit reason
    why it cannot be prevented. The customer is then told the way they asked."""
    if not isinstance(actor, User):
        raise PermissionDenied("Sign in to close a follow-up.")
    require_permission(actor, "authority.change_followup")
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("owner__team", "owner__user")
        .filter(pk=follow_up_id)
        .first()
    )
    if follow_up is None:
        raise NotFound(f"No follow-up {follow_up_id}.")
    if not may_close(actor, follow_up):
        raise PermissionDenied("Only the fix's owner, their supervisor or an admin can close it.")
    if follow_up.status != FollowUpStatus.OPEN:
        raise Conflict("This follow-up is already done.")
    prevention = (prevention or "").strip()
    reason = (cannot_prevent_reason or "").strip()
    errors: dict[str, list[str]] = {}
    if prevention and reason:
        errors["prevention"] = ["Say what was changed, or why it cannot be prevented: not both."]
    elif not prevention and not reason:
        errors["prevention"] = ["Say what was changed so it does not happen again, or why it cannot be prevented."]
    for name, value in (("prevention", prevention), ("cannot_prevent_reason", reason)):
        if len(value) > MAX_TEXT:
            errors[name] = [f"Keep it under {MAX_TEXT} characters."]
    try:
        cause = _root_cause(root_cause_id, new_root_cause or "")
    except ValidationFailed as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(errors)
    if cause.pk is None:
        cause.save(force_insert=True)
        audit.record(actor=actor, action="root_cause.created", target=cause, changes={"name": [None, cause.name]})
    follow_up.status = FollowUpStatus.DONE
    follow_up.root_cause = cause
    follow_up.prevention = prevention
    follow_up.cannot_prevent_reason = reason
    follow_up.completed_at = timezone.now()
    follow_up.completed_by = actor
    follow_up.save(
        update_fields=["status", "root_cause", "prevention", "cannot_prevent_reason", "completed_at", "completed_by"]
    )
    audit.record(
        actor=actor,
        action="follow_up.done",
        target=follow_up,
        changes={
            "status": [FollowUpStatus.OPEN.value, FollowUpStatus.DONE.value],
            "root_cause": [None, cause.pk],
            "prevention": [None, prevention or None],
            "cannot_prevent_reason": [None, reason or None],
        },
    )
    publish(FollowUpDone(follow_up_id=follow_up.pk))
    return follow_up


def create_root_cause(*, actor: Actor, name: str, description: str = "") -> RootCause:
    """Add a cause to the managed list."""
    require_permission(actor, "authority.add_rootcause")
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationFailed.single("name", "Name the cause in 1 to 200 characters.")
    if RootCause.objects.filter(name__iexact=name).exists():
        raise ValidationFailed.single("name", "This cause is already in the list.")
    cause = RootCause.objects.create(name=name, description=(description or "").strip()[:MAX_TEXT])
    audit.record(actor=actor, action="root_cause.created", target=cause, changes={"name": [None, name]})
    return cause


def claim(follow_up_id: int, field: str, *, when: dt.datetime) -> bool:
    """Mark a one-off step of an open fix (its reminder, its escalation, the customer told) as done now; True
    for the one caller that marked it, so a retried task never repeats the step."""
    return bool(FollowUp.objects.filter(**{"pk": follow_up_id, f"{field}__isnull": True}).update(**{field: when}))


def unclaim(follow_up_id: int, field: str) -> None:
    """Undo a claim whose step failed, so a retry does it."""
    FollowUp.objects.filter(pk=follow_up_id).update(**{field: None})
