"""The case page and its actions: status, resolve, reassign, log a contact, edit details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from frontline.accounts import services as accounts
from frontline.cases import services as cases
from frontline.cases.models import Case, CaseStatus, Category, Contact
from frontline.core.models import AuditEntry
from tests.conftest import Organisation
from tests.desk.conftest import HTMX, body, written


def url(name: str, case: Case) -> str:
    return reverse(f"desk:{name}", args=[case.pk])


# --- reading ------------------------------------------------------------------------------------------------------


def test_the_case_page_shows_the_case(login: Callable[[str], Client], case: Case) -> None:
    cases.log_contact(actor=None, case_id=case.pk, channel="email", notes="Sent the line test results.")
    response = login("agent").get(url("case_detail", case))
    assert response.status_code == 200
    page = body(response)
    for text in (
        case.reference,
        "Router keeps dropping the connection",
        "loses sync every evening",
        "Connectivity › Outage",
        "Fibre Broadband",
        "Broadband support",
        "Agent Example",
        "ext. 4100",
        "Sent the line test results.",
        "E-mail, inbound",
        "opened the case",
    ):
        assert text in page, text
    assert '<span class="visually-hidden">Status: </span>Open</span>' in page


def test_the_page_loads_its_panels_as_fragments(login: Callable[[str], Client], case: Case) -> None:
    page = body(login("agent").get(url("case_detail", case)))
    panel = url("panel_customer", case)
    assert f'hx-get="{panel}" hx-trigger="load, case-changed from:body"' in page
    assert f'<a href="{panel}">' in page


def test_the_history_says_who_changed_what(login: Callable[[str], Client], case: Case, org: Organisation) -> None:
    client = login("supervisor")
    client.post(url("case_reassign", case), {"owner": str(org.agents["agent2"].pk)})
    client.post(url("case_status", case), {"status": "waiting_on_customer"})
    page = body(client.get(url("case_detail", case)))
    assert "<strong>Supervisor Example</strong> reassigned the case" in page
    assert "Owner: <del>Agent Example</del> → Agent2 Example" in page
    assert "Status: <del>Open</del> → Waiting on customer" in page


def test_a_resolved_case_shows_its_resolution(login: Callable[[str], Client], case: Case) -> None:
    cases.resolve_case(actor=None, case_id=case.pk, resolution="Replaced the router.", root_cause="Faulty firmware")
    page = body(login("agent").get(url("case_detail", case)))
    assert "Replaced the router." in page
    assert "Faulty firmware" in page
    assert "<dt>Resolved</dt>" in page
    assert "Resolve the case" not in page  # no longer offered


def test_the_page_costs_the_same_queries_with_many_contacts(
    login: Callable[[str], Client], case: Case, django_assert_max_num_queries: Any
) -> None:
    client = login("agent")
    cases.log_contact(actor=None, case_id=case.pk, channel="phone")
    client.get(url("case_detail", case))
    with django_assert_max_num_queries(20) as one:
        client.get(url("case_detail", case))
    for _ in range(10):
        cases.log_contact(actor=None, case_id=case.pk, channel="chat", notes="Again.")
        cases.update_case(actor=None, case_id=case.pk, changes={"priority": "high" if _ % 2 else "low"})
    with django_assert_max_num_queries(20) as eleven:
        client.get(url("case_detail", case))
    assert len(eleven.captured_queries) == len(one.captured_queries)


# --- status -------------------------------------------------------------------------------------------------------


def test_only_the_statuses_that_may_follow_are_offered(login: Callable[[str], Client], case: Case) -> None:
    page = body(login("agent").get(url("case_detail", case)))
    offered = page.split('id="status_status"', 1)[1].split("</select>")[0]
    assert 'value="waiting_on_customer"' in offered
    assert 'value="waiting_on_us"' in offered
    assert 'value="closed"' not in offered
    assert 'value="open"' not in offered


def test_changing_the_status_redirects_back_to_the_case(login: Callable[[str], Client], case: Case) -> None:
    client = login("agent")
    response = client.post(url("case_status", case), {"status": "waiting_on_customer"})
    assert response.status_code == 302
    assert response["Location"] == url("case_detail", case)
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING_ON_CUSTOMER
    assert AuditEntry.objects.filter(action="case.status_changed", target_id=str(case.pk)).count() == 1
    assert "Status changed." in body(client.get(response["Location"]))


@pytest.mark.parametrize("status", ["closed", "new"])
def test_a_refused_transition_is_a_409_with_the_reason(login: Callable[[str], Client], case: Case, status: str) -> None:
    before = written()
    response = login("agent").post(url("case_status", case), {"status": status})
    assert response.status_code == 409
    page = body(response)
    assert f"open case cannot become {status}; it may become waiting_on_customer" in page
    assert url("case_detail", case) in page  # the way back
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert written() == before


def test_a_closed_case_takes_no_more_changes(login: Callable[[str], Client], case: Case, org: Organisation) -> None:
    cases.resolve_case(actor=None, case_id=case.pk, resolution="Fixed.", root_cause="Firmware")
    cases.change_case_status(actor=None, case_id=case.pk, status="closed")
    client = login("supervisor")
    before = written()
    requests = [
        ("case_status", {"status": "open"}),
        ("case_reassign", {"owner": str(org.agents["agent2"].pk)}),
        ("case_contact", {"channel": "phone", "direction": "inbound", "outcome": "resolved"}),
        ("case_edit", {"subject": "New", "channel": "phone", "priority": "low"}),
    ]
    for name, data in requests:
        response = client.post(url(name, case), data)
        assert response.status_code == 409, name
        assert "closed" in body(response)
    assert written() == before
    assert "Actions" not in body(client.get(url("case_detail", case)))


def test_an_unknown_status_is_a_422_naming_the_field(login: Callable[[str], Client], case: Case) -> None:
    response = login("agent").post(url("case_status", case), {"status": "sleeping"})
    assert response.status_code == 422
    assert "New status</a>: Select a valid choice." in body(response)


def test_with_htmx_the_updated_case_replaces_the_page_body(login: Callable[[str], Client], case: Case) -> None:
    response = login("agent").post(url("case_status", case), {"status": "waiting_on_us"}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#case-main"
    assert response["HX-Reswap"] == "outerHTML"
    assert response["HX-Trigger"] == "case-changed"
    page = body(response)
    assert page.lstrip().startswith('<div id="case-main"')
    assert "Waiting on us" in page
    assert 'id="flash"' in page
    assert 'hx-swap-oob="true"' in page
    assert "Status changed." in page


def test_with_htmx_a_refusal_goes_to_the_alert_region(login: Callable[[str], Client], case: Case) -> None:
    response = login("agent").post(url("case_status", case), {"status": "closed"}, headers=HTMX)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#flash"
    assert "cannot become closed" in body(response)


# --- resolve ------------------------------------------------------------------------------------------------------


def test_resolving_records_the_resolution_and_root_cause(login: Callable[[str], Client], case: Case) -> None:
    response = login("agent").post(
        url("case_resolve", case), {"resolution": "Replaced the router.", "root_cause": "Faulty firmware"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.resolution, case.root_cause) == (
        CaseStatus.RESOLVED,
        "Replaced the router.",
        "Faulty firmware",
    )
    assert case.resolved_at is not None


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        ({"resolution": "", "root_cause": ""}, ["Resolution</a>: Say how", "Root cause</a>: Say what caused"]),
        ({"resolution": "Fixed.", "root_cause": ""}, ["Root cause</a>: Say what caused"]),
        ({"resolution": "   ", "root_cause": "Cable"}, ["Resolution</a>: Say how"]),
        ({"resolution": "Fixed.", "root_cause": "x" * 201}, ["Root cause</a>: Ensure this value has at most 200"]),
    ],
)
def test_resolving_needs_both_answers(
    login: Callable[[str], Client], case: Case, data: dict[str, str], messages: list[str]
) -> None:
    before = written()
    response = login("agent").post(url("case_resolve", case), data)
    assert response.status_code == 422
    page = body(response)
    assert "The case was not resolved" in page
    for message in messages:
        assert message in page
    assert '<details class="action" open>\n        <summary>Resolve</summary>' in page
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert written() == before


def test_with_htmx_a_refused_form_comes_back_alone_with_its_errors(login: Callable[[str], Client], case: Case) -> None:
    response = login("agent").post(url("case_resolve", case), {"resolution": "", "root_cause": ""}, headers=HTMX)
    assert response.status_code == 422
    page = body(response)
    assert page.lstrip().startswith('<form id="action-resolve"')
    assert 'aria-invalid="true"' in page
    assert "Say how the case was resolved." in page


def test_the_page_configures_htmx_to_show_refused_forms(login: Callable[[str], Client], case: Case) -> None:
    page = body(login("agent").get(url("case_detail", case)))
    assert '{"code": "4..", "swap": true, "error": false}' in page


# --- reassign -----------------------------------------------------------------------------------------------------


def test_an_agent_may_take_an_unassigned_case(
    login: Callable[[str], Client], unassigned_case: Case, org: Organisation
) -> None:
    page = body(login("agent").get(url("case_detail", unassigned_case)))
    assert "Take it" in page
    response = login("agent").post(url("case_reassign", unassigned_case), {"owner": str(org.agents["agent"].pk)})
    assert response.status_code == 302
    unassigned_case.refresh_from_db()
    assert unassigned_case.owner_id == org.agents["agent"].pk


def test_an_agent_may_not_give_an_unassigned_case_to_someone_else(
    login: Callable[[str], Client], unassigned_case: Case, org: Organisation
) -> None:
    before = written()
    response = login("agent").post(url("case_reassign", unassigned_case), {"owner": str(org.agents["agent2"].pk)})
    assert response.status_code == 403
    assert written() == before


def test_an_agent_may_hand_over_their_own_case(login: Callable[[str], Client], case: Case, org: Organisation) -> None:
    response = login("agent").post(
        url("case_reassign", case), {"owner": str(org.agents["agent2"].pk), "team": str(org.other_team.pk)}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.owner_id, case.team_id) == (org.agents["agent2"].pk, org.other_team.pk)


def test_an_agent_may_not_reassign_a_colleagues_case(
    login: Callable[[str], Client], colleagues_case: Case, org: Organisation
) -> None:
    client = login("agent")
    assert "Reassign</summary>" not in body(client.get(url("case_detail", colleagues_case)))
    before = written()
    response = client.post(url("case_reassign", colleagues_case), {"owner": str(org.agents["agent"].pk)})
    assert response.status_code == 403
    assert "ask a supervisor" in body(response)
    colleagues_case.refresh_from_db()
    assert colleagues_case.owner_id == org.agents["agent2"].pk
    assert written() == before


def test_a_supervisor_may_reassign_any_case(
    login: Callable[[str], Client], colleagues_case: Case, org: Organisation
) -> None:
    client = login("supervisor")
    assert "Reassign</summary>" in body(client.get(url("case_detail", colleagues_case)))
    response = client.post(url("case_reassign", colleagues_case), {"owner": ""})
    assert response.status_code == 302
    colleagues_case.refresh_from_db()
    assert colleagues_case.owner_id is None


@pytest.mark.parametrize(
    ("owner", "message"),
    [("999999", "No agent with id 999999."), ("abc", "Enter a whole number."), ("inactive", "is not active.")],
)
def test_reassigning_to_someone_who_cannot_take_it_is_a_422(
    login: Callable[[str], Client], case: Case, org: Organisation, owner: str, message: str
) -> None:
    if owner == "inactive":
        accounts.update_agent(actor=None, agent_id=org.agents["agent2"].pk, changes={"is_active": False})
        owner = str(org.agents["agent2"].pk)
    before = written()
    response = login("supervisor").post(url("case_reassign", case), {"owner": owner})
    assert response.status_code == 422
    assert "Owner</a>: " in body(response)
    assert message in body(response)
    assert written() == before


# --- contacts -----------------------------------------------------------------------------------------------------


def test_logging_a_contact_with_start_and_end(login: Callable[[str], Client], case: Case, org: Organisation) -> None:
    response = login("agent").post(
        url("case_contact", case),
        {
            "channel": "phone",
            "direction": "outbound",
            "started_at": "2025-03-04T10:00",
            "ended_at": "2025-03-04T10:07",
            "queue_wait_seconds": "45",
            "outcome": "callback_scheduled",
            "notes": "  Will call back on Friday.  ",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.case_id, contact.channel, contact.direction, contact.outcome) == (
        case.pk,
        "phone",
        "outbound",
        "callback_scheduled",
    )
    assert contact.started_at == dt.datetime(2025, 3, 4, 10, 0, tzinfo=dt.UTC)
    assert (contact.handle_seconds, contact.queue_wait_seconds) == (420, 45)
    assert (contact.agent_id, contact.notes) == (org.agents["agent"].pk, "Will call back on Friday.")


def test_a_duration_counts_instead_of_start_and_end(login: Callable[[str], Client], case: Case) -> None:
    login("agent").post(
        url("case_contact", case),
        {"channel": "chat", "direction": "inbound", "duration_minutes": "2.5", "outcome": "information_given"},
    )
    assert Contact.objects.get().handle_seconds == 150


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"started_at": "2025-03-04T10:00", "ended_at": "2025-03-04T09:00"}, "Ended", "cannot end before it starts"),
        ({"started_at": "yesterday"}, "Started", "Enter a valid date/time."),
        ({"queue_wait_seconds": "-1"}, "Queue wait (seconds)", "greater than or equal to 0"),
        ({"duration_minutes": "-3"}, "Duration (minutes)", "greater than or equal to 0"),
        ({"channel": "fax"}, "Channel", "Select a valid choice."),
        ({"outcome": "whatever"}, "Outcome", "Select a valid choice."),
    ],
)
def test_bad_contacts_are_a_422_naming_the_field(
    login: Callable[[str], Client], case: Case, changes: dict[str, str], field: str, message: str
) -> None:
    data = {"channel": "phone", "direction": "inbound", "outcome": "resolved", **changes}
    before = written()
    response = login("agent").post(url("case_contact", case), data)
    assert response.status_code == 422
    page = body(response)
    assert "The contact was not logged" in page
    assert f"{field}</a>: " in page
    assert message in page
    assert written() == before


def test_with_htmx_a_logged_contact_appears_in_the_timeline(login: Callable[[str], Client], case: Case) -> None:
    response = login("agent").post(
        url("case_contact", case),
        {"channel": "walk_in", "direction": "inbound", "outcome": "resolved", "notes": "Came to the branch."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "case-changed"
    page = body(response)
    assert 'Contacts <span class="count">(1)</span>' in page
    assert "Came to the branch." in page
    assert "Contact logged." in page


# --- details ------------------------------------------------------------------------------------------------------


def test_editing_the_details(
    login: Callable[[str], Client], case: Case, categories: dict[str, Category], org: Organisation
) -> None:
    response = login("agent").post(
        url("case_edit", case),
        {
            "subject": "Router drops the line at night",
            "description": "Every night.",
            "product": "",
            "category": str(categories["slow"].pk),
            "channel": "chat",
            "priority": "urgent",
            "team": str(org.other_team.pk),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.subject, case.product_id, case.category_id, case.channel, case.priority, case.team_id) == (
        "Router drops the line at night",
        None,
        categories["slow"].pk,
        "chat",
        "urgent",
        org.other_team.pk,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"subject": ""}, "Subject"), ({"product": "999999"}, "Product"), ({"category": "nope"}, "Category")],
)
def test_bad_details_are_a_422_naming_the_field(
    login: Callable[[str], Client], case: Case, changes: dict[str, str], field: str
) -> None:
    data = {"subject": "Still a subject", "channel": "phone", "priority": "normal", **changes}
    before = written()
    response = login("agent").post(url("case_edit", case), data)
    assert response.status_code == 422
    assert f"{field}</a>: " in body(response)
    assert written() == before
    case.refresh_from_db()
    assert case.subject == "Router keeps dropping the connection"


def test_contact_times_the_database_cannot_hold_are_a_422(login: Callable[[str], Client], case: Case) -> None:
    data = {"channel": "phone", "direction": "inbound", "outcome": "resolved", "started_at": "9999-12-31T23:59"}
    response = login("agent").post(url("case_contact", case), data)
    assert response.status_code == 422
    assert "Started</a>: Use a date between" in body(response)


def test_the_contact_form_says_which_time_zone_its_times_are_in(
    login: Callable[[str], Client], case: Case, settings: Any
) -> None:
    page = body(login("agent").get(url("case_detail", case)))
    assert "Leave empty for now. Time zone: UTC." in page
    settings.TIME_ZONE = "America/Toronto"
    page = body(login("agent").get(url("case_detail", case)))
    assert "Leave empty for now. Time zone: America/Toronto." in page


def test_reassigning_says_who_has_the_case_now(
    login: Callable[[str], Client], case: Case, unassigned_case: Case, org: Organisation
) -> None:
    client = login("supervisor")
    response = client.post(url("case_reassign", case), {"owner": str(org.agents["agent2"].pk)})
    assert f"{case.reference} is reassigned to Agent2 Example." in body(client.get(response["Location"]))

    response = client.post(url("case_reassign", case), {"owner": ""}, headers=HTMX)
    assert f"{case.reference} is unassigned now." in body(response)

    client = login("agent")
    response = client.post(url("case_reassign", unassigned_case), {"owner": str(org.agents["agent"].pk)})
    assert f"{unassigned_case.reference} is yours now." in body(client.get(response["Location"]))
