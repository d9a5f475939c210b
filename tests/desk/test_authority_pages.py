"""The gestures panel of the case page and the supervisor's approvals page, for each role."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from frontline.authority import defaults
from frontline.authority import services as authority
from frontline.authority.models import AuthorityProfile, Gesture, GestureStatus, GestureType
from frontline.cases.models import Case
from tests.conftest import Organisation

HTMX = {"HX-Request": "true", "HX-Target": "panel-authority"}


@pytest.fixture(autouse=True)
def authority_defaults(db: Any) -> None:
    defaults.install(GestureType, AuthorityProfile, settings.FRONTLINE_DEFAULT_CURRENCY)


def panel(client: Client, case_id: int) -> Any:
    return client.get(f"/desk/cases/{case_id}/panels/authority/", headers=HTMX)


def give(client: Client, case_id: int, **fields: str) -> Any:
    return client.post(f"/desk/cases/{case_id}/gestures/", fields, headers=HTMX)


@pytest.mark.parametrize("role", ["agent", "supervisor", "admin"])
def test_people_who_serve_customers_see_their_budget_and_the_form(login, case: Case, role: str) -> None:
    html = panel(login(role), case.pk).content.decode()
    assert "Your budget this month" in html
    assert 'id="give-gesture"' in html
    assert "No gesture on this case yet." in html


def test_quality_sees_the_gestures_given_but_cannot_give(login, org: Organisation, case: Case) -> None:
    authority.give_gesture(actor=org.user("agent"), case_id=case.pk, gesture_type="fee_waiver")
    response = panel(login("quality"), case.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fee waiver of 15.00" in html
    assert 'id="give-gesture"' not in html
    assert "Your budget" not in html


def test_operations_has_no_gestures_panel(login, case: Case) -> None:
    client = login("operations")
    assert panel(client, case.pk).status_code == 403
    assert "panel-authority" not in client.get(f"/desk/cases/{case.pk}/").content.decode()
    assert give(client, case.pk, gesture_type="fee_waiver").status_code == 403
    assert not Gesture.objects.exists()


def test_the_panel_needs_a_signed_in_person(client: Client, case: Case) -> None:
    assert panel(client, case.pk).status_code == 401
    assert client.post(f"/desk/cases/{case.pk}/gestures/", {"gesture_type": "fee_waiver"}).status_code == 302
    assert not Gesture.objects.exists()


def test_a_gesture_within_authority_is_given_from_the_panel(login, case: Case) -> None:
    response = give(login("agent"), case.pk, gesture_type="account_credit", amount="30.00", note="Outage credit")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Given: account credit of 30.00" in html
    assert "370.00" in html
    assert Gesture.objects.get().status == GestureStatus.GIVEN


def test_one_over_the_limit_waits_for_the_supervisor(login, case: Case) -> None:
    html = give(login("agent"), case.pk, gesture_type="replacement").content.decode()
    assert "Over your authority (over the per-gesture limit)" in html
    assert "waits for your supervisor" in html


def test_bad_input_shows_on_its_field_and_writes_nothing(login, case: Case) -> None:
    response = give(login("agent"), case.pk, gesture_type="account_credit", amount="-3")
    assert response.status_code == 422
    assert "The gesture was not given" in response.content.decode()
    response = give(login("agent"), case.pk, gesture_type="nope")
    assert response.status_code == 422
    assert not Gesture.objects.exists()


def test_without_htmx_the_page_reloads_with_a_message(login, case: Case) -> None:
    client = login("agent")
    response = client.post(f"/desk/cases/{case.pk}/gestures/", {"gesture_type": "fee_waiver"}, follow=True)
    assert "Given: fee waiver of 15.00" in response.content.decode()


# --- approvals --------------------------------------------------------------------------------------------------


@pytest.fixture
def waiting(org: Organisation, case: Case) -> Gesture:
    return authority.give_gesture(actor=org.user("agent"), case_id=case.pk, gesture_type="replacement")


def test_the_supervisor_approves_from_the_approvals_page(login, waiting: Gesture) -> None:
    client = login("supervisor")
    page = client.get("/desk/approvals/").content.decode()
    assert f'id="gesture-{waiting.pk}"' in page
    assert "Over the per-gesture limit" in page
    response = client.post(f"/desk/gestures/{waiting.pk}/decision/", {"decision": "approve"}, follow=True)
    assert "Approved: replacement of 120.00" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == GestureStatus.GIVEN


def test_a_refusal_without_a_reason_is_refused_and_changes_nothing(login, waiting: Gesture) -> None:
    response = login("supervisor").post(f"/desk/gestures/{waiting.pk}/decision/", {"decision": "refuse"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "The answer was not recorded." in html
    assert "Reason: Say why the gesture is refused." in html
    waiting.refresh_from_db()
    assert waiting.status == GestureStatus.AWAITING_APPROVAL


@pytest.mark.parametrize("role", ["agent", "quality", "operations"])
def test_other_roles_cannot_see_or_answer_the_queue(login, waiting: Gesture, role: str) -> None:
    client = login(role)
    assert client.get("/desk/approvals/").status_code == 403
    assert client.post(f"/desk/gestures/{waiting.pk}/decision/", {"decision": "approve"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == GestureStatus.AWAITING_APPROVAL


def test_the_queue_needs_a_signed_in_person(client: Client, waiting: Gesture) -> None:
    assert client.get("/desk/approvals/").status_code == 302
    assert client.post(f"/desk/gestures/{waiting.pk}/decision/", {"decision": "approve"}).status_code == 302


def test_a_flagged_gesture_is_marked_as_looked_at(login, org: Organisation, case: Case) -> None:
    flagged = authority.give_gesture(
        actor=org.user("agent"), case_id=case.pk, gesture_type="account_credit", amount="40"
    )
    client = login("supervisor")
    assert "Above the investigation threshold" in client.get("/desk/approvals/").content.decode()
    response = client.post(f"/desk/gestures/{flagged.pk}/review/", {"note": "Outage week"}, follow=True)
    assert "Reviewed: account credit of 40.00" in response.content.decode()
    assert "Nothing waits for you." in response.content.decode()


def test_a_bad_decision_value_is_a_422(login, waiting: Gesture) -> None:
    response = login("supervisor").post(f"/desk/gestures/{waiting.pk}/decision/", {"decision": "maybe"})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["supervisor", "quality", "operations", "admin", "agent"])
def test_the_gestures_report_shows_what_each_role_may_see(login, org: Organisation, case: Case, role: str) -> None:
    authority.give_gesture(actor=org.user("agent"), case_id=case.pk, gesture_type="account_credit", amount="30")
    response = login(role).get("/desk/reports/gestures/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Did a small step help?" in html) == (role != "agent")
    assert ("Budget use this period" in html) == (role in ("supervisor", "admin", "agent"))
    if role in ("supervisor", "admin"):
        assert "Agent Example" in html
        assert "Too few cases to say" in html


def test_the_gestures_report_needs_a_signed_in_person(client: Client) -> None:
    assert client.get("/desk/reports/gestures/").status_code == 302
    assert client.get("/desk/reports/gestures/?days=x").status_code == 302
