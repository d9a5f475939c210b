"""A case's history, read from the audit log and put in words people read.

Only `frontline.desk.selectors` calls this, and only after `cases.selectors.get_case` has let the actor read
the case: the audit log itself is not something every role may browse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from frontline.accounts.models import Agent, Team
from frontline.cases.models import Case, CaseStatus, Category, Channel, Priority, Product
from frontline.core.models import AuditEntry

HISTORY_LIMIT = 50
ACTION_LABELS = {
    "case.opened": "Opened the case",
    "case.updated": "Changed the details",
    "case.status_changed": "Changed the status",
    "case.reassigned": "Reassigned the case",
}
FIELD_LABELS = {
    "status": "Status",
    "owner": "Owner",
    "team": "Team",
    "product": "Product",
    "category": "Category",
    "subject": "Subject",
    "description": "Description",
    "channel": "Channel",
    "priority": "Priority",
    "resolution": "Resolution",
    "root_cause": "Root cause",
}
CHOICE_LABELS: Mapping[str, Mapping[str, str]] = {
    "status": dict(CaseStatus.choices),
    "channel": dict(Channel.choices),
    "priority": dict(Priority.choices),
}
# Fields whose value is a row id, and how to read the names of many ids in one query.
NamesOf = Callable[[set[int]], dict[int, str]]
ROW_FIELDS: Mapping[str, NamesOf] = {
    "owner": lambda ids: {a.pk: a.display_name for a in Agent.objects.select_related("user").filter(pk__in=ids)},
    "team": lambda ids: dict(Team.objects.filter(pk__in=ids).values_list("id", "name")),
    "product": lambda ids: dict(Product.objects.filter(pk__in=ids).values_list("id", "name")),
    "category": lambda ids: dict(Category.objects.filter(pk__in=ids).values_list("id", "name")),
}
TEXT_PREVIEW = 120
# A new case's entry lists every value; its history line names only who has it and how it stands.
OPENED_FIELDS = frozenset({"status", "owner", "team", "priority"})


@dataclass(frozen=True, slots=True)
class Change:
    """One field of one entry: its label and its value before and after ('' when it had none)."""

    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One entry of a case's history."""

    occurred_at: dt.datetime
    actor: str
    action: str
    changes: list[Change]


def _field(name: str) -> str:
    """The model field an audited key names (owner_id and owner are both the owner)."""
    return name.removesuffix("_id")


def _row_ids(entries: Iterable[AuditEntry]) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = {name: set() for name in ROW_FIELDS}
    for entry in entries:
        for name, values in entry.changes.items():
            field = _field(name)
            if field in ids:
                ids[field].update(value for value in values if isinstance(value, int))
    return ids


def _text(field: str, value: Any, names: Mapping[str, Mapping[int, str]]) -> str:
    if value is None or value == "":
        return ""
    if field in ROW_FIELDS:
        return names.get(field, {}).get(value, f"#{value}") if isinstance(value, int) else str(value)
    if field in CHOICE_LABELS:
        return CHOICE_LABELS[field].get(str(value), str(value))
    text = str(value)
    return text if len(text) <= TEXT_PREVIEW else text[: TEXT_PREVIEW - 1] + "…"


def _changes(entry: AuditEntry, names: Mapping[str, Mapping[int, str]]) -> list[Change]:
    changes = []
    for name, values in entry.changes.items():
        field = _field(name)
        if field not in FIELD_LABELS or not isinstance(values, list) or len(values) != 2:
            continue
        if entry.action == "case.opened" and field not in OPENED_FIELDS:
            continue
        before, after = (_text(field, value, names) for value in values)
        if before or after:
            changes.append(Change(label=FIELD_LABELS[field], before=before, after=after))
    return changes


def case_history(case: Case, *, limit: int = HISTORY_LIMIT) -> list[HistoryLine]:
    """The latest entries of `case`'s audit trail, newest first. Call only once access to `case` is checked."""
    entries = list(
        AuditEntry.objects.select_related("actor")
        .filter(target_type=Case._meta.label_lower, target_id=str(case.pk))
        .order_by("-occurred_at", "-id")[:limit]
    )
    names = {field: ROW_FIELDS[field](ids) for field, ids in _row_ids(entries).items() if ids}
    return [
        HistoryLine(
            occurred_at=entry.occurred_at,
            actor=(entry.actor.get_full_name() if entry.actor else "") or entry.actor_label,
            action=ACTION_LABELS.get(entry.action, entry.action),
            changes=_changes(entry, names),
        )
        for entry in entries
    ]
