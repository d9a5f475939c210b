"""The Django admin: admins issue and revoke API tokens there, and every edit made there is audited."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages

from frontline.accounts.models import ApiToken, Branch
from frontline.core.models import AuditEntry


def test_an_admin_issues_a_token_and_sees_the_secret_once(login, org, client):
    admin = login("admin")
    response = admin.post(
        "/admin/accounts/apitoken/add/", {"name": "billing-sync", "user": org.user("operations").pk}, follow=True
    )
    assert response.status_code == 200
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    secret = re.search(r"fl_[\w-]+", shown).group(0)
    token = ApiToken.objects.get(name="billing-sync")
    assert secret.startswith(token.prefix)
    assert secret not in (token.digest, token.prefix)
    admin.logout()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["username"] == "operations"
    assert AuditEntry.objects.filter(action="api_token.issued", actor__username="admin").exists()


def test_an_admin_revokes_tokens_with_the_action(login, org, client):
    from frontline.accounts import services

    token, secret = services.issue_api_token(actor=None, name="crm", username="agent")
    admin = login("admin")
    admin.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    token.refresh_from_db()
    assert token.revoked_at is not None
    admin.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_edits_in_the_admin_are_audited(login, org):
    admin = login("admin")
    branch = org.branch
    response = admin.post(
        f"/admin/accounts/branch/{branch.pk}/change/",
        {"name": branch.name, "city": "North York", "time_zone": branch.time_zone, "phone_number": branch.phone_number},
    )
    assert response.status_code == 302
    assert Branch.objects.get(pk=branch.pk).city == "North York"
    entry = AuditEntry.objects.get(action="branch.admin_saved")
    assert entry.changes == {"city": ["Toronto", "North York"]}
    assert entry.actor_label == "admin"


def test_other_roles_cannot_use_the_admin(login, org):
    for role in ("agent", "supervisor", "quality", "operations"):
        response = login(role).get("/admin/accounts/apitoken/")
        assert response.status_code == 302, role
        assert "/admin/login/" in response["Location"]
