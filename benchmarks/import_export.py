"""Export and import speed: cases and contacts out to CSV, then back into a database that lacks them.

    python benchmarks/import_export.py --cases 100000 --database sqlite

Works on a copy of the seeded scratch database: exports every case and contact, deletes them, and imports
both files again with full validation and one audit entry per row. The figures are rows per second.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from common import POSTGRES_ADMIN_URL, Database, emit, machine_facts, prepare, run, scratch_database

EMPTY = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("DELETE FROM cases_contact")
    cursor.execute("DELETE FROM cases_case")
"""


def copy_of(database: Database, workdir: Path) -> Database:
    """A throwaway copy of the seeded database."""
    if database.kind == "sqlite":
        home = workdir / f"{database.home.name}-import"
        shutil.rmtree(home, ignore_errors=True)
        (home / "var").mkdir(parents=True)
        shutil.copy(database.home / "var" / "frontline.sqlite3", home / "var" / "frontline.sqlite3")
        return Database("sqlite", home, None)
    import psycopg

    source = (database.url or "").rsplit("/", 1)[1]
    target = f"{source}_import"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    return Database("postgresql", workdir / target, (database.url or "").rsplit("/", 1)[0] + f"/{target}")


def timed(arguments: list[str], database: Database) -> float:
    """Seconds a `frontline` command takes."""
    started = time.perf_counter()
    run(arguments, database, timeout=3 * 3600)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "frontline-bench")
    arguments = parser.parse_args()

    seeded = scratch_database(arguments.database, arguments.cases, arguments.workdir)
    preparation = prepare(seeded, arguments.cases, fresh=False)
    database = copy_of(seeded, arguments.workdir)
    files = arguments.workdir / "exported"
    files.mkdir(exist_ok=True)
    figures: dict[str, Any] = {}
    counts = {}
    for kind in ("cases", "contacts"):
        path = files / f"{kind}.csv"
        seconds = timed(["export", kind, "--output", str(path)], database)
        with path.open(encoding="utf-8", newline="") as exported:
            counts[kind] = sum(1 for _ in csv.reader(exported)) - 1
        figures[f"export_{kind}"] = {
            "rows": counts[kind],
            "seconds": round(seconds, 1),
            "rows_per_second": round(counts[kind] / seconds),
        }
    run(["shell", "-c", EMPTY], database)
    for kind in ("cases", "contacts"):
        seconds = timed(["import", kind, str(files / f"{kind}.csv")], database)
        figures[f"import_{kind}"] = {
            "rows": counts[kind],
            "seconds": round(seconds, 1),
            "rows_per_second": round(counts[kind] / seconds),
        }
    emit(
        {
            "benchmark": "import_export",
            "database": arguments.database,
            "database_version": database.server_version(),
            "cases": arguments.cases,
            "figures": figures,
            "note": "CSV; import validates every row first and writes one audit entry per row",
            "machine": machine_facts(),
            **preparation,
        }
    )


if __name__ == "__main__":
    main()
