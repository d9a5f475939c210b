"""Shared fixtures: one organisation with a person in every role, a customer, a product tree and a case."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from frontline.accounts import services as accounts
from frontline.accounts.models import Agent, Branch, Team
from frontline.accounts.roles import Role
from frontline.cases import services as cases
from frontline.cases.models import Case, Category, Product
from frontline.customers import services as customers
from frontline.customers.models import Customer

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Give each test run its own PostgreSQL test database, so runs on one server never collide."""
    from django.conf import settings
    from pytest_django.fixtures import _set_suffix_to_test_databases

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        _set_suffix_to_test_databases(f"p{os.getpid()}")


@dataclass
class Organisation:
    branch: Branch
    other_branch: Branch
    team: Team
    other_team: Team
    agents: dict[str, Agent]  # by role, plus "agent2" (a second agent in the same team)

    def user(self, role: str) -> AbstractBaseUser:
        return self.agents[role].user


@pytest.fixture
def org(db: Any) -> Organisation:
    branch = accounts.create_branch(
        actor=None,
        name="Toronto Downtown",
        city="Toronto",
        time_zone="America/Toronto",
        phone_number="416 555 0100",
    )
    other_branch = accounts.create_branch(
        actor=None,
        name="Vancouver",
        city="Vancouver",
        time_zone="America/Vancouver",
        phone_number="+16045550100",
    )
    team = accounts.create_team(actor=None, name="Broadband support", branch_id=branch.pk)
    other_team = accounts.create_team(actor=None, name="Mobile support", branch_id=other_branch.pk)
    agents: dict[str, Agent] = {}
    for index, role in enumerate([*Role.values, "agent2"]):
        agents[role] = accounts.create_agent(
            actor=None,
            username=role,
            first_name=role.capitalize(),
            last_name="Example",
            email=f"{role}@example.com",
            role=Role.AGENT if role == "agent2" else role,
            password=PASSWORD,
            team_id=team.pk,
            branch_id=branch.pk,
            extension=f"{4100 + index}",
        )
    accounts.update_team(actor=None, team_id=team.pk, changes={"supervisor_id": agents["supervisor"].pk})
    return Organisation(branch=branch, other_branch=other_branch, team=team, other_team=other_team, agents=agents)


@pytest.fixture
def customer(org: Organisation) -> Customer:
    return customers.create_customer(
        actor=None,
        account_number="ACC-1001",
        name="Ada Lovelace",
        email="ada@example.com",
        phone="+14165550199",
        tier="premium",
        branch_id=org.branch.pk,
        relationship_owner_id=org.agents["agent"].pk,
        customer_since=dt.date(2019, 5, 1),
        revenue_amount="1200.00",
        cost_to_serve_amount="180.50",
    )


@pytest.fixture
def product(db: Any) -> Product:
    return cases.create_product(actor=None, code="fibre", name="Fibre Broadband")


@pytest.fixture
def categories(db: Any) -> dict[str, Category]:
    connectivity = cases.create_category(actor=None, name="Connectivity")
    outage = cases.create_category(actor=None, name="Outage", parent_id=connectivity.pk)
    slow = cases.create_category(actor=None, name="Slow speeds", parent_id=connectivity.pk)
    billing = cases.create_category(actor=None, name="Billing")
    return {"connectivity": connectivity, "outage": outage, "slow": slow, "billing": billing}


@pytest.fixture
def case(org: Organisation, customer: Customer, product: Product, categories: dict[str, Category]) -> Case:
    return cases.open_case(
        actor=None,
        customer_id=customer.pk,
        subject="Router keeps dropping the connection",
        description="Since Monday the fibre router loses sync every evening around eight.",
        product_id=product.pk,
        category_id=categories["outage"].pk,
        owner_id=org.agents["agent"].pk,
    )


@pytest.fixture
def login(client: Client, org: Organisation) -> Callable[[str], Client]:
    """Sign the test client in as the person holding `role` (or 'agent2')."""

    def sign_in(role: str) -> Client:
        client.force_login(org.user(role))
        return client

    return sign_in


@pytest.fixture
def token_for(org: Organisation) -> Callable[[str], str]:
    """Issue an API token acting as the person holding `role`."""
    issued: dict[str, str] = {}

    def issue(role: str) -> str:
        if role not in issued:
            _, secret = accounts.issue_api_token(actor=None, name=f"test-{role}", username=role)
            issued[role] = secret
        return issued[role]

    return issue


class ApiClient:
    """A JSON client for /api/v1 that authenticates with a bearer token (or not at all)."""

    def __init__(self, client: Client, token: str | None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None, **query: Any):
        call = getattr(self.client, method)
        url = f"/api/v1{path}"
        all_headers = {**self.headers, **(headers or {})}
        if method in ("get", "delete"):
            return call(url, query, headers=all_headers)
        return call(url, body, content_type="application/json", headers=all_headers)

    def get(self, path: str, **query: Any):
        return self._call("get", path, **query)

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None):
        return self._call("post", path, body, headers)

    def patch(self, path: str, body: Any):
        return self._call("patch", path, body)

    def put(self, path: str, body: Any):
        return self._call("put", path, body)


@pytest.fixture
def api(client: Client, token_for: Callable[[str], str]) -> Callable[[str | None], ApiClient]:
    """An API client acting as `role` by token; None for an anonymous caller."""

    def make(role: str | None) -> ApiClient:
        return ApiClient(client, token_for(role) if role else None)

    return make


@pytest.fixture(autouse=True)
def assist_index_in_a_temporary_folder(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Each test's similar-case snapshots live in a folder of its own, and no process-wide index outlives it."""
    from frontline.assist import engine, tasks

    settings.ASSIST_INDEX_DIR = tmp_path_factory.mktemp("assist-index")
    engine.HOLDER.forget()
    tasks.forget_build_request()
    yield settings.ASSIST_INDEX_DIR
    engine.HOLDER.forget()
