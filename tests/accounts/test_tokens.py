"""API tokens: stored as a digest only, shown once, revocable, acting with their user's roles."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from frontline.accounts import services
from frontline.accounts.models import ApiToken
from frontline.core.errors import Conflict, ValidationFailed


def test_only_the_digest_is_stored(org):
    token, secret = services.issue_api_token(actor=None, name="phone-system", username="operations")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("fl_") and len(secret) > 40
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert stored.prefix == secret[:10]


def test_a_token_authenticates_as_its_user_until_revoked(org, api, client):
    token, secret = services.issue_api_token(actor=None, name="crm", username="agent")
    headers = {"Authorization": f"Bearer {secret}"}
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json()["username"] == "agent"
    assert me.json()["roles"] == ["agent"]
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=None)
    client.get("/api/v1/me", headers=headers)
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None

    services.revoke_api_token(actor=None, name="crm")
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_token_of_a_deactivated_user_stops_working(org, client):
    _, secret = services.issue_api_token(actor=None, name="crm", username="agent")
    user = org.user("agent")
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer fl_madeup", "Token abc", "Bearer "])
def test_bad_tokens_are_401(org, client, header):
    response = client.get("/api/v1/cases", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_names_are_unique_and_users_must_exist(org):
    services.issue_api_token(actor=None, name="crm", username="agent")
    with pytest.raises(Conflict):
        services.issue_api_token(actor=None, name="crm", username="agent")
    with pytest.raises(ValidationFailed):
        services.issue_api_token(actor=None, name="other", username="ghost")


def test_only_admins_issue_tokens(org):
    from frontline.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.issue_api_token(actor=org.user("supervisor"), name="x", username="agent")
    services.issue_api_token(actor=org.user("admin"), name="x", username="agent")


def test_the_command_creates_lists_and_revokes(org, client):
    out = StringIO()
    call_command("token", "create", "billing-sync", "--user", "supervisor", stdout=out)
    secret = next(line for line in out.getvalue().splitlines() if line.startswith("fl_"))
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).json()["username"] == "supervisor"

    listing = StringIO()
    call_command("token", "list", stdout=listing)
    assert "billing-sync" in listing.getvalue() and secret not in listing.getvalue()

    call_command("token", "revoke", "billing-sync", stdout=StringIO())
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    with pytest.raises(CommandError, match="No token named"):
        call_command("token", "revoke", "nothing-here", stdout=StringIO())
