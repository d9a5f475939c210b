"""Keyset (cursor) pagination: page 10,000 costs what page 1 costs, and inserts never shift a page.

A list is ordered by a unique key of one or two columns, for example ("-opened_at", "-id"). A cursor is an
opaque, URL-safe token naming the key of the row a page starts after (or before, going back) and the
direction. Tokens that do not decode raise `ValidationFailed` on the `cursor` field: a 4xx, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, Literal, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime

from frontline.core.errors import ValidationFailed

ModelT = TypeVar("ModelT", bound=models.Model)
Direction = Literal["next", "prev"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in an ordered list: after `key` going forward, or before it going back."""

    direction: Direction
    key: tuple[Any, ...] | None  # None with "prev" means "the last page"

    def encode(self) -> str:
        """The opaque token a client sends back."""
        payload = {"d": self.direction, "k": None if self.key is None else [_to_token(v) for v in self.key]}
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")


LAST_PAGE = Cursor(direction="prev", key=None)


@dataclass(frozen=True, slots=True)
class KeysetPage(Generic[ModelT]):
    """One page of rows with the cursors that reach its neighbours (None where there is none)."""

    items: list[ModelT]
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def last_cursor(self) -> str:
        """The cursor of the last page of the same list."""
        return LAST_PAGE.encode()


def _to_token(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_token(field: models.Field[Any, Any], token: Any) -> Any:
    try:
        value = _parse_token(field, token)
    except (ValueError, OverflowError):
        value = None
    if value is None:
        raise ValidationFailed.single("cursor", "This cursor is not valid for this list; start from the first page.")
    return value


def _parse_token(field: models.Field[Any, Any], token: Any) -> Any:
    """The value a cursor's token stands for, or None when it cannot be one (parsers may also raise)."""
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(token) if isinstance(token, str) else None
        return moment if moment is not None and moment.tzinfo is not None else None
    if isinstance(field, models.DateField):
        return parse_date(token) if isinstance(token, str) else None
    if isinstance(field, models.IntegerField | models.AutoField):
        is_integer = isinstance(token, int) and not isinstance(token, bool)
        return token if is_integer and -(2**63) <= token < 2**63 else None
    if isinstance(field, models.DecimalField):
        try:
            return Decimal(token) if isinstance(token, str) else None
        except InvalidOperation:
            return None
    return token if isinstance(token, str) else None


def decode_cursor(token: str | None, model: type[models.Model], ordering: Sequence[str]) -> Cursor | None:
    """Parse a client's cursor for a list of `model` in `ordering`; None means the first page."""
    if not token:
        return None
    invalid = ValidationFailed.single("cursor", "This cursor is not valid for this list; start from the first page.")
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        raise invalid from None
    if not isinstance(payload, dict) or payload.get("d") not in ("next", "prev"):
        raise invalid
    raw_key = payload.get("k")
    if raw_key is None:
        if payload["d"] != "prev":
            raise invalid
        return LAST_PAGE
    if not isinstance(raw_key, list) or len(raw_key) != len(ordering):
        raise invalid
    fields = [model._meta.get_field(name.lstrip("-")) for name in ordering]
    key = tuple(_from_token(field, token) for field, token in zip(fields, raw_key, strict=True))  # type: ignore[arg-type]
    return Cursor(direction=payload["d"], key=key)


def _after(ordering: Sequence[str], key: tuple[Any, ...]) -> Q:
    """Rows strictly after `key` in `ordering`, written so the leading column bounds an index range."""
    first, *rest = ordering
    name = first.lstrip("-")
    descending = first.startswith("-")
    if not rest:
        return Q(**{f"{name}__{'lt' if descending else 'gt'}": key[0]})
    bound = Q(**{f"{name}__{'lte' if descending else 'gte'}": key[0]})
    strictly = Q(**{f"{name}__{'lt' if descending else 'gt'}": key[0]})
    return bound & (strictly | (Q(**{name: key[0]}) & _after(rest, key[1:])))


def _reverse(ordering: Sequence[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]


def paginate(
    queryset: QuerySet[ModelT],
    *,
    ordering: Sequence[str],
    cursor: str | None,
    limit: int = DEFAULT_LIMIT,
) -> KeysetPage[ModelT]:
    """One page of `queryset` in `ordering` (whose last column must be unique), starting at `cursor`.

    Two queries: the first finds the page's keys on the filtered table alone (an index range, whatever
    `select_related` asks for), the second fetches those rows with their related rows. One query with the
    joins let SQLite's planner start from a joined table and sort a million rows for the first page.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.single("limit", f"Ask for between 1 and {MAX_LIMIT} rows.")
    position = decode_cursor(cursor, queryset.model, ordering)
    going_back = position is not None and position.direction == "prev"
    order = _reverse(ordering) if going_back else list(ordering)
    rows = queryset.order_by(*order)
    if position is not None and position.key is not None:
        rows = rows.filter(_after(order, position.key))
    names = [name.lstrip("-") for name in ordering]
    keys = [tuple(found) for found in rows.values_list(*names, "pk")[: limit + 1]]
    has_more = len(keys) > limit
    keys = keys[:limit]
    if going_back:
        keys.reverse()
    if not keys:
        return KeysetPage(items=[], next_cursor=None, previous_cursor=None)
    # The rows are fetched by key alone: the filters did their work in the first query, and running a
    # full-text condition again would make the database evaluate it over every match.
    rows_by_key = queryset.order_by()
    rows_by_key.query.clear_where()
    fetched = {row.pk: row for row in rows_by_key.filter(pk__in=[key[-1] for key in keys])}
    items = [fetched[key[-1]] for key in keys if key[-1] in fetched]
    first_key, last_key = keys[0][:-1], keys[-1][:-1]
    if going_back:
        has_next, has_previous = position is not None and position.key is not None, has_more
    else:
        has_next, has_previous = has_more, position is not None
    return KeysetPage(
        items=items,
        next_cursor=Cursor("next", last_key).encode() if has_next else None,
        previous_cursor=Cursor("prev", first_key).encode() if has_previous else None,
    )
