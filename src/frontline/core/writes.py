"""The common shape of a validated, audited write: set fields, validate with the model, save, record.

Services call these after their own checks; the caller's entry point holds the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.db import models

from frontline.core import audit
from frontline.core.errors import ValidationFailed
from frontline.core.permissions import Actor
from frontline.core.validation import validate_row

ModelT = TypeVar("ModelT", bound=models.Model)


def _field_name_map(instance: models.Model, names: Collection[str]) -> dict[str, str]:
    """Model field name to the name the caller used (team -> team_id), so errors name the caller's field."""
    mapping = {}
    for name in names:
        field = instance._meta.get_field(name)
        mapping[field.name] = name
    return mapping


def validate_values(instance: models.Model, names: Collection[str], exclude: Collection[str] = ()) -> None:
    """Validate `instance` with the model's rules, naming errors as the caller named the fields.

    Django skips its checks on empty values of fields that may be blank, so a None sent for a text field
    that cannot be NULL is refused here rather than by the database.
    """
    mapping = _field_name_map(instance, names)
    nulls: dict[str, list[str]] = {}
    for name in names:
        field = instance._meta.get_field(name)
        if isinstance(field, models.Field) and not field.null and getattr(instance, field.attname) is None:
            nulls[name] = ["This field cannot be null."]
    if nulls:
        raise ValidationFailed(nulls)
    try:
        validate_row(instance, exclude=exclude)
    except ValidationFailed as exc:
        raise ValidationFailed({mapping.get(name, name): messages for name, messages in exc.fields.items()}) from None


def refuse_unknown(changes: Mapping[str, Any], allowed: Collection[str]) -> None:
    """Raise ValidationFailed naming every key of `changes` that is not in `allowed`."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationFailed({name: ["This field cannot be set here."] for name in unknown})


def create_row(
    model: type[ModelT],
    *,
    actor: Actor,
    action: str,
    values: Mapping[str, Any],
    system: str = "system",
) -> ModelT:
    """Validate and insert a row of `model` with `values`, and record it in the audit log."""
    instance = model(**values)
    validate_values(instance, values)
    instance.save(force_insert=True)
    audit.record(
        actor=actor,
        action=action,
        target=instance,
        changes=audit.creation_changes(audit.snapshot(instance, values)),
        system=system,
    )
    return instance


def update_row(
    instance: ModelT,
    *,
    actor: Actor,
    action: str,
    changes: Mapping[str, Any],
    allowed: Collection[str],
    system: str = "system",
) -> dict[str, list[audit.JsonValue]]:
    """Apply `changes` (only fields in `allowed`) to `instance`, validate, save and audit what changed.

    Returns the audited differences; nothing is saved or recorded when no value changed.
    """
    refuse_unknown(changes, allowed)
    before = audit.snapshot(instance, changes)
    for name, value in changes.items():
        setattr(instance, name, value)
    validate_values(instance, changes)
    differences = audit.diff(before, audit.snapshot(instance, changes))
    if not differences:
        return {}
    update_fields = [instance._meta.get_field(name).name for name in differences]
    if any(getattr(field, "auto_now", False) for field in instance._meta.concrete_fields):
        update_fields += [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    instance.save(update_fields=update_fields)
    audit.record(actor=actor, action=action, target=instance, changes=differences, system=system)
    return differences
