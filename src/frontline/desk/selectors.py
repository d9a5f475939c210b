"""What the desk's pages read, composed from the contexts' selectors, which check access first."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from frontline.accounts import selectors as accounts
from frontline.accounts.models import Agent, Team
from frontline.cases import selectors as cases
from frontline.cases.lifecycle import next_statuses
from frontline.cases.models import Case, CaseStatus, Category, Contact, Product
from frontline.cases.selectors import CaseFilters
from frontline.core.errors import NotFound
from frontline.core.money import Money, MoneyError
from frontline.core.pagination import KeysetPage
from frontline.core.permissions import Actor, has_permission, require_permission
from frontline.customers import selectors as customers
from frontline.customers.models import Customer
from frontline.desk.history import HistoryLine, case_history
from frontline.desk.panels import PanelSlot, panels_for_case

QUEUE_LIMIT = 10
LIST_LIMIT = 25
RECENT_LIMIT = 10
LOOKUP_LIMIT = 10  # customers a look-up lists; more may match
REFERENCE = re.compile(r"^\s*C-?0*(\d{1,18})\s*$", re.IGNORECASE)


# --- pick lists -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PickLists:
    """The choices of the desk's forms: agents, teams, products and categories (tree order, full names)."""

    agents: list[Agent]
    teams: list[Team]
    products: list[Product]
    categories: list[tuple[Category, str]]


def pick_lists(*, actor: Actor) -> PickLists:
    """Every choice the desk's forms offer."""
    return PickLists(
        agents=accounts.agent_choices(actor=actor),
        teams=accounts.team_choices(actor=actor),
        products=cases.product_choices(actor=actor),
        categories=cases.category_choices(actor=actor),
    )


# --- the home page's queues -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Queue:
    """One list of the home page: which it is, its heading, what to say when it is empty, and a page of it."""

    key: str
    title: str
    empty: str
    page: KeysetPage[Case]
    take_as: Agent | None = None  # the agent whose "Take" buttons the list shows, if any


QUEUE_TEXT = {
    "mine": ("My open cases", "Nothing is waiting on you."),
    "unassigned": ("Unassigned in my team", "Every open case of your team has an owner."),
    "colleagues": ("With my colleagues", "Your colleagues have no open cases."),
}
NOTHING: KeysetPage[Case] = KeysetPage(items=[], next_cursor=None, previous_cursor=None)


def queue(*, actor: Actor, key: str, cursor: str | None) -> Queue:
    """One of the home page's lists ("mine", "unassigned" or "colleagues") for the signed-in agent."""
    if key not in QUEUE_TEXT:
        raise NotFound(f"No list {key!r}.")
    title, empty = QUEUE_TEXT[key]
    require_permission(actor, "cases.view_case")
    agent = accounts.agent_of(actor)
    page = NOTHING
    if agent is not None and key == "mine":
        filters = CaseFilters(owner_id=agent.pk, is_open=True)
        page = cases.list_cases(actor=actor, filters=filters, cursor=cursor, limit=QUEUE_LIMIT)
    elif agent is not None and agent.team_id is not None and key == "unassigned":
        filters = CaseFilters(team_id=agent.team_id, unassigned=True, is_open=True)
        page = cases.list_cases(actor=actor, filters=filters, cursor=cursor, limit=QUEUE_LIMIT)
    elif agent is not None and agent.team_id is not None and key == "colleagues":
        filters = CaseFilters(team_id=agent.team_id, owned_by_someone_but=agent.pk, is_open=True)
        page = cases.list_cases(actor=actor, filters=filters, cursor=cursor, limit=QUEUE_LIMIT)
    may_take = key == "unassigned" and has_permission(actor, "cases.change_case")
    return Queue(key=key, title=title, empty=empty, page=page, take_as=agent if may_take else None)


@dataclass(frozen=True, slots=True)
class Home:
    """The home page: the signed-in person's agent profile (if any) and their queues."""

    agent: Agent | None
    queues: list[Queue]


def home(*, actor: Actor, cursors: Mapping[str, str | None]) -> Home:
    """The home page's lists, each at the cursor given for it."""
    queues = [queue(actor=actor, key=key, cursor=cursors.get(key)) for key in QUEUE_TEXT]
    return Home(agent=accounts.agent_of(actor), queues=queues)


# --- the case list --------------------------------------------------------------------------------------------


def case_list(*, actor: Actor, filters: CaseFilters, cursor: str | None) -> KeysetPage[Case]:
    """One page of the case list."""
    return cases.list_cases(actor=actor, filters=filters, cursor=cursor, limit=LIST_LIMIT)


def case_by_reference(*, actor: Actor, text: str) -> Case | None:
    """The case a search text names by its reference ("C-019987", "c19987"), when it exists and may be read."""
    match = REFERENCE.match(text)
    if match is None:
        return None
    try:
        return cases.get_case(actor=actor, case_id=int(match[1]))
    except NotFound:
        return None


# --- customers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerSummary:
    """What an agent wants to know about a customer at a glance."""

    customer: Customer
    tenure: str
    revenue: Money
    cost_to_serve: Money
    margin: Money | None  # None when revenue and cost are kept in different currencies
    total_cases: int
    open_cases: int
    recent_cases: list[Case]
    recent_contacts: list[Contact]


def tenure(since: dt.date, today: dt.date) -> str:
    """How long someone has been a customer, in years and months ("3 years, 1 month")."""
    months = max(0, (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day))
    years, months = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if months or not years:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return ", ".join(parts)


def _summary(*, actor: Actor, customer: Customer, exclude_case_id: int | None) -> CustomerSummary:
    counts = cases.count_cases_of_customer(actor=actor, customer_id=customer.pk)
    try:
        margin: Money | None = customer.revenue - customer.cost_to_serve
    except MoneyError:
        margin = None
    return CustomerSummary(
        customer=customer,
        tenure=tenure(customer.customer_since, timezone.localdate()),
        revenue=customer.revenue,
        cost_to_serve=customer.cost_to_serve,
        margin=margin,
        total_cases=counts["total"],
        open_cases=counts["open"],
        recent_cases=cases.recent_cases_of_customer(
            actor=actor, customer_id=customer.pk, exclude_case_id=exclude_case_id, limit=RECENT_LIMIT
        ),
        recent_contacts=cases.recent_contacts_of_customer(actor=actor, customer_id=customer.pk, limit=RECENT_LIMIT),
    )


def customer_panel(*, actor: Actor, case_id: int) -> CustomerSummary:
    """The customer panel of a case's page: the case's customer, their other cases and their latest contacts."""
    case = cases.get_case(actor=actor, case_id=case_id)
    customer = customers.get_customer(actor=actor, customer_id=case.customer_id)
    return _summary(actor=actor, customer=customer, exclude_case_id=case.pk)


@dataclass(frozen=True, slots=True)
class CustomerPage:
    """A customer's page: the summary and a page of all their cases."""

    summary: CustomerSummary
    cases: KeysetPage[Case]


def customer_page(*, actor: Actor, customer_id: int, cursor: str | None) -> CustomerPage:
    """A customer's summary and one page of their cases, newest first."""
    customer = customers.get_customer(actor=actor, customer_id=customer_id)
    filters = CaseFilters(customer_id=customer.pk)
    return CustomerPage(
        summary=_summary(actor=actor, customer=customer, exclude_case_id=None),
        cases=cases.list_cases(actor=actor, filters=filters, cursor=cursor, limit=LIST_LIMIT),
    )


def customer_matches(*, actor: Actor, text: str) -> list[Customer]:
    """The customers a look-up text finds, for the customer picker."""
    return customers.find_customers(actor=actor, text=text, limit=LOOKUP_LIMIT)


# --- opening a case -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewCase:
    """What the open-a-case page needs: the choices, the chosen customer, and look-up matches."""

    choices: PickLists
    agent: Agent | None
    chosen: Customer | None
    matches: list[Customer]


def new_case(*, actor: Actor, customer_id: int | None, lookup: str, strict: bool = True) -> NewCase:
    """The open-a-case page for someone who may open cases; an unknown customer is NotFound when `strict`."""
    require_permission(actor, "cases.add_case")
    chosen = None
    if customer_id is not None:
        try:
            chosen = customers.get_customer(actor=actor, customer_id=customer_id)
        except NotFound:
            if strict:
                raise
    matches = customers.find_customers(actor=actor, text=lookup, limit=LOOKUP_LIMIT) if lookup.strip() else []
    return NewCase(choices=pick_lists(actor=actor), agent=accounts.agent_of(actor), chosen=chosen, matches=matches)


# --- the case page --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseActions:
    """Which of the case page's actions the person may use now (the services check again)."""

    change_status: list[CaseStatus]  # the statuses offered, besides resolving
    resolve: bool
    reassign: bool
    take: bool  # the case is unassigned and the person is an agent who may take it
    log_contact: bool
    edit: bool

    @property
    def any(self) -> bool:
        """Whether any action is offered."""
        return bool(self.change_status or self.resolve or self.reassign or self.take or self.log_contact or self.edit)


def _actions(actor: Actor, case: Case, agent: Agent | None) -> CaseActions:
    may_change = has_permission(actor, "cases.change_case")
    is_closed = case.status == CaseStatus.CLOSED
    following = next_statuses(case.status) if may_change else []
    reassign_any = has_permission(actor, "cases.reassign_any_case")
    is_mine = agent is not None and case.owner_id == agent.pk
    return CaseActions(
        change_status=[status for status in following if status != CaseStatus.RESOLVED],
        resolve=CaseStatus.RESOLVED in following,
        reassign=may_change and not is_closed and (reassign_any or is_mine),
        take=may_change and not is_closed and agent is not None and case.owner_id is None,
        log_contact=has_permission(actor, "cases.add_contact") and not is_closed,
        edit=may_change and not is_closed,
    )


@dataclass(frozen=True, slots=True)
class CaseWorkspace:
    """Everything the case page shows: the case, its contacts and history, the actions and the panels."""

    case: Case
    category_path: str
    contacts: list[Contact]
    history: list[HistoryLine]
    actions: CaseActions
    agent: Agent | None
    choices: PickLists | None  # only read when some form needs them
    panels: list[PanelSlot]


def case_workspace(*, actor: Actor, case_id: int) -> CaseWorkspace:
    """The case page of `case_id` for `actor`: NotFound when the case does not exist or may not be read."""
    case = cases.get_case(actor=actor, case_id=case_id)
    agent = accounts.agent_of(actor)
    actions = _actions(actor, case, agent)
    needs_choices = actions.reassign or actions.edit
    return CaseWorkspace(
        case=case,
        category_path=cases.category_label(case.category),
        contacts=cases.contacts_of_case(actor=actor, case_id=case.pk),
        history=case_history(case),
        actions=actions,
        agent=agent,
        choices=pick_lists(actor=actor) if needs_choices else None,
        panels=panels_for_case(actor=actor, case_id=case.pk),
    )
