"""Many answers to one survey at the same moment never pass its quota, and one link answered at once from
several places counts once (PostgreSQL: real concurrent connections)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from frontline.accounts import services as accounts
from frontline.cases import services as cases
from frontline.customers import services as customers
from frontline.surveys import services, tokens
from frontline.surveys.models import Response, ScoreCell, Survey
from tests.surveys.conftest import HAPPY, QUESTIONS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"
)

CONNECTIONS = 40
QUOTA = 25


def _fire(paths: list[str]) -> list[int]:
    start = threading.Barrier(len(paths))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def answer(path: str) -> None:
        try:
            start.wait()
            response = Client().post(path, {"answers": HAPPY}, content_type="application/json")
            statuses.append(response.status_code)
        except BaseException as exc:  # reported after every thread stopped
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(path,)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    return statuses


def _links(count: int, survey: Survey) -> list[str]:
    agent = accounts.create_agent(actor=None, username="racer", first_name="R", last_name="Acer", role="agent")
    paths = []
    for number in range(count):
        with transaction.atomic():
            paths.append(_link(number, agent.pk, survey))
    return paths


def _link(number: int, agent_id: int, survey: Survey) -> str:
    customer = customers.create_customer(
        actor=None, account_number=f"ACC-R{number}", name=f"Racer {number}", email=f"r{number}@example.com"
    )
    case = cases.open_case(actor=None, customer_id=customer.pk, subject="Raced", owner_id=agent_id)
    started = timezone.now() - dt.timedelta(minutes=5)
    contact = cases.log_contact(
        actor=None, case_id=case.pk, channel="phone", started_at=started, ended_at=started, agent_id=agent_id
    )
    invitation = services.invite(actor=None, survey_id=survey.pk, method="email", contact_id=contact.pk)
    return f"/api/v1/surveys/answers/{tokens.sign(invitation.key)}"


def test_forty_simultaneous_answers_stop_exactly_at_the_quota(transactional_db: Any) -> None:
    survey = services.create_survey(actor=None, code="race", name="Race", questions=QUESTIONS, quota=QUOTA)
    statuses = _fire(_links(CONNECTIONS, survey))
    assert sorted(statuses) == [201] * QUOTA + [410] * (CONNECTIONS - QUOTA)
    assert Response.objects.count() == Survey.objects.get(pk=survey.pk).response_count == QUOTA
    assert ScoreCell.objects.get(dimension="all").responses == QUOTA


def test_one_link_answered_from_many_places_at_once_counts_once(transactional_db: Any) -> None:
    survey = services.create_survey(actor=None, code="race", name="Race", questions=QUESTIONS)
    statuses = _fire(_links(1, survey) * 20)
    assert sorted(statuses) == [201] + [409] * 19
    assert Response.objects.count() == Survey.objects.get(pk=survey.pk).response_count == 1
    assert ScoreCell.objects.get(dimension="all").responses == 1
