"""The demo company's authority: its policies and their owners, two years of small gestures within budget (with
the budgets and ledger they came from), how those customers ended compared with similar ones, and a few
exception requests and fixes in progress. Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.assist.models import CaseOutcome
from frontline.authority import budgets, defaults, services
from frontline.authority.models import (
    AuthorityProfile,
    Budget,
    Gesture,
    GestureStatus,
    GestureType,
    LedgerEntry,
    LedgerKind,
    Policy,
    RootCause,
)
from frontline.cases.models import Case, CaseStatus
from frontline.demo.organisation import Organisation

# What the front line gives for which problems: category path prefix, gesture type, amounts.
GESTURES = [
    ("Connectivity › Outage", "account_credit", ("15.00", "20.00", "25.00")),
    ("Connectivity › Intermittent drops", "account_credit", ("10.00", "15.00")),
    ("Mobile network › No service", "account_credit", ("10.00", "20.00")),
    ("Billing › Charges", "fee_waiver", ("15.00",)),
    ("Billing › Payments", "fee_waiver", ("15.00",)),
    ("Connectivity › Slow speeds", "useful_advice", ("0.00",)),
    ("Equipment › Delivery and returns", "expedited_delivery", ("25.00",)),
    ("TV › Picture and signal", "call_back", ("0.00",)),
]
SHARE_WITH_GESTURE = 0.35  # of recent resolved cases in those categories
MOST_GESTURES = 4000
SATISFIED = {True: 0.86, False: 0.71}  # with a gesture, without
RETAINED = {True: 0.96, False: 0.91}
OUTCOMES_WITHOUT = 4000  # resolved cases in the same categories without a gesture whose outcome is known
HISTORY_DAYS = 365

POLICIES = [
    # title, class, statement, reason, workaround, owner ("supervisor:<team>" or a role), categories
    (
        "Identity check before account changes",
        "legal",
        "Confirm two pieces of identity before changing an account, a plan or a payment method.",
        "Telecommunications regulation and our privacy commitments require it; it stops account takeovers.",
        "",
        "admin",
        [],
    ),
    (
        "No refunds of usage older than 60 days",
        "profit_protection",
        "Usage charges are refunded only when disputed within 60 days of the bill.",
        "Older disputes cannot be checked against network records, which we keep for 60 days, and most of them "
        "are not errors.",
        "",
        "operations",
        ["Billing › Charges"],
    ),
    (
        "One courtesy credit per customer per year",
        "profit_protection",
        "A customer receives at most one courtesy credit in twelve months.",
        "Repeated credits for the same customer hide a problem that should be fixed instead, and cost more than "
        "fixing it.",
        "",
        "operations",
        ["Billing › Credits and refunds", "Connectivity › Outage"],
    ),
    (
        "Plan changes take effect at the next bill",
        "technical_workaround",
        "A plan change applies from the start of the next billing cycle.",
        "The billing system rates a whole cycle on one plan.",
        "1. Change the plan for the next cycle.\n2. Add a prorated credit by hand in the billing console "
        "(Adjustments › Prorated credit) for the days left in this cycle.",
        "supervisor",
        ["Billing › Promotions and pricing", "Orders"],
    ),
    (
        "Line tests need the modem online",
        "technical_hard",
        "A remote line test can only run while the customer's modem is connected.",
        "The test talks to the modem itself; without it there is nothing to measure.",
        "",
        "supervisor",
        ["Connectivity"],
    ),
    (
        "Replacements after the return window go through repair",
        "profit_protection",
        "Devices older than 30 days are repaired, not replaced.",
        "Replacing instead of repairing costs four times as much and the repair centre fixes 90% in two days.",
        "",
        "operations",
        ["Equipment"],
    ),
]


@dataclass(frozen=True)
class AuthoritySummary:
    """What the demo's authority seeding wrote."""

    policies: int
    gestures: int
    budgets: int
    outcomes: int


def _owner(spec: str) -> User:
    if spec in ("admin", "operations", "supervisor"):
        found = User.objects.filter(groups__name=spec, is_active=True).order_by("pk").first()
        if found is not None:
            return found
    return User.objects.filter(is_superuser=True).order_by("pk").first() or User.objects.order_by("pk").first()  # type: ignore[return-value]


def _policies(organisation: Organisation, now: dt.datetime) -> int:
    for title, kind, statement, reason, workaround, owner, paths in POLICIES:
        categories = [
            category_id
            for path, category_id in organisation.categories.items()
            if any(path == prefix for prefix in paths)
        ]
        services.create_policy(
            actor=None,
            title=title,
            statement=statement,
            reason=reason,
            constraint_class=kind,
            owner_id=_owner(owner).pk,
            review_on=(now + dt.timedelta(days=180)).date(),
            workaround=workaround,
            category_ids=categories,
        )
    return len(POLICIES)


Resolved = tuple[int, int, int, dt.datetime]  # case, customer, owner, resolved at
Planned = tuple[Resolved, GestureType, Decimal]
Key = tuple[int, dt.date]  # agent, first day of the budget period


def _recent_resolved(organisation: Organisation, now: dt.datetime) -> list[list[Resolved]]:
    """Recent resolved cases with an owner, for each gesture rule in turn (by the category the rule names)."""
    found = []
    for prefix, *_ in GESTURES:
        ids = [cid for path, cid in organisation.categories.items() if path.startswith(prefix)]
        rows = (
            Case.objects.filter(
                category_id__in=ids,
                status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED],
                resolved_at__gte=now - dt.timedelta(days=HISTORY_DAYS),
                owner__isnull=False,
            )
            .order_by("id")
            .values_list("id", "customer_id", "owner_id", "resolved_at")
        )
        found.append([(pk, customer, owner, resolved) for pk, customer, owner, resolved in rows if resolved and owner])
    return found


def _plan(rng: random.Random, organisation: Organisation, now: dt.datetime) -> tuple[list[Planned], list[int]]:
    """Which recent cases get which gesture, and the cases alike that get none."""
    kinds = {kind.code: kind for kind in GestureType.objects.all()}
    planned: list[Planned] = []
    without: list[int] = []
    for (_, code, amounts), rows in zip(GESTURES, _recent_resolved(organisation, now), strict=True):
        for row in rows:
            if rng.random() < SHARE_WITH_GESTURE and len(planned) < MOST_GESTURES:
                planned.append((row, kinds[code], Decimal(rng.choice(amounts))))
            else:
                without.append(row[0])
    return planned, without


def _within_budgets(
    rng: random.Random, planned: list[Planned], profiles: dict[int, AuthorityProfile | None], without: list[int]
) -> tuple[list[tuple[Gesture, Key | None]], dict[Key, Decimal]]:
    """The gestures that fit their agent's limit and that month's budget (the rest join `without`), each with
    the budget it is charged to, and what each budget spent."""
    spent: dict[Key, Decimal] = defaultdict(Decimal)
    charged: list[tuple[Gesture, Key | None]] = []
    for (case_id, customer_id, owner_id, resolved_at), kind, amount in planned:
        profile = profiles.get(owner_id)
        key = None
        given_at = resolved_at - dt.timedelta(minutes=rng.randint(5, 90))
        if kind.is_monetary:
            start = budgets.period_bounds(profile.period, timezone.localdate(given_at))[0] if profile else None
            key = (owner_id, start) if start else None
            if profile is None or key is None or amount > profile.per_gesture_limit:
                without.append(case_id)
                continue
            if spent[key] + amount > profile.budget_amount:
                without.append(case_id)
                continue
            spent[key] += amount
        gesture = Gesture(
            case_id=case_id,
            customer_id=customer_id,
            gesture_type=kind,
            amount=amount,
            currency=kind.value_currency,
            given_by_id=owner_id,
            status=GestureStatus.GIVEN,
            is_flagged=bool(profile and amount > profile.investigation_threshold),
            is_routine=True,
            review_rank=2,
            created_at=given_at,
        )
        charged.append((gesture, key))
    return charged, spent


def _ledgers(
    charged: list[tuple[Gesture, Key | None]], spent: dict[Key, Decimal], profiles: dict[int, AuthorityProfile | None]
) -> int:
    """Write the budgets the gestures came from, the gestures, and each budget's ledger; the budgets written."""
    users = dict(Agent.objects.values_list("pk", "user_id"))
    periods: dict[Key, Budget] = {}
    for owner_id, start in sorted(spent):
        profile = profiles[owner_id]
        assert profile is not None  # only agents with a profile were charged
        periods[(owner_id, start)] = Budget(
            agent_id=owner_id,
            period_start=start,
            period_end=budgets.period_bounds(profile.period, start)[1],
            currency=profile.currency,
            allocated_amount=profile.budget_amount,
            spent_amount=spent[(owner_id, start)],
            allocated_at=timezone.make_aware(dt.datetime.combine(start, dt.time(8))),
        )
    Budget.objects.bulk_create(periods.values(), batch_size=1000)
    for gesture, key in charged:
        gesture.budget = periods[key] if key is not None else None
    Gesture.objects.bulk_create([gesture for gesture, _ in charged], batch_size=1000)
    by_budget: dict[Key, list[Gesture]] = defaultdict(list)
    for gesture, key in charged:
        if key is not None:
            by_budget[key].append(gesture)
    entries: list[LedgerEntry] = []
    for key, budget in periods.items():
        balance = budget.allocated_amount
        entries.append(
            LedgerEntry(
                budget=budget,
                kind=LedgerKind.ALLOCATION,
                amount=balance,
                balance_after=balance,
                created_at=timezone.make_aware(dt.datetime.combine(budget.period_start, dt.time(8))),
            )
        )
        for gesture in sorted(by_budget[key], key=lambda g: g.created_at):
            balance -= gesture.amount
            entries.append(
                LedgerEntry(
                    budget=budget,
                    kind=LedgerKind.GESTURE,
                    amount=-gesture.amount,
                    balance_after=balance,
                    gesture=gesture,
                    actor_id=users[key[0]],
                    created_at=gesture.created_at,
                )
            )
    LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    return len(periods)


def _gestures(rng: random.Random, organisation: Organisation, now: dt.datetime) -> tuple[list[int], list[int], int]:
    """Bulk-write past gestures, each charged to its agent's budget of that month (never over it), with the
    budgets and their ledgers. Returns the cases that got one, those alike that did not, and the budgets written."""
    profiles = {agent.pk: budgets.profile_for(agent) for agent in Agent.objects.select_related("user", "team")}
    planned, without = _plan(rng, organisation, now)
    charged, spent = _within_budgets(rng, planned, profiles, without)
    written = _ledgers(charged, spent, profiles)
    return [gesture.case_id for gesture, _ in charged], without, written


def _outcomes(rng: random.Random, with_gesture: list[int], without: list[int]) -> int:
    """How those customers ended: the ones who got a small step somewhat more satisfied and loyal."""
    chosen = [(case_id, True) for case_id in with_gesture]
    chosen += [(case_id, False) for case_id in rng.sample(without, min(OUTCOMES_WITHOUT, len(without)))]
    rows = [
        CaseOutcome(
            case_id=case_id,
            satisfied=rng.random() < SATISFIED[got],
            retained=rng.random() < RETAINED[got],
        )
        for case_id, got in chosen
    ]
    CaseOutcome.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def _in_progress(rng: random.Random, organisation: Organisation, now: dt.datetime) -> None:
    """A few exception requests and promised fixes on the demo agent's open cases, so the pages have work."""
    demo = Agent.objects.select_related("user").filter(pk=organisation.demo_agent_id).first()
    if demo is None:
        return
    still_open = Case.objects.exclude(status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED]).order_by("id")
    open_cases = list(still_open.filter(owner=demo)[:6])
    if len(open_cases) < 6:  # a small company: the demo agent's team's cases, then anyone's
        taken = {case.pk for case in open_cases}
        others = still_open.exclude(pk__in=taken)
        team = list(others.filter(owner__team=demo.team)[:6]) if demo.team else []
        ordered = team + list(others[:6])
        open_cases += [case for case in dict.fromkeys(ordered) if case.pk not in taken][: 6 - len(open_cases)]
    # Promises are due after today (whatever the seed's reference time), the same all day long.
    today = timezone.now().astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    for cause in ("Street cabinet fault", "Billing rule misconfigured", "Courier missed the delivery window"):
        RootCause.objects.get_or_create(name=cause)
    for index, case in enumerate(open_cases[:3]):
        services.schedule_follow_up(
            actor=None,
            case_id=case.pk,
            title=("Replace the line card in the street cabinet", "Correct the billing rule", "Re-send the order")[
                index
            ],
            owner_id=demo.pk,
            due_at=today + dt.timedelta(days=1 + 2 * index, hours=rng.randint(9, 17)),
            notify_by="email" if case.customer.email else "phone",
        )
    policies = [
        p
        for p in Policy.objects.filter(is_active=True).prefetch_related("products", "categories")
        if p.allows_exceptions and p.owner_id != demo.user_id
    ]
    asked = 0
    for case in still_open.select_related("category")[:300]:
        policy = next((p for p in policies if services.applies_to(p, case)), None)
        if policy is not None and asked < 2:
            services.request_exception(
                actor=demo.user,
                policy_id=policy.pk,
                case_id=case.pk,
                reason="Long-standing customer, and the problem was ours: asking for one exception.",
            )
            asked += 1


def seed_authority(*, rng: random.Random, organisation: Organisation, now: dt.datetime) -> AuthoritySummary:
    """Write the demo company's policies, past gestures with their budgets and ledger, outcomes, and work in
    progress. Expects the cases to be written already, inside the caller's transaction."""
    defaults.install(GestureType, AuthorityProfile, settings.FRONTLINE_DEFAULT_CURRENCY)
    # The managed list of root causes starts from those the desk wrote when it resolved cases.
    names = sorted(set(Case.objects.exclude(root_cause="").values_list("root_cause", flat=True)))
    RootCause.objects.bulk_create([RootCause(name=name) for name in names], ignore_conflicts=True)
    policies = _policies(organisation, now)
    with_gesture, without, written = _gestures(rng, organisation, now)
    outcomes = _outcomes(rng, with_gesture, without)
    _in_progress(rng, organisation, now)
    return AuthoritySummary(policies=policies, gestures=len(with_gesture), budgets=written, outcomes=outcomes)
