"""Cells no person means to write: the wrong JSON type, numbers beyond any column, NUL characters, broken
JSON. Each is a row error naming the row and the field, found in the first pass, never a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
from typing import Any

import pytest
from django.db import connection

from frontline.cases.models import Case, Contact
from frontline.customers.models import Customer
from frontline.exchange.cells import CellError, read_id, read_whole_number
from frontline.exchange.kinds import spec_for

from .helpers import imported, refused

TOO_BIG = 99999999999999999999  # 20 digits: more than a signed 64-bit integer holds
OUT_OF_RANGE = "is out of range; whole numbers run from -9223372036854775808 to 9223372036854775807"
NUL = "contains a NUL character (\\x00), which text cannot hold; remove it"


def _base(kind: str, case: Case) -> dict[str, Any]:
    """A row of `kind` that imports as it is (next to the `case` fixture's customer and case)."""
    return {
        "customers": {"account_number": "ACC-2", "name": "Grace"},
        "cases": {"customer": "ACC-1001", "subject": "S"},
        "contacts": {"case_id": case.pk, "channel": "chat"},
    }[kind]


@pytest.mark.parametrize(
    ("kind", "cells", "expected"),
    [
        (
            "customers",
            {"customer_since": 20240101},
            "row 1, customer_since: expected text such as 2024-01-31, not a number",
        ),
        (
            "customers",
            {"customer_since": ["2024-01-01"]},
            "row 1, customer_since: expected text such as 2024-01-31, not a list",
        ),
        (
            "customers",
            {"customer_since": "01/02/2024"},
            "row 1, customer_since: '01/02/2024' is not a date; use ISO 8601 such as 2024-01-31",
        ),
        ("customers", {"name": 7}, "row 1, name: expected text, not a number"),
        ("customers", {"email": True}, "row 1, email: expected text, not true/false"),
        ("customers", {"revenue_currency": 978}, "row 1, revenue_currency: expected text, not a number"),
        (
            "customers",
            {"revenue_amount": {"amount": "1"}},
            "row 1, revenue_amount: expected an amount such as '12.50', not an object",
        ),
        (
            "customers",
            {"revenue_amount": False},
            "row 1, revenue_amount: expected an amount such as '12.50', not true/false",
        ),
        (
            "cases",
            {"opened_at": 1706659200},
            "row 1, opened_at: expected text such as 2024-03-31T09:30:00+00:00, not a number",
        ),
        ("cases", {"subject": {"text": "S"}}, "row 1, subject: expected text, not an object"),
        ("cases", {"product": 12}, "row 1, product: expected text, not a number"),
        (
            "contacts",
            {"ended_at": 1.5},
            "row 1, ended_at: expected text such as 2024-03-31T09:30:00+00:00, not a number",
        ),
        ("contacts", {"queue_wait_seconds": 2.5}, "row 1, queue_wait_seconds: expected a whole number, not 2.5"),
        ("contacts", {"handle_seconds": [1]}, "row 1, handle_seconds: expected a whole number, not a list"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_a_row_error_naming_the_field(case, write_jsonl, kind, cells, expected):
    path = write_jsonl([{**_base(kind, case), **cells}])

    assert refused(kind, path) == [expected]


def test_a_phone_number_written_as_a_json_number_is_refused_not_converted(db, write_jsonl):
    path = write_jsonl([{"account_number": "ACC-2", "name": "Grace", "phone": 4165550100}])

    assert refused("customers", path) == ["row 1, phone: expected text such as '+14165550100', not a number"]


def test_a_phone_number_written_as_a_json_string_is_normalised(db, write_jsonl):
    imported("customers", write_jsonl([{"account_number": "ACC-2", "name": "Grace", "phone": "4165550100"}]))

    assert Customer.objects.get().phone == "+14165550100"


@pytest.mark.parametrize(
    "big", [TOO_BIG, str(TOO_BIG), "-99999999999999999999", str(10**400), "0" * 30 + "1" + "0" * 19]
)
def test_ids_beyond_64_bits_are_a_row_error_before_any_query(case, write_jsonl, big):
    cases_path = write_jsonl([{"id": big, "customer": "ACC-1001", "subject": "S"}], name="cases.jsonl")
    contacts_path = write_jsonl([{"id": big, "case_id": big, "channel": "chat"}], name="contacts.jsonl")

    assert refused("cases", cases_path) == [f"row 1, id: {OUT_OF_RANGE}"]
    assert refused("contacts", contacts_path) == [f"row 1, id: {OUT_OF_RANGE}", f"row 1, case_id: {OUT_OF_RANGE}"]


def test_ids_beyond_64_bits_in_csv_are_a_row_error(case, write_csv):
    path = write_csv(["id", "case_id", "channel", "queue_wait_seconds"], [[TOO_BIG, TOO_BIG, "chat", TOO_BIG]])

    assert refused("contacts", path) == [
        f"row 1, id: {OUT_OF_RANGE}",
        f"row 1, case_id: {OUT_OF_RANGE}",
        f"row 1, queue_wait_seconds: {OUT_OF_RANGE}",
    ]


def test_the_largest_64_bit_id_is_read_and_one_more_is_not():
    largest = 2**63 - 1
    assert read_id(str(largest)) == largest
    assert read_id(largest) == largest
    assert read_whole_number(f"-{largest + 1}") == -(2**63)
    for beyond in (largest + 1, str(largest + 1), f"+{largest + 1}", -(2**63) - 1):
        with pytest.raises(CellError, match="out of range"):
            read_whole_number(beyond)


@pytest.mark.parametrize("text", ["1_000", "١٢", "12.0", "1e3", "0x10", "", "+", "5\x00"])
def test_only_ascii_digits_with_an_optional_sign_are_a_whole_number(text):
    with pytest.raises(CellError, match="is not a whole number"):
        read_whole_number(text)


def test_a_whole_number_as_large_as_a_contact_column_allows_imports(case, write_jsonl):
    imported("contacts", write_jsonl([{"case_id": case.pk, "channel": "chat", "queue_wait_seconds": "  +2147483647 "}]))

    assert Contact.objects.get().queue_wait_seconds == 2147483647


@pytest.mark.parametrize("amount", ["1e30", "9" * 40, "-1e30", "1e999999999"])
@pytest.mark.parametrize("file_format", ["csv", "jsonl"])
def test_amounts_too_large_for_a_decimal_are_a_row_error(db, write_csv, write_jsonl, amount, file_format):
    # Needs frontline.core.money.parse_amount to raise MoneyError (not decimal.InvalidOperation) for these.
    row = {"account_number": "ACC-2", "name": "Grace", "revenue_amount": amount}
    path = write_csv(list(row), [list(row.values())]) if file_format == "csv" else write_jsonl([row])

    problems = refused("customers", path)

    assert len(problems) == 1
    assert problems[0].startswith("row 1, revenue_amount: ")


def test_a_forty_digit_json_integer_amount_is_a_row_error(db, write_jsonl):
    # Needs frontline.core.money.parse_amount to raise MoneyError (not decimal.InvalidOperation) for it.
    path = write_jsonl([{"account_number": "ACC-2", "name": "Grace", "cost_to_serve_amount": 10**40}])

    [problem] = refused("customers", path)

    assert problem.startswith("row 1, cost_to_serve_amount: ")


GOOD_CELLS = {
    "id": "5",
    "case_id": "5",
    "queue_wait_seconds": "5",
    "handle_seconds": "5",
    "customer_since": "2024-01-31",
    "revenue_amount": "1.00",
    "cost_to_serve_amount": "1.00",
    "opened_at": "2024-01-31T09:30:00+00:00",
    "resolved_at": "2024-01-31T09:30:00+00:00",
    "closed_at": "2024-01-31T09:30:00+00:00",
    "started_at": "2024-01-31T09:30:00+00:00",
    "ended_at": "2024-01-31T09:30:00+00:00",
}


def _with_nul(kind: str, column: str, case: Case) -> dict[str, Any]:
    """A good row of `kind` whose `column` holds a good value with a NUL character in the middle of it."""
    good = GOOD_CELLS.get(column, "ok")
    return {**_base(kind, case), column: f"{good[:1]}\x00{good[1:]}"}


def _all_columns() -> list[tuple[str, str]]:
    return [(kind, name) for kind in ("customers", "cases", "contacts") for name in spec_for(kind).names]


@pytest.mark.parametrize(("kind", "column"), _all_columns())
@pytest.mark.parametrize("file_format", ["csv", "jsonl"])
def test_a_nul_character_in_any_cell_is_a_row_error_naming_the_field(
    case, write_csv, write_jsonl, kind, column, file_format
):
    row = _with_nul(kind, column, case)
    path = write_csv(list(row), [list(row.values())]) if file_format == "csv" else write_jsonl([row])

    problems = refused(kind, path)

    assert problems
    assert all(problem.startswith(f"row 1, {column}: ") for problem in problems), problems
    numeric = spec_for(kind).by_name[column].read.__name__ in ("read_id", "read_whole_number")
    assert problems[0].endswith("is not a whole number" if numeric else NUL)


def test_a_row_with_a_nul_character_is_skipped_and_the_others_are_written(case, write_csv, tmp_path):
    path = write_csv(
        ["customer", "subject", "description"],
        [["ACC-1001", "Good", "fine"], ["ACC-1001", "Bad", "before\x00after"], ["ACC-1001", "Also good", ""]],
        name="cases.csv",
    )

    outcome = imported("cases", path, skip_invalid=True)

    assert (outcome.rows, outcome.written) == (3, 2)
    assert set(Case.objects.values_list("subject", flat=True)) == {case.subject, "Good", "Also good"}
    with (tmp_path / "cases.rejected.csv").open(encoding="utf-8", newline="") as report:
        assert list(csv.reader(report))[1] == ["2", "description", NUL]


def test_a_lone_surrogate_is_a_row_error_not_an_encoding_crash(db, tmp_path):
    path = tmp_path / "rows.jsonl"
    path.write_text('{"account_number": "ACC-2", "name": "Gr\\ud800ace"}\n', encoding="utf-8")

    assert refused("customers", path) == [
        "row 1, name: contains a lone surrogate (such as \\ud800), which is not text; fix the file's encoding"
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '{"account_number": "ACC-2", "name": "G", "revenue_amount": NaN}',
            "row 1: is not valid JSON (NaN is not a JSON value)",
        ),
        ('{"id": Infinity}', "row 1: is not valid JSON (Infinity is not a JSON value)"),
        ('{"account_number": ' + "9" * 5000 + "}", "row 1: holds a number too long to read"),
        ('{"name": ' + "[" * 100_000 + "]" * 100_000 + "}", "row 1: is nested too deeply to read"),
    ],
)
def test_json_that_python_cannot_or_should_not_read_is_a_row_error(db, tmp_path, line, expected):
    path = tmp_path / "rows.jsonl"
    path.write_text(f"{line}\n", encoding="utf-8")

    assert refused("customers", path) == [expected]


def test_an_odd_unknown_field_name_is_shown_escaped_and_short(db, tmp_path):
    path = tmp_path / "rows.jsonl"
    odd = "\\ud800" + "x" * 100
    path.write_text(f'{{"account_number": "ACC-2", "name": "G", "{odd}": 1, "a\\u0000b": 2}}\n', encoding="utf-8")

    outcome = imported("customers", path, skip_invalid=True)

    assert [(error.field, error.reason) for error in outcome.errors.shown] == [
        (repr("\ud800" + "x" * 39) + "…", "unknown field"),
        ("'a\\x00b'", "unknown field"),
    ]
    assert outcome.report is not None
    assert "unknown field" in outcome.report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0001-01-01T00:00:00+01:00", "'0001-01-01T00:00:00+01:00' is outside the years 1 to 9999 in UTC"),
        ("9999-12-31T23:59:59-01:00", "'9999-12-31T23:59:59-01:00' is outside the years 1 to 9999 in UTC"),
    ],
)
def test_a_time_that_leaves_the_calendar_in_utc_is_a_row_error(customer, write_csv, value, expected):
    path = write_csv(["customer", "subject", "opened_at"], [["ACC-1001", "S", value]])

    assert refused("cases", path) == [f"row 1, opened_at: {expected}"]


def test_times_are_kept_as_the_same_instant_in_utc(customer, write_csv):
    imported("cases", write_csv(["customer", "subject", "opened_at"], [["ACC-1001", "S", "0001-01-01T01:00:00+01:00"]]))

    assert Case.objects.get().opened_at == dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def test_a_long_bad_value_is_cut_short_in_the_message(case, write_csv):
    path = write_csv(["case_id", "channel"], [["7" * 30 + "x" * 100, "chat"]])

    assert refused("contacts", path) == [f"row 1, case_id: {'7' * 30 + 'x' * 10!r}… is not a whole number"]


def test_the_command_help_says_how_json_numbers_are_read():
    command = importlib.import_module("frontline.exchange.management.commands.import").Command()

    assert "a number there is refused as a row error, never converted" in command.help
    assert "NUL" in command.help


def test_a_description_too_big_to_index_for_search_is_a_row_error_on_postgresql(customer, write_csv):
    too_many_words = " ".join(f"w{n}x" for n in range(200_000))  # a 2.4 MB tsvector; PostgreSQL holds 1 MB
    long_but_indexable = "the same few words " * 20_000
    path = write_csv(
        ["customer", "subject", "description"],
        [["ACC-1001", "Long", long_but_indexable], ["ACC-1001", "Huge", too_many_words]],
    )

    outcome = imported("cases", path, skip_invalid=True)

    if connection.vendor == "postgresql":
        assert [str(error) for error in outcome.errors.shown] == [
            "row 2, description: has too many different words to index for search (over 1 MB); shorten it"
        ]
        assert list(Case.objects.filter(subject__in=["Long", "Huge"]).values_list("subject", flat=True)) == ["Long"]
    else:  # SQLite's full-text index has no such limit
        assert (outcome.written, outcome.errors.count) == (2, 0)
