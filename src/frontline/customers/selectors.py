"""Reads about customers, each behind a permission check."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet

from frontline.core.errors import NotFound
from frontline.core.pagination import KeysetPage, paginate
from frontline.core.permissions import Actor, require_permission
from frontline.core.validation import normalise_phone_number
from frontline.customers.models import Customer

PHONE_LIKE = re.compile(r"\+?[\d\s().-]{7,20}")


@dataclass(frozen=True, slots=True)
class CustomerFilters:
    """What a customer list may be narrowed by."""

    branch_id: int | None = None
    tier: str | None = None
    relationship_owner_id: int | None = None
    text: str = ""  # account number (exact), e-mail or phone (exact), or the start of the name


def _customers() -> QuerySet[Customer]:
    return Customer.objects.select_related("branch", "relationship_owner__user")


def _filtered(filters: CustomerFilters) -> QuerySet[Customer]:
    customers = _customers()
    if filters.branch_id is not None:
        customers = customers.filter(branch_id=filters.branch_id)
    if filters.tier:
        customers = customers.filter(tier=filters.tier)
    if filters.relationship_owner_id is not None:
        customers = customers.filter(relationship_owner_id=filters.relationship_owner_id)
    text = filters.text.strip()
    if text:
        customers = customers.filter(_look_up(text))
    return customers


def _look_up(text: str) -> Q:
    """What a look-up text can mean, each part answerable from an index: an e-mail address, a phone number,
    or an account number or the start of a name."""
    if "@" in text:
        return Q(email=text.lower())
    if PHONE_LIKE.fullmatch(text):
        try:
            return Q(phone=normalise_phone_number(text)) | Q(account_number=text)
        except DjangoValidationError:
            pass
    return Q(account_number=text) | Q(name__istartswith=text)


def list_customers(*, actor: Actor, filters: CustomerFilters, cursor: str | None, limit: int) -> KeysetPage[Customer]:
    """Customers in name order."""
    require_permission(actor, "customers.view_customer")
    return paginate(_filtered(filters), ordering=("name", "id"), cursor=cursor, limit=limit)


def get_customer(*, actor: Actor, customer_id: int) -> Customer:
    """One customer, or NotFound."""
    require_permission(actor, "customers.view_customer")
    customer = _customers().filter(pk=customer_id).first()
    if customer is None:
        raise NotFound(f"No customer {customer_id}.")
    return customer


def find_customers(*, actor: Actor, text: str, limit: int = 10) -> list[Customer]:
    """A few customers matching a look-up text (account number, e-mail, phone or name start), for pickers."""
    require_permission(actor, "customers.view_customer")
    if not text.strip():
        return []
    return list(_filtered(CustomerFilters(text=text)).order_by("name", "id")[:limit])
