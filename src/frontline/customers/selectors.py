"""Reads about customers, each behind a permission check."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from frontline.core.errors import NotFound
from frontline.core.pagination import KeysetPage, paginate
from frontline.core.permissions import Actor, require_permission
from frontline.customers.models import Customer


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
        customers = customers.filter(
            Q(account_number=text) | Q(email__iexact=text) | Q(phone=text) | Q(name__istartswith=text)
        )
    return customers


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
