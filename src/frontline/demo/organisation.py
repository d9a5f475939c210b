"""The demo company's organisation: branches, teams, agents, demo log-ins, products and categories.

These rows are few, so they go through the services and are audited like any other write.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from faker import Faker

from frontline.accounts import services as accounts
from frontline.accounts.models import Agent, Branch
from frontline.accounts.roles import Role, sync_role_groups
from frontline.cases import services as cases
from frontline.demo import catalogue
from frontline.demo.catalogue_base import Team

DEMO_PASSWORD = "frontline-demo"  # noqa: S105 - published on purpose: the demo's log-ins
# The demo log-ins: username, first and last name, role, and the team they work in (None: no team).
DEMO_USERS = (
    ("agent", "Avery", "Tremblay", Role.AGENT, "broadband"),
    ("supervisor", "Morgan", "Chen", Role.SUPERVISOR, "broadband"),
    ("quality", "Quinn", "Okafor", Role.QUALITY, None),
    ("operations", "Riley", "Martin", Role.OPERATIONS, None),
    ("admin", "Alex", "Roy", Role.ADMIN, None),
)
EXTENSION_PREFIXES = {
    "toronto": "41",
    "montreal": "51",
    "vancouver": "60",
    "calgary": "40",
    "winnipeg": "20",
    "halifax": "90",
}


@dataclass
class Organisation:
    """The ids of what `build_organisation` created, by catalogue key."""

    branches: dict[str, Branch] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    team_agents: dict[str, list[int]] = field(default_factory=dict)  # front-line agents, supervisor excluded
    supervisors: dict[str, int] = field(default_factory=dict)
    branch_agents: dict[str, list[int]] = field(default_factory=dict)
    products: dict[str, int] = field(default_factory=dict)
    categories: dict[str, int] = field(default_factory=dict)  # by path
    demo_agent_id: int = 0

    @property
    def agent_count(self) -> int:
        """How many agent profiles were created."""
        return len({agent for agents in self.branch_agents.values() for agent in agents})


@lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """The demo password, hashed once per process (hashing is slow on purpose)."""
    return make_password(DEMO_PASSWORD)


def ascii_word(text: str) -> str:
    """`text` as lower-case ASCII letters only, for user names and e-mail addresses."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalpha())


class _Staffing:
    """Hands out names, user names and extensions for new agents."""

    def __init__(self, rng: random.Random, faker: Faker, faker_fr: Faker) -> None:
        self.rng, self.faker, self.faker_fr = rng, faker, faker_fr
        self.usernames: set[str] = {username for username, *_ in DEMO_USERS}
        self.extensions: dict[str, int] = dict.fromkeys(EXTENSION_PREFIXES, 10)

    def name(self, branch: str) -> tuple[str, str]:
        """A first and last name, French more often in Montréal."""
        source = self.faker_fr if branch == "montreal" else self.faker
        return source.first_name(), source.last_name()

    def username(self, first: str, last: str) -> str:
        """A unique user name such as jordan.smith (jordan.smith2 when taken)."""
        base = f"{ascii_word(first)}.{ascii_word(last)}"
        candidate, number = base, 1
        while candidate in self.usernames:
            number += 1
            candidate = f"{base}{number}"
        self.usernames.add(candidate)
        return candidate

    def extension(self, branch: str) -> str:
        """The branch's next free phone extension."""
        self.extensions[branch] += 1
        return f"{EXTENSION_PREFIXES[branch]}{self.extensions[branch]:02d}"


def _create_agent(
    organisation: Organisation,
    staffing: _Staffing,
    *,
    team: Team | None,
    branch: str,
    role: Role,
    identity: tuple[str, str, str] | None = None,
) -> Agent:
    """One agent; `identity` (username, first, last) marks a demo log-in, which gets the demo password."""
    username, first, last = identity or ("", *staffing.name(branch))
    username = username or staffing.username(first, last)
    skills = [*(team.skills if team else ()), "English"]
    if branch == "montreal" or staffing.rng.random() < 0.2:
        skills.append("French")
    agent = accounts.create_agent(
        actor=None,
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@maplewave.example.com",
        role=role,
        team_id=organisation.teams[team.key] if team else None,
        branch_id=organisation.branches[branch].pk,
        extension=staffing.extension(branch),
        skills=skills,
    )
    if identity is not None:
        agent.user.password = demo_password_hash()
        agent.user.save(update_fields=["password"])
    organisation.branch_agents.setdefault(branch, []).append(agent.pk)
    return agent


def _demo_identity(team_key: str | None, role: Role) -> tuple[str, str, str] | None:
    """The demo log-in (username, first and last name) that holds `role` in team `team_key`, if any."""
    for username, first, last, demo_role, demo_team in DEMO_USERS:
        if demo_team == team_key and demo_role is role:
            return username, first, last
    return None


def _staff_team(organisation: Organisation, staffing: _Staffing, team: Team) -> None:
    supervisor = _create_agent(
        organisation,
        staffing,
        team=team,
        branch=team.branch,
        role=Role.SUPERVISOR,
        identity=_demo_identity(team.key, Role.SUPERVISOR),
    )
    accounts.update_team(actor=None, team_id=organisation.teams[team.key], changes={"supervisor_id": supervisor.pk})
    organisation.supervisors[team.key] = supervisor.pk
    members: list[int] = []
    demo_identity = _demo_identity(team.key, Role.AGENT)
    if demo_identity is not None:
        demo_agent = _create_agent(
            organisation, staffing, team=team, branch=team.branch, role=Role.AGENT, identity=demo_identity
        )
        organisation.demo_agent_id = demo_agent.pk
        members.append(demo_agent.pk)
    while len(members) < team.agents:
        members.append(_create_agent(organisation, staffing, team=team, branch=team.branch, role=Role.AGENT).pk)
    organisation.team_agents[team.key] = members


def _create_places(organisation: Organisation) -> None:
    for branch in catalogue.BRANCHES:
        organisation.branches[branch.key] = accounts.create_branch(
            actor=None,
            name=branch.name,
            city=branch.city,
            time_zone=branch.time_zone,
            phone_number=branch.phone_number,
        )
    for team in catalogue.TEAMS:
        created = accounts.create_team(actor=None, name=team.name, branch_id=organisation.branches[team.branch].pk)
        organisation.teams[team.key] = created.pk


def _create_products_and_categories(organisation: Organisation) -> None:
    for product in catalogue.PRODUCTS:
        organisation.products[product.code] = cases.create_product(actor=None, code=product.code, name=product.name).pk
    for path in catalogue.category_paths():
        parent = catalogue.parent_path(path)
        name = path.rsplit(catalogue.PATH_SEPARATOR, 1)[-1]
        parent_id = organisation.categories[parent] if parent else None
        organisation.categories[path] = cases.create_category(actor=None, name=name, parent_id=parent_id).pk


def build_organisation(*, rng: random.Random, seed: int) -> Organisation:
    """Create the branches, teams (each with a supervisor), agents, demo log-ins, products and categories."""
    sync_role_groups()
    faker, faker_fr = Faker("en_CA"), Faker("fr_CA")
    faker.seed_instance(seed)
    faker_fr.seed_instance(seed)
    organisation = Organisation()
    staffing = _Staffing(rng, faker, faker_fr)
    _create_places(organisation)
    for team in catalogue.TEAMS:
        _staff_team(organisation, staffing, team)
    for username, first, last, role, team_key in DEMO_USERS:
        if team_key is None:
            identity = (username, first, last)
            _create_agent(organisation, staffing, team=None, branch="toronto", role=role, identity=identity)
    _create_products_and_categories(organisation)
    return organisation
