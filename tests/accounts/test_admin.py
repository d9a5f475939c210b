"""The Django admin: admins issue and revoke API tokens there, and every edit made there is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages

from frontline.accounts import services
from frontline.accounts.models import ApiToken, Branch
from frontline.core.models import AuditEntry
from tests.conftest import PASSWORD


@pytest.fixture
def root(org):
    """A superuser (no role: superusers hold every permission)."""
    return User.objects.create_superuser("root", "root@example.com", PASSWORD)


def entries(action):
    return [
        (e.actor_label, e.target_type, e.target_id, e.changes)
        for e in AuditEntry.objects.filter(action=action).order_by("pk")
    ]


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
    token, secret = services.issue_api_token(actor=None, name="crm", username="agent")
    admin = login("admin")
    response = admin.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert entries("api_token.revoked") == [
        ("admin", "accounts.apitoken", str(token.pk), {"revoked_at": [None, str(token.revoked_at)]})
    ]
    admin.logout()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_an_admin_cannot_issue_a_token_acting_as_a_superuser(login, org, root):
    # Given an admin (not a superuser) and a superuser account
    admin = login("admin")

    # When the admin opens the token form and submits it for the superuser
    offered = admin.get("/admin/accounts/apitoken/add/").context["adminform"].form.fields["user"].queryset
    response = admin.post("/admin/accounts/apitoken/add/", {"name": "backdoor", "user": root.pk})

    # Then the superuser is not offered, the form refuses it, and nothing is issued or audited
    assert root not in offered
    assert set(offered) == set(User.objects.filter(is_superuser=False))
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["user"]
    assert not ApiToken.objects.exists()
    assert entries("api_token.issued") == []


def test_a_superuser_may_issue_a_token_acting_as_a_superuser(client, org, root):
    # Given a superuser signed in to the admin
    client.force_login(root)

    # When they issue a token acting as themselves
    response = client.post("/admin/accounts/apitoken/add/", {"name": "ops-robot", "user": root.pk})

    # Then it is issued, by them, and audited
    assert response.status_code == 302
    token = ApiToken.objects.get(name="ops-robot")
    assert token.user == root
    assert entries("api_token.issued") == [
        (
            "root",
            "accounts.apitoken",
            str(token.pk),
            {"name": [None, "ops-robot"], "user": [None, "root"], "prefix": [None, token.prefix]},
        )
    ]


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


# --- users ----------------------------------------------------------------------------------------------------


def test_an_admin_cannot_make_itself_superuser_or_change_its_permissions(login, org):
    # Given the admin role, which may change users (auth.change_user) but is not a superuser
    me = org.user("admin")
    admin = login("admin")
    other_group = Group.objects.get(name="supervisor")
    permission = Permission.objects.get(codename="delete_user")

    # When it posts superuser, staff, groups and permissions for itself, along with a new last name
    response = admin.post(
        f"/admin/auth/user/{me.pk}/change/",
        {
            "username": "admin",
            "first_name": "Admin",
            "last_name": "Boss",
            "email": "admin@example.com",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [other_group.pk],
            "user_permissions": [permission.pk],
            "date_joined_0": "2020-01-01",
            "date_joined_1": "00:00:00",
        },
    )

    # Then only the name changed, and that change is audited
    assert response.status_code == 302
    me = User.objects.get(pk=me.pk)
    assert (me.last_name, me.is_superuser, me.is_staff) == ("Boss", False, True)
    assert list(me.groups.values_list("name", flat=True)) == ["admin"]
    assert not me.user_permissions.exists()
    assert me.date_joined.year != 2020
    assert entries("user.admin_saved") == [("admin", "auth.user", str(me.pk), {"last_name": ["Example", "Boss"]})]


def test_the_admin_role_sees_permission_fields_read_only(login, org):
    admin = login("admin")
    response = admin.get(f"/admin/auth/user/{org.user('agent').pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.fields) == {"username", "password", "first_name", "last_name", "email", "is_active"}


def test_a_superuser_grants_superuser_and_it_is_audited(client, org, root):
    # Given a superuser, and an agent whose dates are known
    agent = org.user("agent")
    User.objects.filter(pk=agent.pk).update(date_joined=dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC))
    client.force_login(root)

    # When the superuser makes the agent a superuser in the admin
    response = client.post(
        f"/admin/auth/user/{agent.pk}/change/",
        {
            "username": "agent",
            "first_name": "Agent",
            "last_name": "Example",
            "email": "agent@example.com",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name="agent").pk],
            "date_joined_0": "2024-03-01",
            "date_joined_1": "09:30:00",
        },
    )

    # Then it is done and recorded with exactly that change
    assert response.status_code == 302
    assert User.objects.get(pk=agent.pk).is_superuser
    assert entries("user.admin_saved") == [("root", "auth.user", str(agent.pk), {"is_superuser": [False, True]})]


def test_an_admin_cannot_change_a_superusers_account_or_password(login, org, root):
    # Given a superuser account and the admin role
    admin = login("admin")
    hashed = root.password

    # When the admin tries to edit it or set its password
    change = admin.post(
        f"/admin/auth/user/{root.pk}/change/", {"username": "root", "email": "mine@example.com", "is_active": "on"}
    )
    password = admin.post(
        f"/admin/auth/user/{root.pk}/password/",
        {"password1": "taken-over-9731", "password2": "taken-over-9731", "usable_password": "true"},
    )

    # Then both are refused, and nothing changed or was recorded
    assert (change.status_code, password.status_code) == (403, 403)
    root.refresh_from_db()
    assert (root.email, root.password) == ("root@example.com", hashed)
    assert AuditEntry.objects.filter(target_type="auth.user").count() == 0


def test_password_changes_in_the_admin_are_audited_without_the_password(login, org, client):
    # Given the admin role and an agent
    agent = org.user("agent")
    admin = login("admin")

    # When the admin sets the agent's password, then turns password sign-in off
    set_password = admin.post(
        f"/admin/auth/user/{agent.pk}/password/",
        {"password1": "fresh-lettuce-8214", "password2": "fresh-lettuce-8214", "usable_password": "true"},
    )
    unset = admin.post(f"/admin/auth/user/{agent.pk}/password/", {"usable_password": "false", "unset-password": "1"})

    # Then each is one entry, the second saying password sign-in was turned off, and no hash is recorded
    assert (set_password.status_code, unset.status_code) == (302, 302)
    assert entries("user.admin_password_changed") == [
        ("admin", "auth.user", str(agent.pk), {}),
        ("admin", "auth.user", str(agent.pk), {"usable_password": [True, False]}),
    ]
    assert not User.objects.get(pk=agent.pk).has_usable_password()


def test_a_refused_password_change_is_not_audited(login, org):
    agent = org.user("agent")
    response = login("admin").post(
        f"/admin/auth/user/{agent.pk}/password/",
        {"password1": "fresh-lettuce-8214", "password2": "different-8214", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert entries("user.admin_password_changed") == []


def test_users_added_in_the_admin_are_audited_without_the_password(login, org):
    admin = login("admin")
    response = admin.post(
        "/admin/auth/user/add/",
        {
            "username": "newbie",
            "usable_password": "true",
            "password1": "fresh-lettuce-8214",
            "password2": "fresh-lettuce-8214",
        },
    )
    assert response.status_code == 302
    newbie = User.objects.get(username="newbie")
    assert (newbie.is_staff, newbie.is_superuser) == (False, False)
    assert entries("user.admin_saved") == [("admin", "auth.user", str(newbie.pk), {"username": [None, "newbie"]})]
