"""The first pass of an import: check every row as the API would, write nothing, and list what is wrong.

Each row is validated by its model's own field validators (`full_clean`); foreign keys and unique columns
are checked per batch instead, with one query each, and the model's check constraints by the spec's rules.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError

from frontline.exchange.formats import FileFormat, TextSink, read_rows
from frontline.exchange.preparing import PreparedRow, batched, prepare_batch
from frontline.exchange.specs import Key, Problem, RowSpec

SHOWN_ERRORS = 50
SHOWN_MISSING = 10
REPORT_HEADER = ("row", "field", "reason")


@dataclass(frozen=True, slots=True)
class RowError:
    """One thing wrong with one row: its number (data rows count from 1), the field, and why."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}, {self.field}" if self.field else f"row {self.row}"
        return f"{where}: {self.reason}"


class ErrorLog:
    """Every row error: all counted and sent to the report when there is one; the first few kept to show."""

    def __init__(self, report: TextSink | None = None, keep: int = SHOWN_ERRORS) -> None:
        self.shown: list[RowError] = []
        self.count = 0
        self.bad_rows: set[int] = set()
        self._keep = keep
        self._report = csv.writer(report, csv.excel) if report is not None else None
        if self._report is not None:
            self._report.writerow(REPORT_HEADER)

    def add(self, row: int, problems: Iterable[Problem]) -> None:
        """Record the problems of one row."""
        for column, reason in problems:
            self.bad_rows.add(row)
            self.count += 1
            if len(self.shown) < self._keep:
                self.shown.append(RowError(row, column, reason))
            if self._report is not None:
                self._report.writerow((row, column, reason))


@dataclass(slots=True)
class CheckSummary:
    """What the first pass found: how many rows, how many good ones bring their own id, what rows name
    that does not exist (the first few distinct keys per column, and one more to tell there are more)."""

    rows: int = 0
    explicit_ids: int = 0
    automatic_ids: int = 0
    missing: dict[str, dict[Key, None]] = field(default_factory=dict)

    def note_missing(self, column: str, key: Key) -> None:
        """Remember that `key` in `column` names nothing, while fewer than the shown number are known."""
        keys = self.missing.setdefault(column, {})
        if len(keys) <= SHOWN_MISSING:
            keys[key] = None

    def missing_text(self) -> str:
        """The missing keys per column, as one line ("product 'satellite'; owner 'ghost', 'bob' and more")."""
        parts = []
        for column, keys in self.missing.items():
            if not keys:
                continue
            shown = ", ".join(repr(key) for key in list(keys)[:SHOWN_MISSING])
            parts.append(f"{column} {shown}{' and more' if len(keys) > SHOWN_MISSING else ''}")
        return "; ".join(parts)


class Uniqueness:
    """The unique columns' keys: the row that first used each, and which already exist in the database.

    The first row holding a key owns it; a later row with the same key is refused even when the first row
    is refused for another reason, so fixing the file never changes which row a key belongs to.
    """

    def __init__(self, spec: RowSpec) -> None:
        self.spec = spec
        self.columns = [column for column in spec.columns if column.is_unique]
        self.seen: dict[str, dict[Key, int]] = {column.name: {} for column in self.columns}

    def check(self, rows: Sequence[PreparedRow]) -> None:
        """Add a problem to each row whose key exists in the database or on an earlier row."""
        manager = self.spec.model._default_manager
        for column in self.columns:
            attname = column.attname(self.spec.model)
            keyed = [(row, row.values[attname]) for row in rows if attname in row.values]
            lookup = {f"{column.field}__in": [key for _, key in keyed]}
            existing = set(manager.filter(**lookup).values_list(column.field, flat=True)) if keyed else set()
            seen = self.seen[column.name]
            for row, key in keyed:
                if key in existing:
                    row.problems.append((column.name, f"a {self.spec.noun} with {column.label()} {key} already exists"))
                first = seen.setdefault(key, row.number)
                if first != row.number:
                    row.problems.append((column.name, f"{key} is already on row {first}"))


def _foreign_keys(spec: RowSpec) -> set[str]:
    return {field.name for field in spec.model._meta.concrete_fields if field.is_relation}


def validate_model(spec: RowSpec, row: PreparedRow, foreign_keys: set[str]) -> None:
    """Run the model's field validators on the row's values, except on fields already found wrong."""
    failed = {spec.by_name[name].field for name in row.failed_columns() if name in spec.by_name}
    instance = spec.model(**row.values)
    try:
        instance.full_clean(exclude=foreign_keys | failed, validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        row.problems.extend(
            (spec.column_of(name), message) for name, messages in exc.message_dict.items() for message in messages
        )
    if not row.problems:
        row.problems.extend(spec.rules(row.values))


def _in_column_order(spec: RowSpec) -> Callable[[Problem], Any]:
    positions = {name: index for index, name in enumerate(spec.names, start=1)}
    return lambda problem: positions.get(problem[0], 0)


def check_file(
    spec: RowSpec,
    path: Path,
    file_format: FileFormat,
    errors: ErrorLog,
    on_bytes: Callable[[int], None] | None = None,
) -> CheckSummary:
    """Check every row of the file, adding what is wrong to `errors`; reads the file once, in batches."""
    summary = CheckSummary(missing={column.name: {} for column in spec.columns if column.reference is not None})
    uniqueness = Uniqueness(spec)
    foreign_keys = _foreign_keys(spec)
    order = _in_column_order(spec)
    for raw_rows in batched(read_rows(path, file_format, spec, on_bytes)):
        rows = prepare_batch(spec, raw_rows)
        for row in rows:
            if row.values or not row.problems:
                validate_model(spec, row, foreign_keys)
        uniqueness.check(rows)
        for row in rows:
            summary.rows += 1
            for column, key in row.missing:
                summary.note_missing(column, key)
            if row.problems:
                errors.add(row.number, sorted(row.problems, key=order))
            elif "id" in row.values:
                summary.explicit_ids += 1
            else:
                summary.automatic_ids += 1
    return summary
