"""Importing a file of customers, cases or contacts: check every row, then write the good ones in one transaction.

Pass 1 (checking.py) reads the whole file and lists every problem. Pass 2 runs only when there is none, or
when the caller asked to skip the rows that have one; it reads the file again and inserts in batches inside
one transaction, each row with its audit entry, so a failure part-way leaves the database as it was.
Memory stays flat whatever the file's size: rows are held a batch at a time (the keys of unique columns and
the numbers of refused rows are remembered for the whole file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.core.management.color import no_style
from django.db import DatabaseError, connections, router, transaction

from frontline.core import audit
from frontline.core.errors import DomainError
from frontline.exchange.checking import CheckSummary, ErrorLog, check_file
from frontline.exchange.formats import FileFormat, FileProblem, format_of, read_rows
from frontline.exchange.kinds import spec_for
from frontline.exchange.preparing import batched, prepare_batch
from frontline.exchange.progress import NO_PROGRESS, Progress
from frontline.exchange.specs import RowSpec

AUDIT_SYSTEM = "import"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to import: the format (else from the extension), whether to skip bad rows, where to report them."""

    file_format: str | None = None
    skip_invalid: bool = False
    report: Path | None = None
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did: rows read, rows written, rows refused (listed in `report` when there is one)."""

    rows: int
    written: int
    errors: ErrorLog
    report: Path | None


class RowsRejected(DomainError):
    """Some rows are wrong and the caller did not ask to skip them: nothing was written."""

    status = 422
    code = "rows_rejected"

    def __init__(self, message: str, errors: ErrorLog) -> None:
        super().__init__(message)
        self.errors = errors


def default_report_path(path: Path) -> Path:
    """Where the refused rows of `path` are listed by default: beside it, as <name>.rejected.csv."""
    return path.with_name(f"{path.stem}.rejected.csv")


def rejection_message(path: Path, summary: CheckSummary, errors: ErrorLog, report: Path | None) -> str:
    """The first problems, one per line, with a count of the rest, what is missing, and what to do next."""
    lines = [
        f"{path.name}: {errors.count} problem(s) in {len(errors.bad_rows)} of {summary.rows} row(s) "
        "(rows count data rows from 1); nothing was imported."
    ]
    lines += [f"  {error}" for error in errors.shown]
    if errors.count > len(errors.shown):
        where = f"all are listed in {report}" if report else "pass --report FILE to list them all"
        lines.append(f"  … and {errors.count - len(errors.shown)} more ({where}).")
    if any(summary.missing.values()):
        lines.append(f"Not in the database (an import never creates them): {summary.missing_text()}.")
    lines.append("Fix them and run again, or pass --skip-invalid to import the other rows and report these.")
    return "\n".join(lines)


@contextmanager
def _report_sink(path: Path | None) -> Iterator[TextIO | None]:
    if path is None:
        yield None
        return
    try:
        sink = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise FileProblem(f"Cannot write the report {str(path)!r}: {exc.strerror}.") from None
    with sink:
        yield sink


def import_file(kind: str, path: Path, options: ImportOptions, progress: Progress = NO_PROGRESS) -> ImportOutcome:
    """Check every row of `path` and, when all are good (or bad ones are to be skipped), write them all.

    Raises FileProblem when the file cannot be used and RowsRejected when rows are wrong and not skipped.
    """
    spec = spec_for(kind)
    file_format = format_of(path, options.file_format)
    if not path.is_file():
        raise FileProblem(f"No file {str(path)!r}.")
    report = options.report or (default_report_path(path) if options.skip_invalid else None)
    if report is not None and report.resolve() == path.resolve():
        raise FileProblem(f"The report {str(report)!r} would overwrite the file being imported.")
    with _report_sink(report) as sink:
        errors = ErrorLog(sink)
        size = path.stat().st_size
        summary = check_file(spec, path, file_format, errors, progress.stage("Checking", size, bytes_=True))
    if errors.count and not options.skip_invalid:
        raise RowsRejected(rejection_message(path, summary, errors, report), errors)
    written = 0 if options.dry_run else write_file(spec, path, file_format, summary, errors, progress)
    return ImportOutcome(rows=summary.rows, written=written, errors=errors, report=report)


def write_file(
    spec: RowSpec, path: Path, file_format: FileFormat, summary: CheckSummary, errors: ErrorLog, progress: Progress
) -> int:
    """Pass 2: insert every row not in `errors.bad_rows`, in one transaction; returns how many were written.

    Rows with their own id go first and the id sequence is moved past them, so rows without one never take
    an id a later row of the file asks for.
    """
    advance = progress.stage("Writing", summary.explicit_ids + summary.automatic_ids)
    written = 0

    def counted(count: int) -> None:
        nonlocal written
        written += count
        advance(written)

    try:
        with transaction.atomic(using=router.db_for_write(spec.model)):
            if summary.explicit_ids:
                _write_rows(spec, path, file_format, errors.bad_rows, counted, with_ids=True)
                _reset_sequence(spec)
            if summary.automatic_ids:
                _write_rows(spec, path, file_format, errors.bad_rows, counted, with_ids=False)
    except DatabaseError as exc:
        raise FileProblem(f"The database refused the import, so nothing was written: {exc}") from None
    return written


def _write_rows(
    spec: RowSpec,
    path: Path,
    file_format: FileFormat,
    bad_rows: set[int],
    counted: Callable[[int], None],
    *,
    with_ids: bool,
) -> None:
    fields = spec.audited_fields()
    for raw_rows in batched(read_rows(path, file_format, spec)):
        rows = [row for row in prepare_batch(spec, raw_rows) if row.number not in bad_rows]
        rows = [row for row in rows if ("id" in row.values) is with_ids]
        for row in rows:
            if row.problems:
                column, reason = row.problems[0]
                raise FileProblem(
                    f"Row {row.number}, {column}: {reason}. The database changed while the file was being "
                    "checked; nothing was written. Run the import again."
                )
        instances = spec.model._default_manager.bulk_create([spec.model(**row.values) for row in rows])
        drafts = (
            audit.AuditDraft(
                action=spec.action,
                target=instance,
                changes=audit.creation_changes(audit.snapshot(instance, fields)),
            )
            for instance in instances
        )
        audit.record_many(actor=None, drafts=drafts, system=AUDIT_SYSTEM)
        counted(len(instances))


def _reset_sequence(spec: RowSpec) -> None:
    """Move the table's id sequence past the highest id (PostgreSQL; SQLite's AUTOINCREMENT follows by itself)."""
    connection = connections[router.db_for_write(spec.model)]
    statements = connection.ops.sequence_reset_sql(no_style(), [spec.model])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
