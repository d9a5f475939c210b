"""Fuzzing `frontline import`: whatever a file's cells hold, the command imports the rows or refuses them by row
number, field and reason; no other exception ever reaches the person running it."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from frontline.cases.models import Case, Contact
from frontline.customers.models import Customer
from frontline.exchange.kinds import KINDS, spec_for

# Values a person could mean, per column, so that some rows get through to pass 2 and are written.
PLAUSIBLE: dict[str, list[Any]] = {
    "account_number": ["ACC-7", "ACC-1001", "ZZ-000000000000000000000000000001"],
    "name": ["Grace", 'Zoë "Z", Jr.'],
    "email": ["a@example.com", "ÜBER@exämple.com"],
    "phone": ["+14165550100", "416 555 0123", "+999"],
    "tier": ["standard", "premium"],
    "branch": ["Vancouver"],
    "relationship_owner": ["agent", "agent2"],
    "customer_since": ["2024-01-31", "0001-01-01", "9999-12-31", "20240131"],
    "revenue_amount": ["12.50", "-0.005", "999999999999.99", 7, "1e30", "9" * 40, "1e-99999"],
    "cost_to_serve_amount": ["0", 0, "123456789012.345"],
    "revenue_currency": ["EUR", "cad"],
    "cost_to_serve_currency": ["USD"],
    "id": [1_000_001, "1000002", 2**62, "0", -1, 2**63, "99999999999999999999"],
    "customer": ["ACC-1001"],
    "subject": ["S", "x" * 200],
    "description": ["Two lines,\nof text", "🚀" * 1000],
    "product": ["fibre"],
    "category": ["Connectivity › Outage", "Billing"],
    "channel": ["chat", "email", "phone"],
    "priority": ["high", "urgent"],
    "status": ["new", "open", "resolved", "closed"],
    "owner": ["agent"],
    "team": ["Mobile support"],
    "resolution": ["Credited"],
    "root_cause": ["Tariff error"],
    "opened_at": ["2023-05-01T08:00:00+00:00", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59.999999-00:00"],
    "resolved_at": ["2023-05-02T09:30:00+02:00", "2023-05-02T09:30:00Z"],
    "closed_at": ["2023-05-03T10:00:00Z", "0001-01-01T00:30:00+01:00"],
    "case_id": ["{case}", "999999"],
    "direction": ["inbound", "outbound"],
    "started_at": ["2024-02-01T10:00:00+00:00", "0001-01-01T00:00:00+00:00"],
    "ended_at": ["2024-02-01T10:05:00+00:00", "9999-12-31T23:59:59+00:00"],
    "queue_wait_seconds": [30, "0", 2**31, 2**63 - 1, -5],
    "handle_seconds": ["300", 2**31 - 1],
    "agent": ["agent"],
    "queue": ["Billing, tier 2"],
    "ivr_path": ["1>3>0"],
    "outcome": ["follow_up", "resolved"],
    "notes": ["ça va"],
}
ODD_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "a\udfffb",
    "\ufeff",
    "\u2028",
    "\r\n",
    "'; DROP TABLE cases_case; --",
    "1e30",
    "9" * 40,
    "9" * 5000,
    "-1",
    "NaN",
    "Infinity",
    "0x10",
    "١٢٣",
    "2024-13-45",
    "2024-01-31T25:00:00+00:00",
    "2024-01-31T10:00:00+24:00",
    "x" * 200_000,
    "›" * 3000,
]
ODD_NUMBERS = [0, -1, 2**31, 2**63 - 1, 2**63, -(2**63) - 1, 10**40, 1.5, -0.0, 1e30, 1e-300]

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**45), max_value=10**45),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(ODD_TEXT),
    st.sampled_from(ODD_NUMBERS),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)
csv_text = st.one_of(
    st.text(max_size=20),
    st.sampled_from([text for text in ODD_TEXT if not re.search("[\ud800-\udfff]", text)]),
    st.sampled_from(ODD_NUMBERS).map(str),
    st.integers().map(str),
)


def _row(names: list[str], required: list[str], cell: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A row with every required column and any of the others, each a plausible or an odd value."""

    def column(name: str) -> st.SearchStrategy[Any]:
        plausible = st.sampled_from(PLAUSIBLE[name])
        return st.one_of(plausible, plausible, plausible, cell)  # mostly plausible, so some rows are written

    return st.fixed_dictionaries(
        {name: column(name) for name in required},
        optional={name: column(name) for name in names if name not in required},
    )


def _rows(kind: str, cell: st.SearchStrategy[Any]) -> st.SearchStrategy[list[dict[str, Any]]]:
    spec = spec_for(kind)
    return st.lists(_row(spec.names, spec.required_names, cell), min_size=1, max_size=4)


def _cell(value: Any, case_id: int) -> Any:
    return case_id if value == "{case}" else value


def _write_jsonl(path: Path, rows: list[dict[str, Any]], case_id: int) -> None:
    # json.dumps writes lone surrogates as \ud800 escapes, and NaN and Infinity as Python reads them.
    lines = [json.dumps({name: _cell(value, case_id) for name, value in row.items()}) for row in rows]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _write_csv(path: Path, kind: str, rows: list[dict[str, Any]], case_id: int) -> None:
    names = spec_for(kind).names
    with path.open("w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(names)
        for row in rows:
            writer.writerow([str(_cell(row.get(name, ""), case_id)) for name in names])


# What a refusal looks like: the file's name, how many problems in how many rows, then one line per problem.
REFUSAL = re.compile(r"rows\.(csv|jsonl): \d+ problem\(s\) in \d+ of \d+ row\(s\)[^\n]*\n  row \d+[,:]")


@pytest.fixture
def run_import(case: Case, tmp_path: Path) -> Callable[[str, str, list[dict[str, Any]], bool], None]:
    """Import rows with the command, inside a transaction rolled back after each example (ids too)."""

    def run(kind: str, file_format: str, rows: list[dict[str, Any]], skip_invalid: bool) -> None:
        path = tmp_path / f"rows.{file_format}"
        if file_format == "csv":
            _write_csv(path, kind, rows, case.pk)
        else:
            _write_jsonl(path, rows, case.pk)
        refusal = ""
        try:
            with transaction.atomic():
                try:
                    options = ["--skip-invalid"] if skip_invalid else []
                    call_command("import", kind, str(path), *options, stdout=io.StringIO(), stderr=io.StringIO())
                except CommandError as exc:
                    refusal = str(exc)
                transaction.set_rollback(True)
        finally:
            _reset_sequences()
        event("refused" if refusal else "imported (with --skip-invalid)" if skip_invalid else "imported")
        assert not refusal or REFUSAL.match(refusal), refusal

    return run


def _reset_sequences() -> None:
    """Move PostgreSQL's id sequences back (they ignore rollbacks); SQLite's are rolled back with the rows."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Customer, Case, Contact]):
            cursor.execute(statement)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_any_json_lines_file_imports_or_is_refused_by_row(run_import, kind, data):
    run_import(kind, "jsonl", data.draw(_rows(kind, json_values), label="rows"), data.draw(st.booleans()))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_any_csv_file_imports_or_is_refused_by_row(run_import, kind, data):
    run_import(kind, "csv", data.draw(_rows(kind, csv_text), label="rows"), data.draw(st.booleans()))
