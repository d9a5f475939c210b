"""Database helpers for loading many rows at once: inserts, search index, ids and statistics."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models
from django.db.models import Max


def next_id(model: type[models.Model], using: str = "default") -> int:
    """The first free primary key of `model`: bulk rows get explicit ids so contacts can name their case."""
    highest = model._default_manager.using(using).aggregate(highest=Max("pk"))["highest"]
    return int(highest or 0) + 1


def reset_sequences(model_classes: Sequence[type[models.Model]], using: str = "default") -> None:
    """Move the id sequences past the explicit ids a bulk load wrote (PostgreSQL; a no-op on SQLite)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyze(model_classes: Sequence[type[models.Model]], using: str = "default") -> None:
    """Refresh the query planner's statistics for the tables just loaded."""
    connection = connections[using]
    tables = [connection.ops.quote_name(model._meta.db_table) for model in model_classes]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=2000")
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")


def settle_after_load(model_classes: Sequence[type[models.Model]], using: str = "default") -> None:
    """After the load has committed: on PostgreSQL, VACUUM the loaded tables so that autovacuum does not
    start on them later, in the middle of whatever runs next, and the visibility map serves index-only scans.
    Must run outside a transaction."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:  # inside a caller's transaction: later
        return
    tables = [connection.ops.quote_name(model._meta.db_table) for model in model_classes]
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


# A row for `insert_rows`: database-ready values in the order of its columns.
Row = tuple[Any, ...]


def moment_encoder(using: str = "default") -> Callable[[int], object]:
    """A function turning a UTC epoch second into what `insert_rows` stores for a DateTimeField.

    SQLite keeps Django's text form of naive UTC ("2024-11-22 13:58:13"); PostgreSQL takes aware datetimes.
    """
    if connections[using].vendor == "sqlite":
        return lambda epoch: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))
    return lambda epoch: dt.datetime.fromtimestamp(epoch, tz=dt.UTC)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Row], using: str = "default") -> None:
    """Insert `rows`, tuples of database-ready values for the fields named by `columns` (attnames).

    Every other concrete field gets its default, so a field added to the model later does not break the
    load. Much faster than bulk_create for millions of rows: no model instances, one prepared statement
    (SQLite) or COPY (PostgreSQL). Skips model validation: callers write only values they know are valid.
    """
    connection = connections[using]
    fields = {field.attname: field for field in model._meta.concrete_fields}
    unknown = sorted(set(columns) - set(fields))
    if unknown:
        raise ValueError(f"{model._meta.label} has no fields {', '.join(unknown)}")
    missing = [field for name, field in fields.items() if name not in columns]
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in missing)
    names = ", ".join(connection.ops.quote_name(field.column) for field in (*(fields[c] for c in columns), *missing))
    table = connection.ops.quote_name(model._meta.db_table)
    values = [(*row, *defaults) for row in rows] if defaults else rows
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * (len(columns) + len(missing)))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", values)  # noqa: S608
