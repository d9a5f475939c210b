"""Validating rows with the model's own field validators, reported as ValidationFailed."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from typing import Any, TypeVar

import phonenumbers
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models

from frontline.core.errors import ValidationFailed

ModelT = TypeVar("ModelT", bound=models.Model)


def validate_row(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Run the model's field, unique and constraint validation; raise ValidationFailed naming each field."""
    try:
        instance.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        owners = _constraint_fields(instance)
        fields: dict[str, list[str]] = {}
        for name, errors in exc.error_dict.items():
            for error in errors:
                message = _missing_row_message(instance, name, error) or " ".join(error.messages)
                field = owners.get(message, "__all__") if name == NON_FIELD_ERRORS else name
                fields.setdefault(field, []).append(message)
        raise ValidationFailed(fields) from None


def _missing_row_message(instance: models.Model, name: str, error: DjangoValidationError) -> str | None:
    """ "No team with id 7." instead of Django's "team instance with id 7 is not a valid choice."."""
    if name == NON_FIELD_ERRORS or error.code != "invalid":
        return None
    field = instance._meta.get_field(name)
    if not isinstance(field, models.ForeignKey):
        return None
    related = field.remote_field.model
    label = related._meta.verbose_name if isinstance(related, type) else name
    return f"No {label} with id {getattr(instance, field.attname)!r}."


def _constraint_fields(instance: models.Model) -> dict[str, str]:
    """Violation message to field name, for constraints over one field (Django reports them as non-field)."""
    owners = {}
    for constraint in instance._meta.constraints:
        constrained: tuple[str, ...] = tuple(getattr(constraint, "fields", ()))
        if len(constrained) == 1:
            owners[constraint.get_violation_error_message()] = constrained[0]
    return owners


def get_or_invalid(model: type[ModelT], field: str, pk: Any) -> ModelT:
    """The row of `model` with primary key `pk`, or ValidationFailed on `field` saying it does not exist."""
    try:
        return model._default_manager.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise ValidationFailed.single(field, f"No {model._meta.verbose_name} with id {pk!r}.") from None


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
