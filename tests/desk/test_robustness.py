"""Whatever is typed into any desk form or query string, the answer is a page, never a server error."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from urllib.parse import quote

from django.test import Client
from django.urls import reverse

from frontline.cases.models import Case
from frontline.customers.models import Customer
from tests.conftest import Organisation

# A NUL byte (PostgreSQL text refuses it), an id no integer column holds, a year date arithmetic overflows.
AWKWARD = ["\x00", "9" * 25, "9999-12-31T23:59"]
PARAMETERS = [
    "q",
    "status",
    "owner",
    "team",
    "product",
    "category",
    "opened_from",
    "opened_to",
    "cursor",
    "mine",
    "unassigned",
    "colleagues",
    "customer",
    "customer_q",
]


def forms(case: Case, customer: Customer, org: Organisation) -> dict[str, dict[str, str]]:
    return {
        reverse("desk:case_new"): {
            "customer": str(customer.pk),
            "subject": "Subject",
            "channel": "phone",
            "priority": "normal",
            "product": "",
            "category": "",
            "owner": "",
            "team": "",
        },
        reverse("desk:case_status", args=[case.pk]): {"status": "waiting_on_us"},
        reverse("desk:case_resolve", args=[case.pk]): {"resolution": "Fixed.", "root_cause": "Cause"},
        reverse("desk:case_reassign", args=[case.pk]): {"owner": str(org.agents["agent"].pk), "team": ""},
        reverse("desk:case_contact", args=[case.pk]): {
            "channel": "phone",
            "direction": "inbound",
            "started_at": "",
            "ended_at": "",
            "duration_minutes": "",
            "queue_wait_seconds": "",
            "outcome": "resolved",
            "notes": "",
        },
        reverse("desk:case_edit", args=[case.pk]): {
            "subject": "Subject",
            "product": "",
            "category": "",
            "channel": "phone",
            "priority": "normal",
            "team": "",
        },
    }


def test_no_form_field_can_cause_a_server_error(
    login: Callable[[str], Client], case: Case, customer: Customer, org: Organisation
) -> None:
    client = login("supervisor")
    answers = {
        (url, field, value): client.post(url, {**data, field: value}).status_code
        for url, data in forms(case, customer, org).items()
        for field, value in itertools.product(data, AWKWARD)
    }
    assert {key: status for key, status in answers.items() if status >= 500} == {}


def test_no_query_parameter_can_cause_a_server_error(
    login: Callable[[str], Client], case: Case, customer: Customer
) -> None:
    client = login("supervisor")
    pages = [
        reverse("desk:home"),
        reverse("desk:case_list"),
        reverse("desk:case_new"),
        reverse("desk:customer_lookup"),
        reverse("desk:customer_detail", args=[customer.pk]),
        reverse("desk:queue", args=["mine"]),
    ]
    answers = {
        (page, name, value): client.get(f"{page}?{name}={quote(value)}").status_code
        for page, name, value in itertools.product(pages, PARAMETERS, AWKWARD)
    }
    assert {key: status for key, status in answers.items() if status >= 500} == {}
