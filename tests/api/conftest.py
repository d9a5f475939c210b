"""Fixtures of the API tests."""

from __future__ import annotations

import pytest

from frontline.cases import services as cases
from tests.api.endpoints import World


@pytest.fixture
def world(org, customer, product, categories, case) -> World:
    contact = cases.log_contact(actor=None, case_id=case.pk, channel="phone", agent_id=org.agents["agent"].pk)
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
    )
