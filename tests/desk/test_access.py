"""Who may use each desk page and fragment: anonymous people, every role, and people with no role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from frontline.cases.models import Case, CaseStatus
from frontline.customers.models import Customer
from tests.conftest import Organisation
from tests.desk.conftest import HTMX, body, written

ROLES = ["agent", "supervisor", "quality", "operations", "admin"]
READERS_ONLY = ["quality", "operations"]
CASE_WORKERS = ["agent", "supervisor", "admin"]


def read_urls(case: Case, customer: Customer) -> list[str]:
    return [
        reverse("desk:home"),
        reverse("desk:queue", args=["mine"]),
        reverse("desk:case_list"),
        reverse("desk:case_detail", args=[case.pk]),
        reverse("desk:panel_customer", args=[case.pk]),
        reverse("desk:customer_detail", args=[customer.pk]),
        f"{reverse('desk:customer_lookup')}?customer_q=Ada",
    ]


def write_requests(case: Case, org: Organisation) -> list[tuple[str, dict[str, str]]]:
    return [
        (reverse("desk:case_status", args=[case.pk]), {"status": "waiting_on_customer"}),
        (reverse("desk:case_resolve", args=[case.pk]), {"resolution": "Reset the line.", "root_cause": "Line profile"}),
        (reverse("desk:case_reassign", args=[case.pk]), {"owner": str(org.agents["agent2"].pk)}),
        (
            reverse("desk:case_contact", args=[case.pk]),
            {"channel": "phone", "direction": "inbound", "outcome": "resolved"},
        ),
        (reverse("desk:case_edit", args=[case.pk]), {"subject": "Changed", "channel": "phone", "priority": "high"}),
    ]


def new_case_data(customer: Customer) -> dict[str, str]:
    return {"customer": str(customer.pk), "subject": "Cannot log in", "channel": "phone", "priority": "normal"}


# --- anonymous ------------------------------------------------------------------------------------------------


def test_anonymous_reads_are_sent_to_the_log_in_page(client: Client, case: Case, customer: Customer) -> None:
    for url in [*read_urls(case, customer), reverse("desk:case_new")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{reverse('accounts:login')}?next="), url


def test_anonymous_writes_are_sent_to_the_log_in_page_and_write_nothing(
    client: Client, case: Case, org: Organisation, customer: Customer
) -> None:
    before = written()
    for url, data in [*write_requests(case, org), (reverse("desk:case_new"), new_case_data(customer))]:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    assert written() == before


def test_anonymous_htmx_requests_are_told_to_load_the_log_in_page(client: Client, case: Case) -> None:
    response = client.get(reverse("desk:panel_customer", args=[case.pk]), headers=HTMX)
    assert response.status_code == 401
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_the_site_root_leads_to_the_desk(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:home")


# --- every role reads -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_read_every_page(
    login: Callable[[str], Client], role: str, case: Case, customer: Customer
) -> None:
    client = login(role)
    for url in read_urls(case, customer):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", CASE_WORKERS)
def test_case_workers_may_open_the_new_case_page(login: Callable[[str], Client], role: str) -> None:
    response = login(role).get(reverse("desk:case_new"))
    assert response.status_code == 200
    assert "Open a case" in body(response)


@pytest.mark.parametrize("role", READERS_ONLY)
def test_readers_may_not_open_the_new_case_page(login: Callable[[str], Client], role: str) -> None:
    response = login(role).get(reverse("desk:case_new"))
    assert response.status_code == 403
    assert "Your role does not allow this" in body(response)


def test_a_person_without_a_role_may_read_nothing(client: Client, case: Case, customer: Customer) -> None:
    nobody = get_user_model().objects.create_user(username="nobody", password="irrelevant-password-1")
    client.force_login(nobody)
    for url in read_urls(case, customer):
        assert client.get(url).status_code == 403, url


# --- writes ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS_ONLY)
def test_readers_may_not_open_cases_and_nothing_is_written(
    login: Callable[[str], Client], role: str, customer: Customer
) -> None:
    before = written()
    response = login(role).post(reverse("desk:case_new"), new_case_data(customer))
    assert response.status_code == 403
    assert written() == before


@pytest.mark.parametrize("role", READERS_ONLY)
def test_readers_may_not_change_a_case_and_nothing_is_written(
    login: Callable[[str], Client], role: str, case: Case, org: Organisation
) -> None:
    client = login(role)
    before = written()
    for url, data in write_requests(case, org):
        if role == "operations" and url.endswith("/contacts/"):
            continue  # operations may log contacts, tested below
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "Your role does not allow this" in body(response)
    assert written() == before
    case.refresh_from_db()
    assert (case.status, case.subject, case.owner_id) == (
        CaseStatus.OPEN,
        "Router keeps dropping the connection",
        org.agents["agent"].pk,
    )


def test_quality_may_not_log_a_contact(login: Callable[[str], Client], case: Case) -> None:
    before = written()
    response = login("quality").post(
        reverse("desk:case_contact", args=[case.pk]),
        {"channel": "phone", "direction": "inbound", "outcome": "resolved"},
    )
    assert response.status_code == 403
    assert written() == before


def test_operations_may_log_a_contact(login: Callable[[str], Client], case: Case) -> None:
    response = login("operations").post(
        reverse("desk:case_contact", args=[case.pk]), {"channel": "chat", "direction": "inbound", "outcome": "resolved"}
    )
    assert response.status_code == 302
    assert case.contacts.get().channel == "chat"


@pytest.mark.parametrize("role", CASE_WORKERS)
def test_case_workers_may_change_a_case(login: Callable[[str], Client], role: str, case: Case) -> None:
    response = login(role).post(reverse("desk:case_status", args=[case.pk]), {"status": "waiting_on_us"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING_ON_US


def test_refused_htmx_writes_answer_in_the_alert_region(login: Callable[[str], Client], case: Case) -> None:
    response = login("quality").post(
        reverse("desk:case_status", args=[case.pk]), {"status": "waiting_on_us"}, headers=HTMX
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#flash"
    assert "<html" not in body(response)
    assert "Your role does not allow this" in body(response)


def test_pages_refuse_the_wrong_method(login: Callable[[str], Client], case: Case) -> None:
    client = login("agent")
    assert client.post(reverse("desk:case_detail", args=[case.pk])).status_code == 405
    assert client.get(reverse("desk:case_status", args=[case.pk])).status_code == 405


# --- what is shown ----------------------------------------------------------------------------------------------


def test_readers_see_no_actions_they_cannot_use(login: Callable[[str], Client], case: Case) -> None:
    page = body(login("quality").get(reverse("desk:case_detail", args=[case.pk])))
    for action in ("Log a contact", "Resolve the case", "Change status", "Reassign", "Edit details", "New case"):
        assert action not in page


def test_operations_see_only_the_contact_form(login: Callable[[str], Client], case: Case) -> None:
    page = body(login("operations").get(reverse("desk:case_detail", args=[case.pk])))
    assert "Log a contact" in page
    for action in ("Resolve the case", "Change status", "Edit details"):
        assert action not in page


def test_the_layout_names_the_person_and_carries_the_csrf_token(login: Callable[[str], Client]) -> None:
    page = body(login("supervisor").get(reverse("desk:home")))
    assert "Supervisor Example" in page
    assert ">Supervisor<" in page
    assert '<meta name="csrf-token"' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert f'action="{reverse("accounts:logout")}"' in page
    assert 'href="#main"' in page


# --- missing things ---------------------------------------------------------------------------------------------


def test_missing_cases_and_customers_are_404_pages(login: Callable[[str], Client]) -> None:
    client = login("agent")
    for url in [
        reverse("desk:case_detail", args=[999999]),
        reverse("desk:panel_customer", args=[999999]),
        reverse("desk:customer_detail", args=[999999]),
        reverse("desk:queue", args=["nonsense"]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Not found" in body(response)


def test_writes_to_a_missing_case_are_404_and_write_nothing(login: Callable[[str], Client], org: Organisation) -> None:
    client = login("supervisor")
    before = written()
    for url, data in write_requests(Case(pk=999999), org):
        assert client.post(url, data).status_code == 404, url
    assert written() == before


def test_an_htmx_request_after_the_session_ended_returns_to_the_page_after_log_in(client: Client, case: Case) -> None:
    headers = {**HTMX, "HX-Current-URL": f"http://testserver/desk/cases/{case.pk}/?tab=1"}
    response = client.get(reverse("desk:panel_customer", args=[case.pk]), headers=headers)
    assert response["HX-Redirect"] == f"/accounts/login/?next=/desk/cases/{case.pk}/%3Ftab%3D1"
