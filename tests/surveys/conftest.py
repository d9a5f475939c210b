"""Survey tests: a post-contact survey with every kind of question, an ended contact, and an invitation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case, Contact
from frontline.surveys import services, tokens
from frontline.surveys.models import Invitation, Method, Response, Survey
from tests.conftest import Organisation

QUESTIONS: list[dict[str, Any]] = [
    {"key": "recommend", "kind": "nps", "text": "How likely are you to recommend us to a friend?"},
    {"key": "satisfied", "kind": "csat", "text": "How satisfied are you with the help you got?"},
    {"key": "easy", "kind": "ces", "text": "The company made it easy to handle my issue."},
    {"key": "resolved", "kind": "fcr", "text": "Was your issue resolved in this one contact?"},
    {
        "key": "why",
        "kind": "single",
        "text": "What went wrong most?",
        "choices": ["Waiting time", "The answer", "Being passed around"],
        "show_if_key": "resolved",
        "show_if_values": ["no"],
    },
    {
        "key": "channels",
        "kind": "multiple",
        "text": "How else did you try to reach us?",
        "choices": ["Phone", "E-mail", "Chat"],
        "is_required": False,
    },
    {"key": "comment", "kind": "text", "text": "Anything else you want to tell us?", "is_required": False},
]

HAPPY = {"recommend": 10, "satisfied": 5, "easy": 7, "resolved": "yes", "comment": "Quick and kind."}
UNHAPPY = {
    "recommend": 2,
    "satisfied": 1,
    "easy": 2,
    "resolved": "no",
    "why": "Waiting time",
    "comment": "An hour on hold.",
}


@pytest.fixture
def survey(db: Any) -> Survey:
    return services.create_survey(
        actor=None,
        code="after-contact",
        name="How did we do?",
        questions=QUESTIONS,
        opens_at=timezone.now() - dt.timedelta(days=1),
        reminder_after_days=3,
    )


@pytest.fixture
def contact(case: Case, org: Organisation) -> Contact:
    started = timezone.now() - dt.timedelta(minutes=10)
    return cases.log_contact(
        actor=None,
        case_id=case.pk,
        channel="phone",
        started_at=started,
        ended_at=started + dt.timedelta(minutes=6),
        agent_id=org.agents["agent"].pk,
        queue="broadband",
    )


@pytest.fixture
def invite(survey: Survey, contact: Contact) -> Callable[..., Invitation]:
    """Invite the contact's customer to `survey` (or another), by e-mail unless told."""

    def make(target: Survey | None = None, method: str = Method.EMAIL, contact_id: int | None = None) -> Invitation:
        return services.invite(
            actor=None, survey_id=(target or survey).pk, method=method, contact_id=contact_id or contact.pk
        )

    return make


@pytest.fixture
def invitation(invite: Callable[..., Invitation]) -> Invitation:
    return invite()


@pytest.fixture
def token(invitation: Invitation) -> str:
    return tokens.sign(invitation.key)


@pytest.fixture
def answer() -> Callable[..., Response]:
    def submit(token: str, answers: dict[str, Any] | None = None, **kwargs: Any) -> Response:
        with transaction.atomic():  # as the entry points do: a refused answer writes nothing
            return services.submit(token=token, answers=HAPPY if answers is None else answers, **kwargs)

    return submit
