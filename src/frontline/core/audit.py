"""Writing the append-only audit log. Every service that writes calls `record` in the same transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import models

from frontline.core.models import AuditEntry
from frontline.core.permissions import Actor

JsonValue = None | bool | int | float | str | list[Any] | dict[str, Any]


def to_json_value(value: object) -> JsonValue:
    """A JSON-safe form of a field value: Decimal and dates as strings, rows as their primary key."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return to_json_value(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return to_json_value(value.pk)
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, Iterable):
        return [to_json_value(item) for item in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, JsonValue]:
    """The JSON-safe values of `fields` on `instance`; foreign keys are read by their `_id` column."""
    values: dict[str, JsonValue] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attribute = field.attname if isinstance(field, models.ForeignKey) else name
        values[name] = to_json_value(getattr(instance, attribute))
    return values


def diff(before: Mapping[str, JsonValue], after: Mapping[str, JsonValue]) -> dict[str, list[JsonValue]]:
    """Field name to [before, after] for each field whose value changed."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def creation_changes(values: Mapping[str, JsonValue]) -> dict[str, list[JsonValue]]:
    """The changes of a new row: each field from nothing to its value."""
    return {name: [None, value] for name, value in values.items()}


@dataclass(frozen=True, slots=True)
class AuditDraft:
    """An audit entry not yet written, for `record_many`."""

    action: str
    target: models.Model
    changes: Mapping[str, list[JsonValue]]


def _actor_fields(actor: Actor, system: str) -> dict[str, Any]:
    if actor is None or not actor.is_authenticated:
        return {"actor": None, "actor_label": system}
    return {"actor": actor, "actor_label": actor.get_username()}


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    changes: Mapping[str, list[JsonValue]],
    system: str = "system",
) -> AuditEntry:
    """Append one audit entry for a write to `target`; `system` names the job when there is no user."""
    return AuditEntry.objects.create(
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        changes=dict(changes),
        **_actor_fields(actor, system),
    )


def record_many(
    *,
    actor: Actor,
    drafts: Iterable[AuditDraft],
    system: str = "system",
    batch_size: int = 2000,
) -> int:
    """Append many audit entries in bulk (imports, seeding); returns how many were written."""
    actor_fields = _actor_fields(actor, system)
    entries = [
        AuditEntry(
            action=draft.action,
            target_type=draft.target._meta.label_lower,
            target_id=str(draft.target.pk),
            changes=dict(draft.changes),
            **actor_fields,
        )
        for draft in drafts
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)
