"""Cases as the engine sees them: the schema of a service-desk case and each case's attribute values.

The default schema can be replaced by a JSON file (`FRONTLINE_ASSIST_SCHEMA`) that changes measures and
weights or leaves attributes out; it may only name the attributes Frontline fills (`FILLED`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from frontline.assist.models import CaseOutcome
from frontline.cases.models import DONE_STATUSES, Case, Category, Contact, Direction
from frontline.cbr.index import CaseRecord
from frontline.cbr.schema import Schema, SchemaError

DEFAULT_SCHEMA: dict[str, Any] = {
    "attributes": [
        # Word n-grams only: at a million cases character n-grams would make the index about four times
        # larger (see docs/decisions/0016-assist-text-measure.md); a schema file can turn them on.
        {"name": "text", "kind": "text", "weight": 4, "word_ngrams": [1, 2], "char_ngrams": None},
        {"name": "category", "kind": "taxonomy", "weight": 3},
        {"name": "product", "kind": "categorical", "weight": 2},
        {
            "name": "channel",
            "kind": "categorical",
            "weight": 0.5,
            "table": [
                ["phone", "chat", 0.5],
                ["chat", "email", 0.5],
                ["phone", "email", 0.3],
                ["phone", "walk_in", 0.5],
            ],
        },
        {
            "name": "priority",
            "kind": "categorical",
            "weight": 0.5,
            "table": [
                ["low", "normal", 0.7],
                ["normal", "high", 0.6],
                ["high", "urgent", 0.7],
                ["low", "high", 0.3],
                ["normal", "urgent", 0.3],
            ],
        },
        {"name": "tier", "kind": "categorical", "weight": 0.5},
        {"name": "tenure_years", "kind": "numeric", "weight": 0.5, "decay": "exponential", "scale": 4},
        {"name": "opened_day", "kind": "numeric", "weight": 0, "decay": "linear", "scale": 365},
    ]
}
FILLED = ("text", "category", "product", "channel", "priority", "tier", "tenure_years", "opened_day")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
CASE_VALUES = (
    "id",
    "subject",
    "description",
    "category_id",
    "product__code",
    "channel",
    "priority",
    "customer__tier",
    "customer__customer_since",
    "opened_at",
    "root_cause",
    "status",
)
BATCH = 20_000

# How much a case counts as a precedent, from how it ended (1 is neutral; never below MIN_PRECEDENT).
FIRST_CONTACT_BONUS = 0.25
SATISFIED_BONUS = 0.5
DISSATISFIED_PENALTY = 0.5
CHURN_PENALTY = 0.5
MIN_PRECEDENT = 0.1


def schema() -> Schema:
    """The deployment's assist schema: FRONTLINE_ASSIST_SCHEMA's file, or the default."""
    path = getattr(settings, "ASSIST_SCHEMA_FILE", None)
    loaded = Schema.from_json(Path(path).read_text()) if path else Schema.from_dict(DEFAULT_SCHEMA)
    unknown = sorted(set(loaded.names) - set(FILLED))
    if unknown:
        raise SchemaError(f"the assist schema names {', '.join(unknown)}; Frontline fills {', '.join(FILLED)}")
    return loaded


def category_paths() -> dict[int, tuple[str, ...]]:
    """Every category's path of names from the top of the tree."""
    nodes = list(Category.objects.values_list("id", "path", "name"))
    names_by_path = {path: name for _, path, name in nodes}
    step = Category.steplen
    return {
        pk: tuple(names_by_path[path[:end]] for end in range(step, len(path) + 1, step) if path[:end] in names_by_path)
        for pk, path, _ in nodes
    }


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a case ended, as far as is known."""

    first_contact: bool | None
    satisfied: bool | None
    retained: bool | None

    @property
    def precedent(self) -> float:
        """The case's weight as a precedent."""
        weight = 1.0
        if self.first_contact:
            weight += FIRST_CONTACT_BONUS
        if self.satisfied is True:
            weight += SATISFIED_BONUS
        elif self.satisfied is False:
            weight -= DISSATISFIED_PENALTY
        if self.retained is False:
            weight -= CHURN_PENALTY
        return max(MIN_PRECEDENT, weight)


def outcomes(case_ids: Sequence[int]) -> dict[int, Outcome]:
    """The outcome of each case: first-contact resolution from its contacts, the rest as recorded."""
    inbound = dict(
        Contact.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(count=Count("id", filter=Q(direction=Direction.INBOUND)), total=Count("id"))
        .values_list("case_id", "count")
    )
    recorded = {
        row.case_id: row for row in CaseOutcome.objects.filter(case_id__in=case_ids).only("satisfied", "retained")
    }
    found = {}
    for case_id in case_ids:
        row = recorded.get(case_id)
        contacts = inbound.get(case_id)
        found[case_id] = Outcome(
            first_contact=None if contacts is None else contacts <= 1,
            satisfied=row.satisfied if row else None,
            retained=row.retained if row else None,
        )
    return found


def values_of(row: dict[str, Any], paths: dict[int, tuple[str, ...]]) -> dict[str, Any]:
    """The values of every attribute Frontline fills (FILLED) for a case, from its CASE_VALUES row."""
    opened: dt.datetime = row["opened_at"]
    since: dt.date | None = row["customer__customer_since"]
    text = " ".join(part for part in (row["subject"], row["description"]) if part)
    return {
        "text": text or None,
        "category": list(paths[row["category_id"]]) if row["category_id"] in paths else None,
        "product": row["product__code"],
        "channel": row["channel"],
        "priority": row["priority"],
        "tier": row["customer__tier"],
        "tenure_years": (opened.date() - since).days / 365.25 if since else None,
        "opened_day": (opened - EPOCH).total_seconds() / 86400,
    }


def query_values(case: Case, paths: dict[int, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """The attribute values of one case (open or not), as a query."""
    row = {
        "subject": case.subject,
        "description": case.description,
        "category_id": case.category_id,
        "product__code": case.product.code if case.product_id and case.product else None,
        "channel": case.channel,
        "priority": case.priority,
        "customer__tier": case.customer.tier,
        "customer__customer_since": case.customer.customer_since,
        "opened_at": case.opened_at,
    }
    if paths is None:
        paths = category_paths() if case.category_id else {}
    return values_of(row, paths)


def kept(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """Only the values of the attributes the schema has."""
    return {name: values[name] for name in names if name in values}


def records(
    rows: Iterable[dict[str, Any]], paths: dict[int, tuple[str, ...]], names: Sequence[str]
) -> list[CaseRecord]:
    """Resolved cases as engine records: the values of the schema's attributes, their root cause as label,
    and their weight as a precedent."""
    rows = list(rows)
    ended = outcomes([row["id"] for row in rows])
    return [
        CaseRecord(
            id=row["id"],
            values=kept(values_of(row, paths), names),
            label=row["root_cause"].strip() or None,
            precedent=ended[row["id"]].precedent,
        )
        for row in rows
    ]


def resolved_batches(*, after_id: int = 0, ids: Sequence[int] | None = None) -> Iterator[list[CaseRecord]]:
    """Every resolved or closed case (or those of `ids`) as records, in batches, in id order."""
    paths = category_paths()
    names = schema().names
    cases = Case.objects.filter(status__in=DONE_STATUSES).order_by("id")
    if ids is not None:
        cases = cases.filter(id__in=ids)
    last = after_id
    while True:
        rows = list(cases.filter(id__gt=last).values(*CASE_VALUES)[:BATCH])
        if not rows:
            return
        yield records(rows, paths, names)
        last = rows[-1]["id"]


def resolved_count() -> int:
    """How many cases the index would hold."""
    return Case.objects.filter(status__in=DONE_STATUSES).count()
