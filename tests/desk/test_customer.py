"""The customer panel of a case and the customer page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case
from frontline.customers import services as customers
from frontline.customers.models import Customer
from tests.conftest import Organisation
from tests.desk.conftest import HTMX, body


@pytest.fixture
def history(case: Case, customer: Customer) -> list[Case]:
    """Three older cases of the customer (one resolved) with a contact each."""
    older = []
    for days in (30, 20, 10):
        past = cases.open_case(
            actor=None,
            customer_id=customer.pk,
            subject=f"Problem from {days} days ago",
            opened_at=timezone.now() - dt.timedelta(days=days),
        )
        cases.log_contact(
            actor=None,
            case_id=past.pk,
            channel="email",
            started_at=timezone.now() - dt.timedelta(days=days),
            outcome="information_given",
        )
        older.append(past)
    cases.resolve_case(actor=None, case_id=older[0].pk, resolution="Explained the bill.", root_cause="Unclear bill")
    return older


def test_the_customer_panel_shows_who_the_customer_is_and_what_they_are_worth(
    login: Callable[[str], Client], case: Case, history: list[Case]
) -> None:
    response = login("agent").get(reverse("desk:panel_customer", args=[case.pk]), headers=HTMX)
    assert response.status_code == 200
    page = body(response)
    assert "<html" not in page
    for text in (
        "Ada Lovelace",
        "ACC-1001",
        "Premium",
        "(since 2019-05-01)",
        "1,200.00 CAD",
        "180.50 CAD",
        "1,019.50 CAD",
        "Toronto Downtown",
        'Agent Example, <span class="nowrap">ext. <strong>4100</strong></span>',
        "4 in all, 3 open",
        "+14165550199",
    ):
        assert text in page, text
    assert re.search(r"\d+ years?(, \d+ months?)?", page)


def test_the_panel_lists_the_other_cases_newest_first_and_recent_contacts(
    login: Callable[[str], Client], case: Case, history: list[Case]
) -> None:
    page = body(login("agent").get(reverse("desk:panel_customer", args=[case.pk])))
    other = page.split("Other cases", 1)[1].split("Recent contacts", 1)[0]
    assert re.findall(r"Problem from \d+ days ago", other) == [
        "Problem from 10 days ago",
        "Problem from 20 days ago",
        "Problem from 30 days ago",
    ]
    assert case.subject not in other
    contacts = page.split("Recent contacts", 1)[1]
    assert contacts.count("Information given") == 3
    assert f"?customer={case.customer_id}" in page


def test_the_panel_says_when_margins_cannot_be_compared(login: Callable[[str], Client], org: Organisation) -> None:
    other = customers.create_customer(
        actor=None,
        account_number="ACC-2002",
        name="Bob Loblaw",
        revenue_amount="10.00",
        revenue_currency="USD",
        cost_to_serve_currency="EUR",
    )
    case = cases.open_case(actor=None, customer_id=other.pk, subject="Hello")
    page = body(login("agent").get(reverse("desk:panel_customer", args=[case.pk])))
    assert "Not comparable (two currencies)" in page
    assert "Nobody" in page  # no relationship owner
    assert "No other cases." in page
    assert "No contacts yet." in page


def test_the_panel_costs_the_same_queries_for_long_histories(
    login: Callable[[str], Client], case: Case, history: list[Case], django_assert_max_num_queries: Any
) -> None:
    client = login("agent")
    panel = reverse("desk:panel_customer", args=[case.pk])
    client.get(panel)
    with django_assert_max_num_queries(12) as few:
        client.get(panel)
    for number in range(8):
        extra = cases.open_case(actor=None, customer_id=case.customer_id, subject=f"More {number}")
        cases.log_contact(actor=None, case_id=extra.pk, channel="chat")
    with django_assert_max_num_queries(12) as many:
        client.get(panel)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_customer_page_shows_the_summary_and_every_case(
    login: Callable[[str], Client], case: Case, history: list[Case], customer: Customer
) -> None:
    response = login("agent").get(reverse("desk:customer_detail", args=[customer.pk]))
    assert response.status_code == 200
    page = body(response)
    assert "<h1>Ada Lovelace" in page
    assert re.findall(r'<td class="ref">(C-\d{6})</td>', page) == [
        case.reference,
        *[c.reference for c in reversed(history)],
    ]
    assert f'href="{reverse("desk:case_new")}?customer={customer.pk}"' in page
    assert "4 in all, 3 open" in page


def test_the_customer_page_pages_by_keyset(
    login: Callable[[str], Client], customer: Customer, many_cases: list[Case]
) -> None:
    client = login("agent")
    page = body(client.get(reverse("desk:customer_detail", args=[customer.pk])))
    older = re.search(r'<a href="(\?cursor=[^"]+)" rel="next"', page)
    assert older is not None
    second = body(client.get(reverse("desk:customer_detail", args=[customer.pk]) + older.group(1)))
    assert re.findall(r'<td class="ref">(C-\d{6})</td>', second) == [c.reference for c in reversed(many_cases[:5])]


def test_readers_get_no_link_to_open_a_case(login: Callable[[str], Client], customer: Customer) -> None:
    page = body(login("quality").get(reverse("desk:customer_detail", args=[customer.pk])))
    assert "Open a case for this customer" not in page
    assert "?customer=" not in page


def test_the_panel_shows_the_phone_as_people_read_it_and_links_phone_and_e_mail(
    login: Callable[[str], Client], case: Case
) -> None:
    page = body(login("agent").get(reverse("desk:panel_customer", args=[case.pk])))
    assert '<a href="tel:+14165550199" class="nowrap">+1 416-555-0199</a>' in page
    # The address may wrap before its @ in the narrow panel, not in the middle of a word.
    assert '<a href="mailto:ada@example.com">ada<wbr>@example<wbr>.com</a>' in page


def test_the_panel_keeps_references_and_dates_on_one_line(
    login: Callable[[str], Client], case: Case, history: list[Case]
) -> None:
    page = body(login("agent").get(reverse("desk:panel_customer", args=[case.pk])))
    assert f'<span class="nowrap">{history[-1].reference}</span> Problem from 10 days ago' in page
    assert re.search(r'<span class="muted nowrap">on <a href="/desk/cases/\d+/">C-\d{6}</a></span>', page)
    assert re.search(r'</span> <span class="muted nowrap">\d{4}-\d{2}-\d{2}</span></li>', page)
