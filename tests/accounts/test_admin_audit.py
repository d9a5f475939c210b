"""Everything the Django admin writes is audited: many-to-many changes, bulk deletes and the category tree."""

from __future__ import annotations

from frontline.accounts import services
from frontline.accounts.models import Agent, Skill
from frontline.cases import services as cases
from frontline.cases.models import Category
from frontline.core.models import AuditEntry


def entries(prefix):
    return [
        (e.actor_label, e.action, e.target_type, e.target_id, e.changes)
        for e in AuditEntry.objects.filter(action__startswith=prefix).order_by("pk")
    ]


def parent_of(category):
    parent = Category.objects.get_parent(Category.objects.get(pk=category.pk), update=True)
    return parent.pk if parent else None


# --- many-to-many ---------------------------------------------------------------------------------------------


def test_changing_an_agents_skills_in_the_admin_is_one_audited_save(login, org):
    # Given an agent with the skills Billing and Fibre, and a skill Mobile
    agent = org.agents["agent"]
    services.update_agent(actor=None, agent_id=agent.pk, changes={"skills": ["Billing", "Fibre"]})
    services.update_agent(actor=None, agent_id=org.agents["agent2"].pk, changes={"skills": ["Mobile"]})
    billing, fibre, mobile = (Skill.objects.get(name=name) for name in ("Billing", "Fibre", "Mobile"))
    admin = login("admin")

    # When an admin swaps Billing for Mobile and changes the extension in one save
    response = admin.post(
        f"/admin/accounts/agent/{agent.pk}/change/",
        {
            "user": agent.user.pk,
            "team": org.team.pk,
            "branch": org.branch.pk,
            "extension": "4199",
            "is_active": "on",
            "skills": [fibre.pk, mobile.pk],
        },
    )

    # Then both are written and recorded in one entry, skills as sorted keys
    assert response.status_code == 302
    assert set(Agent.objects.get(pk=agent.pk).skills.all()) == {fibre, mobile}
    assert entries("agent.admin") == [
        (
            "admin",
            "agent.admin_saved",
            "accounts.agent",
            str(agent.pk),
            {
                "extension": ["4100", "4199"],
                "skills": [sorted([billing.pk, fibre.pk]), sorted([fibre.pk, mobile.pk])],
            },
        )
    ]


def test_unchanged_skills_are_not_recorded(login, org):
    agent = org.agents["agent"]
    services.update_agent(actor=None, agent_id=agent.pk, changes={"skills": ["Fibre"]})
    fibre = Skill.objects.get(name="Fibre")
    response = login("admin").post(
        f"/admin/accounts/agent/{agent.pk}/change/",
        {
            "user": agent.user.pk,
            "team": org.team.pk,
            "branch": org.branch.pk,
            "extension": "4199",
            "is_active": "on",
            "skills": [fibre.pk],
        },
    )
    assert response.status_code == 302
    assert entries("agent.admin") == [
        ("admin", "agent.admin_saved", "accounts.agent", str(agent.pk), {"extension": ["4100", "4199"]})
    ]


# --- deletes --------------------------------------------------------------------------------------------------


def test_delete_selected_records_one_entry_per_row_before_deleting(login, org):
    # Given three skills, one of them held by an agent
    services.update_agent(actor=None, agent_id=org.agents["agent"].pk, changes={"skills": ["Billing", "Fibre"]})
    services.update_agent(actor=None, agent_id=org.agents["agent2"].pk, changes={"skills": ["Mobile"]})
    billing, fibre, mobile = (Skill.objects.get(name=name) for name in ("Billing", "Fibre", "Mobile"))
    admin = login("admin")

    # When an admin deletes two of them with the "delete selected" action
    response = admin.post(
        "/admin/accounts/skill/",
        {"action": "delete_selected", "_selected_action": [billing.pk, mobile.pk], "post": "yes"},
    )

    # Then they are gone, and each has its own entry
    assert response.status_code == 302
    assert list(Skill.objects.all()) == [fibre]
    assert sorted(entries("skill.")) == sorted(
        [
            ("admin", "skill.admin_deleted", "accounts.skill", str(billing.pk), {}),
            ("admin", "skill.admin_deleted", "accounts.skill", str(mobile.pk), {}),
        ]
    )


def test_deleting_a_category_records_everything_under_it(login, categories):
    # Given Connectivity with Outage and Slow speeds under it, and Billing beside it
    admin = login("admin")
    connectivity, outage, slow = categories["connectivity"], categories["outage"], categories["slow"]

    # When an admin deletes Connectivity on its delete page
    response = admin.post(f"/admin/cases/category/{connectivity.pk}/delete/", {"post": "yes"})

    # Then the subtree is gone, and every row deleted has an entry
    assert response.status_code == 302
    assert list(Category.objects.values_list("name", flat=True)) == ["Billing"]
    assert entries("category.admin") == [
        ("admin", "category.admin_deleted", "cases.category", str(connectivity.pk), {}),
        ("admin", "category.admin_deleted", "cases.category", str(outage.pk), {}),
        ("admin", "category.admin_deleted", "cases.category", str(slow.pk), {}),
    ]


def test_delete_selected_records_a_category_under_a_selected_one_once(login, categories):
    admin = login("admin")
    connectivity, outage, slow = categories["connectivity"], categories["outage"], categories["slow"]
    response = admin.post(
        "/admin/cases/category/",
        {"action": "delete_selected", "_selected_action": [connectivity.pk, outage.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Category.objects.values_list("name", flat=True)) == ["Billing"]
    assert sorted(target for _, _, _, target, _ in entries("category.admin")) == sorted(
        str(c.pk) for c in (connectivity, outage, slow)
    )


# --- the category tree ----------------------------------------------------------------------------------------


def test_drag_and_drop_moves_are_refused(login, categories):
    # Given Slow speeds under Connectivity
    admin = login("admin")
    slow, billing = categories["slow"], categories["billing"]

    # When an admin drops it onto Billing (treebeard's move view)
    response = admin.post("/admin/cases/category/move/", {"node": slow.pk, "target": billing.pk, "relation": "child"})

    # Then the move is refused, nothing moved, and nothing was recorded
    assert response.status_code == 403
    assert parent_of(slow) == categories["connectivity"].pk
    assert entries("category.admin") == []


def test_moving_and_renaming_on_the_change_page_is_audited(login, categories):
    # Given Slow speeds under Connectivity
    admin = login("admin")
    slow, billing = categories["slow"], categories["billing"]

    # When an admin renames it and moves it under Billing in one save
    response = admin.post(
        f"/admin/cases/category/{slow.pk}/change/",
        {"name": "Slow broadband", "treebeard_position": "first-child", "treebeard_ref_node": billing.pk},
    )

    # Then both happened and one entry records the old and new name and parent
    assert response.status_code == 302
    assert parent_of(slow) == billing.pk
    assert entries("category.admin") == [
        (
            "admin",
            "category.admin_saved",
            "cases.category",
            str(slow.pk),
            {"name": ["Slow speeds", "Slow broadband"], "parent_id": [categories["connectivity"].pk, billing.pk]},
        )
    ]


def test_a_move_that_would_give_a_parent_two_children_of_one_name_is_refused(login, categories):
    # Given Outage under Connectivity, and another "outage" under Billing
    admin = login("admin")
    outage, billing = categories["outage"], categories["billing"]
    cases.create_category(actor=None, name="outage", parent_id=billing.pk)

    # When an admin moves Connectivity's Outage under Billing on its change page
    response = admin.post(
        f"/admin/cases/category/{outage.pk}/change/",
        {"name": "Outage", "treebeard_position": "first-child", "treebeard_ref_node": billing.pk},
    )

    # Then the form refuses it, and nothing moved or was recorded
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": ["'Outage' already exists here."]}
    assert parent_of(outage) == categories["connectivity"].pk
    assert entries("category.admin") == []


def test_a_new_category_records_its_name_and_parent(login, categories):
    admin = login("admin")
    connectivity = categories["connectivity"]
    refused = admin.post(
        "/admin/cases/category/add/",
        {"name": "slow SPEEDS", "treebeard_position": "first-child", "treebeard_ref_node": connectivity.pk},
    )
    added = admin.post(
        "/admin/cases/category/add/",
        {"name": "Fibre cuts", "treebeard_position": "first-child", "treebeard_ref_node": connectivity.pk},
    )
    assert (refused.status_code, added.status_code) == (200, 302)
    new = Category.objects.get(name="Fibre cuts")
    assert parent_of(new) == connectivity.pk
    assert entries("category.admin") == [
        (
            "admin",
            "category.admin_saved",
            "cases.category",
            str(new.pk),
            {"name": [None, "Fibre cuts"], "parent_id": [None, connectivity.pk]},
        )
    ]
