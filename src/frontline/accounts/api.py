"""REST endpoints for branches, teams and agents."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from frontline.accounts import selectors, services
from frontline.accounts.models import Agent, Branch, Team
from frontline.accounts.roles import Role, roles_of
from frontline.core.api_support import (
    Id,
    IdempotencyKey,
    Input,
    Page,
    PageQuery,
    create_idempotently,
    page_of,
    responses,
)

router = Router(tags=["people and organisation"])


# --- schemas --------------------------------------------------------------------------------------------------


class BranchOut(Schema):
    id: int
    name: str
    city: str
    time_zone: str
    phone_number: str


class BranchIn(Input):
    name: str = Field(..., min_length=1, max_length=120)
    city: str = Field(..., min_length=1, max_length=120)
    time_zone: str = Field(..., examples=["America/Toronto"])
    phone_number: str = Field(..., examples=["+14165550100"])


class BranchPatch(Input):
    name: str | None = Field(None, min_length=1, max_length=120)
    city: str | None = Field(None, min_length=1, max_length=120)
    time_zone: str | None = None
    phone_number: str | None = None


class TeamOut(Schema):
    id: int
    name: str
    branch_id: Id | None
    supervisor_id: Id | None


class TeamIn(Input):
    name: str = Field(..., min_length=1, max_length=120)
    branch_id: Id | None = None
    supervisor_id: Id | None = None


class TeamPatch(Input):
    name: str | None = Field(None, min_length=1, max_length=120)
    branch_id: Id | None = None
    supervisor_id: Id | None = None


class AgentOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str | None
    team_id: Id | None
    branch_id: Id | None
    extension: str
    skills: list[str]
    is_active: bool

    @staticmethod
    def resolve_username(agent: Agent) -> str:
        return agent.user.get_username()

    @staticmethod
    def resolve_name(agent: Agent) -> str:
        return agent.display_name

    @staticmethod
    def resolve_email(agent: Agent) -> str:
        return agent.user.email

    @staticmethod
    def resolve_role(agent: Agent) -> str | None:
        roles = sorted(role.value for role in roles_of(agent.user))
        return roles[0] if roles else None

    @staticmethod
    def resolve_skills(agent: Agent) -> list[str]:
        return sorted(skill.name for skill in agent.skills.all())


class AgentIn(Input):
    username: str = Field(..., min_length=1, max_length=150)
    first_name: str = Field(..., max_length=150)
    last_name: str = Field(..., max_length=150)
    email: str = ""
    role: Role = Role.AGENT
    password: str | None = Field(None, min_length=8, description="Omit to create a user who cannot sign in yet.")
    team_id: Id | None = None
    branch_id: Id | None = None
    extension: str = ""
    skills: list[str] = []
    is_active: bool = True


class AgentPatch(Input):
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    email: str | None = None
    role: Role | None = None
    team_id: Id | None = None
    branch_id: Id | None = None
    extension: str | None = None
    skills: list[str] | None = None
    is_active: bool | None = None


class MeOut(Schema):
    username: str
    roles: list[str]
    agent: AgentOut | None


def _changes(patch: Schema) -> dict[str, Any]:
    return patch.model_dump(exclude_unset=True, mode="python")


# --- routes ---------------------------------------------------------------------------------------------------


@router.get("/me", response=responses({200: MeOut}), summary="Who the caller is")
def me(request: HttpRequest) -> dict[str, Any]:
    agent = selectors.agent_of(request.user)
    if agent is not None:
        agent = selectors.get_agent(actor=request.user, agent_id=agent.pk)
    return {
        "username": request.user.get_username(),
        "roles": sorted(role.value for role in roles_of(request.user)),
        "agent": agent,
    }


@router.get("/branches", response=responses({200: Page[BranchOut]}), summary="List branches")
def list_branches(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return page_of(selectors.list_branches(actor=request.user, cursor=page.cursor, limit=page.limit))


@router.post("/branches", response=responses({201: BranchOut}), summary="Create a branch")
def create_branch(request: HttpRequest, payload: BranchIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_branch(actor=request.user, **payload.model_dump()),
        output=BranchOut,
    )


@router.get("/branches/{branch_id}", response=responses({200: BranchOut}), summary="Read a branch")
def get_branch(request: HttpRequest, branch_id: Id) -> Branch:
    return selectors.get_branch(actor=request.user, branch_id=branch_id)


@router.patch("/branches/{branch_id}", response=responses({200: BranchOut}), summary="Update a branch")
def update_branch(request: HttpRequest, branch_id: Id, payload: BranchPatch) -> Branch:
    with transaction.atomic():
        return services.update_branch(actor=request.user, branch_id=branch_id, changes=_changes(payload))


@router.get("/teams", response=responses({200: Page[TeamOut]}), summary="List teams")
def list_teams(request: HttpRequest, page: Query[PageQuery], branch: Id | None = None) -> dict[str, Any]:
    return page_of(selectors.list_teams(actor=request.user, cursor=page.cursor, limit=page.limit, branch_id=branch))


@router.post("/teams", response=responses({201: TeamOut}), summary="Create a team")
def create_team(request: HttpRequest, payload: TeamIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_team(actor=request.user, **payload.model_dump()),
        output=TeamOut,
    )


@router.get("/teams/{team_id}", response=responses({200: TeamOut}), summary="Read a team")
def get_team(request: HttpRequest, team_id: Id) -> Team:
    return selectors.get_team(actor=request.user, team_id=team_id)


@router.patch("/teams/{team_id}", response=responses({200: TeamOut}), summary="Update a team")
def update_team(request: HttpRequest, team_id: Id, payload: TeamPatch) -> Team:
    with transaction.atomic():
        return services.update_team(actor=request.user, team_id=team_id, changes=_changes(payload))


class AgentQuery(PageQuery):
    team: Id | None = None
    branch: Id | None = None
    is_active: bool | None = None


@router.get("/agents", response=responses({200: Page[AgentOut]}), summary="List agents")
def list_agents(request: HttpRequest, query: Query[AgentQuery]) -> dict[str, Any]:
    return page_of(
        selectors.list_agents(
            actor=request.user,
            cursor=query.cursor,
            limit=query.limit,
            team_id=query.team,
            branch_id=query.branch,
            is_active=query.is_active,
        )
    )


@router.post("/agents", response=responses({201: AgentOut}), summary="Create an agent (a user with a role)")
def create_agent(request: HttpRequest, payload: AgentIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_agent(actor=request.user, **payload.model_dump()),
        output=AgentOut,
    )


@router.get("/agents/{agent_id}", response=responses({200: AgentOut}), summary="Read an agent")
def get_agent(request: HttpRequest, agent_id: Id) -> Agent:
    return selectors.get_agent(actor=request.user, agent_id=agent_id)


@router.patch("/agents/{agent_id}", response=responses({200: AgentOut}), summary="Update an agent")
def update_agent(request: HttpRequest, agent_id: Id, payload: AgentPatch) -> Agent:
    with transaction.atomic():
        services.update_agent(actor=request.user, agent_id=agent_id, changes=_changes(payload))
    return selectors.get_agent(actor=request.user, agent_id=agent_id)
