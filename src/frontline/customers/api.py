"""REST endpoints for customers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

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
from frontline.customers import selectors, services
from frontline.customers.models import Customer, Tier
from frontline.customers.selectors import CustomerFilters

router = Router(tags=["customers"])


class MoneyOut(Schema):
    amount: Decimal
    currency: str


class CustomerOut(Schema):
    id: int
    account_number: str
    name: str
    email: str
    phone: str
    tier: Tier
    branch_id: Id | None
    relationship_owner_id: Id | None
    customer_since: dt.date
    revenue: MoneyOut  # from the model's Money properties
    cost_to_serve: MoneyOut
    created_at: dt.datetime
    updated_at: dt.datetime


class MoneyIn(Input):
    amount: str = Field(..., examples=["1200.00"], description="A decimal string; floats are refused.")
    currency: str | None = Field(None, examples=["CAD"])


class CustomerIn(Input):
    account_number: str = Field(..., min_length=3, max_length=32)
    name: str = Field(..., min_length=1, max_length=200)
    email: str = ""
    phone: str = ""
    tier: Tier = Tier.STANDARD
    branch_id: Id | None = None
    relationship_owner_id: Id | None = None
    customer_since: dt.date | None = None
    revenue: MoneyIn | None = None
    cost_to_serve: MoneyIn | None = None


class CustomerPatch(Input):
    account_number: str | None = Field(None, min_length=3, max_length=32)
    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = None
    phone: str | None = None
    tier: Tier | None = None
    branch_id: Id | None = None
    relationship_owner_id: Id | None = None
    customer_since: dt.date | None = None
    revenue: MoneyIn | None = None
    cost_to_serve: MoneyIn | None = None


def _flatten_money(values: dict[str, Any]) -> dict[str, Any]:
    """{"revenue": {"amount", "currency"}} to the model's revenue_amount and revenue_currency."""
    flat = {name: value for name, value in values.items() if name not in ("revenue", "cost_to_serve")}
    for name in ("revenue", "cost_to_serve"):
        money = values.get(name)
        if money is not None:
            flat[f"{name}_amount"] = money["amount"]
            if money.get("currency") is not None:
                flat[f"{name}_currency"] = money["currency"]
    return flat


class CustomerQuery(PageQuery):
    branch: Id | None = None
    tier: Tier | None = None
    relationship_owner: Id | None = None
    q: str = Field("", description="Account number, e-mail or phone (exact), or the start of the name.")


@router.get("/customers", response=responses({200: Page[CustomerOut]}), summary="List customers")
def list_customers(request: HttpRequest, query: Query[CustomerQuery]) -> dict[str, Any]:
    filters = CustomerFilters(
        branch_id=query.branch, tier=query.tier, relationship_owner_id=query.relationship_owner, text=query.q
    )
    return page_of(
        selectors.list_customers(actor=request.user, filters=filters, cursor=query.cursor, limit=query.limit)
    )


API_FIELD_NAMES = {
    "revenue_amount": "revenue.amount",
    "revenue_currency": "revenue.currency",
    "cost_to_serve_amount": "cost_to_serve.amount",
    "cost_to_serve_currency": "cost_to_serve.currency",
}


@contextmanager
def money_fields_named_as_sent() -> Iterator[None]:
    """Report errors on the model's money columns under the API's nested names (revenue.amount)."""
    try:
        yield
    except ValidationFailed as exc:
        raise ValidationFailed({API_FIELD_NAMES.get(name, name): msgs for name, msgs in exc.fields.items()}) from None


@router.post("/customers", response=responses({201: CustomerOut}), summary="Create a customer")
def create_customer(request: HttpRequest, payload: CustomerIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    values = _flatten_money(payload.model_dump(exclude_none=True))
    with money_fields_named_as_sent():
        return create_idempotently(
            request,
            key=idempotency_key,
            payload=payload,
            create=lambda: services.create_customer(actor=request.user, **values),
            output=CustomerOut,
        )


@router.get("/customers/{customer_id}", response=responses({200: CustomerOut}), summary="Read a customer")
def get_customer(request: HttpRequest, customer_id: Id) -> Customer:
    return selectors.get_customer(actor=request.user, customer_id=customer_id)


@router.patch("/customers/{customer_id}", response=responses({200: CustomerOut}), summary="Update a customer")
def update_customer(request: HttpRequest, customer_id: Id, payload: CustomerPatch) -> Customer:
    changes = _flatten_money(payload.model_dump(exclude_unset=True))
    with money_fields_named_as_sent(), transaction.atomic():
        return services.update_customer(actor=request.user, customer_id=customer_id, changes=changes)
