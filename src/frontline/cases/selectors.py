"""Reads about cases, contacts, products and categories, each behind a permission check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from frontline.cases import search
from frontline.cases.lifecycle import OPEN_STATUSES
from frontline.cases.models import Case, CaseStatus, Category, Contact, Product
from frontline.core.errors import NotFound, ValidationFailed
from frontline.core.pagination import KeysetPage, paginate
from frontline.core.permissions import Actor, require_permission

CASE_ORDERING = ("-opened_at", "-id")
CONTACT_ORDERING = ("-started_at", "-id")


@dataclass(frozen=True, slots=True)
class CaseFilters:
    """What a case list may be narrowed by; every field is optional and they combine with AND."""

    statuses: Sequence[str] = ()
    is_open: bool | None = None
    owner_id: int | None = None
    unassigned: bool = False
    owned_by_someone_but: int | None = None  # cases with an owner other than this agent
    team_id: int | None = None
    product_id: int | None = None
    category_id: int | None = None  # includes the category's descendants
    customer_id: int | None = None
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    text: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _on_or_before(field: str, day: dt.date) -> dict[str, dt.datetime]:
    """The filter for `field` falling on or before `day` (no bound at the end of the calendar)."""
    if day >= dt.date.max - dt.timedelta(days=1):
        return {}
    return {f"{field}__lt": _day_start(day + dt.timedelta(days=1))}


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related("customer", "product", "category", "owner__user", "team")


def _category_ids(category_id: int) -> list[int]:
    root = Category.objects.filter(pk=category_id).first()
    if root is None:
        raise ValidationFailed.single("category", f"No category with id {category_id}.")
    return list(Category.objects.get_tree(root).values_list("id", flat=True))


def _by_status(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    bad = sorted(set(filters.statuses) - set(CaseStatus.values))
    if bad:
        raise ValidationFailed.single("status", f"Unknown status {', '.join(bad)}; use {', '.join(CaseStatus.values)}.")
    if filters.statuses:
        cases = cases.filter(status__in=filters.statuses)
    if filters.is_open is True:
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif filters.is_open is False:
        cases = cases.exclude(status__in=OPEN_STATUSES)
    return cases


def _by_date(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    if filters.opened_from and filters.opened_to and filters.opened_from > filters.opened_to:
        raise ValidationFailed.single("opened_to", "The end date is before the start date.")
    if filters.opened_from:
        cases = cases.filter(opened_at__gte=_day_start(filters.opened_from))
    if filters.opened_to:
        cases = cases.filter(**_on_or_before("opened_at", filters.opened_to))
    return cases


def filtered_cases(filters: CaseFilters) -> QuerySet[Case]:
    """The cases matching `filters` (no permission check: callers check first). Raises on bad values."""
    cases = _by_date(_by_status(_cases(), filters), filters)
    if filters.owned_by_someone_but is not None:
        cases = cases.filter(owner__isnull=False).exclude(owner_id=filters.owned_by_someone_but)
    if filters.unassigned:
        cases = cases.filter(owner__isnull=True)
    elif filters.owner_id is not None:
        cases = cases.filter(owner_id=filters.owner_id)
    exact = {"team_id": filters.team_id, "product_id": filters.product_id, "customer_id": filters.customer_id}
    cases = cases.filter(**{name: value for name, value in exact.items() if value is not None})
    if filters.category_id is not None:
        cases = cases.filter(category_id__in=_category_ids(filters.category_id))
    if filters.text.strip():
        cases = search.matching(cases, filters.text)
    return cases


def case_ordering(filters: CaseFilters) -> tuple[str, ...]:
    """The order a list is shown in: newest opened first, or newest recorded first for a text search."""
    return search.SEARCH_ORDERING if filters.text.strip() else CASE_ORDERING


def list_cases(*, actor: Actor, filters: CaseFilters, cursor: str | None, limit: int) -> KeysetPage[Case]:
    """Cases matching `filters`, newest first (see case_ordering)."""
    require_permission(actor, "cases.view_case")
    return paginate(filtered_cases(filters), ordering=case_ordering(filters), cursor=cursor, limit=limit)


def get_case(*, actor: Actor, case_id: int) -> Case:
    """One case, or NotFound."""
    require_permission(actor, "cases.view_case")
    case = _cases().filter(pk=case_id).first()
    if case is None:
        raise NotFound(f"No case {case_id}.")
    return case


def recent_cases_of_customer(
    *, actor: Actor, customer_id: int, exclude_case_id: int | None, limit: int = 10
) -> list[Case]:
    """The customer's latest cases, newest first, leaving out the case at hand."""
    require_permission(actor, "cases.view_case")
    cases = _cases().filter(customer_id=customer_id)
    if exclude_case_id is not None:
        cases = cases.exclude(pk=exclude_case_id)
    return list(cases.order_by(*CASE_ORDERING)[:limit])


def count_cases_of_customer(*, actor: Actor, customer_id: int) -> dict[str, int]:
    """How many cases the customer has: all of them and those still open."""
    require_permission(actor, "cases.view_case")
    cases = Case.objects.filter(customer_id=customer_id)
    return {"total": cases.count(), "open": cases.filter(status__in=OPEN_STATUSES).count()}


def _contacts() -> QuerySet[Contact]:
    return Contact.objects.select_related("agent__user", "case")


def contacts_of_case(*, actor: Actor, case_id: int) -> list[Contact]:
    """Every contact of a case, newest first."""
    require_permission(actor, "cases.view_contact")
    return list(_contacts().filter(case_id=case_id).order_by(*CONTACT_ORDERING))


def recent_contacts_of_customer(*, actor: Actor, customer_id: int, limit: int = 10) -> list[Contact]:
    """The customer's latest contacts across all their cases, newest first."""
    require_permission(actor, "cases.view_contact")
    case_ids = Case.objects.filter(customer_id=customer_id).values("id")
    return list(_contacts().filter(case_id__in=case_ids).order_by(*CONTACT_ORDERING)[:limit])


def contact_counts(*, actor: Actor, case_ids: Collection[int]) -> dict[int, int]:
    """How many contacts each of these cases had (cases without any are left out)."""
    require_permission(actor, "cases.view_contact")
    rows = Contact.objects.filter(case_id__in=list(case_ids)).values("case_id").annotate(n=Count("id"))
    return {row["case_id"]: row["n"] for row in rows}


@dataclass(frozen=True, slots=True)
class CauseCounts:
    """The cases of one root cause in a period, and their contacts."""

    cases: int = 0
    contacts: int = 0
    cases_with_contacts: int = 0

    @property
    def repeat_contacts(self) -> int:
        """Contacts beyond each case's first."""
        return self.contacts - self.cases_with_contacts


def root_cause_counts(*, actor: Actor, since: dt.datetime, until: dt.datetime) -> dict[str, CauseCounts]:
    """By root cause (lower-cased), the cases opened in [since, until) that name it and their contacts; two
    grouped queries, whatever the number of cases."""
    require_permission(actor, "cases.view_case")
    window = {"opened_at__gte": since, "opened_at__lt": until}
    cases = (
        Case.objects.filter(**window)
        .exclude(root_cause="")
        .annotate(cause=Lower("root_cause"))
        .values("cause")
        .annotate(n=Count("id"))
    )
    contacts = (
        Contact.objects.filter(**{f"case__{key}": value for key, value in window.items()})
        .exclude(case__root_cause="")
        .annotate(cause=Lower("case__root_cause"))
        .values("cause")
        .annotate(n=Count("id"), cases=Count("case_id", distinct=True))
    )
    found = {row["cause"]: CauseCounts(cases=row["n"]) for row in cases}
    for row in contacts:
        counts = found.get(row["cause"], CauseCounts())
        found[row["cause"]] = CauseCounts(counts.cases, row["n"], row["cases"])
    return found


@dataclass(frozen=True, slots=True)
class ContactFilters:
    """What a contact list may be narrowed by."""

    case_id: int | None = None
    customer_id: int | None = None
    agent_id: int | None = None
    channel: str | None = None
    started_from: dt.date | None = None
    started_to: dt.date | None = None


def list_contacts(*, actor: Actor, filters: ContactFilters, cursor: str | None, limit: int) -> KeysetPage[Contact]:
    """Contacts matching `filters`, newest first."""
    require_permission(actor, "cases.view_contact")
    contacts = _contacts()
    if filters.case_id is not None:
        contacts = contacts.filter(case_id=filters.case_id)
    if filters.customer_id is not None:
        contacts = contacts.filter(case__customer_id=filters.customer_id)
    if filters.agent_id is not None:
        contacts = contacts.filter(agent_id=filters.agent_id)
    if filters.channel:
        contacts = contacts.filter(channel=filters.channel)
    if filters.started_from:
        contacts = contacts.filter(started_at__gte=_day_start(filters.started_from))
    if filters.started_to:
        contacts = contacts.filter(**_on_or_before("started_at", filters.started_to))
    return paginate(contacts, ordering=CONTACT_ORDERING, cursor=cursor, limit=limit)


def get_contact(*, actor: Actor, contact_id: int) -> Contact:
    """One contact, or NotFound."""
    require_permission(actor, "cases.view_contact")
    contact = _contacts().filter(pk=contact_id).first()
    if contact is None:
        raise NotFound(f"No contact {contact_id}.")
    return contact


def list_products(
    *, actor: Actor, cursor: str | None, limit: int, is_active: bool | None = None
) -> KeysetPage[Product]:
    """Products in name order."""
    require_permission(actor, "cases.view_product")
    products = Product.objects.all()
    if is_active is not None:
        products = products.filter(is_active=is_active)
    return paginate(products, ordering=("name", "id"), cursor=cursor, limit=limit)


def get_product(*, actor: Actor, product_id: int) -> Product:
    """One product, or NotFound."""
    require_permission(actor, "cases.view_product")
    product = Product.objects.filter(pk=product_id).first()
    if product is None:
        raise NotFound(f"No product {product_id}.")
    return product


def product_choices(*, actor: Actor) -> list[Product]:
    """Active products, for pick lists."""
    require_permission(actor, "cases.view_product")
    return list(Product.objects.filter(is_active=True).order_by("name"))


def with_lineage(categories: list[Category]) -> list[Category]:
    """Give each category its parent's id and its full name (`parent_pk`, `label`) from one query."""
    step = Category.steplen
    prefixes = {c.path[:end] for c in categories for end in range(step, len(c.path), step)}
    rows = Category.objects.filter(path__in=prefixes).values_list("path", "name", "id") if prefixes else []
    names = {path: name for path, name, _ in rows}
    ids = {path: pk for path, _, pk in rows}
    for category in categories:
        ancestors = [category.path[:end] for end in range(step, len(category.path), step)]
        category.label = " › ".join([*(names[path] for path in ancestors), category.name])
        category.parent_pk = ids[ancestors[-1]] if ancestors else None
    return categories


def list_categories(
    *, actor: Actor, cursor: str | None, limit: int, parent_id: int | None = None
) -> KeysetPage[Category]:
    """Categories in tree order (a parent before its children); with `parent_id`, only its children."""
    require_permission(actor, "cases.view_category")
    categories = Category.objects.all()
    if parent_id is not None:
        parent = Category.objects.filter(pk=parent_id).first()
        if parent is None:
            raise ValidationFailed.single("parent", f"No category with id {parent_id}.")
        categories = Category.objects.get_children(parent)
    page = paginate(categories, ordering=("path",), cursor=cursor, limit=limit)
    with_lineage(page.items)
    return page


def get_category(*, actor: Actor, category_id: int) -> Category:
    """One category, or NotFound."""
    require_permission(actor, "cases.view_category")
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFound(f"No category {category_id}.")
    return category


def category_choices(*, actor: Actor) -> list[tuple[Category, str]]:
    """Every category in tree order with its full name ("Billing › Charges › Roaming"), for pick lists."""
    require_permission(actor, "cases.view_category")
    names: dict[str, str] = {}
    choices = []
    for category in Category.objects.order_by("path"):
        parent_path = category.path[: -Category.steplen]
        full = f"{names[parent_path]} › {category.name}" if parent_path in names else category.name
        names[category.path] = full
        choices.append((category, full))
    return choices


def category_label(category: Category | None) -> str:
    """The full name of a category, root first, or an empty string."""
    if category is None:
        return ""
    ancestors = list(Category.objects.get_ancestors(category))
    return " › ".join([*(a.name for a in ancestors), category.name])
