"""Importing cases: natural keys resolved in batches, history kept, ids kept, constraints named by field."""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.cases import services as cases
from frontline.cases.models import Case
from frontline.cases.selectors import CaseFilters, filtered_cases
from frontline.core.models import AuditEntry

from .helpers import imported, refused

HEADER = ["id", "customer", "subject", "category", "status", "opened_at", "resolved_at", "closed_at"]
OPENED = "2023-05-01T08:00:00+00:00"


def test_a_case_is_imported_with_its_references_and_history(org, customer, product, categories, write_csv):
    cells = {
        "customer": "ACC-1001",
        "subject": "Roaming charges",
        "description": "Two lines,\nof text",
        "product": "fibre",
        "category": "Connectivity › Outage",
        "channel": "email",
        "priority": "high",
        "status": "closed",
        "owner": "agent2",
        "team": "Mobile support",
        "resolution": "Credited",
        "root_cause": "Tariff error",
        "opened_at": OPENED,
        "resolved_at": "2023-05-02T09:30:00+02:00",
        "closed_at": "2023-05-03T10:00:00Z",
    }
    path = write_csv(list(cells), [list(cells.values())])

    imported("cases", path)

    case = Case.objects.get(subject="Roaming charges")
    assert (case.customer_id, case.product_id, case.category_id) == (customer.pk, product.pk, categories["outage"].pk)
    assert (case.owner_id, case.team_id) == (org.agents["agent2"].pk, org.other_team.pk)
    assert (case.status, case.channel, case.priority) == ("closed", "email", "high")
    assert (case.resolution, case.root_cause, case.description) == ("Credited", "Tariff error", "Two lines,\nof text")
    assert case.opened_at == dt.datetime(2023, 5, 1, 8, tzinfo=dt.UTC)
    assert case.resolved_at == dt.datetime(2023, 5, 2, 7, 30, tzinfo=dt.UTC)
    assert case.closed_at == dt.datetime(2023, 5, 3, 10, tzinfo=dt.UTC)
    entry = AuditEntry.objects.get(action="case.imported")
    assert (entry.actor_label, entry.target_id, entry.changes["status"]) == ("import", str(case.pk), [None, "closed"])


def test_a_case_without_a_status_starts_as_open_case_starts_it(org, customer, write_csv):
    path = write_csv(["customer", "subject", "owner"], [["ACC-1001", "Mine", "agent"], ["ACC-1001", "Nobody's", ""]])

    imported("cases", path)

    assert dict(Case.objects.values_list("subject", "status")) == {"Mine": "open", "Nobody's": "new"}


def _row(**cells: object) -> list[object]:
    """A row under HEADER: customer ACC-1001 and subject "S", with `cells` set."""
    values: dict[str, object] = {"customer": "ACC-1001", "subject": "S", **cells}
    return [values.get(name, "") for name in HEADER]


HINT = "write the full path, such as 'Connectivity › Outage'"
ISO = "use ISO 8601 such as 2024-03-31T09:30:00+00:00"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (_row(customer="NOPE-1"), "row 1, customer: no customer with account number 'NOPE-1'"),
        (_row(category="Connectivity › Outages"), f"row 1, category: no category 'Connectivity › Outages'; {HINT}"),
        (_row(category="Outage"), f"row 1, category: no category 'Outage'; {HINT}"),
        (_row(status="resolved", opened_at=OPENED), "row 1, resolved_at: a resolved case needs resolved_at"),
        (_row(status="closed", closed_at=OPENED), "row 1, resolved_at: a closed case needs resolved_at"),
        (_row(status="closed", resolved_at=OPENED, closed_at=""), "row 1, closed_at: a closed case needs closed_at"),
        (_row(status="done"), "row 1, status: Value 'done' is not a valid choice."),
        (
            _row(opened_at="2023-05-01T08:00:00"),
            "row 1, opened_at: '2023-05-01T08:00:00' has no UTC offset; add one, such as 2024-03-31T09:30:00+00:00",
        ),
        (_row(opened_at="yesterday"), f"row 1, opened_at: 'yesterday' is not a date and time; {ISO}"),
        (_row(id="0"), "row 1, id: 0 is not an id; ids are whole numbers from 1"),
        (_row(subject="x" * 201), "row 1, subject: Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_each_wrong_value_is_named_by_row_and_field(customer, categories, write_csv, row, expected):
    assert refused("cases", write_csv(HEADER, [row])) == [expected]


def test_entities_referenced_must_exist_and_are_not_created(customer, write_csv):
    path = write_csv(
        ["customer", "subject", "product", "owner", "team"], [["ACC-1001", "S", "satellite", "ghost", "Night shift"]]
    )

    assert refused("cases", path) == [
        "row 1, product: no product with code 'satellite'",
        "row 1, owner: no agent with user name 'ghost'",
        "row 1, team: no team named 'Night shift'",
    ]


def test_an_id_already_taken_is_refused(case, write_csv):
    path = write_csv(["id", "customer", "subject"], [[case.pk, "ACC-1001", "Again"]])

    assert refused("cases", path) == [f"row 1, id: a case with id {case.pk} already exists"]


def test_an_id_repeated_in_the_file_is_refused_on_the_later_row(customer, write_csv):
    path = write_csv(["id", "customer", "subject"], [[700, "ACC-1001", "A"], [700, "ACC-1001", "B"]])

    assert refused("cases", path) == ["row 2, id: 700 is already on row 1"]


def test_explicit_ids_are_kept_and_later_cases_number_after_them(customer, write_csv):
    path = write_csv(["id", "customer", "subject"], [[500, "ACC-1001", "Historic"]])

    imported("cases", path)
    later = cases.open_case(actor=None, customer_id=customer.pk, subject="New")

    assert Case.objects.get(pk=500).subject == "Historic"
    assert later.pk == 501


def test_rows_without_an_id_never_take_an_id_a_later_row_asks_for(case, write_csv):
    wanted = case.pk + 1
    path = write_csv(["id", "customer", "subject"], [["", "ACC-1001", "No id"], [wanted, "ACC-1001", "Wants next"]])

    outcome = imported("cases", path)

    assert outcome.written == 2
    assert Case.objects.get(pk=wanted).subject == "Wants next"
    assert Case.objects.get(subject="No id").pk > wanted


def test_imported_cases_are_found_by_full_text_search(customer, write_csv):
    imported("cases", write_csv(["customer", "subject"], [["ACC-1001", "Satellite dish misaligned"]]))

    assert [case.subject for case in filtered_cases(CaseFilters(text="satel"))] == ["Satellite dish misaligned"]
