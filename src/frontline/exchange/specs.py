"""What a row of each kind holds: its columns, how each is read and written, and how it maps to the model.

References are written as natural keys so files travel between installations: a customer by account number,
a product by code, a category by its full path, an agent by user name, a team or branch by name. Cases and
contacts also carry their id, so contacts can name their case and a round trip keeps every id.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from django.db import models
from django.db.models import QuerySet

from frontline.exchange.cells import Reader, read_text

Key = str | int
Problem = tuple[str, str]  # (column, reason); an empty column means the row as a whole


class Reference:
    """A foreign key written as a natural key, resolved for a whole batch of rows in one query."""

    def __init__(self, model: type[models.Model], key: str, noun: str) -> None:
        self.model = model
        self.key = key
        self.noun = noun

    def resolve(self, keys: Collection[Key]) -> dict[Key, int]:
        """The primary key of each of `keys` that exists; absent keys are missing rows."""
        rows = self.model._default_manager.filter(**{f"{self.key}__in": list(keys)}).values_list(self.key, "pk")
        return dict(rows)

    def missing(self, key: Key) -> str:
        """The reason given for a key that names no row."""
        return f"no {self.noun} {key!r}"


class Column:
    """One column of a file: its name, how a cell is read and written, and the model field it fills."""

    def __init__(
        self,
        name: str,
        read: Reader = read_text,
        write: Callable[[Any], object] | None = None,
        *,
        field: str = "",
        required: bool = False,
        is_unique: bool = False,
        reference: Reference | None = None,
    ) -> None:
        self.name = name
        self.read = read
        self.write: Callable[[Any], object] = write or attrgetter(name)
        self.field = field or name
        self.required = required
        self.is_unique = is_unique
        self.reference = reference

    def attname(self, model: type[models.Model]) -> str:
        """The attribute a model instance takes this column's value in (`customer_id` for a reference)."""
        field = model._meta.get_field(self.field)
        assert isinstance(field, models.Field), f"{self.field} is not a column of {model.__name__}"
        return field.attname

    def label(self) -> str:
        """The column's name as words, for messages ("account number")."""
        return self.name.replace("_", " ")


def _unchanged(values: dict[str, Any]) -> dict[str, Any]:
    return values


def _no_rules(values: Mapping[str, Any]) -> list[Problem]:
    return []


@dataclass(frozen=True, slots=True)
class RowSpec:
    """A kind of row: its model, its columns in file order, and what completes and checks a row."""

    kind: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    action: str
    queryset: Callable[[], QuerySet[Any]]
    complete: Callable[[dict[str, Any]], dict[str, Any]] = _unchanged
    rules: Callable[[Mapping[str, Any]], list[Problem]] = _no_rules
    by_name: dict[str, Column] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {column.name: column for column in self.columns})

    @property
    def names(self) -> list[str]:
        """The column names, in file order."""
        return [column.name for column in self.columns]

    @property
    def required_names(self) -> list[str]:
        """The columns every file and row must have."""
        return [column.name for column in self.columns if column.required]

    @property
    def noun(self) -> str:
        """The model's name for one row ("customer")."""
        return str(self.model._meta.verbose_name)

    def column_of(self, name: str) -> str:
        """The column that fills a model field or attribute, for naming it in errors; itself if none does."""
        for column in self.columns:
            if name in (column.field, column.name, column.attname(self.model)):
                return column.name
        return "" if name == "__all__" else name

    def audited_fields(self) -> list[str]:
        """The model fields a new row's audit entry lists."""
        return [column.field for column in self.columns if column.field != "id"]
