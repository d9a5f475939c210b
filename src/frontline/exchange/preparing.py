"""Turning a batch of raw rows into model values: read each cell, resolve natural keys, complete the row.

Both passes of an import go through here, so the rows written are exactly the rows checked. Natural keys
are resolved for the whole batch with one query per referenced kind, never one per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from frontline.core.errors import ValidationFailed
from frontline.exchange.cells import CellError, is_empty
from frontline.exchange.formats import RawRow
from frontline.exchange.specs import Column, Key, Problem, RowSpec

T = TypeVar("T")
BATCH_SIZE = 2000


@dataclass(slots=True)
class PreparedRow:
    """A row's model values by attribute name (`customer_id`), its natural keys, and what is wrong with it."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, Key] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    missing: list[tuple[str, Key]] = field(default_factory=list)  # (column, key) naming no row

    def failed_columns(self) -> set[str]:
        """The columns a problem is reported on."""
        return {column for column, _ in self.problems}


def batched(items: Iterable[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    """`items` in lists of at most `size`."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def prepare_batch(spec: RowSpec, raw_rows: Sequence[RawRow]) -> list[PreparedRow]:
    """Read, resolve and complete every row of a batch; problems are collected on each row, never raised."""
    attnames = [(column, column.attname(spec.model)) for column in spec.columns]
    rows = [_read(raw, attnames) for raw in raw_rows]
    for column, attname in attnames:
        if column.reference is not None:
            _resolve(column, attname, rows)
    for row in rows:
        _complete(spec, row)
    return rows


def _read(raw: RawRow, attnames: Sequence[tuple[Column, str]]) -> PreparedRow:
    row = PreparedRow(raw.number, problems=list(raw.problems))
    if raw.problems:
        return row
    for column, attname in attnames:
        cell = raw.cells.get(column.name)
        if is_empty(cell):
            if column.required:
                row.problems.append((column.name, "is required"))
            continue
        try:
            value = column.read(cell)
        except CellError as exc:
            row.problems.append((column.name, str(exc)))
            continue
        if column.reference is not None and isinstance(value, str | int):
            row.keys[column.name] = value
        else:
            row.values[attname] = value
    return row


def _resolve(column: Column, attname: str, rows: Sequence[PreparedRow]) -> None:
    assert column.reference is not None
    wanted = {row.keys[column.name] for row in rows if column.name in row.keys}
    if not wanted:
        return
    found = column.reference.resolve(wanted)
    for row in rows:
        if column.name not in row.keys:
            continue
        key = row.keys[column.name]
        if key in found:
            row.values[attname] = found[key]
        else:
            row.problems.append((column.name, column.reference.missing(key)))
            row.missing.append((column.name, key))


def _complete(spec: RowSpec, row: PreparedRow) -> None:
    if not row.values and row.problems:
        return
    try:
        row.values = spec.complete(row.values)
    except ValidationFailed as exc:
        row.problems.extend(
            (spec.column_of(name), message) for name, messages in exc.fields.items() for message in messages
        )
