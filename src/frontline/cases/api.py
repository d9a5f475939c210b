"""REST endpoints for cases, contacts, products and categories."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import AwareDatetime

from frontline.accounts.selectors import agent_of
from frontline.cases import selectors, services
from frontline.cases.models import (
    Case,
    CaseStatus,
    Category,
    Channel,
    Contact,
    ContactOutcome,
    Direction,
    Priority,
    Product,
)
from frontline.cases.selectors import CaseFilters, ContactFilters
from frontline.core.api_support import (
    MAX_ID,
    Id,
    IdempotencyKey,
    Input,
    Page,
    PageQuery,
    Seconds,
    create_idempotently,
    page_of,
    responses,
)
from frontline.core.errors import ValidationFailed

router = Router(tags=["cases"])


# --- products and categories ----------------------------------------------------------------------------------


class ProductOut(Schema):
    id: int
    code: str
    name: str
    is_active: bool


class ProductIn(Input):
    code: str = Field(..., min_length=1, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=120)
    is_active: bool = True


class ProductPatch(Input):
    code: str | None = Field(None, min_length=1, max_length=40, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str | None = Field(None, min_length=1, max_length=120)
    is_active: bool | None = None


class CategoryOut(Schema):
    id: int
    name: str
    parent_id: Id | None
    depth: int
    path: str = Field(..., description="Names from the root, joined by ' › '.")

    @staticmethod
    def resolve_parent_id(category: Category) -> int | None:
        if not hasattr(category, "parent_pk"):
            selectors.with_lineage([category])
        return category.parent_pk

    @staticmethod
    def resolve_path(category: Category) -> str:
        if not hasattr(category, "label"):
            selectors.with_lineage([category])
        return category.label


class CategoryIn(Input):
    name: str = Field(..., min_length=1, max_length=120)
    parent_id: Id | None = None


class CategoryPatch(Input):
    name: str | None = Field(None, min_length=1, max_length=120)
    parent_id: Id | None = None


@router.get("/products", response=responses({200: Page[ProductOut]}), summary="List products")
def list_products(request: HttpRequest, page: Query[PageQuery], is_active: bool | None = None) -> dict[str, Any]:
    return page_of(
        selectors.list_products(actor=request.user, cursor=page.cursor, limit=page.limit, is_active=is_active)
    )


@router.post("/products", response=responses({201: ProductOut}), summary="Create a product")
def create_product(request: HttpRequest, payload: ProductIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_product(actor=request.user, **payload.model_dump()),
        output=ProductOut,
    )


@router.get("/products/{product_id}", response=responses({200: ProductOut}), summary="Read a product")
def get_product(request: HttpRequest, product_id: Id) -> Product:
    return selectors.get_product(actor=request.user, product_id=product_id)


@router.patch("/products/{product_id}", response=responses({200: ProductOut}), summary="Update a product")
def update_product(request: HttpRequest, product_id: Id, payload: ProductPatch) -> Product:
    with transaction.atomic():
        return services.update_product(
            actor=request.user, product_id=product_id, changes=payload.model_dump(exclude_unset=True)
        )


@router.get("/categories", response=responses({200: Page[CategoryOut]}), summary="List categories in tree order")
def list_categories(request: HttpRequest, page: Query[PageQuery], parent: Id | None = None) -> dict[str, Any]:
    return page_of(
        selectors.list_categories(actor=request.user, cursor=page.cursor, limit=page.limit, parent_id=parent)
    )


@router.post("/categories", response=responses({201: CategoryOut}), summary="Create a category")
def create_category(request: HttpRequest, payload: CategoryIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_category(actor=request.user, **payload.model_dump()),
        output=CategoryOut,
    )


@router.get("/categories/{category_id}", response=responses({200: CategoryOut}), summary="Read a category")
def get_category(request: HttpRequest, category_id: Id) -> Category:
    return selectors.get_category(actor=request.user, category_id=category_id)


@router.patch("/categories/{category_id}", response=responses({200: CategoryOut}), summary="Rename or move a category")
def update_category(request: HttpRequest, category_id: Id, payload: CategoryPatch) -> Category:
    with transaction.atomic():
        return services.update_category(
            actor=request.user, category_id=category_id, changes=payload.model_dump(exclude_unset=True)
        )


# --- cases ----------------------------------------------------------------------------------------------------


class Reference(Schema):
    id: int
    name: str


class CustomerReference(Schema):
    id: int
    account_number: str
    name: str


class OwnerReference(Schema):
    id: int
    name: str
    extension: str

    @staticmethod
    def resolve_name(agent: Any) -> str:
        return str(agent.display_name)


class CaseOut(Schema):
    id: int
    reference: str
    customer: CustomerReference
    product: Reference | None
    category: Reference | None
    channel: Channel
    subject: str
    description: str
    priority: Priority
    status: CaseStatus
    owner: OwnerReference | None
    team: Reference | None
    resolution: str
    root_cause: str
    opened_at: dt.datetime
    updated_at: dt.datetime
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None


class CaseIn(Input):
    customer_id: Id
    subject: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    channel: Channel = Channel.PHONE
    priority: Priority = Priority.NORMAL
    product_id: Id | None = None
    category_id: Id | None = None
    owner_id: Id | None = None
    team_id: Id | None = None


class CasePatch(Input):
    subject: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    channel: Channel | None = None
    priority: Priority | None = None
    product_id: Id | None = None
    category_id: Id | None = None
    team_id: Id | None = None


class TransitionIn(Input):
    status: CaseStatus
    resolution: str | None = Field(None, description="Required when resolving.")
    root_cause: str | None = Field(None, max_length=200, description="Required when resolving.")


class AssignIn(Input):
    owner_id: Id | None = Field(..., description="The agent to own the case; null leaves it unassigned.")
    team_id: Id | None = None


class CaseQuery(PageQuery):
    status: list[CaseStatus] = Field([], description="Repeat for several statuses.")
    is_open: bool | None = Field(None, description="Only cases still being worked (true) or done (false).")
    owner: str | None = Field(None, description="An agent id, 'me' or 'none' (unassigned).")
    team: Id | None = None
    product: Id | None = None
    category: Id | None = Field(None, description="A category id; its descendants are included.")
    customer: Id | None = None
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    q: str = Field("", description='Full-text search: words (prefixes, all required) and "quoted phrases".')


def case_filters(request: HttpRequest, query: CaseQuery) -> CaseFilters:
    """Turn the list's query parameters into filters, resolving owner=me to the caller's agent."""
    owner_id: int | None = None
    unassigned = False
    if query.owner == "none":
        unassigned = True
    elif query.owner == "me":
        mine = agent_of(request.user)
        owner_id = mine.pk if mine else -1
    elif query.owner:
        if not (query.owner.isascii() and query.owner.isdigit()) or not 1 <= int(query.owner) <= MAX_ID:
            raise ValidationFailed.single("owner", "Use an agent id, 'me' or 'none'.")
        owner_id = int(query.owner)
    return CaseFilters(
        statuses=[str(status) for status in query.status],
        is_open=query.is_open,
        owner_id=owner_id,
        unassigned=unassigned,
        team_id=query.team,
        product_id=query.product,
        category_id=query.category,
        customer_id=query.customer,
        opened_from=query.opened_from,
        opened_to=query.opened_to,
        text=query.q,
    )


@router.get("/cases", response=responses({200: Page[CaseOut]}), summary="List and search cases")
def list_cases(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    filters = case_filters(request, query)
    return page_of(selectors.list_cases(actor=request.user, filters=filters, cursor=query.cursor, limit=query.limit))


@router.post("/cases", response=responses({201: CaseOut}), summary="Open a case")
def create_case(request: HttpRequest, payload: CaseIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: selectors.get_case(
            actor=request.user, case_id=services.open_case(actor=request.user, **payload.model_dump()).pk
        ),
        output=CaseOut,
    )


@router.get("/cases/{case_id}", response=responses({200: CaseOut}), summary="Read a case")
def get_case(request: HttpRequest, case_id: Id) -> Case:
    return selectors.get_case(actor=request.user, case_id=case_id)


@router.patch("/cases/{case_id}", response=responses({200: CaseOut}), summary="Update a case's details")
def update_case(request: HttpRequest, case_id: Id, payload: CasePatch) -> Case:
    with transaction.atomic():
        services.update_case(actor=request.user, case_id=case_id, changes=payload.model_dump(exclude_unset=True))
    return selectors.get_case(actor=request.user, case_id=case_id)


@router.post(
    "/cases/{case_id}/transition",
    response=responses({200: CaseOut}),
    summary="Change a case's status (resolve with a resolution and a root cause)",
)
def transition_case(request: HttpRequest, case_id: Id, payload: TransitionIn) -> Case:
    with transaction.atomic():
        services.change_case_status(actor=request.user, case_id=case_id, **payload.model_dump())
    return selectors.get_case(actor=request.user, case_id=case_id)


@router.post("/cases/{case_id}/assign", response=responses({200: CaseOut}), summary="Reassign a case")
def assign_case(request: HttpRequest, case_id: Id, payload: AssignIn) -> Case:
    with transaction.atomic():
        services.reassign_case(actor=request.user, case_id=case_id, **payload.model_dump())
    return selectors.get_case(actor=request.user, case_id=case_id)


# --- contacts -------------------------------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    case_id: Id
    channel: Channel
    direction: Direction
    started_at: dt.datetime
    ended_at: dt.datetime | None
    queue_wait_seconds: int
    handle_seconds: int
    agent_id: Id | None
    queue: str
    ivr_path: str
    outcome: ContactOutcome
    notes: str


class ContactIn(Input):
    case_id: Id
    channel: Channel
    direction: Direction = Direction.INBOUND
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    queue_wait_seconds: Seconds = 0
    handle_seconds: Seconds | None = Field(None, description="Defaults to the time between start and end.")
    agent_id: Id | None = Field(None, description="Defaults to the caller's agent profile.")
    queue: str = Field("", max_length=80)
    ivr_path: str = Field("", max_length=200)
    outcome: ContactOutcome = ContactOutcome.RESOLVED
    notes: str = ""


class ContactPatch(Input):
    channel: Channel | None = None
    direction: Direction | None = None
    started_at: AwareDatetime | None = None
    ended_at: AwareDatetime | None = None
    queue_wait_seconds: Seconds | None = None
    handle_seconds: Seconds | None = None
    agent_id: Id | None = None
    queue: str | None = Field(None, max_length=80)
    ivr_path: str | None = Field(None, max_length=200)
    outcome: ContactOutcome | None = None
    notes: str | None = None


class ContactQuery(PageQuery):
    case: Id | None = None
    customer: Id | None = None
    agent: Id | None = None
    channel: Channel | None = None
    started_from: dt.date | None = None
    started_to: dt.date | None = None


@router.get("/contacts", response=responses({200: Page[ContactOut]}), summary="List contacts")
def list_contacts(request: HttpRequest, query: Query[ContactQuery]) -> dict[str, Any]:
    filters = ContactFilters(
        case_id=query.case,
        customer_id=query.customer,
        agent_id=query.agent,
        channel=query.channel,
        started_from=query.started_from,
        started_to=query.started_to,
    )
    return page_of(selectors.list_contacts(actor=request.user, filters=filters, cursor=query.cursor, limit=query.limit))


@router.post("/contacts", response=responses({201: ContactOut}), summary="Log a contact on a case")
def create_contact(request: HttpRequest, payload: ContactIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.log_contact(actor=request.user, **payload.model_dump()),
        output=ContactOut,
    )


@router.get("/contacts/{contact_id}", response=responses({200: ContactOut}), summary="Read a contact")
def get_contact(request: HttpRequest, contact_id: Id) -> Contact:
    return selectors.get_contact(actor=request.user, contact_id=contact_id)


@router.patch("/contacts/{contact_id}", response=responses({200: ContactOut}), summary="Correct a contact")
def update_contact(request: HttpRequest, contact_id: Id, payload: ContactPatch) -> Contact:
    with transaction.atomic():
        return services.update_contact(
            actor=request.user, contact_id=contact_id, changes=payload.model_dump(exclude_unset=True)
        )
