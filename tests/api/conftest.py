"""Fixtures of the API tests."""

from __future__ import annotations

import pytest
from django.conf import settings

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
    )
