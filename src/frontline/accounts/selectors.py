"""Reads about people and organisation, each behind a permission check."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from frontline.accounts.models import Agent, ApiToken, Branch, Team
from frontline.core.errors import NotFound
from frontline.core.pagination import KeysetPage, paginate
from frontline.core.permissions import Actor, require_permission


def agent_of(user: User | AnonymousUser | None) -> Agent | None:
    """The agent profile of a signed-in user, or None (also for anonymous users and non-agents)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_frontline_agent"):
        agent = Agent.objects.select_related("team", "branch").filter(user=user).first()
        setattr(user, "_frontline_agent", agent)  # noqa: B010 - cached on the request's user
    cached: Agent | None = getattr(user, "_frontline_agent")  # noqa: B009
    return cached


def list_branches(*, actor: Actor, cursor: str | None, limit: int) -> KeysetPage[Branch]:
    """Branches in name order."""
    require_permission(actor, "accounts.view_branch")
    return paginate(Branch.objects.all(), ordering=("name", "id"), cursor=cursor, limit=limit)


def get_branch(*, actor: Actor, branch_id: int) -> Branch:
    """One branch, or NotFound."""
    require_permission(actor, "accounts.view_branch")
    branch = Branch.objects.filter(pk=branch_id).first()
    if branch is None:
        raise NotFound(f"No branch {branch_id}.")
    return branch


def _teams() -> QuerySet[Team]:
    return Team.objects.select_related("branch", "supervisor__user")


def list_teams(*, actor: Actor, cursor: str | None, limit: int, branch_id: int | None = None) -> KeysetPage[Team]:
    """Teams in name order, optionally of one branch."""
    require_permission(actor, "accounts.view_team")
    teams = _teams()
    if branch_id is not None:
        teams = teams.filter(branch_id=branch_id)
    return paginate(teams, ordering=("name", "id"), cursor=cursor, limit=limit)


def get_team(*, actor: Actor, team_id: int) -> Team:
    """One team, or NotFound."""
    require_permission(actor, "accounts.view_team")
    team = _teams().filter(pk=team_id).first()
    if team is None:
        raise NotFound(f"No team {team_id}.")
    return team


def _agents() -> QuerySet[Agent]:
    return Agent.objects.select_related("user", "team", "branch").prefetch_related("skills", "user__groups")


def list_agents(
    *,
    actor: Actor,
    cursor: str | None,
    limit: int,
    team_id: int | None = None,
    branch_id: int | None = None,
    is_active: bool | None = None,
) -> KeysetPage[Agent]:
    """Agents in id order, optionally filtered by team, branch and whether they are active."""
    require_permission(actor, "accounts.view_agent")
    agents = _agents()
    if team_id is not None:
        agents = agents.filter(team_id=team_id)
    if branch_id is not None:
        agents = agents.filter(branch_id=branch_id)
    if is_active is not None:
        agents = agents.filter(is_active=is_active)
    return paginate(agents, ordering=("id",), cursor=cursor, limit=limit)


def get_agent(*, actor: Actor, agent_id: int) -> Agent:
    """One agent, or NotFound."""
    require_permission(actor, "accounts.view_agent")
    agent = _agents().filter(pk=agent_id).first()
    if agent is None:
        raise NotFound(f"No agent {agent_id}.")
    return agent


def team_choices(*, actor: Actor) -> list[Team]:
    """Every team, for pick lists."""
    require_permission(actor, "accounts.view_team")
    return list(Team.objects.order_by("name"))


def agent_choices(*, actor: Actor) -> list[Agent]:
    """Every active agent, for pick lists."""
    require_permission(actor, "accounts.view_agent")
    return list(Agent.objects.filter(is_active=True).select_related("user").order_by("user__first_name", "id"))


def list_api_tokens(*, actor: Actor) -> list[ApiToken]:
    """Every API token (never the secret, which is not stored)."""
    require_permission(actor, "accounts.view_apitoken")
    return list(ApiToken.objects.select_related("user"))
