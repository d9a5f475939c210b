"""Writes about cases, contacts, products and categories. Callers hold the transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.accounts.selectors import agent_of
from frontline.cases.events import (
    CaseOpened,
    CaseReassigned,
    CaseResolved,
    CaseStatusChanged,
    ContactEnded,
    ContactLogged,
)
from frontline.cases.lifecycle import can_transition, next_statuses
from frontline.cases.models import Case, CaseStatus, Category, Contact, Product
from frontline.core import audit
from frontline.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from frontline.core.events import publish
from frontline.core.permissions import Actor, has_permission, require_permission
from frontline.core.validation import validate_row
from frontline.core.writes import create_row, refuse_unknown, update_row

CASE_FIELDS = ("subject", "description", "product_id", "category_id", "channel", "priority", "team_id")


def _locked_case(case_id: int) -> Case:
    """The case row, locked for update until the transaction ends (a no-op lock on SQLite, whose
    IMMEDIATE transactions already serialise writers)."""
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound(f"No case {case_id}.")
    return case


def open_case(
    *,
    actor: Actor,
    customer_id: int,
    subject: str,
    description: str = "",
    channel: str = "phone",
    priority: str = "normal",
    product_id: int | None = None,
    category_id: int | None = None,
    owner_id: int | None = None,
    team_id: int | None = None,
    opened_at: dt.datetime | None = None,
) -> Case:
    """Open a new case for a customer. A case with an owner starts open; without one it starts new.

    The owner follows the reassignment rules: agents may open cases for themselves or leave them
    unassigned; giving one to someone else takes a supervisor. Another owner is told by e-mail.
    """
    require_permission(actor, "cases.add_case")
    owner = _assignable(owner_id)
    if owner is not None:
        _check_may_assign(actor, current_owner_id=None, owner_id=owner.pk)
        team_id = owner.team_id if team_id is None else team_id
    values: dict[str, Any] = {
        "customer_id": customer_id,
        "subject": subject.strip(),
        "description": description.strip(),
        "channel": channel,
        "priority": priority,
        "product_id": product_id,
        "category_id": category_id,
        "owner_id": owner_id,
        "team_id": team_id,
        "status": CaseStatus.OPEN if owner_id is not None else CaseStatus.NEW,
        "opened_at": opened_at or timezone.now(),
    }
    case = create_row(Case, actor=actor, action="case.opened", values=values)
    publish(CaseOpened(case_id=case.pk, customer_id=customer_id))
    mine = agent_of(actor)
    if owner is not None and (mine is None or mine.pk != owner.pk):
        publish(
            CaseReassigned(case_id=case.pk, old_owner_id=None, new_owner_id=owner.pk, assignment=f"opened:{case.pk}")
        )
    return case


def update_case(*, actor: Actor, case_id: int, changes: Mapping[str, Any]) -> Case:
    """Change a case's subject, description, product, category, channel, priority or team.

    Status, owner and resolution have their own services, which say what may follow what.
    """
    require_permission(actor, "cases.change_case")
    case = _locked_case(case_id)
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"{case.reference} is closed; open a new case instead.")
    update_row(case, actor=actor, action="case.updated", changes=changes, allowed=CASE_FIELDS)
    return case


def change_case_status(
    *,
    actor: Actor,
    case_id: int,
    status: str,
    resolution: str | None = None,
    root_cause: str | None = None,
) -> Case:
    """Move a case to `status` if the lifecycle allows it; resolving needs a resolution and a root cause."""
    require_permission(actor, "cases.change_case")
    if status not in CaseStatus.values:
        raise ValidationFailed.single("status", f"Unknown status {status!r}; use {', '.join(CaseStatus.values)}.")
    case = _locked_case(case_id)
    old_status = case.status
    if old_status == status == CaseStatus.RESOLVED and (resolution is not None or root_cause is not None):
        return _correct_resolution(actor, case, resolution, root_cause)
    if old_status == status:
        return case
    if not can_transition(old_status, status):
        allowed = ", ".join(next_statuses(old_status)) or "nothing (it is final)"
        label = CaseStatus(old_status).label.lower()
        article = "An" if label[0] in "aeiou" else "A"
        raise Conflict(f"{article} {label} case cannot become {status}; it may become {allowed}.")
    before = audit.snapshot(case, ("status", "resolution", "root_cause", "resolved_at", "closed_at"))
    now = timezone.now()
    if status == CaseStatus.RESOLVED:
        _set_resolution(case, resolution, root_cause)
        case.resolved_at = now
    elif status == CaseStatus.CLOSED:
        case.closed_at = now
    elif old_status == CaseStatus.RESOLVED:  # reopened
        case.resolved_at = None
    case.status = status
    case.save(update_fields=[*before, "updated_at"])  # status and its dates: never subject or description
    changes = audit.diff(before, audit.snapshot(case, before))
    audit.record(actor=actor, action="case.status_changed", target=case, changes=changes)
    publish(CaseStatusChanged(case_id=case.pk, old_status=old_status, new_status=status))
    if status == CaseStatus.RESOLVED:
        publish(CaseResolved(case_id=case.pk, owner_id=case.owner_id))
    return case


def _correct_resolution(actor: Actor, case: Case, resolution: str | None, root_cause: str | None) -> Case:
    """Correct the resolution or root cause of a resolved case (status unchanged)."""
    before = audit.snapshot(case, ("resolution", "root_cause"))
    _set_resolution(case, resolution, root_cause)
    changes = audit.diff(before, audit.snapshot(case, before))
    if changes:
        case.save(update_fields=["resolution", "root_cause", "updated_at"])
        audit.record(actor=actor, action="case.resolution_corrected", target=case, changes=changes)
    return case


def _set_resolution(case: Case, resolution: str | None, root_cause: str | None) -> None:
    errors = {}
    resolution = (resolution if resolution is not None else case.resolution).strip()
    root_cause = (root_cause if root_cause is not None else case.root_cause).strip()
    if not resolution:
        errors["resolution"] = "Say how the case was resolved."
    if not root_cause:
        errors["root_cause"] = "Say what caused the problem."
    if errors:
        raise ValidationFailed(errors)
    case.resolution, case.root_cause = resolution, root_cause


def resolve_case(*, actor: Actor, case_id: int, resolution: str, root_cause: str) -> Case:
    """Resolve a case with what fixed it and what caused it."""
    return change_case_status(
        actor=actor, case_id=case_id, status=CaseStatus.RESOLVED, resolution=resolution, root_cause=root_cause
    )


def _assignable(owner_id: int | None) -> Agent | None:
    """The active agent `owner_id` names, None for nobody; ValidationFailed on owner_id otherwise."""
    if owner_id is None:
        return None
    owner = Agent.objects.filter(pk=owner_id).first()
    if owner is None:
        raise ValidationFailed.single("owner_id", f"No agent with id {owner_id}.")
    if not owner.is_active:
        raise ValidationFailed.single("owner_id", f"{owner.display_name} is not active.")
    return owner


def _check_may_assign(actor: Actor, *, current_owner_id: int | None, owner_id: int | None) -> None:
    """Supervisors may give any case to anyone; agents may take an unassigned case or hand over their own."""
    if has_permission(actor, "cases.reassign_any_case"):
        return
    mine = agent_of(actor)
    takes_free_case = current_owner_id is None and mine is not None and owner_id == mine.pk
    hands_over_own = mine is not None and current_owner_id == mine.pk
    if not (takes_free_case or hands_over_own):
        raise PermissionDenied("Agents may take unassigned cases and hand over their own; ask a supervisor.")


def reassign_case(*, actor: Actor, case_id: int, owner_id: int | None, team_id: int | None = None) -> Case:
    """Give a case to another agent (None leaves it unassigned), and optionally to another team.

    Agents may take an unassigned case or hand over their own; supervisors may reassign any case.
    """
    require_permission(actor, "cases.change_case")
    case = _locked_case(case_id)
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"{case.reference} is closed; it cannot be reassigned.")
    new_owner = _assignable(owner_id)
    _check_may_assign(actor, current_owner_id=case.owner_id, owner_id=owner_id)
    before = audit.snapshot(case, ("owner", "team", "status"))
    old_owner_id = case.owner_id
    case.owner = new_owner
    if team_id is not None:
        case.team_id = team_id
    elif new_owner is not None and new_owner.team_id is not None:
        case.team_id = new_owner.team_id
    if new_owner is not None and case.status == CaseStatus.NEW:
        case.status = CaseStatus.OPEN
    validate_row(case)
    changes = audit.diff(before, audit.snapshot(case, before))
    if not changes:
        return case
    case.save(update_fields=["owner", "team", "status", "updated_at"])
    entry = audit.record(actor=actor, action="case.reassigned", target=case, changes=changes)
    if old_owner_id != case.owner_id:
        publish(
            CaseReassigned(
                case_id=case.pk, old_owner_id=old_owner_id, new_owner_id=case.owner_id, assignment=f"audit:{entry.pk}"
            )
        )
    return case


# --- contacts -------------------------------------------------------------------------------------------------

CONTACT_FIELDS = (
    "channel",
    "direction",
    "started_at",
    "ended_at",
    "queue_wait_seconds",
    "handle_seconds",
    "agent_id",
    "queue",
    "ivr_path",
    "outcome",
    "notes",
)


def log_contact(
    *,
    actor: Actor,
    case_id: int,
    channel: str,
    direction: str = "inbound",
    started_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    queue_wait_seconds: int = 0,
    handle_seconds: int | None = None,
    agent_id: int | None = None,
    queue: str = "",
    ivr_path: str = "",
    outcome: str = "resolved",
    notes: str = "",
) -> Contact:
    """Record one interaction with the customer on a case; the agent defaults to the actor's profile.

    Without `handle_seconds` the time between start and end is taken. A closed case takes no contacts.
    """
    require_permission(actor, "cases.add_contact")
    case = Case.objects.select_for_update().filter(pk=case_id).only("id", "status").first()  # a close waits
    if case is None:
        raise ValidationFailed.single("case_id", f"No case with id {case_id}.")
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"{case.reference} is closed; open a new case for this contact.")
    if agent_id is None and actor is not None:
        mine = agent_of(actor)
        agent_id = mine.pk if mine else None
    started_at = started_at or timezone.now()
    if ended_at is not None and ended_at < started_at:
        raise ValidationFailed.single("ended_at", "A contact cannot end before it starts.")
    if handle_seconds is None:
        handle_seconds = int((ended_at - started_at).total_seconds()) if ended_at else 0
    values = {
        "case_id": case_id,
        "channel": channel,
        "direction": direction,
        "started_at": started_at,
        "ended_at": ended_at,
        "queue_wait_seconds": queue_wait_seconds,
        "handle_seconds": handle_seconds,
        "agent_id": agent_id,
        "queue": queue.strip(),
        "ivr_path": ivr_path.strip(),
        "outcome": outcome,
        "notes": notes.strip(),
    }
    contact = create_row(Contact, actor=actor, action="contact.logged", values=values)
    Case.objects.filter(pk=case_id).update(updated_at=timezone.now())
    publish(ContactLogged(contact_id=contact.pk, case_id=case_id))
    if ended_at is not None:
        publish(ContactEnded(contact_id=contact.pk, case_id=case_id))
    return contact


def update_contact(*, actor: Actor, contact_id: int, changes: Mapping[str, Any]) -> Contact:
    """Correct the facts of a contact."""
    require_permission(actor, "cases.change_contact")
    contact = Contact.objects.select_for_update().select_related("case").filter(pk=contact_id).first()
    if contact is None:
        raise NotFound(f"No contact {contact_id}.")
    if contact.case.status == CaseStatus.CLOSED:
        raise Conflict(f"{contact.case.reference} is closed; its contacts are kept as they were.")
    refuse_unknown(changes, CONTACT_FIELDS)
    started = changes.get("started_at", contact.started_at)
    ended = changes.get("ended_at", contact.ended_at)
    if ended is not None and started is not None and ended < started:
        raise ValidationFailed.single("ended_at", "A contact cannot end before it starts.")
    ended_before = contact.ended_at
    update_row(contact, actor=actor, action="contact.updated", changes=changes, allowed=CONTACT_FIELDS)
    if ended_before is None and contact.ended_at is not None:
        publish(ContactEnded(contact_id=contact.pk, case_id=contact.case_id))
    return contact


# --- products and categories ----------------------------------------------------------------------------------

PRODUCT_FIELDS = ("code", "name", "is_active")


def create_product(*, actor: Actor, code: str, name: str, is_active: bool = True) -> Product:
    """Add a product."""
    require_permission(actor, "cases.add_product")
    values = {"code": code.strip(), "name": name.strip(), "is_active": is_active}
    return create_row(Product, actor=actor, action="product.created", values=values)


def update_product(*, actor: Actor, product_id: int, changes: Mapping[str, Any]) -> Product:
    """Rename a product, change its code or retire it."""
    require_permission(actor, "cases.change_product")
    product = Product.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        raise NotFound(f"No product {product_id}.")
    update_row(product, actor=actor, action="product.updated", changes=changes, allowed=PRODUCT_FIELDS)
    return product


def _category_name(name: object) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 120:
        raise ValidationFailed.single("name", "A category name has 1 to 120 characters.")
    return name


def _parent(parent_id: int | None) -> Category | None:
    if parent_id is None:
        return None
    parent = Category.objects.filter(pk=parent_id).first()
    if parent is None:
        raise ValidationFailed.single("parent_id", f"No category with id {parent_id}.")
    return parent


def create_category(*, actor: Actor, name: str, parent_id: int | None = None) -> Category:
    """Add a category at the top of the taxonomy or under `parent_id`."""
    require_permission(actor, "cases.add_category")
    name = _category_name(name)
    parent = _parent(parent_id)
    siblings = Category.objects.get_children(parent) if parent else Category.objects.get_root_nodes()
    if siblings.filter(name__iexact=name).exists():
        raise ValidationFailed.single("name", f"{name!r} already exists here.")
    category = (
        Category.objects.add_child(parent, {"name": name}) if parent else Category.objects.add_root({"name": name})
    )
    audit.record(
        actor=actor,
        action="category.created",
        target=category,
        changes=audit.creation_changes({"name": name, "parent_id": parent_id}),
    )
    return category


def update_category(*, actor: Actor, category_id: int, changes: Mapping[str, Any]) -> Category:
    """Rename a category or move it (with everything under it) to another parent; None makes it a root."""
    require_permission(actor, "cases.change_category")
    refuse_unknown(changes, ("name", "parent_id"))
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise NotFound(f"No category {category_id}.")
    old_parent = Category.objects.get_parent(category)
    before = {"name": category.name, "parent_id": old_parent.pk if old_parent else None}
    moves = "parent_id" in changes and changes["parent_id"] != before["parent_id"]
    target = _parent(changes["parent_id"]) if moves else old_parent
    if moves and target is not None and (target.pk == category.pk or target.is_descendant_of(category)):
        raise ValidationFailed.single("parent_id", "A category cannot move under itself.")
    name = _category_name(changes["name"]) if "name" in changes else category.name
    siblings = Category.objects.get_children(target) if target else Category.objects.get_root_nodes()
    if siblings.exclude(pk=category.pk).filter(name__iexact=name).exists():
        raise ValidationFailed.single("name" if "name" in changes else "parent_id", f"{name!r} already exists there.")
    if name != category.name:
        category.name = name
        category.save(update_fields=["name"])
    if moves:
        if target is None:
            Category.objects.move(category, Category.objects.get_root_nodes().last(), "last-sibling")
        else:
            Category.objects.move(category, target, "last-child")
        category.refresh_from_db()
    parent = Category.objects.get_parent(category, update=True)
    after = {"name": category.name, "parent_id": parent.pk if parent else None}
    differences = audit.diff(before, after)
    if differences:
        audit.record(actor=actor, action="category.updated", target=category, changes=differences)
    return category
