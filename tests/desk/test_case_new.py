"""Opening a case: the customer look-up, the form, and what bad input gets."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from frontline.cases.models import Case, CaseStatus, Category, Product
from frontline.core.models import AuditEntry
from frontline.customers import services as customers
from frontline.customers.models import Customer
from tests.conftest import Organisation
from tests.desk.conftest import HTMX, body, written

NEW = reverse("desk:case_new")
LOOKUP = reverse("desk:customer_lookup")


def valid(chosen: Customer, **changes: str) -> dict[str, str]:
    data = {
        "customer": str(chosen.pk),
        "subject": "Cannot log in to the portal",
        "description": "Password reset e-mails never arrive.",
        "channel": "email",
        "priority": "high",
        "product": "",
        "category": "",
        "owner": "",
        "team": "",
    }
    return {**data, **changes}


def test_the_form_defaults_the_owner_to_me(login: Callable[[str], Client], org: Organisation) -> None:
    page = body(login("agent").get(NEW))
    assert f'<option value="{org.agents["agent"].pk}" selected>Agent Example (ext. 4100)</option>' in page
    for label in ("Subject", "Description", "Product", "Category", "Channel", "Priority", "Owner", "Team"):
        assert f">{label}" in page


def test_a_customer_can_be_preselected(login: Callable[[str], Client], customer: Customer) -> None:
    page = body(login("agent").get(f"{NEW}?customer={customer.pk}"))
    assert f'name="customer" value="{customer.pk}" id="customer-chosen" checked' in page
    assert "Ada Lovelace" in page


def test_preselecting_a_missing_customer_is_a_404_and_a_bad_id_a_400(login: Callable[[str], Client]) -> None:
    client = login("agent")
    assert client.get(f"{NEW}?customer=999999").status_code == 404
    response = client.get(f"{NEW}?customer=abc")
    assert response.status_code == 400
    assert "<strong>Customer</strong>: &#x27;abc&#x27; is not an id." in body(response)


@pytest.mark.parametrize("text", ["Ada", "ACC-1001", "ada@example.com", "+14165550199"])
def test_the_look_up_finds_customers_as_choices(login: Callable[[str], Client], customer: Customer, text: str) -> None:
    response = login("agent").get(LOOKUP, {"customer_q": text}, headers=HTMX)
    assert response.status_code == 200
    page = body(response)
    assert f'type="radio" form="new-case-form" name="customer" value="{customer.pk}"' in page
    assert "ACC-1001" in page
    assert "Premium" in page


def test_the_look_up_says_when_nothing_matches(login: Callable[[str], Client], customer: Customer) -> None:
    page = body(login("agent").get(LOOKUP, {"customer_q": "Zebedee"}))
    assert "No customer matches “Zebedee”" in page
    assert body(login("agent").get(LOOKUP, {"customer_q": ""})).strip() == ""


def test_the_look_up_works_without_javascript(login: Callable[[str], Client], customer: Customer) -> None:
    page = body(login("agent").get(NEW, {"customer_q": "Ada", "subject": "Kept while looking up"}))
    assert f'value="{customer.pk}" id="customer-match-{customer.pk}"' in page
    assert 'value="Kept while looking up"' in page


def test_opening_a_case_shows_its_page(
    login: Callable[[str], Client],
    customer: Customer,
    org: Organisation,
    product: Product,
    categories: dict[str, Category],
) -> None:
    client = login("agent")
    data = valid(
        customer, product=str(product.pk), category=str(categories["slow"].pk), owner=str(org.agents["agent"].pk)
    )

    response = client.post(NEW, data)

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:case_detail", args=[case.pk])
    assert (case.customer_id, case.subject, case.channel, case.priority) == (
        customer.pk,
        "Cannot log in to the portal",
        "email",
        "high",
    )
    assert (case.product_id, case.category_id, case.owner_id, case.team_id, case.status) == (
        product.pk,
        categories["slow"].pk,
        org.agents["agent"].pk,
        org.team.pk,
        CaseStatus.OPEN,
    )
    assert AuditEntry.objects.filter(action="case.opened", target_id=str(case.pk)).count() == 1
    assert f"{case.reference} is open." in body(client.get(response["Location"]))


def test_a_case_without_an_owner_starts_new_in_the_chosen_team(
    login: Callable[[str], Client], customer: Customer, org: Organisation
) -> None:
    login("supervisor").post(NEW, valid(customer, team=str(org.other_team.pk)))
    case = Case.objects.get()
    assert (case.owner_id, case.team_id, case.status) == (None, org.other_team.pk, CaseStatus.NEW)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"customer": ""}, "Customer", "Choose the customer"),
        ({"customer": "999999"}, "Customer", "999999"),
        ({"customer": "abc"}, "Customer", "Enter a whole number."),
        ({"subject": ""}, "Subject", "This field is required."),
        ({"subject": "x" * 201}, "Subject", "at most 200 characters"),
        ({"channel": "pigeon"}, "Channel", "Select a valid choice."),
        ({"priority": "whenever"}, "Priority", "Select a valid choice."),
        ({"product": "999999"}, "Product", "999999"),
        ({"category": "999999"}, "Category", "999999"),
        ({"owner": "999999"}, "Owner", "999999"),
        ({"team": "999999"}, "Team", "999999"),
        ({"owner": "abc"}, "Owner", "Enter a whole number."),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(
    login: Callable[[str], Client], customer: Customer, changes: dict[str, str], field: str, message: str
) -> None:
    before = written()
    response = login("agent").post(NEW, valid(customer, **changes))
    assert response.status_code == 422
    page = body(response)
    assert "The case was not opened" in page
    assert f">{field}</a>: " in page
    assert message in page
    assert written() == before


def test_a_refused_form_keeps_what_was_typed_and_the_chosen_customer(
    login: Callable[[str], Client], customer: Customer
) -> None:
    page = body(login("agent").post(NEW, valid(customer, subject="", description="Kept text")))
    assert "Kept text" in page
    assert f'value="{customer.pk}" id="customer-chosen" checked' in page


def test_a_customer_in_another_currency_can_still_have_cases(login: Callable[[str], Client], org: Organisation) -> None:
    other = customers.create_customer(
        actor=None, account_number="ACC-2002", name="Bob Loblaw", revenue_currency="USD", cost_to_serve_currency="EUR"
    )
    response = login("agent").post(NEW, valid(other))
    assert response.status_code == 302


def test_look_up_text_the_database_cannot_hold_finds_nothing(
    login: Callable[[str], Client], customer: Customer
) -> None:
    client = login("agent")
    assert client.get(LOOKUP, {"customer_q": "Ada\x00"}).status_code == 200
    assert client.get(NEW, {"customer_q": "\x00"}).status_code == 200
    assert client.get(NEW, {"customer": "99999999999999999999"}).status_code == 400


def test_an_id_the_database_cannot_hold_is_a_422(login: Callable[[str], Client], customer: Customer) -> None:
    before = written()
    response = login("agent").post(NEW, valid(customer, product="99999999999999999999"))
    assert response.status_code == 422
    assert "Product</a>: " in body(response)
    assert written() == before


def test_a_preselected_customer_puts_the_cursor_in_the_subject(
    login: Callable[[str], Client], customer: Customer
) -> None:
    page = body(login("agent").get(f"{NEW}?customer={customer.pk}"))
    assert re.search(r'<input type="text" name="subject"[^>]* autofocus', page)
    assert not re.search(r'id="id_customer"[^>]*autofocus', page)


def test_without_a_customer_the_cursor_starts_in_the_look_up(login: Callable[[str], Client]) -> None:
    page = body(login("agent").get(NEW))
    assert re.search(r'id="id_customer"[^>]*autofocus', page)
    assert not re.search(r'name="subject"[^>]* autofocus', page)


def test_a_refused_form_puts_the_cursor_in_the_first_field_to_correct(
    login: Callable[[str], Client], customer: Customer
) -> None:
    data = {"customer": str(customer.pk), "subject": "", "channel": "fax", "priority": "normal"}
    page = body(login("agent").post(NEW, data))
    assert re.search(r'name="subject"[^>]* autofocus', page)
    assert not re.search(r'name="channel"[^>]* autofocus', page)


def test_the_look_up_says_when_it_lists_only_the_first_matches(
    login: Callable[[str], Client], org: Organisation
) -> None:
    for number in range(11):
        customers.create_customer(actor=None, account_number=f"ACC-2{number:03d}", name=f"Aurore {number:02d}")
    response = login("agent").get(LOOKUP, {"customer_q": "Aur"}, headers=HTMX)
    assert body(response).count('type="radio"') == 10
    assert "Only the first 10 are listed" in body(response)
    response = login("agent").get(LOOKUP, {"customer_q": "Aurore 01"}, headers=HTMX)
    assert "Only the first" not in body(response)


def test_the_look_up_help_says_what_it_matches(login: Callable[[str], Client]) -> None:
    assert "Type the start of the customer's name, or their whole account number" in body(login("agent").get(NEW))
