"""The "Fix later" panel of the case page and the root-cause report, for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from frontline.authority.models import FollowUp, FollowUpStatus, RootCause
from frontline.cases.models import Case
from tests.conftest import Organisation

HTMX = {"HX-Request": "true", "HX-Target": "panel-fixes"}


def panel(client: Client, case_id: int) -> Any:
    return client.get(f"/desk/cases/{case_id}/panels/fixes/", headers=HTMX)


def promise(client: Client, case: Case, org: Organisation, **changes: str) -> Any:
    fields = {
        "title": "Replace the street cabinet card",
        "owner": str(org.agents["agent"].pk),
        "due_at": "2099-01-05T09:00",
        "notify_by": "email",
        **changes,
    }
    return client.post(f"/desk/cases/{case.pk}/fixes/", fields, headers=HTMX)


def test_an_agent_promises_a_fix_and_closes_it_with_cause_and_prevention(login, org, case) -> None:
    agent = login("agent")
    html = promise(agent, case, org).content.decode()
    assert "Promised: Replace the street cabinet card" in html
    fix = FollowUp.objects.get()

    refused = agent.post(f"/desk/fixes/{fix.pk}/done/", {"new_root_cause": "Faulty card"}, headers=HTMX)
    assert refused.status_code == 422
    assert "The fix was not closed" in refused.content.decode()
    assert FollowUp.objects.get().status == FollowUpStatus.OPEN

    closed = agent.post(
        f"/desk/fixes/{fix.pk}/done/",
        {"new_root_cause": "Faulty card", "prevention": "Cards are tested monthly"},
        headers=HTMX,
    ).content.decode()
    assert "Done: Replace the street cabinet card. The customer will be told by e-mail." in closed
    assert "Root cause: <strong>Faulty card</strong>" in closed
    assert RootCause.objects.get().name == "Faulty card"


def test_a_promise_with_bad_input_shows_its_errors_and_writes_nothing(login, org, case) -> None:
    response = promise(login("agent"), case, org, due_at="2001-01-01T09:00", title="")
    assert response.status_code == 422
    assert "The fix was not promised" in response.content.decode()
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("role", ["quality", "operations"])
def test_readers_see_the_fixes_but_cannot_promise_or_close(login, org, case, role) -> None:
    promise(login("agent"), case, org)
    client = login(role)  # the same test client, signed in again
    html = panel(client, case.pk).content.decode()
    assert "Replace the street cabinet card" in html
    assert "Promise a fix" not in html
    assert "Mark as done" not in html
    assert promise(client, case, org).status_code == 403
    fix = FollowUp.objects.get()
    response = client.post(f"/desk/fixes/{fix.pk}/done/", {"new_root_cause": "x", "prevention": "y"})
    assert response.status_code == 403
    assert FollowUp.objects.get().status == FollowUpStatus.OPEN


def test_the_root_cause_report_for_those_who_may_read_it(login, org, case) -> None:
    agent = login("agent")
    promise(agent, case, org)
    fix = FollowUp.objects.get()
    agent.post(f"/desk/fixes/{fix.pk}/done/", {"new_root_cause": "Faulty card", "prevention": "Tested"}, headers=HTMX)
    from frontline.cases import services as cases

    cases.resolve_case(actor=None, case_id=case.pk, resolution="Card replaced", root_cause="Faulty card")
    assert agent.get("/desk/reports/root-causes/").status_code == 403
    html = login("supervisor").get("/desk/reports/root-causes/?days=30").content.decode()
    assert "Faulty card" in html
    assert login("quality").get("/desk/reports/root-causes/?days=x").status_code == 400


def test_the_pages_need_a_signed_in_person(client: Client, org, case) -> None:
    assert panel(client, case.pk).status_code == 401
    assert client.get("/desk/reports/root-causes/").status_code == 302
    assert promise(client, case, org).status_code == 401
    assert not FollowUp.objects.exists()


def test_mark_as_done_is_offered_only_to_who_may_close_the_fix(login, org, case) -> None:
    promise(login("agent"), case, org, owner=str(org.agents["agent2"].pk))
    assert "Mark as done" not in panel(login("agent"), case.pk).content.decode()
    assert "Mark as done" in panel(login("agent2"), case.pk).content.decode()
    assert "Mark as done" in panel(login("supervisor"), case.pk).content.decode()


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("supervisor", ["Gestures and budgets", "Policies that cause most friction", "Root causes"]),
        ("quality", ["Gestures and budgets", "Policies that cause most friction", "Root causes"]),
        ("agent", ["Gestures and budgets"]),
    ],
)
def test_the_reports_page_lists_what_each_role_may_read(login, role, links) -> None:
    html = login(role).get("/desk/reports/").content.decode()
    for link in ["Gestures and budgets", "Policies that cause most friction", "Root causes"]:
        assert (f">{link}</a>" in html) == (link in links)
