"""Fixtures of the API tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from frontline.authority import defaults
from frontline.authority import services as authority
from frontline.authority.models import AuthorityProfile, GestureType
from frontline.cases import services as cases
from frontline.surveys import services as surveys
from frontline.surveys import tokens
from frontline.surveys.models import LoopFollowUp
from tests.api.endpoints import World


@pytest.fixture
def world(org, customer, product, categories, case) -> World:
    contact = cases.log_contact(actor=None, case_id=case.pk, channel="phone", agent_id=org.agents["agent"].pk)
    # Gestures of the agent: one awaiting approval, one given, one given but flagged for review.
    defaults.install(GestureType, AuthorityProfile, settings.FRONTLINE_DEFAULT_CURRENCY)
    agent = org.user("agent")
    pending, given, flagged = (
        authority.give_gesture(actor=agent, case_id=case.pk, gesture_type="account_credit", amount=amount)
        for amount in ("120.00", "20.00", "40.00")
    )
    # Two policies owned by the operations user that allow exceptions; one has a request waiting on the case.
    policy, open_policy = (
        authority.create_policy(
            actor=None,
            title=title,
            statement="Refunds within 30 days.",
            reason="Chargebacks cost more after that.",
            constraint_class="profit_protection",
            owner_id=org.user("operations").pk,
            review_on=dt.date(2027, 6, 1),
        )
        for title in ("No refunds after 30 days", "No second courtesy credit")
    )
    exception_request = authority.request_exception(
        actor=agent, policy_id=policy.pk, case_id=case.pk, reason="Outage week"
    )
    follow_up = authority.schedule_follow_up(
        actor=agent,
        case_id=case.pk,
        title="Replace the street cabinet card",
        owner_id=org.agents["agent"].pk,
        due_at=timezone.now() + dt.timedelta(days=2),
    )
    # A survey with a trigger, and an invitation about the agent's contact answered unhappily, so that the
    # response is the agent's own and a follow-up is open; a story waits for moderation.
    survey = surveys.create_survey(
        actor=None,
        code="after-contact",
        name="How did we do?",
        questions=[
            {"key": "recommend", "kind": "nps", "text": "How likely are you to recommend us?"},
            {"key": "comment", "kind": "text", "text": "Anything else?", "is_required": False},
        ],
        opens_at=timezone.now() - dt.timedelta(days=1),
    )
    trigger = surveys.create_trigger(actor=None, survey_id=survey.pk, event="contact_ended")
    invitation = surveys.invite(actor=None, survey_id=survey.pk, method="email", contact_id=contact.pk)
    response = surveys.submit(
        token=tokens.sign(invitation.key), answers={"recommend": 2, "comment": "An hour on hold."}
    )
    loop = LoopFollowUp.objects.get(response=response)
    story = surveys.tell_story(client="x", kind="rant", text="Nobody called me back.")
    assert story is not None
    # The case belongs to the agent in `agent2`'s team; the assign endpoint hands it to agent2.
    return World(
        branch=org.branch.pk,
        team=org.team.pk,
        agent=org.agents["agent2"].pk,
        customer=customer.pk,
        product=product.pk,
        category=categories["connectivity"].pk,
        case=case.pk,
        contact=contact.pk,
        budget=given.budget_id,
        pending_gesture=pending.pk,
        given_gesture=given.pk,
        flagged_gesture=flagged.pk,
        policy=policy.pk,
        open_policy=open_policy.pk,
        exception_request=exception_request.pk,
        follow_up=follow_up.pk,
        policy_owner=org.user("operations").pk,
        survey=survey.pk,
        trigger=trigger.pk,
        invitation=invitation.pk,
        response=response.pk,
        loop=loop.pk,
        story=story.pk,
    )
