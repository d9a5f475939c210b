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
    )
