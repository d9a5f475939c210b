"""Importing contacts: each names its case by id; times and durations are checked as the model checks them."""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.cases.models import Contact
from frontline.core.models import AuditEntry

from .helpers import imported, refused

HEADER = ["case_id", "channel", "started_at", "ended_at", "queue_wait_seconds", "agent"]
START = "2024-02-01T10:00:00+00:00"


def test_a_contact_is_imported_with_its_case_agent_and_times(org, case, write_csv):
    path = write_csv([*HEADER, "id"], [[case.pk, "phone", START, "2024-02-01T10:05:00+00:00", "30", "agent", 77]])

    imported("contacts", path)

    contact = Contact.objects.get()
    assert (contact.pk, contact.case_id, contact.agent_id) == (77, case.pk, org.agents["agent"].pk)
    assert (contact.queue_wait_seconds, contact.handle_seconds) == (30, 300)  # handle time taken from the times
    assert contact.started_at == dt.datetime(2024, 2, 1, 10, tzinfo=dt.UTC)
    assert AuditEntry.objects.get(action="contact.imported").target_id == "77"


def _row(**cells: str) -> dict[str, str]:
    """A chat contact on the test's case starting at START, with `cells` set."""
    return {"case_id": "{case}", "channel": "chat", "started_at": START, **cells}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (_row(ended_at="2024-02-01T09:59:59+00:00"), "row 1, ended_at: a contact cannot end before it starts"),
        (_row(case_id="999999"), "row 1, case_id: no case with id 999999"),
        (_row(case_id="case 1"), "row 1, case_id: 'case 1' is not a whole number"),
        (_row(channel="fax"), "row 1, channel: Value 'fax' is not a valid choice."),
        (_row(channel=""), "row 1, channel: is required"),
        (_row(queue_wait_seconds="ten"), "row 1, queue_wait_seconds: 'ten' is not a whole number"),
        (_row(queue_wait_seconds="-5"), "row 1, queue_wait_seconds: Ensure this value is greater than or equal to 0."),
        (_row(agent="ghost"), "row 1, agent: no agent with user name 'ghost'"),
    ],
)
def test_each_wrong_value_is_named_by_row_and_field(case, write_csv, cells, expected):
    row = [cells.get(name, "").format(case=case.pk) for name in HEADER]

    assert refused("contacts", write_csv(HEADER, [row])) == [expected]
    assert not Contact.objects.exists()


def test_an_id_already_taken_is_refused(case, write_csv):
    imported("contacts", write_csv(["id", "case_id", "channel"], [[5, case.pk, "chat"]]))

    assert refused("contacts", write_csv(["id", "case_id", "channel"], [[5, case.pk, "chat"]])) == [
        "row 1, id: a contact with id 5 already exists"
    ]


def test_contacts_of_a_case_refused_in_an_earlier_import_are_refused_too(case, write_csv):
    # Case 900 was refused when the cases were imported, so it does not exist: its contacts say so.
    path = write_csv(["case_id", "channel"], [[case.pk, "chat"], [900, "chat"], [900, "email"]])

    outcome = imported("contacts", path, skip_invalid=True)

    assert outcome.written == 1
    assert [str(error) for error in outcome.errors.shown] == [
        "row 2, case_id: no case with id 900",
        "row 3, case_id: no case with id 900",
    ]
