"""Roles are groups whose permissions match the role table exactly."""

from __future__ import annotations

from django.contrib.auth.models import Group

from frontline.accounts.roles import ROLE_PERMISSIONS, Role, roles_of, sync_role_groups


def test_each_role_group_holds_exactly_its_permissions(db):
    sync_role_groups()
    for role, codes in ROLE_PERMISSIONS.items():
        if role is Role.ADMIN:
            continue
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(codes), role


def test_admins_can_manage_the_organisation_and_use_the_admin(org):
    admin = org.user("admin")
    assert admin.is_staff
    assert all(admin.has_perm(p) for p in ("accounts.add_team", "cases.change_category", "accounts.add_apitoken"))
    assert not org.user("supervisor").is_staff


def test_roles_of_reads_the_groups(org):
    assert roles_of(org.user("quality")) == {Role.QUALITY}


def test_changing_an_agents_role_is_audited(org):
    from frontline.accounts import services
    from frontline.core.models import AuditEntry

    services.update_agent(actor=None, agent_id=org.agents["agent2"].pk, changes={"role": "supervisor"})
    user = type(org.user("agent2")).objects.get(pk=org.user("agent2").pk)
    assert roles_of(user) == {Role.SUPERVISOR}
    assert AuditEntry.objects.filter(action="agent.role_changed", target_id=str(org.agents["agent2"].pk)).exists()


def test_permissions_are_read_in_one_query(org, django_assert_num_queries):
    from django.contrib.auth.models import User

    user = User.objects.get(username="supervisor")
    with django_assert_num_queries(1):
        assert user.has_perm("cases.reassign_any_case")
        assert user.has_perm("cases.add_case")
        assert not user.has_perm("accounts.add_team")


def test_a_superuser_holds_every_permission_and_an_inactive_user_none(org):
    from django.contrib.auth.models import User

    root = User.objects.create_superuser("root", password="x" * 12)
    assert User.objects.get(pk=root.pk).has_perm("accounts.add_apitoken")
    agent = User.objects.get(username="agent")
    agent.is_active = False
    assert not agent.has_perm("cases.view_case")
