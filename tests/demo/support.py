"""Helpers for the demo company's tests: the reference time and a digest of the seeded rows."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db.models import Model, QuerySet

from frontline.accounts.models import Agent
from frontline.cases.models import Case, Contact
from frontline.customers.models import Customer

NOW = dt.datetime(2025, 6, 2, tzinfo=dt.UTC)


def _rows(queryset: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
    return list(queryset.values_list(*fields))


def company_digest() -> str:
    """A sha256 over the seeded rows by their natural keys (ids of service-made rows differ between runs)."""
    tables: list[list[tuple[Any, ...]]] = [
        _rows(
            Agent.objects.order_by("user__username"),
            "user__username",
            "user__first_name",
            "user__last_name",
            "extension",
            "team__name",
            "branch__name",
        ),
        _rows(
            Customer.objects.order_by("account_number"),
            "account_number",
            "name",
            "email",
            "phone",
            "tier",
            "branch__name",
            "relationship_owner__user__username",
            "customer_since",
            "revenue_amount",
            "cost_to_serve_amount",
            "created_at",
        ),
        _rows(
            seeded_cases().order_by("opened_at", "id"),
            "customer__account_number",
            "product__code",
            "category__name",
            "channel",
            "subject",
            "description",
            "priority",
            "status",
            "owner__user__username",
            "team__name",
            "resolution",
            "root_cause",
            "opened_at",
            "resolved_at",
            "closed_at",
            "updated_at",
        ),
        _rows(
            Contact.objects.order_by("started_at", "id"),
            "case__opened_at",
            "channel",
            "direction",
            "started_at",
            "ended_at",
            "queue_wait_seconds",
            "handle_seconds",
            "agent__user__username",
            "queue",
            "ivr_path",
            "outcome",
            "notes",
        ),
    ]
    return hashlib.sha256(repr(tables).encode()).hexdigest()


def count(model: type[Model]) -> int:
    """How many rows `model` has."""
    return model._default_manager.count()


def seeded_cases() -> QuerySet[Case]:
    """The cases the seed wrote, without those its survey answers opened to call unhappy customers back."""
    return Case.objects.filter(survey_loop__isnull=True)
