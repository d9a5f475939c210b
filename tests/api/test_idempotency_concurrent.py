"""Two identical POSTs with the same Idempotency-Key at the same moment create one case and get one answer."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from frontline.accounts import services as accounts
from frontline.cases.models import Case
from frontline.customers import services as customers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
)


def test_simultaneous_retries_create_one_case(transactional_db):
    accounts.create_agent(actor=None, username="agent", first_name="A", last_name="B", role="agent")
    customer = customers.create_customer(actor=None, account_number="ACC-9", name="Grace Hopper")
    _, secret = accounts.issue_api_token(actor=None, name="race", username="agent")
    body = {"customer_id": customer.pk, "subject": "Raced"}
    start = threading.Barrier(4)
    answers: list[tuple[int, dict]] = []

    def post() -> None:
        client = Client()
        start.wait()
        response = client.post(
            "/api/v1/cases",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": "same-moment"},
        )
        answers.append((response.status_code, response.json()))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Case.objects.filter(subject="Raced").count() == 1
    assert [status for status, _ in answers] == [201, 201, 201, 201]
    assert len({answer["id"] for _, answer in answers}) == 1
