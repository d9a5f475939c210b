"""Writes about customers. Callers hold the transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

from frontline.core.errors import NotFound, ValidationFailed
from frontline.core.money import MoneyError, parse_amount, parse_currency
from frontline.core.permissions import Actor, require_permission
from frontline.core.validation import normalise_phone_number
from frontline.core.writes import create_row, update_row
from frontline.customers.models import Customer

CUSTOMER_FIELDS = (
    "account_number",
    "name",
    "email",
    "phone",
    "tier",
    "branch_id",
    "relationship_owner_id",
    "customer_since",
    "revenue_amount",
    "revenue_currency",
    "cost_to_serve_amount",
    "cost_to_serve_currency",
)
MONEY_FIELDS = ("revenue_amount", "cost_to_serve_amount")
CURRENCY_FIELDS = ("revenue_currency", "cost_to_serve_currency")


def clean_customer_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise what people type: trimmed text, E.164 phones, Decimal amounts, upper-case currencies.

    Raises ValidationFailed naming the field when a phone, amount or currency cannot be read.
    """
    cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = normalise_phone_number(cleaned["phone"])
        except DjangoValidationError as exc:
            raise ValidationFailed.single("phone", exc.messages[0]) from None
    for name in MONEY_FIELDS:
        if name in cleaned:
            try:
                cleaned[name] = parse_amount(cleaned[name])
            except MoneyError as exc:
                raise ValidationFailed.single(name, str(exc)) from None
    for name in CURRENCY_FIELDS:
        if name in cleaned:
            try:
                cleaned[name] = parse_currency(str(cleaned[name]))
            except MoneyError as exc:
                raise ValidationFailed.single(name, str(exc)) from None
    if "customer_since" in cleaned and isinstance(cleaned["customer_since"], str):
        try:
            cleaned["customer_since"] = dt.date.fromisoformat(cleaned["customer_since"])
        except ValueError:
            raise ValidationFailed.single("customer_since", "Use a date such as 2024-03-31.") from None
    if cleaned.get("email"):
        cleaned["email"] = cleaned["email"].lower()
    return cleaned


def create_customer(
    *,
    actor: Actor,
    account_number: str,
    name: str,
    email: str = "",
    phone: str = "",
    tier: str = "standard",
    branch_id: int | None = None,
    relationship_owner_id: int | None = None,
    customer_since: dt.date | None = None,
    revenue_amount: Decimal | str = "0.00",
    revenue_currency: str | None = None,
    cost_to_serve_amount: Decimal | str = "0.00",
    cost_to_serve_currency: str | None = None,
) -> Customer:
    """Add a customer account."""
    require_permission(actor, "customers.add_customer")
    values: dict[str, Any] = {
        "account_number": account_number,
        "name": name,
        "email": email,
        "phone": phone,
        "tier": tier,
        "branch_id": branch_id,
        "relationship_owner_id": relationship_owner_id,
        "revenue_amount": revenue_amount,
        "cost_to_serve_amount": cost_to_serve_amount,
    }
    if customer_since is not None:
        values["customer_since"] = customer_since
    if revenue_currency is not None:
        values["revenue_currency"] = revenue_currency
    if cost_to_serve_currency is not None:
        values["cost_to_serve_currency"] = cost_to_serve_currency
    return create_row(Customer, actor=actor, action="customer.created", values=clean_customer_values(values))


def update_customer(*, actor: Actor, customer_id: int, changes: Mapping[str, Any]) -> Customer:
    """Change any of a customer's fields."""
    require_permission(actor, "customers.change_customer")
    customer = Customer.objects.select_for_update().filter(pk=customer_id).first()
    if customer is None:
        raise NotFound(f"No customer {customer_id}.")
    update_row(
        customer,
        actor=actor,
        action="customer.updated",
        changes=clean_customer_values(changes),
        allowed=CUSTOMER_FIELDS,
    )
    return customer
