"""Every endpoint, called anonymously, by a user without a role, by each role it refuses and each it allows."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from frontline.accounts import services as accounts
from frontline.core.models import AuditEntry
from tests.api.endpoints import ALL_ROLES, ENDPOINTS, Endpoint, World


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
