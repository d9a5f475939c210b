"""Authority over HTTP: idempotent gestures, errors that name the field, budgets each person may see."""

from __future__ import annotations

from frontline.authority.models import Gesture, LedgerEntry
from frontline.core.models import AuditEntry


def test_a_retried_gesture_with_the_same_key_is_given_once(api, case) -> None:
    agent = api("agent")
    body = {"case_id": case.pk, "gesture_type": "account_credit", "amount": "25.00", "note": "Outage credit"}
    first = agent.post("/authority/gestures", body, headers={"Idempotency-Key": "credit-1"})
    again = agent.post("/authority/gestures", body, headers={"Idempotency-Key": "credit-1"})

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Gesture.objects.count() == 1
    assert first.json()["status"] == "given"
    me = agent.get("/authority/budgets/me").json()
    assert (me["total"], me["spent"], me["balance"]) == ("400.00", "25.00", "375.00")


def test_the_same_key_with_another_body_is_a_conflict(api, case) -> None:
    agent = api("agent")
    body = {"case_id": case.pk, "gesture_type": "account_credit", "amount": "25.00"}
    agent.post("/authority/gestures", body, headers={"Idempotency-Key": "k"})
    response = agent.post("/authority/gestures", {**body, "amount": "26.00"}, headers={"Idempotency-Key": "k"})
    assert response.status_code == 409
    assert Gesture.objects.count() == 1


def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(api, case) -> None:
    agent = api("agent")
    before = (Gesture.objects.count(), LedgerEntry.objects.count(), AuditEntry.objects.count())
    for body, field in [
        ({"case_id": case.pk, "gesture_type": "account_credit", "amount": 25.5}, "amount"),
        ({"case_id": case.pk, "gesture_type": "account_credit", "amount": "lots"}, "amount"),
        ({"case_id": case.pk, "gesture_type": "nope"}, "gesture_type"),
        ({"case_id": case.pk, "gesture_type": "fee_waiver", "note": "x" * 501}, "note"),
        ({"gesture_type": "fee_waiver"}, "case_id"),
    ]:
        response = agent.post("/authority/gestures", body)
        assert response.status_code == 422, (body, response.content)
        assert field in str(response.json()["error"]["fields"]), (body, response.json())
    assert (Gesture.objects.count(), LedgerEntry.objects.count(), AuditEntry.objects.count()) == before
    assert agent.post("/authority/gestures", {"case_id": 999999, "gesture_type": "fee_waiver"}).status_code == 404


def test_an_agent_sees_only_their_own_budget(api, org, case) -> None:
    api("agent").post("/authority/gestures", {"case_id": case.pk, "gesture_type": "fee_waiver"})
    colleague = org.agents["agent2"].pk
    assert api("agent").get(f"/authority/agents/{colleague}/budget").status_code == 403
    assert api("supervisor").get(f"/authority/agents/{colleague}/budget").json()["balance"] == "400.00"
    listed = api("agent2").get("/authority/budgets").json()["items"]
    assert listed == []  # agent2 has given nothing yet; the agent's budget is not theirs to see
    assert len(api("supervisor").get("/authority/budgets").json()["items"]) == 1


def test_the_supervisor_of_another_team_sees_none_of_this_teams_budgets(api, org, case, other_supervisor) -> None:
    from tests.conftest import ApiClient

    api("agent").post("/authority/gestures", {"case_id": case.pk, "gesture_type": "fee_waiver"})
    from frontline.accounts import services as accounts

    _, secret = accounts.issue_api_token(actor=None, name="other", username="othersup")
    other = ApiClient(api("agent").client, secret)
    assert other.get(f"/authority/agents/{org.agents['agent'].pk}/budget").status_code == 403
    assert other.get("/authority/budgets").json()["items"] == []
    assert other.get("/authority/gestures/review-queue").json()["items"] == []


def test_the_review_queue_puts_non_routine_gestures_first(api, org, case) -> None:
    agent = api("agent")
    routine = agent.post("/authority/gestures", {"case_id": case.pk, "gesture_type": "account_credit", "amount": "90"})
    Gesture.objects.filter(pk=routine.json()["id"]).update(review_rank=2, is_routine=True)
    odd = agent.post(
        "/authority/gestures",
        {"case_id": case.pk, "gesture_type": "replacement", "non_routine_reason": "Router burnt out"},
    )
    Gesture.objects.filter(pk=odd.json()["id"]).update(review_rank=0, is_routine=False)
    queue = api("supervisor").get("/authority/gestures/review-queue").json()["items"]
    assert [item["id"] for item in queue] == [odd.json()["id"], routine.json()["id"]]
    assert api("agent").get("/authority/gestures/review-queue").status_code == 403
