"""Many gesture requests for one budget at the same moment never overspend it (PostgreSQL: real concurrent
connections and row locks)."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from frontline.accounts import services as accounts
from frontline.authority import defaults
from frontline.authority.models import AuthorityProfile, Budget, Gesture, GestureStatus, GestureType, LedgerEntry
from frontline.cases import services as cases
from frontline.customers import services as customers

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
)

REQUESTS = 100
CONNECTIONS = 50  # each a database connection of its own; PostgreSQL allows 100 in all by default


def test_a_hundred_simultaneous_gestures_never_overspend_one_budget(transactional_db):
    defaults.install(GestureType, AuthorityProfile, settings.FRONTLINE_DEFAULT_CURRENCY)
    agent = accounts.create_agent(actor=None, username="racer", first_name="R", last_name="Acer", role="agent")
    AuthorityProfile.objects.create(
        agent=agent, budget_amount="1000.00", per_gesture_limit="50.00", investigation_threshold="50.00"
    )
    customer = customers.create_customer(actor=None, account_number="ACC-RACE", name="Grace Hopper")
    case = cases.open_case(actor=None, customer_id=customer.pk, subject="Raced", owner_id=agent.pk)
    _, secret = accounts.issue_api_token(actor=None, name="race", username="racer")
    start = threading.Barrier(CONNECTIONS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def fire() -> None:
        client = Client()
        try:
            start.wait()
            for _ in range(REQUESTS // CONNECTIONS):
                response = client.post(
                    "/api/v1/authority/gestures",
                    {
                        "case_id": case.pk,
                        "gesture_type": "account_credit",
                        "amount": "30.00",
                        "non_routine_reason": "x",
                    },
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": str(uuid.uuid4())},
                )
                statuses.append(response.status_code)
        except BaseException as exc:  # reported after every thread stopped
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=fire) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert statuses == [201] * REQUESTS
    budget = Budget.objects.get(agent=agent)
    given = Gesture.objects.filter(given_by=agent, status=GestureStatus.GIVEN)
    assert given.count() == 33  # 33 x 30 = 990 of 1,000
    assert Gesture.objects.filter(given_by=agent, status=GestureStatus.AWAITING_APPROVAL).count() == REQUESTS - 33
    assert budget.spent_amount == Decimal("990.00")
    assert budget.balance.amount == Decimal("10.00")
    entries = list(LedgerEntry.objects.filter(budget=budget).order_by("id").values_list("amount", "balance_after"))
    running = Decimal(0)
    for amount, balance_after in entries:
        running += amount
        assert balance_after == running >= 0
    assert running == budget.balance.amount
