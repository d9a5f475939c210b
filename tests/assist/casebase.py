"""A small case base of resolved cases with contacts, outcomes and follow-ups, for the assist tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case, Category, Product
from frontline.customers import services as customers
from frontline.customers.models import Customer
from tests.conftest import Organisation

KINDS = {
    # kind: (category key, subject, description, resolution, root cause)
    "firmware": (
        "outage",
        "Router drops the connection every evening",
        "Fibre router loses sync around eight in the evening; lights go orange.",
        "Updated the router firmware and reset the line profile.",
        "Outdated router firmware",
    ),
    "fault": (
        "outage",
        "No internet since this morning",
        "Fibre line down for the whole street; neighbours affected too.",
        "Dispatched an engineer to repair the street cabinet.",
        "Street cabinet fault",
    ),
    "speed": (
        "slow",
        "Speeds far below the plan",
        "Speed test shows 40 Mbps on a 500 Mbps fibre plan, worst at night.",
        "Moved the router away from the microwave and switched Wi-Fi to 5 GHz.",
        "Wi-Fi interference",
    ),
    "roaming": (
        "billing",
        "Bill shows a roaming charge",
        "Charged for roaming data while the customer says they were at home.",
        "Refunded the roaming charge; the phone had latched onto a border mast.",
        "Border mast roaming",
    ),
}


@dataclass
class Base:
    cases: dict[str, list[Case]]
    customers: list[Customer]
    open_case: Case


def resolved(
    org: Organisation, customer: Customer, product: Product, category: Category, kind: str, days_ago: float, number: int
) -> Case:
    """One resolved case of `kind`, opened `days_ago`, with one inbound contact."""
    _, subject, description, resolution, cause = KINDS[kind]
    case = cases.open_case(
        actor=None,
        customer_id=customer.pk,
        subject=f"{subject} ({number})",
        description=description,
        product_id=product.pk,
        category_id=category.pk,
        owner_id=org.agents["agent"].pk,
        opened_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    cases.log_contact(actor=None, case_id=case.pk, channel="phone", agent_id=org.agents["agent"].pk)
    return cases.resolve_case(actor=None, case_id=case.pk, resolution=resolution, root_cause=cause)


@pytest.fixture
def base(org: Organisation, customer: Customer, product: Product, categories: dict[str, Category], case: Case) -> Base:
    """Six resolved cases of each kind for six customers; after each firmware case its customer opened a
    speed case within a week. `case` (open, about a dropping router) is the one at hand."""
    people = [customer] + [
        customers.create_customer(actor=None, account_number=f"ACC-20{n}", name=f"Customer {n}", tier="standard")
        for n in range(5)
    ]
    made: dict[str, list[Case]] = {kind: [] for kind in KINDS}
    with transaction.atomic():
        for number in range(6):
            who = people[number]
            for kind, (category, *_) in KINDS.items():
                days = 200 - number * 20 - list(KINDS).index(kind)
                made[kind].append(resolved(org, who, product, categories[category], kind, days, number))
            # Firmware cases were followed, days later, by a speed complaint from the same customer.
            follow = made["firmware"][-1]
            later = cases.open_case(
                actor=None,
                customer_id=who.pk,
                subject="Still slow after the router update",
                product_id=product.pk,
                category_id=categories["slow"].pk,
                opened_at=follow.opened_at + dt.timedelta(days=5),
            )
            assert later.pk
    return Base(cases=made, customers=people, open_case=case)


def texts_of(matches: Any) -> list[str]:
    return [m.case.subject for m in matches]
