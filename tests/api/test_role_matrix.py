"""Every endpoint, called anonymously, by a user without a role, by each role it refuses and each it allows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from frontline.accounts import services as accounts
from frontline.core.models import AuditEntry
from tests.api.endpoints import ALL_ROLES, ENDPOINTS, PUBLIC_OPERATIONS, Endpoint, World


def _matches(template: str, path: str) -> bool:
    """Whether a path fits an OpenAPI path template: each {parameter} stands for one segment of digits."""
    wanted, given = template.split("/"), path.split("?")[0].split("/")
    return len(wanted) == len(given) and all(
        part == value or (part.startswith("{") and value.isdigit()) for part, value in zip(wanted, given, strict=True)
    )


def test_every_operation_is_in_the_matrix_or_public_on_purpose(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = {
        (method, path.removeprefix("/api/v1")): operation
        for path, item in paths.items()
        for method, operation in item.items()
    }
    called = [(endpoint.method, endpoint.label().split(" ", 1)[1]) for endpoint in ENDPOINTS]
    for key, operation in operations.items():
        method, template = key
        if key in PUBLIC_OPERATIONS:
            assert not operation.get("security"), f"{method.upper()} {template} asks for sign-in"
            continue
        assert operation.get("security"), f"{method.upper()} {template} takes no sign-in: list it as public"
        assert any(m == method and _matches(template, path) for m, path in called), (
            f"{method.upper()} {template} is not in tests/api/endpoints.py"
        )
    for method, path in called:
        assert any(m == method and _matches(template, path) for m, template in operations), f"{method} {path}"
    assert set(PUBLIC_OPERATIONS) <= set(operations)


def _call(api_client, endpoint: Endpoint, world: World):
    path = endpoint.path(world)
    if endpoint.method == "get":
        return api_client.get(path)
    return getattr(api_client, endpoint.method)(path, endpoint.body(world))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.label())
def test_anonymous_callers_are_refused_with_401(api, world, endpoint):
    caller = api(None)
    before = AuditEntry.objects.count()
    response = _call(caller, endpoint, world)
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == "not_authenticated"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.label())
def test_a_user_without_a_role_is_refused_with_403(api, client, world, endpoint):
    User.objects.create_user("nobody", password="x" * 12)
    _, secret = accounts.issue_api_token(actor=None, name="nobody", username="nobody")
    from tests.conftest import ApiClient

    before = AuditEntry.objects.count()
    response = _call(ApiClient(client, secret), endpoint, world)
    if endpoint.label() == "GET /me":
        assert response.status_code == 200
        assert response.json()["roles"] == []
        return
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"
    assert AuditEntry.objects.count() == before


REFUSALS = [(e, role) for e in ENDPOINTS for role in ALL_ROLES if role not in e.allowed]
GRANTS = [(e, role) for e in ENDPOINTS for role in e.allowed]


@pytest.mark.parametrize(("endpoint", "role"), REFUSALS, ids=lambda v: v if isinstance(v, str) else v.label())
def test_a_role_without_the_permission_is_refused_and_nothing_is_written(api, world, endpoint, role):
    caller = api(role)
    before = AuditEntry.objects.count()
    response = _call(caller, endpoint, world)
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "permission_denied"
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(("endpoint", "role"), GRANTS, ids=lambda v: v if isinstance(v, str) else v.label())
def test_a_role_with_the_permission_succeeds(api, world, endpoint, role):
    caller = api(role)
    before = AuditEntry.objects.count()
    response = _call(caller, endpoint, world)
    assert response.status_code == endpoint.expected_status(), response.content
    if endpoint.method == "get" or not endpoint.writes:
        assert AuditEntry.objects.count() == before
    else:
        assert AuditEntry.objects.count() > before
