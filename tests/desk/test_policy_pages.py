"""The policies panel of the case page, the owner's exception page and the policy report, for each role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from frontline.authority import services as authority
from frontline.authority.models import ExceptionRequest, ExceptionStatus, Policy
from frontline.cases.models import Case, Category
from tests.conftest import Organisation

HTMX = {"HX-Request": "true", "HX-Target": "panel-policies"}


@pytest.fixture
def refunds(org: Organisation, categories: dict[str, Category]) -> Policy:
    return authority.create_policy(
        actor=None,
        title="No refunds after 30 days",
        statement="Refunds are given within 30 days of the charge.",
        reason="After 30 days the card networks charge us for every refund.",
        constraint_class="profit_protection",
        owner_id=org.user("operations").pk,
        review_on=dt.date(2027, 6, 1),
        category_ids=[categories["connectivity"].pk],
    )


@pytest.fixture
def law(org: Organisation) -> Policy:
    return authority.create_policy(
        actor=None,
        title="Identity check before changes",
        statement="Check two pieces of identity before changing an account.",
        reason="Telecom regulation requires it.",
        constraint_class="legal",
        owner_id=org.user("admin").pk,
        review_on=dt.date(2027, 1, 1),
    )


def panel(client: Client, case_id: int) -> Any:
    return client.get(f"/desk/cases/{case_id}/panels/policies/", headers=HTMX)


@pytest.mark.parametrize("role", ["agent", "supervisor", "quality", "operations", "admin"])
def test_every_role_reads_the_rules_their_reasons_and_owners(login, case: Case, refunds, law, role: str) -> None:
    html = panel(login(role), case.pk).content.decode()
    assert html.index("Identity check before changes") < html.index("No refunds after 30 days")
    assert "Why:</strong> After 30 days the card networks charge us" in html
    assert "Decided by Operations Example" in html


def test_an_agent_may_ask_for_an_exception_to_profit_protection_but_not_to_the_law(login, case, refunds, law) -> None:
    html = panel(login("agent"), case.pk).content.decode()
    assert html.count("Ask for an exception") == 1
    assert "Ask Operations Example for an exception" in html
    assert "Ask Admin Example" not in html
    assert "Ask for an exception" not in panel(login("quality"), case.pk).content.decode()


def test_asking_shows_the_deadline_and_the_owner_answers_on_their_page(login, case, refunds) -> None:
    agent = login("agent")
    response = agent.post(
        f"/desk/cases/{case.pk}/exceptions/",
        {"policy": refunds.pk, "reason": "Charged twice in an outage"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Asked Operations Example; the answer is due by" in response.content.decode()
    request = ExceptionRequest.objects.get()

    owner = login("operations")
    page = owner.get("/desk/exceptions/").content.decode()
    assert "Charged twice in an outage" in page
    refused = owner.post(f"/desk/exceptions/{request.pk}/decision/", {"decision": "grant", "reason": ""})
    assert refused.status_code == 422
    assert "The answer was not recorded." in refused.content.decode()
    granted = owner.post(
        f"/desk/exceptions/{request.pk}/decision/", {"decision": "grant", "reason": "Yes: outage week"}, follow=True
    )
    assert "Granted: &#x27;No refunds after 30 days&#x27;" in granted.content.decode()
    assert ExceptionRequest.objects.get().status == ExceptionStatus.GRANTED
    assert "Yes: outage week" in panel(login("agent"), case.pk).content.decode()


def test_a_request_without_a_reason_shows_the_error_and_writes_nothing(login, case, refunds) -> None:
    response = login("agent").post(
        f"/desk/cases/{case.pk}/exceptions/", {"policy": refunds.pk, "reason": ""}, headers=HTMX
    )
    assert response.status_code == 422
    assert "The exception was not asked for" in response.content.decode()
    assert not ExceptionRequest.objects.exists()


def test_only_the_owner_answers(login, org, case, refunds) -> None:
    request = authority.request_exception(actor=org.user("agent"), policy_id=refunds.pk, case_id=case.pk, reason="x")
    for role in ("agent", "supervisor", "quality"):
        response = login(role).post(f"/desk/exceptions/{request.pk}/decision/", {"decision": "grant", "reason": "y"})
        assert response.status_code == 403
        assert "Charged" not in login(role).get("/desk/exceptions/").content.decode()
    assert ExceptionRequest.objects.get().status == ExceptionStatus.PENDING


def test_the_policy_report_for_those_who_may_read_it(login, org, case, refunds) -> None:
    authority.request_exception(actor=org.user("agent"), policy_id=refunds.pk, case_id=case.pk, reason="x")
    for role in ("supervisor", "quality", "operations", "admin"):
        html = login(role).get("/desk/reports/policies/?days=30").content.decode()
        assert "No refunds after 30 days" in html
    assert login("agent").get("/desk/reports/policies/").status_code == 403
    assert login("admin").get("/desk/reports/policies/?days=abc").status_code == 400


def test_the_pages_need_a_signed_in_person(client: Client, case, refunds) -> None:
    assert panel(client, case.pk).status_code == 401
    assert client.get("/desk/exceptions/").status_code == 302
    assert client.get("/desk/reports/policies/").status_code == 302
    assert client.post(f"/desk/cases/{case.pk}/exceptions/", {"policy": refunds.pk, "reason": "x"}).status_code == 302
    assert not ExceptionRequest.objects.exists()
