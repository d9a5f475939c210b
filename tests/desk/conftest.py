"""Fixtures of the desk's page tests: a few more cases and a way to count what was written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case, Category, Contact, Product
from frontline.core.models import AuditEntry
from frontline.customers.models import Customer
from tests.assist.casebase import base  # noqa: F401 (a fixture of the similar-cases panel tests)
from tests.conftest import Organisation

HTMX = {"HX-Request": "true"}


def written() -> dict[str, int]:
    """How many rows each table the desk writes to holds, to assert that a refused request wrote nothing."""
    return {"cases": Case.objects.count(), "contacts": Contact.objects.count(), "audit": AuditEntry.objects.count()}


@pytest.fixture
def unassigned_case(org: Organisation, customer: Customer, product: Product, categories: dict[str, Category]) -> Case:
    """A case of the agents' team that nobody owns yet."""
    return cases.open_case(
        actor=None,
        customer_id=customer.pk,
        subject="Roaming charge on the October bill",
        description="The customer was at home all month.",
        product_id=product.pk,
        category_id=categories["billing"].pk,
        team_id=org.team.pk,
        opened_at=timezone.now() - dt.timedelta(hours=3),
    )


@pytest.fixture
def colleagues_case(org: Organisation, customer: Customer) -> Case:
    """A case owned by the second agent of the same team."""
    return cases.open_case(
        actor=None,
        customer_id=customer.pk,
        subject="Wi-Fi slow upstairs",
        owner_id=org.agents["agent2"].pk,
        opened_at=timezone.now() - dt.timedelta(hours=2),
    )


@pytest.fixture
def many_cases(org: Organisation, customer: Customer) -> list[Case]:
    """Thirty open cases owned by the agent, an hour apart, newest last."""
    start = timezone.now() - dt.timedelta(days=5)
    return [
        cases.open_case(
            actor=None,
            customer_id=customer.pk,
            subject=f"Numbered problem {number:02d}",
            owner_id=org.agents["agent"].pk,
            opened_at=start + dt.timedelta(hours=number),
        )
        for number in range(30)
    ]


def body(response: Any) -> str:
    """The response's HTML as text."""
    return str(response.content.decode())
