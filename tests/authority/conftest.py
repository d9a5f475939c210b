"""Authority tests: the default gesture types and role profiles, and a supervisor of the other team."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from frontline.accounts import services as accounts
from frontline.accounts.models import Agent
from frontline.authority import defaults
from frontline.authority.models import AuthorityProfile, GestureType
from tests.assist.casebase import base  # noqa: F401 (a fixture: resolved cases to be similar to)
from tests.conftest import PASSWORD, Organisation


@pytest.fixture(autouse=True)
def authority_defaults(db: Any) -> None:
    """Agents 400 a month, 50 a gesture, flagged above 35; supervisors 5,000 / 500 / 300 (as installed)."""
    defaults.install(GestureType, AuthorityProfile, settings.FRONTLINE_DEFAULT_CURRENCY)


@pytest.fixture
def other_supervisor(org: Organisation) -> Agent:
    """The supervisor of the other team."""
    agent = accounts.create_agent(
        actor=None,
        username="othersup",
        first_name="Other",
        last_name="Supervisor",
        email="othersup@example.com",
        role="supervisor",
        password=PASSWORD,
        team_id=org.other_team.pk,
    )
    accounts.update_team(actor=None, team_id=org.other_team.pk, changes={"supervisor_id": agent.pk})
    return agent
