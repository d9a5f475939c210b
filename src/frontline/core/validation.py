"""Validating rows with the model's own field validators, reported as ValidationFailed."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any, TypeVar

import phonenumbers
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections, models, router

from frontline.core.errors import ValidationFailed

ModelT = TypeVar("ModelT", bound=models.Model)


def _validate_unique_constraints(instance: models.Model, exclude: list[str]) -> None:
    """Validate the model's unique constraints. Check constraints are left to the database, which enforces
    them anyway: Django would test each one with its own query inside its own savepoint, on every save."""
    errors: dict[str, list[DjangoValidationError]] = {}
    for constraint in instance._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            try:
                constraint.validate(  # type: ignore[attr-defined]  # missing from the stubs
                    type(instance), instance, exclude=exclude, using=instance._state.db or "default"
                )
            except DjangoValidationError as exc:
                errors.setdefault(NON_FIELD_ERRORS, []).append(exc)
    if errors:
        raise DjangoValidationError(errors)


def validate_row(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's field, unique and unique-constraint validation; raise ValidationFailed naming each field.

    Foreign keys are checked together in one query rather than one query each. The services keep check
    constraints true by construction (a resolved case gets its resolved_at in the same write); the database
    refuses any row that breaks one.
    """
    excluded = list(exclude)
    foreign_keys = [
        field
        for field in instance._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.name not in excluded
    ]
    fields: dict[str, list[str]] = {}
    try:
        instance.full_clean(exclude=excluded + [field.name for field in foreign_keys], validate_constraints=False)
        _validate_unique_constraints(instance, excluded)
    except DjangoValidationError as exc:
        owners = _constraint_fields(instance)
        for name, errors in exc.error_dict.items():
            for error in errors:
                message = " ".join(error.messages)
                field = owners.get(message, "__all__") if name == NON_FIELD_ERRORS else name
                fields.setdefault(field, []).append(message)
    for name, message in _foreign_key_errors(instance, foreign_keys).items():
        fields.setdefault(name, []).append(message)
    if fields:
        raise ValidationFailed(fields)


def _foreign_key_errors(instance: models.Model, foreign_keys: list[models.ForeignKey[Any, Any]]) -> dict[str, str]:
    """Each foreign key that is empty where it may not be, or names no row; one query for all of them."""
    errors: dict[str, str] = {}
    checks: list[tuple[models.ForeignKey[Any, Any], Any]] = []
    for field in foreign_keys:
        value = getattr(instance, field.attname)
        if value is None:
            if not field.null:
                errors[field.name] = "This field cannot be null."
            continue
        try:
            value = field.target_field.to_python(value)
        except DjangoValidationError as exc:
            errors[field.name] = " ".join(exc.messages)
            continue
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            errors[field.name] = f"No {field.related_model._meta.verbose_name} with id {value!r}."  # type: ignore[union-attr]
            continue
        checks.append((field, value))
    if not checks:
        return errors
    connection = connections[router.db_for_read(type(instance))]
    quote = connection.ops.quote_name
    parts, params = [], []
    for field, value in checks:
        related = field.related_model._meta  # type: ignore[union-attr]
        table, column = quote(related.db_table), quote(field.target_field.column)
        parts.append(f"EXISTS (SELECT 1 FROM {table} WHERE {column} = %s)")  # noqa: S608 - names from the model
        params.append(value)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        found = cursor.fetchone()
    for (field, value), exists in zip(checks, found, strict=True):
        if not exists:
            errors[field.name] = f"No {field.related_model._meta.verbose_name} with id {value!r}."  # type: ignore[union-attr]
    return errors


def _constraint_fields(instance: models.Model) -> dict[str, str]:
    """Violation message to field name, for constraints over one field (Django reports them as non-field)."""
    owners = {}
    for constraint in instance._meta.constraints:
        constrained: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
        if len(constrained) == 1:
            owners[constraint.get_violation_error_message()] = constrained[0]
    return owners


def validate_time_zone(value: str) -> None:
    """Refuse anything that is not an IANA time zone name."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise DjangoValidationError(f"{value!r} is not a time zone; use a name such as America/Toronto.") from None


def normalise_phone_number(value: str, *, region: str = "CA") -> str:
    """`value` in E.164 form (+14165550100); numbers without a country code are read in `region`.

    Raises Django's ValidationError so model and form validation report it on the field.
    """
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise DjangoValidationError(f"{value!r} is not a phone number.") from None
    if not phonenumbers.is_possible_number(parsed):
        raise DjangoValidationError(f"{value!r} is not a possible phone number.")
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def validate_phone_number(value: str) -> None:
    """Refuse a value that is not already an E.164 phone number."""
    if normalise_phone_number(value) != value:
        raise DjangoValidationError(f"{value!r} is not in E.164 form, such as +14165550100.")
