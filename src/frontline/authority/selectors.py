"""Reads of authority for people. Budgets are seen by their agent, the supervisor of the agent's team and
those who may see every team's; gestures on a case by whoever may read the case."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.accounts.selectors import agent_of
from frontline.assist import selectors as assist
from frontline.authority import budgets, services
from frontline.authority.models import (
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
    LedgerEntry,
    Policy,
    RootCause,
)
from frontline.cases import selectors as cases
from frontline.cases.selectors import CauseCounts
from frontline.core.errors import NotFound, PermissionDenied
from frontline.core.intervals import Difference, Share, difference, share
from frontline.core.money import Money
from frontline.core.pagination import KeysetPage, paginate
from frontline.core.permissions import Actor, has_permission, require_permission


def gesture_types(*, actor: Actor) -> list[GestureType]:
    """The gesture types agents may give now."""
    require_permission(actor, "authority.view_gesturetype")
    return list(GestureType.objects.filter(is_active=True).order_by("name"))


def _visible_agents(actor: Actor) -> Q:
    """The agents whose budgets `actor` may see: everyone's, or their own and their supervised teams'."""
    require_permission(actor, "authority.view_budget")
    if has_permission(actor, "authority.view_any_budget"):
        return Q()
    mine = agent_of(actor) if isinstance(actor, User) else None
    if mine is None:
        return Q(pk__in=[])
    return Q(pk=mine.pk) | Q(team__supervisor=mine)


@dataclass(frozen=True)
class BudgetView:
    """An agent's authority now: the profile that applies and this period's figures (before the period's first
    gesture nothing is stored yet, and the whole allocation is left)."""

    agent: Agent
    profile: AuthorityProfile | None
    budget: Budget | None
    period_start: str | None
    period_end: str | None
    total: Money | None
    spent: Money | None
    balance: Money | None


def current_budget(*, actor: Actor, agent_id: int) -> BudgetView:
    """An agent's authority profile and budget for the current period."""
    agent = Agent.objects.select_related("user", "team").filter(pk=agent_id).first()
    if agent is None:
        raise NotFound(f"No agent {agent_id}.")
    if not Agent.objects.filter(_visible_agents(actor), pk=agent_id).exists():
        raise PermissionDenied("You may see your own budget, and your team's if you supervise it.")
    profile = budgets.profile_for(agent)
    if profile is None:
        return BudgetView(agent, None, None, None, None, None, None, None)
    start, end = budgets.period_bounds(profile.period, timezone.localdate())
    budget = Budget.objects.filter(agent=agent, period_start=start).first()
    if budget is None or budget.allocated_at is None:
        total = Money(profile.budget_amount, profile.currency)
        spent = Money(Decimal("0.00"), profile.currency)
        return BudgetView(agent, profile, None, str(start), str(end), total, spent, total)
    return BudgetView(
        agent,
        profile,
        budget,
        str(start),
        str(end),
        budget.total,
        Money(budget.spent_amount, budget.currency),
        budget.balance,
    )


def my_budget(*, actor: Actor) -> BudgetView:
    """The signed-in agent's own budget now."""
    mine = agent_of(actor) if isinstance(actor, User) else None
    if mine is None:
        require_permission(actor, "authority.view_budget")
        raise NotFound("You have no agent profile, so no budget.")
    return current_budget(actor=actor, agent_id=mine.pk)


def list_budgets(
    *, actor: Actor, cursor: str | None, limit: int, agent_id: int | None = None, team_id: int | None = None
) -> KeysetPage[Budget]:
    """Stored budgets (one per agent and period) the actor may see, newest period first."""
    visible = Agent.objects.filter(_visible_agents(actor))
    found = Budget.objects.select_related("agent__user").filter(agent__in=visible)
    if agent_id is not None:
        found = found.filter(agent_id=agent_id)
    if team_id is not None:
        found = found.filter(agent__team_id=team_id)
    return paginate(found, ordering=("-period_start", "-id"), cursor=cursor, limit=limit)


def get_budget(*, actor: Actor, budget_id: int) -> Budget:
    """One stored budget the actor may see."""
    visible = Agent.objects.filter(_visible_agents(actor))
    budget = Budget.objects.select_related("agent__user").filter(agent__in=visible, pk=budget_id).first()
    if budget is None:
        raise NotFound(f"No budget {budget_id} you may see.")
    return budget


def ledger(*, actor: Actor, budget_id: int, cursor: str | None, limit: int) -> KeysetPage[LedgerEntry]:
    """A budget's ledger in the order it was written."""
    budget = get_budget(actor=actor, budget_id=budget_id)
    entries = LedgerEntry.objects.select_related("actor", "gesture__gesture_type").filter(budget=budget)
    return paginate(entries, ordering=("id",), cursor=cursor, limit=limit)


def _gestures() -> QuerySet[Gesture]:
    return Gesture.objects.select_related(
        "gesture_type", "given_by__user", "decided_by", "reviewed_by", "reversed_by", "case"
    )


def gestures_of_case(*, actor: Actor, case_id: int) -> list[Gesture]:
    """Every gesture on a case the actor can read, newest first."""
    require_permission(actor, "authority.view_gesture")
    case = cases.get_case(actor=actor, case_id=case_id)
    return list(_gestures().filter(case=case).order_by("-created_at", "-id"))


def get_gesture(*, actor: Actor, gesture_id: int) -> Gesture:
    """One gesture, when the actor can read its case."""
    require_permission(actor, "authority.view_gesture")
    gesture = _gestures().filter(pk=gesture_id).first()
    if gesture is None:
        raise NotFound(f"No gesture {gesture_id}.")
    cases.get_case(actor=actor, case_id=gesture.case_id)
    return gesture


def list_gestures(
    *,
    actor: Actor,
    cursor: str | None,
    limit: int,
    case_id: int | None = None,
    agent_id: int | None = None,
    status: str | None = None,
) -> KeysetPage[Gesture]:
    """Gestures newest first: those on one case (for whoever reads it), else those of the agents whose budgets
    the actor may see."""
    require_permission(actor, "authority.view_gesture")
    found = _gestures()
    if case_id is not None:
        found = found.filter(case=cases.get_case(actor=actor, case_id=case_id))
    else:
        found = found.filter(given_by__in=Agent.objects.filter(_visible_agents(actor)))
    if agent_id is not None:
        found = found.filter(given_by_id=agent_id)
    if status is not None:
        found = found.filter(status=status)
    return paginate(found, ordering=("-created_at", "-id"), cursor=cursor, limit=limit)


def review_queue(*, actor: Actor, cursor: str | None, limit: int) -> KeysetPage[Gesture]:
    """What a supervisor has to look at: gestures awaiting approval and flagged gestures not yet reviewed, of
    the teams they supervise (every team for an admin), never their own; non-routine first, then oldest."""
    require_permission(actor, "authority.approve_gesture")
    if not isinstance(actor, User):
        raise PermissionDenied("Sign in to see your review queue.")
    waiting = Q(status=GestureStatus.AWAITING_APPROVAL) | Q(
        status=GestureStatus.GIVEN, is_flagged=True, reviewed_at__isnull=True
    )
    found = _gestures().filter(waiting).exclude(given_by__user=actor)
    if not has_permission(actor, "authority.approve_any_gesture"):
        mine = agent_of(actor)
        found = found.filter(given_by__team__supervisor=mine) if mine else found.none()
    return paginate(found, ordering=("review_rank", "created_at", "id"), cursor=cursor, limit=limit)


# --- policies and exceptions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicablePolicy:
    """A policy that covers a case, with the latest exception asked on that case (if any)."""

    policy: Policy
    request: ExceptionRequest | None
    may_ask: bool


def _policies() -> QuerySet[Policy]:
    return Policy.objects.select_related("owner").prefetch_related("products", "categories")


def policies_for_case(*, actor: Actor, case_id: int) -> list[ApplicablePolicy]:
    """The active policies that cover a case, legal ones first, each with its latest exception request on it."""
    require_permission(actor, "authority.view_policy")
    case = cases.get_case(actor=actor, case_id=case_id)
    covering = [p for p in _policies().filter(is_active=True) if services.applies_to(p, case)]
    latest: dict[int, ExceptionRequest] = {}
    for request in (
        ExceptionRequest.objects.select_related("decided_by", "escalated_to")
        .filter(case=case, policy__in=covering)
        .order_by("created_at", "id")
    ):
        latest[request.policy_id] = request
    order = {value: index for index, value in enumerate(ConstraintClass.values)}
    may_request = has_permission(actor, "authority.add_exceptionrequest")
    return [
        ApplicablePolicy(
            policy=p,
            request=latest.get(p.pk),
            may_ask=may_request
            and p.allows_exceptions
            and p.owner_id != getattr(actor, "pk", None)
            and not (latest.get(p.pk) and latest[p.pk].status == ExceptionStatus.PENDING),
        )
        for p in sorted(covering, key=lambda p: (order[p.constraint_class], p.title))
    ]


def list_policies(
    *, actor: Actor, cursor: str | None, limit: int, owner_id: int | None = None, is_active: bool | None = None
) -> KeysetPage[Policy]:
    """Policies in title order."""
    require_permission(actor, "authority.view_policy")
    found = _policies()
    if owner_id is not None:
        found = found.filter(owner_id=owner_id)
    if is_active is not None:
        found = found.filter(is_active=is_active)
    return paginate(found, ordering=("title", "id"), cursor=cursor, limit=limit)


def get_policy(*, actor: Actor, policy_id: int) -> Policy:
    """One policy."""
    require_permission(actor, "authority.view_policy")
    policy = _policies().filter(pk=policy_id).first()
    if policy is None:
        raise NotFound(f"No policy {policy_id}.")
    return policy


def _requests() -> QuerySet[ExceptionRequest]:
    return ExceptionRequest.objects.select_related(
        "policy__owner", "case", "requested_by", "decided_by", "escalated_to"
    )


def _requests_visible_to(actor: Actor) -> Q:
    """Everything for those who answer all requests; else what the actor asked, owns or was escalated."""
    require_permission(actor, "authority.view_exceptionrequest")
    if actor is None or has_permission(actor, "authority.decide_any_exception"):
        return Q()
    pk = getattr(actor, "pk", None)
    return Q(requested_by_id=pk) | Q(policy__owner_id=pk) | Q(escalated_to_id=pk)


def list_exception_requests(
    *, actor: Actor, cursor: str | None, limit: int, to_answer: bool = False, status: str | None = None
) -> KeysetPage[ExceptionRequest]:
    """Exception requests the actor may see, newest first; `to_answer` keeps those the actor may answer (a
    policy owner's page: theirs, and those escalated to them)."""
    found = _requests().filter(_requests_visible_to(actor))
    if to_answer:
        pk = getattr(actor, "pk", None)
        answerable = Q(policy__owner_id=pk) | Q(escalated_to_id=pk)
        if has_permission(actor, "authority.decide_any_exception"):  # overdue with no manager: the admins'
            answerable |= Q(escalated_at__isnull=False, escalated_to__isnull=True)
        found = found.filter(answerable).exclude(requested_by_id=pk)
    if status is not None:
        found = found.filter(status=status)
    return paginate(found, ordering=("-created_at", "-id"), cursor=cursor, limit=limit)


def get_exception_request(*, actor: Actor, request_id: int) -> ExceptionRequest:
    """One exception request the actor may see."""
    request = _requests().filter(_requests_visible_to(actor), pk=request_id).first()
    if request is None:
        if ExceptionRequest.objects.filter(pk=request_id).exists():
            raise PermissionDenied("You may see the requests you asked, and those to policies you own or answer.")
        raise NotFound(f"No exception request {request_id}.")
    return request


@dataclass(frozen=True)
class PolicyFriction:
    """How much friction one policy caused in a period."""

    policy: Policy
    requests: int
    granted: int
    refused: int
    pending: int
    overdue: int
    cases: int
    contacts: int
    gestures: int
    gesture_value: Decimal

    @property
    def grant_rate(self) -> float | None:
        """The share of answered requests that were granted."""
        answered = self.granted + self.refused
        return self.granted / answered if answered else None

    @property
    def grant_percent(self) -> int | None:
        """The grant rate in whole percent."""
        rate = self.grant_rate
        return None if rate is None else round(100 * rate)


def policy_report(*, actor: Actor, since: dt.datetime | None = None, limit: int = 50) -> list[PolicyFriction]:
    """Policies ranked by the friction they cause: exception requests, then grants, contacts and gestures on the
    cases where an exception was asked, since `since` (all time when None)."""
    require_permission(actor, "authority.view_policy_report")
    requests = ExceptionRequest.objects.all()
    if since is not None:
        requests = requests.filter(created_at__gte=since)
    now = timezone.now()
    counts = {
        row["policy_id"]: row
        for row in requests.values("policy_id").annotate(
            requests=Count("id"),
            granted=Count("id", filter=Q(status=ExceptionStatus.GRANTED)),
            refused=Count("id", filter=Q(status=ExceptionStatus.REFUSED)),
            pending=Count("id", filter=Q(status=ExceptionStatus.PENDING)),
            overdue=Count("id", filter=Q(status=ExceptionStatus.PENDING, due_at__lt=now)),
            cases=Count("case_id", distinct=True),
        )
    }
    case_ids: dict[int, set[int]] = {}
    for policy_id, case_id in requests.values_list("policy_id", "case_id"):
        case_ids.setdefault(policy_id, set()).add(case_id)
    contacts = cases.contact_counts(actor=actor, case_ids={c for ids in case_ids.values() for c in ids})
    gestures: dict[int, tuple[int, Decimal]] = {}
    for row in (
        Gesture.objects.filter(case_id__in={c for ids in case_ids.values() for c in ids}, status=GestureStatus.GIVEN)
        .values("case_id")
        .annotate(n=Count("id"), total=Sum("amount"))
    ):
        gestures[row["case_id"]] = (row["n"], row["total"] or Decimal(0))
    policies = {p.pk: p for p in Policy.objects.select_related("owner").filter(pk__in=counts)}
    rows = [
        PolicyFriction(
            policy=policies[policy_id],
            requests=row["requests"],
            granted=row["granted"],
            refused=row["refused"],
            pending=row["pending"],
            overdue=row["overdue"],
            cases=row["cases"],
            contacts=sum(contacts.get(c, 0) for c in case_ids[policy_id]),
            gestures=sum(gestures.get(c, (0, Decimal(0)))[0] for c in case_ids[policy_id]),
            gesture_value=sum((gestures.get(c, (0, Decimal(0)))[1] for c in case_ids[policy_id]), Decimal(0)),
        )
        for policy_id, row in counts.items()
    ]
    rows.sort(key=lambda r: (-r.requests, -r.granted, -r.contacts, -r.gestures, r.policy.title))
    return rows[:limit]


# --- follow-ups and root causes -------------------------------------------------------------------------------


def _follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related("case", "owner__user", "root_cause", "completed_by")


def follow_ups_of_case(*, actor: Actor, case_id: int) -> list[FollowUp]:
    """The fixes promised on a case, open ones first."""
    require_permission(actor, "authority.view_followup")
    case = cases.get_case(actor=actor, case_id=case_id)
    return sorted(_follow_ups().filter(case=case), key=lambda f: (f.status != FollowUpStatus.OPEN, f.due_at))


def list_follow_ups(
    *,
    actor: Actor,
    cursor: str | None,
    limit: int,
    owner_id: int | None = None,
    status: str | None = None,
    case_id: int | None = None,
) -> KeysetPage[FollowUp]:
    """Follow-ups by due time (the soonest first)."""
    require_permission(actor, "authority.view_followup")
    found = _follow_ups()
    if case_id is not None:
        found = found.filter(case=cases.get_case(actor=actor, case_id=case_id))
    if owner_id is not None:
        found = found.filter(owner_id=owner_id)
    if status is not None:
        found = found.filter(status=status)
    return paginate(found, ordering=("due_at", "id"), cursor=cursor, limit=limit)


def get_follow_up(*, actor: Actor, follow_up_id: int) -> FollowUp:
    """One follow-up."""
    require_permission(actor, "authority.view_followup")
    found = _follow_ups().filter(pk=follow_up_id).first()
    if found is None:
        raise NotFound(f"No follow-up {follow_up_id}.")
    return found


def root_causes(*, actor: Actor) -> list[RootCause]:
    """The managed list of root causes."""
    require_permission(actor, "authority.view_rootcause")
    return list(RootCause.objects.filter(is_active=True).order_by("name"))


@dataclass(frozen=True)
class CauseImpact:
    """What one root cause cost in a period, and the period before it."""

    root_cause: RootCause
    cases: int
    previous_cases: int
    gestures: int
    gesture_value: Decimal
    repeat_contacts: int
    fixes_open: int
    prevented: int

    @property
    def trend(self) -> float | None:
        """The change in cases against the period before, as a fraction (None when there were none before)."""
        return (self.cases - self.previous_cases) / self.previous_cases if self.previous_cases else None

    @property
    def trend_percent(self) -> int | None:
        """The trend in whole percent."""
        return None if self.trend is None else round(100 * self.trend)


def root_cause_report(*, actor: Actor, days: int = 90, limit: int = 50) -> list[CauseImpact]:
    """Root causes ranked by the cases they caused in the last `days` (a case counts for a cause when its
    resolution's root cause has the cause's name, or a fix on it names the cause), then by the cost of the
    gestures on those cases and the contacts beyond the first; with the cases of the period before, as a trend.
    Grouped in the database, so it costs the same at a million cases; only cases linked by a fix alone (never
    more than there are fixes) are counted one by one."""
    require_permission(actor, "authority.view_rootcause_report")
    now = timezone.now()
    start, previous_start = now - dt.timedelta(days=days), now - dt.timedelta(days=2 * days)
    causes = {cause.name.lower(): cause for cause in RootCause.objects.all()}
    current = cases.root_cause_counts(actor=actor, since=start, until=now + dt.timedelta(seconds=1))
    before = cases.root_cause_counts(actor=actor, since=previous_start, until=start)
    named = (
        Gesture.objects.filter(status=GestureStatus.GIVEN, case__opened_at__gte=start)
        .exclude(case__root_cause="")
        .annotate(cause=Lower("case__root_cause"))
        .values("cause")
        .annotate(n=Count("id"), total=Sum("amount"))
    )
    spent = {row["cause"]: (row["n"], row["total"] or Decimal(0)) for row in named}
    open_fixes = dict(
        FollowUp.objects.filter(status=FollowUpStatus.OPEN, case__opened_at__gte=start)
        .annotate(cause=Lower("case__root_cause"))
        .values("cause")
        .annotate(n=Count("id"))
        .values_list("cause", "n")
    )
    prevented = dict(
        FollowUp.objects.filter(root_cause__isnull=False)
        .values("root_cause_id")
        .annotate(n=Count("id", filter=~Q(prevention="")))
        .values_list("root_cause_id", "n")
    )
    # Cases a fix links to a cause their resolution does not name.
    extra_now: dict[int, set[int]] = {}
    extra_before: dict[int, set[int]] = {}
    for case_id, cause_id, name, opened, case_cause in FollowUp.objects.filter(
        root_cause__isnull=False, case__opened_at__gte=previous_start
    ).values_list("case_id", "root_cause_id", "root_cause__name", "case__opened_at", "case__root_cause"):
        if name.lower() != case_cause.lower():
            (extra_now if opened >= start else extra_before).setdefault(cause_id, set()).add(case_id)
    extra_cases = {c for ids in extra_now.values() for c in ids}
    extra_contacts = cases.contact_counts(actor=actor, case_ids=extra_cases)
    extra_spent: dict[int, tuple[int, Decimal]] = {}
    for row in (
        Gesture.objects.filter(case_id__in=extra_cases, status=GestureStatus.GIVEN)
        .values("case_id")
        .annotate(n=Count("id"), total=Sum("amount"))
    ):
        extra_spent[row["case_id"]] = (row["n"], row["total"] or Decimal(0))
    rows = []
    for key, cause in causes.items():
        counts = current.get(key, CauseCounts())
        linked = extra_now.get(cause.pk, set())
        n_cases = counts.cases + len(linked)
        if not n_cases:
            continue
        gestures, value = spent.get(key, (0, Decimal(0)))
        gestures += sum(extra_spent.get(c, (0, Decimal(0)))[0] for c in linked)
        value += sum((extra_spent.get(c, (0, Decimal(0)))[1] for c in linked), Decimal(0))
        rows.append(
            CauseImpact(
                root_cause=cause,
                cases=n_cases,
                previous_cases=before.get(key, CauseCounts()).cases + len(extra_before.get(cause.pk, ())),
                gestures=gestures,
                gesture_value=value,
                repeat_contacts=counts.repeat_contacts + sum(max(extra_contacts.get(c, 0) - 1, 0) for c in linked),
                fixes_open=open_fixes.get(key, 0),
                prevented=prevented.get(cause.pk, 0),
            )
        )
    rows.sort(key=lambda r: (-r.cases, -r.gesture_value, -r.repeat_contacts, r.root_cause.name))
    return rows[:limit]


# --- the small step now ---------------------------------------------------------------------------------------

STEP_FROM = 30  # the nearest past cases an immediate step is learned from
STEP_AT_LEAST = 2  # satisfied customers it must have helped


@dataclass(frozen=True)
class ImmediateStep:
    """The gesture that restored satisfaction in similar cases, sized within the agent's authority."""

    gesture_type: GestureType
    amount: Decimal
    usual_amount: Decimal
    satisfied: int
    of: int
    similar: int
    needs_approval: bool

    @property
    def is_reduced(self) -> bool:
        """Whether the amount was brought down to what the agent may give alone."""
        return self.amount < self.usual_amount


def immediate_step(*, actor: Actor, case_id: int) -> ImmediateStep | None:
    """The small step to offer now: among the gestures given on the most similar past cases, the one after which
    most customers said they were satisfied (weighted by similarity; at least two, and at least half of those
    who got it), at the amount they usually got, brought within the agent's limit and balance when it can be."""
    require_permission(actor, "authority.view_gesture")
    neighbours = assist.neighbours_of_case(actor=actor, case_id=case_id, k=STEP_FROM)
    if not neighbours.ready or not neighbours.scores:
        return None
    weight = dict(neighbours.scores)
    given = list(
        Gesture.objects.filter(case_id__in=list(weight), status=GestureStatus.GIVEN)
        .select_related("gesture_type")
        .order_by("case_id", "id")
    )
    if not given:
        return None
    ended = assist.outcomes_of_cases(actor=actor, case_ids=sorted({g.case_id for g in given}))
    by_type: dict[int, list[Gesture]] = {}
    for gesture in given:
        if ended[gesture.case_id].satisfied is not None:
            by_type.setdefault(gesture.gesture_type_id, []).append(gesture)
    best: tuple[float, GestureType, list[Gesture], int] | None = None
    for gestures in by_type.values():
        cases_with = {g.case_id for g in gestures}
        pleased = [g for g in gestures if ended[g.case_id].satisfied]
        pleased_cases = {g.case_id for g in pleased}
        if len(pleased_cases) < STEP_AT_LEAST or 2 * len(pleased_cases) < len(cases_with):
            continue
        score = sum(weight[c] for c in pleased_cases)
        if best is None or score > best[0]:
            best = (score, gestures[0].gesture_type, pleased, len(cases_with))
    if best is None:
        return None
    _, kind, pleased, of = best
    usual = Decimal(statistics.median(g.amount for g in pleased)).quantize(Decimal("0.01"))
    amount, needs_approval = usual, False
    if kind.is_monetary:
        room = _own_room(actor)
        if room is None or room <= 0:
            needs_approval = True
        elif usual > room:
            amount = room
    return ImmediateStep(
        gesture_type=kind,
        amount=amount,
        usual_amount=usual,
        satisfied=len({g.case_id for g in pleased}),
        of=of,
        similar=len(weight),
        needs_approval=needs_approval,
    )


def _own_room(actor: Actor) -> Decimal | None:
    """What the signed-in agent may give alone now: the smaller of their limit and their balance (None without
    a profile)."""
    mine = agent_of(actor) if isinstance(actor, User) else None
    profile = budgets.profile_for(mine) if mine else None
    if mine is None or profile is None:
        return None
    start, _ = budgets.period_bounds(profile.period, timezone.localdate())
    budget = Budget.objects.filter(agent=mine, period_start=start, allocated_at__isnull=False).first()
    balance = budget.balance.amount if budget else profile.budget_amount
    return min(profile.per_gesture_limit, balance)


# --- reports: budget use, gestures against outcomes ----------------------------------------------------------


@dataclass(frozen=True)
class BudgetUse:
    """One agent's use of their budget this period."""

    view: BudgetView
    given: int
    awaiting: int
    flagged: int

    @property
    def used_share(self) -> float | None:
        """The share of the period's budget spent."""
        total = self.view.total.amount if self.view.total else Decimal(0)
        return float(self.view.spent.amount / total) if self.view.spent and total else None


@dataclass(frozen=True)
class TeamBudgetUse:
    """A team's agents' use of their budgets this period, and the team's totals."""

    team: str
    agents: list[BudgetUse]
    total: Decimal
    spent: Decimal
    currency: str

    @property
    def used_share(self) -> float | None:
        """The share of the team's budgets spent."""
        return float(self.spent / self.total) if self.total else None


def budget_use(*, actor: Actor) -> list[TeamBudgetUse]:
    """Budget use this period by agent and team, for the agents whose budgets the actor may see."""
    agents = list(
        Agent.objects.select_related("user", "team")
        .filter(_visible_agents(actor), is_active=True)
        .order_by("team__name", "id")
    )
    since = timezone.now() - dt.timedelta(days=92)
    counts = {
        row["given_by_id"]: row
        for row in Gesture.objects.filter(given_by__in=agents, created_at__gte=since)
        .values("given_by_id")
        .annotate(
            given=Count("id", filter=Q(status=GestureStatus.GIVEN)),
            awaiting=Count("id", filter=Q(status=GestureStatus.AWAITING_APPROVAL)),
            flagged=Count("id", filter=Q(is_flagged=True, reviewed_at__isnull=True)),
        )
    }
    teams: dict[str, list[BudgetUse]] = {}
    supervisors = {agent.team.supervisor_id for agent in agents if agent.team}
    for agent in agents:
        row = counts.get(agent.pk, {})
        use = BudgetUse(
            view=current_budget(actor=actor, agent_id=agent.pk),
            given=row.get("given", 0),
            awaiting=row.get("awaiting", 0),
            flagged=row.get("flagged", 0),
        )
        teams.setdefault(agent.team.name if agent.team else "No team", []).append(use)
    # A team's totals are its agents' budgets: what its supervisor spends approving is theirs, not the team's.
    found = []
    for name, uses in teams.items():
        front = [u for u in uses if u.view.agent.pk not in supervisors and u.view.total and u.view.spent]
        found.append(
            TeamBudgetUse(
                team=name,
                agents=uses,
                total=sum((u.view.total.amount for u in front if u.view.total), Decimal(0)),
                spent=sum((u.view.spent.amount for u in front if u.view.spent), Decimal(0)),
                currency=next(
                    (u.view.total.currency for u in front if u.view.total), settings.FRONTLINE_DEFAULT_CURRENCY
                ),
            )
        )
    return found


@dataclass(frozen=True)
class OutcomeComparison:
    """Customers who got a small step against similar customers who did not: one outcome, with intervals."""

    outcome: str
    with_step: Share
    without_step: Share
    difference: Difference | None


MIN_GROUP = 10  # below this, a group is too small to say anything


def gestures_against_outcomes(*, actor: Actor, days: int = 365) -> list[OutcomeComparison]:
    """Did customers who got a gesture rate higher and stay more than similar customers who did not? Among cases
    resolved in the last `days` with a known outcome, in the categories where gestures were given (similar
    problems), the share satisfied and the share retained for each group, with Wilson intervals and Newcombe's
    interval for the difference."""
    require_permission(actor, "authority.view_gesture_report")
    since = timezone.now() - dt.timedelta(days=days)
    ended = assist.ended_cases(actor=actor, since=since)
    stepped = set(
        Gesture.objects.filter(status=GestureStatus.GIVEN, case__resolved_at__gte=since).values_list(
            "case_id", flat=True
        )
    )
    categories = {e.category_id for e in ended if e.case_id in stepped}
    alike = [e for e in ended if e.category_id in categories]
    found = []
    for outcome in ("satisfied", "retained"):
        known = [e for e in alike if getattr(e, outcome) is not None]
        with_step = [e for e in known if e.case_id in stepped]
        without = [e for e in known if e.case_id not in stepped]
        first = share(sum(1 for e in with_step if getattr(e, outcome)), len(with_step))
        second = share(sum(1 for e in without if getattr(e, outcome)), len(without))
        enough = first.n >= MIN_GROUP and second.n >= MIN_GROUP
        found.append(OutcomeComparison(outcome, first, second, difference(first, second) if enough else None))
    return found
