"""The three kinds of rows that can be imported and exported: customers, cases and contacts."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from operator import attrgetter
from typing import Any

from django.db import OperationalError, connections, router, transaction
from django.utils import timezone

from frontline.accounts.models import Agent, Branch, Team
from frontline.cases.models import DONE_STATUSES, Case, CaseStatus, Category, Contact, Product
from frontline.cases.search import SEARCH_CONFIG
from frontline.cases.selectors import category_choices
from frontline.customers.models import Customer
from frontline.customers.services import clean_customer_values
from frontline.exchange.cells import (
    read_amount,
    read_date,
    read_datetime,
    read_id,
    read_phone,
    read_whole_number,
)
from frontline.exchange.specs import Column, Key, Problem, Reference, RowSpec

KINDS = ("customers", "cases", "contacts")
CATEGORY_SEPARATOR = " › "
# PostgreSQL keeps each case's subject and description as a tsvector for search, of at most 1 MB; text this
# long or shorter always fits (a word costs at most about 6 bytes per character there).
ALWAYS_SEARCHABLE_CHARACTERS = 100_000
PROGRAM_LIMIT_EXCEEDED = "54000"


class CategoryPaths(Reference):
    """Categories named by their full path ("Connectivity › Outage"); the taxonomy is read once per run."""

    def __init__(self) -> None:
        super().__init__(Category, "path", "category")
        self._ids: dict[str, int] | None = None
        self._labels: dict[int, str] = {}

    def _load(self) -> dict[str, int]:
        if self._ids is None:
            self._ids = {label: category.pk for category, label in category_choices(actor=None)}
            self._labels = {pk: label for label, pk in self._ids.items()}
        return self._ids

    def resolve(self, keys: Collection[Key]) -> dict[Key, int]:
        """The id of each full path that names a category."""
        ids = self._load()
        return {key: ids[key] for key in keys if isinstance(key, str) and key in ids}

    def missing(self, key: Key) -> str:
        """Say the path names no category, and how paths are written."""
        return f"no category {key!r}; write the full path, such as 'Connectivity{CATEGORY_SEPARATOR}Outage'"

    def label_of(self, category_id: int | None) -> str | None:
        """The full path of a category, or None."""
        self._load()
        return None if category_id is None else self._labels.get(category_id)


def _related(path: str) -> Callable[[Any], object]:
    """A writer for a natural key reached through a nullable relation ("owner.user.username")."""
    relation, _, rest = path.partition(".")
    key = attrgetter(rest)

    def write(instance: Any) -> object:
        related = getattr(instance, relation)
        return None if related is None else key(related)

    return write


def _agent(name: str, *, required: bool = False) -> Column:
    reference = Reference(Agent, "user__username", "agent with user name")
    return Column(name, write=_related(f"{name}.user.username"), reference=reference, required=required)


def customers() -> RowSpec:
    """Customer accounts, keyed by account number."""
    return RowSpec(
        kind="customers",
        model=Customer,
        columns=(
            Column("account_number", required=True, is_unique=True),
            Column("name", required=True),
            Column("email"),
            Column("phone", read_phone),
            Column("tier"),
            Column("branch", write=_related("branch.name"), reference=Reference(Branch, "name", "branch named")),
            _agent("relationship_owner"),
            Column("customer_since", read_date),
            Column("revenue_amount", read_amount),
            Column("revenue_currency"),
            Column("cost_to_serve_amount", read_amount),
            Column("cost_to_serve_currency"),
        ),
        action="customer.imported",
        queryset=lambda: Customer.objects.select_related("branch", "relationship_owner__user").order_by("id"),
        complete=clean_customer_values,
    )


def _complete_case(values: dict[str, Any]) -> dict[str, Any]:
    """A case without a status starts as `open_case` starts it: open with an owner, new without."""
    if "status" not in values:
        values["status"] = CaseStatus.OPEN if values.get("owner_id") is not None else CaseStatus.NEW
    return values


def _case_rules(values: Mapping[str, Any]) -> list[Problem]:
    """The case table's check constraints, said about the field that is missing, and its search column's limit."""
    status = values.get("status")
    problems = []
    if status in DONE_STATUSES and values.get("resolved_at") is None:
        problems.append(("resolved_at", f"a {status} case needs resolved_at"))
    if status == CaseStatus.CLOSED and values.get("closed_at") is None:
        problems.append(("closed_at", "a closed case needs closed_at"))
    if not _searchable(values.get("subject", ""), values.get("description", "")):
        problems.append(("description", "has too many different words to index for search (over 1 MB); shorten it"))
    return problems


def _searchable(subject: str, description: str) -> bool:
    """Whether PostgreSQL can build the case's search document; asked of it only for long text, one row at a
    time, so pass 1 refuses the row rather than pass 2 failing the whole file. Always true on SQLite."""
    if len(subject) + len(description) <= ALWAYS_SEARCHABLE_CHARACTERS:
        return True
    connection = connections[router.db_for_write(Case)]
    if connection.vendor != "postgresql":
        return True
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("SELECT to_tsvector(%s::regconfig, %s) IS NULL", [SEARCH_CONFIG, f"{subject} {description}"])
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == PROGRAM_LIMIT_EXCEEDED:
            return False
        raise
    return True


def cases() -> RowSpec:
    """Cases with their full history (status, resolution, dates), keyed by id."""
    paths = CategoryPaths()
    return RowSpec(
        kind="cases",
        model=Case,
        columns=(
            Column("id", read_id, is_unique=True),
            Column(
                "customer",
                write=_related("customer.account_number"),
                reference=Reference(Customer, "account_number", "customer with account number"),
                required=True,
            ),
            Column("subject", required=True),
            Column("description"),
            Column(
                "product", write=_related("product.code"), reference=Reference(Product, "code", "product with code")
            ),
            Column("category", write=lambda case: paths.label_of(case.category_id), reference=paths),
            Column("channel"),
            Column("priority"),
            Column("status"),
            _agent("owner"),
            Column("team", write=_related("team.name"), reference=Reference(Team, "name", "team named")),
            Column("resolution"),
            Column("root_cause"),
            Column("opened_at", read_datetime),
            Column("resolved_at", read_datetime),
            Column("closed_at", read_datetime),
        ),
        action="case.imported",
        queryset=lambda: Case.objects.select_related("customer", "product", "owner__user", "team").order_by("id"),
        complete=_complete_case,
        rules=_case_rules,
    )


def _complete_contact(values: dict[str, Any]) -> dict[str, Any]:
    """Fill what `log_contact` fills: the start (now) and the handle time (end minus start, or 0)."""
    values.setdefault("started_at", timezone.now())
    if "handle_seconds" not in values:
        ended = values.get("ended_at")
        values["handle_seconds"] = max(0, int((ended - values["started_at"]).total_seconds())) if ended else 0
    return values


def _contact_rules(values: Mapping[str, Any]) -> list[Problem]:
    """The contact table's check constraint: it cannot end before it starts."""
    started, ended = values.get("started_at"), values.get("ended_at")
    if started is not None and ended is not None and ended < started:
        return [("ended_at", "a contact cannot end before it starts")]
    return []


def contacts() -> RowSpec:
    """Contacts (interactions), keyed by id, each naming its case by id."""
    return RowSpec(
        kind="contacts",
        model=Contact,
        columns=(
            Column("id", read_id, is_unique=True),
            Column(
                "case_id",
                read_id,
                field="case",
                reference=Reference(Case, "pk", "case with id"),
                required=True,
            ),
            Column("channel", required=True),
            Column("direction"),
            Column("started_at", read_datetime),
            Column("ended_at", read_datetime),
            Column("queue_wait_seconds", read_whole_number),
            Column("handle_seconds", read_whole_number),
            _agent("agent"),
            Column("queue"),
            Column("ivr_path"),
            Column("outcome"),
            Column("notes"),
        ),
        action="contact.imported",
        queryset=lambda: Contact.objects.select_related("agent__user").order_by("id"),
        complete=_complete_contact,
        rules=_contact_rules,
    )


BUILDERS: dict[str, Callable[[], RowSpec]] = {"customers": customers, "cases": cases, "contacts": contacts}


def spec_for(kind: str) -> RowSpec:
    """A fresh spec for `kind` (its look-ups cache nothing from an earlier run)."""
    return BUILDERS[kind]()
