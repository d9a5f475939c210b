"""Importing customers: every row checked as the API checks it, all or nothing, or the good rows and a report."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from frontline.core.models import AuditEntry
from frontline.customers.models import Customer
from frontline.exchange.formats import FileProblem
from frontline.exchange.importing import ImportOptions, import_file

from .helpers import imported, refused

HEADER = ["account_number", "name", "email", "tier", "revenue_amount"]


def test_one_bad_row_among_good_ones_writes_nothing(customer, write_csv):
    path = write_csv(
        HEADER,
        [["ACC-2", "Grace", "grace@example.com", "plus", "10.00"], ["ACC-3", "Alan", "not-an-email", "plus", "1"]],
    )

    problems = refused("customers", path)

    assert problems == ["row 2, email: Enter a valid email address."]
    assert list(Customer.objects.values_list("account_number", flat=True)) == ["ACC-1001"]
    assert not AuditEntry.objects.filter(actor_label="import").exists()


def test_good_rows_are_written_normalised_and_audited_one_entry_each(db, write_csv):
    path = write_csv(
        ["account_number", "name", "email", "phone", "revenue_amount", "revenue_currency"],
        [["ACC-2", " Grace ", "Grace@Example.COM", "416 555 0123", "12.5", "eur"], ["ACC-3", "Alan", "", "", "", ""]],
    )

    outcome = imported("customers", path)

    assert (outcome.rows, outcome.written, outcome.errors.count) == (2, 2, 0)
    grace = Customer.objects.get(account_number="ACC-2")
    assert (grace.name, grace.email, grace.phone) == ("Grace", "grace@example.com", "+14165550123")
    assert (grace.revenue_amount, grace.revenue_currency) == (Decimal("12.50"), "EUR")
    alan = Customer.objects.get(account_number="ACC-3")
    assert (alan.tier, alan.revenue_amount, alan.revenue_currency) == ("standard", Decimal("0.00"), "CAD")
    entries = AuditEntry.objects.filter(action="customer.imported").order_by("id")
    assert [(e.actor_id, e.actor_label, e.target_id) for e in entries] == [
        (None, "import", str(grace.pk)),
        (None, "import", str(alan.pk)),
    ]
    assert entries[0].changes["account_number"] == [None, "ACC-2"]
    assert entries[0].changes["revenue_amount"] == [None, "12.50"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["ACC-2", "Grace", "grace@", "plus", "1"], "row 1, email: Enter a valid email address."),
        (["ACC-2", "Grace", "", "gold", "1"], "row 1, tier: Value 'gold' is not a valid choice."),
        (["ACC-2", "Grace", "", "plus", "12,50"], "row 1, revenue_amount: '12,50' is not a decimal amount"),
        (["ACC-2", "", "", "plus", "1"], "row 1, name: is required"),
        (["A!", "Grace", "", "plus", "1"], "row 1, account_number: Use 3 to 32 letters, digits or dashes."),
        (
            ["ACC-1001", "Grace", "", "plus", "1"],
            "row 1, account_number: a customer with account number ACC-1001 already exists",
        ),
    ],
)
def test_each_wrong_value_is_named_by_row_and_field(customer, write_csv, row, expected):
    assert refused("customers", write_csv(HEADER, [row])) == [expected]


def test_every_problem_of_a_row_is_listed_in_column_order(db, write_csv):
    path = write_csv(HEADER, [["ACC-2", "Grace", "grace@", "gold", "1"]])

    assert refused("customers", path) == [
        "row 1, email: Enter a valid email address.",
        "row 1, tier: Value 'gold' is not a valid choice.",
    ]


def test_a_repeated_account_number_is_refused_on_the_later_row(db, write_csv):
    path = write_csv(
        HEADER, [["ACC-2", "Grace", "", "plus", "1"], ["ACC-3", "Alan", "", "", ""], ["ACC-2", "G", "", "", ""]]
    )

    assert refused("customers", path) == ["row 3, account_number: ACC-2 is already on row 1"]


def test_references_that_do_not_exist_are_named(db, write_csv):
    path = write_csv(
        ["account_number", "name", "branch", "relationship_owner"], [["ACC-2", "Grace", "Paris", "nobody"]]
    )

    assert refused("customers", path) == [
        "row 1, branch: no branch named 'Paris'",
        "row 1, relationship_owner: no agent with user name 'nobody'",
    ]


def test_references_are_resolved_by_natural_key(org, write_csv):
    path = write_csv(
        ["account_number", "name", "branch", "relationship_owner"], [["ACC-2", "Grace", "Vancouver", "agent2"]]
    )

    imported("customers", path)

    grace = Customer.objects.get(account_number="ACC-2")
    assert (grace.branch_id, grace.relationship_owner_id) == (org.other_branch.pk, org.agents["agent2"].pk)


def test_a_header_without_a_required_column_is_refused_naming_it(db, write_csv):
    with pytest.raises(FileProblem, match=r"lacks the required column\(s\) name\b"):
        import_file("customers", write_csv(["account_number", "email"], [["ACC-2", "a@example.com"]]), ImportOptions())


def test_a_header_with_unknown_columns_is_refused_naming_them(db, write_csv):
    path = write_csv(["account_number", "name", "nickname", "shoe_size"], [["ACC-2", "Grace", "G", "5"]])

    with pytest.raises(FileProblem, match=r"unknown column\(s\) nickname, shoe_size"):
        import_file("customers", path, ImportOptions())


def test_skip_invalid_writes_the_good_rows_and_reports_the_others(customer, write_csv):
    path = write_csv(
        HEADER,
        [
            ["ACC-2", "Grace", "grace@example.com", "plus", "1"],
            ["ACC-1001", "Copy", "bad", "plus", "1"],
            ["ACC-4", "Alan", "", "", ""],
        ],
        name="people.csv",
    )

    outcome = imported("customers", path, skip_invalid=True)

    assert (outcome.rows, outcome.written, len(outcome.errors.bad_rows)) == (3, 2, 1)
    assert outcome.report == path.with_name("people.rejected.csv")
    assert set(Customer.objects.values_list("account_number", flat=True)) == {"ACC-1001", "ACC-2", "ACC-4"}
    with outcome.report.open(encoding="utf-8", newline="") as report:
        assert list(csv.reader(report)) == [
            ["row", "field", "reason"],
            ["2", "account_number", "a customer with account number ACC-1001 already exists"],
            ["2", "email", "Enter a valid email address."],
        ]
    assert AuditEntry.objects.filter(action="customer.imported").count() == 2


def test_skip_invalid_writes_the_report_where_asked(db, write_csv, tmp_path):
    report = tmp_path / "elsewhere.csv"

    outcome = imported("customers", write_csv(HEADER, [["ACC-2", "", "", "", ""]]), skip_invalid=True, report=report)

    assert outcome.written == 0
    assert report.read_bytes() == b"row,field,reason\r\n1,name,is required\r\n"


def test_json_lines_are_checked_the_same_way(db, write_jsonl):
    path = write_jsonl(
        [
            {"account_number": "ACC-2", "name": "Grace", "revenue_amount": "10.00"},
            {"account_number": "ACC-3", "name": "Alan", "revenue_amount": 10.5},
            {"account_number": 42, "name": "Ada"},
            {"account_number": "ACC-5", "name": "Bob", "nickname": "B"},
        ]
    )

    assert refused("customers", path) == [
        "row 2, revenue_amount: money is never a float; send a decimal string such as '12.50'",
        "row 3, account_number: expected text, not a number",
        "row 4, nickname: unknown field",
    ]


def test_json_lines_import_with_nulls_for_empty_values(db, write_jsonl):
    path = write_jsonl(
        [{"account_number": "ACC-2", "name": "Grace", "email": None, "branch": None, "revenue_amount": 7}]
    )

    imported("customers", path)

    assert Customer.objects.get(account_number="ACC-2").revenue_amount == Decimal("7.00")


def test_a_dry_run_checks_and_writes_nothing(db, write_csv):
    outcome = imported("customers", write_csv(HEADER, [["ACC-2", "Grace", "", "", ""]]), dry_run=True)

    assert (outcome.rows, outcome.written) == (1, 0)
    assert not Customer.objects.exists()
