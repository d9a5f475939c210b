"""Two requests creating the same unique value at once: one wins, the other hears why; never a 500."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from frontline.accounts import services as accounts
from frontline.core.errors import unique_violation_fields
from frontline.customers.models import Customer


def test_a_unique_violation_names_its_column(customer):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Customer.objects.create(account_number=customer.account_number, name="Twin")
    assert unique_violation_fields(caught.value) == {
        "account_number": ["This value was just taken by another request; choose another."]
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)")
def test_simultaneous_creates_of_one_account_number(transactional_db):
    from django.test import Client

    accounts.create_agent(actor=None, username="agent", first_name="A", last_name="B", role="agent")
    _, secret = accounts.issue_api_token(actor=None, name="race", username="agent")
    start = threading.Barrier(6)
    statuses: list[int] = []

    def post() -> None:
        start.wait()
        response = Client().post(
            "/api/v1/customers",
            {"account_number": "RACE-1", "name": "Same Moment"},
            content_type="application/json",
            headers={"Authorization": f"Bearer {secret}"},
        )
        statuses.append(response.status_code)
        if response.status_code == 409:
            assert "account_number" in response.json()["error"]["fields"]
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses).count(201) == 1
    assert set(statuses) <= {201, 409, 422}
    assert Customer.objects.filter(account_number="RACE-1").count() == 1
