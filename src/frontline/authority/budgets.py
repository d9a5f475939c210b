"""Budgets and their ledger: the one place a budget's figures change.

Every change happens under the budget row's lock (`select_for_update()` on PostgreSQL; on SQLite every write
transaction already holds the database's single write lock, see decision 0013) and appends a ledger entry
with the balance after it. The database's check constraint refuses a balance below zero whatever happens.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.accounts.roles import Role, roles_of
from frontline.authority.models import AuthorityProfile, Budget, Gesture, LedgerEntry, LedgerKind, Period

ROLE_PRECEDENCE = (Role.ADMIN, Role.SUPERVISOR, Role.QUALITY, Role.OPERATIONS, Role.AGENT)


def profile_for(agent: Agent) -> AuthorityProfile | None:
    """The authority profile that applies to `agent`: their own, else their team's, else their role's."""
    candidates = Q(agent=agent)
    if agent.team_id is not None:
        candidates |= Q(team_id=agent.team_id)
    roles = roles_of(agent.user)
    if roles:
        candidates |= Q(role__in=[role.value for role in roles])
    roles_first = [role.value for role in ROLE_PRECEDENCE]

    def rank(profile: AuthorityProfile) -> int:
        if profile.agent_id is not None:
            return 0
        if profile.team_id is not None:
            return 1
        return 2 + roles_first.index(profile.role)

    return min(AuthorityProfile.objects.filter(candidates), key=rank, default=None)


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the period holding `day` and the first day after it."""
    if period == Period.WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=7)
    if period == Period.QUARTER:
        start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
        months = 3
    else:
        start = day.replace(day=1)
        months = 1
    month = start.month - 1 + months
    return start, start.replace(year=start.year + month // 12, month=month % 12 + 1)


def locked_budget(agent: Agent, profile: AuthorityProfile, *, now: dt.datetime | None = None) -> Budget:
    """The agent's budget for the current period, locked for the rest of the transaction; the period's
    allocation is made the first time it is used. Two requests that open the same period at once create
    one row: the second insert is ignored and both then wait on the same row's lock."""
    start, end = period_bounds(profile.period, timezone.localdate(now or timezone.now()))
    Budget.objects.bulk_create(
        [Budget(agent=agent, period_start=start, period_end=end, currency=profile.currency)], ignore_conflicts=True
    )
    budget = Budget.objects.select_for_update().get(agent=agent, period_start=start)
    if budget.allocated_at is None:
        budget.allocated_amount = profile.budget_amount
        budget.allocated_at = now or timezone.now()
        budget.save(update_fields=["allocated_amount", "allocated_at"])
        _append(budget, LedgerKind.ALLOCATION, profile.budget_amount, actor=None, reason=f"{profile.holder}")
    return budget


def _append(
    budget: Budget,
    kind: str,
    amount: Decimal,
    *,
    actor: User | None,
    gesture: Gesture | None = None,
    reason: str = "",
) -> LedgerEntry:
    return LedgerEntry.objects.create(
        budget=budget,
        kind=kind,
        amount=amount,
        balance_after=budget.balance.amount,
        gesture=gesture,
        actor=actor,
        reason=reason[:500],
    )


def spend(budget: Budget, gesture: Gesture, *, kind: str, actor: User | None) -> LedgerEntry:
    """Charge a gesture to a locked budget that can pay it (the caller checked the balance under the lock)."""
    budget.spent_amount += gesture.amount
    budget.save(update_fields=["spent_amount"])
    return _append(budget, kind, -gesture.amount, actor=actor, gesture=gesture)


def refund(budget: Budget, gesture: Gesture, *, actor: User | None, reason: str) -> LedgerEntry:
    """Give a reversed gesture's amount back to its locked budget."""
    budget.spent_amount -= gesture.amount
    budget.save(update_fields=["spent_amount"])
    return _append(budget, LedgerKind.REVERSAL, gesture.amount, actor=actor, gesture=gesture, reason=reason)


def top_up(budget: Budget, amount: Decimal, *, actor: User | None, reason: str) -> LedgerEntry:
    """Add to a locked budget for the rest of its period."""
    budget.topped_up_amount += amount
    budget.save(update_fields=["topped_up_amount"])
    return _append(budget, LedgerKind.TOP_UP, amount, actor=actor, reason=reason)


def relock(budget_id: int) -> Budget:
    """A budget by id, locked for the rest of the transaction."""
    return Budget.objects.select_for_update().get(pk=budget_id)
