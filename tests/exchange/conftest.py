"""Fixtures for imports and exports: files written in a temporary folder, and a dataset with every field set."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from frontline.cases import services as cases
from frontline.cases.models import Case, Category, Contact, Product
from frontline.customers import services as customers
from frontline.customers.models import Customer

UTC = dt.UTC


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows under a header as CSV in the test's folder; returns the file's path."""

    def write(header: Sequence[str], rows: Sequence[Sequence[Any]], name: str = "rows.csv", **dialect: Any) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as sink:
            writer = csv.writer(sink, **dialect)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def write_jsonl(tmp_path: Path) -> Callable[..., Path]:
    """Write one JSON object per line in the test's folder; returns the file's path."""

    def write(rows: Sequence[Mapping[str, Any]], name: str = "rows.jsonl") -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        return path

    return write


@dataclass
class Dataset:
    customers: list[Customer]
    cases: list[Case]
    contacts: list[Contact]


@pytest.fixture
def dataset(org: Any, customer: Customer, product: Product, categories: dict[str, Category], case: Case) -> Dataset:
    """Customers, cases and contacts with every field filled in some row and empty in another.

    Text holds unicode, commas, quotes and line breaks; money has cents; cases are new, open and closed.
    """
    other = customers.create_customer(
        actor=None,
        account_number="ZX-77",
        name='Zoë "Zed" Ångström, Jr.',
        tier="business",
        customer_since=dt.date(2001, 2, 3),
        revenue_amount="0.05",
        revenue_currency="EUR",
        cost_to_serve_amount="1234567.89",
        cost_to_serve_currency="USD",
    )
    closed = cases.open_case(
        actor=None,
        customer_id=other.pk,
        subject="Bill shows “roaming”, twice; and a comma",
        description='Line one, with a comma.\nLine two with "quotes" and 🚀.\r\nLine three\u2028and a separator.',
        channel="email",
        priority="urgent",
        product_id=product.pk,
        category_id=categories["billing"].pk,
        owner_id=org.agents["agent2"].pk,
        team_id=org.other_team.pk,
        opened_at=dt.datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    )
    full_contact = cases.log_contact(
        actor=None,
        case_id=closed.pk,
        channel="phone",
        direction="outbound",
        started_at=dt.datetime(2024, 1, 2, 4, 0, tzinfo=UTC),
        ended_at=dt.datetime(2024, 1, 2, 4, 12, 30, tzinfo=UTC),
        queue_wait_seconds=42,
        agent_id=org.agents["agent2"].pk,
        queue="Billing, tier 2",
        ivr_path="1>3>0",
        outcome="follow_up",
        notes='Said "call me back",\nafter 5 pm; ça va.',
    )
    cases.resolve_case(
        actor=None, case_id=closed.pk, resolution="Refunded\nthe charge, twice.", root_cause="Rating bug"
    )
    cases.change_case_status(actor=None, case_id=closed.pk, status="closed")
    bare = cases.open_case(actor=None, customer_id=customer.pk, subject="Question")
    bare_contact = cases.log_contact(actor=None, case_id=bare.pk, channel="chat")
    return Dataset(
        customers=[customer, other],
        cases=[case, closed, bare],
        contacts=[full_contact, bare_contact],
    )
