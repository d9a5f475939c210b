"""The assist API: its answers' shape, bad input refused by field, and cases one may not read."""

from __future__ import annotations

from typing import Any

import pytest

from frontline.assist import engine
from frontline.assist.models import CaseOutcome, SuggestionFeedback
from tests.assist.casebase import Base


@pytest.fixture
def built(base: Base) -> Base:
    engine.build()
    return base


def test_similar_cases_for_a_case(api: Any, built: Base) -> None:
    response = api("agent").post("/assist/similar", {"case_id": built.open_case.pk, "k": 3})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["ready"], body["novel"], len(body["matches"])) == (True, False, 3)
    first = body["matches"][0]
    assert first["reference"].startswith("C-")
    assert first["outcome"] == {"first_contact": True, "satisfied": None, "retained": None}
    assert {part["name"] for part in first["explanation"]} >= {"text", "category"}
    assert body["proposal"]["root_cause"] == "Outdated router firmware"
    assert body["proposal"]["source_case_id"] in [c.pk for c in built.cases["firmware"]]
    assert body["next_needs"][0]["category"] == "Connectivity › Slow speeds"
    assert body["note"] == body["next_needs"][0]
    assert body["indexed"] == 24


def test_similar_cases_for_an_unsaved_case(api: Any, built: Base) -> None:
    response = api("quality").post(
        "/assist/similar", {"case": {"text": "charged for roaming at home", "category": ["Billing"]}}
    )

    assert response.status_code == 200, response.content
    assert response.json()["matches"][0]["subject"].startswith("Bill shows a roaming charge")


def test_before_the_first_build_the_answer_says_not_ready(api: Any, base: Base) -> None:
    response = api("agent").post("/assist/similar", {"case_id": base.open_case.pk})

    assert response.status_code == 200
    assert response.json()["ready"] is False
    assert response.json()["matches"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body"),
        ({"case_id": 1, "case": {"text": "x"}}, "body"),
        ({"case_id": 0}, "case_id"),
        ({"case_id": "x"}, "case_id"),
        ({"case": {"colour": "red"}}, "colour"),
        ({"case": {"tenure_years": "long"}}, "tenure_years"),
        ({"case": {"tenure_years": 1e300}}, "tenure_years"),
        ({"case": {"opened_day": -1}}, "opened_day"),
        ({"case": {"text": "x\x00"}}, "case"),
        ({"case_id": 1, "k": 0}, "k"),
        ({"case_id": 1, "k": 51}, "k"),
    ],
)
def test_bad_similar_requests_are_refused_naming_the_field(api: Any, base: Base, body: dict, field: str) -> None:
    response = api("agent").post("/assist/similar", body)

    assert response.status_code == 422, response.content
    assert field in str(response.json()["error"]["fields"])


def test_an_unknown_case_is_not_found(api: Any, base: Base) -> None:
    response = api("agent").post("/assist/similar", {"case_id": 987_654})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_feedback_is_stored_and_bad_feedback_refused(api: Any, base: Base) -> None:
    agent = api("agent")
    good = {"case_id": base.open_case.pk, "verdict": "edited", "proposal": "Reset it.", "text": "Reset it twice."}

    response = agent.post("/assist/feedback", good)

    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Reset it twice."
    for body, field in [
        ({**good, "verdict": "maybe"}, "verdict"),
        ({**good, "text": ""}, "text"),
        ({**good, "verdict": "rejected", "reason": ""}, "reason"),
        ({**good, "proposal": ""}, "proposal"),
        ({**good, "source_case_ids": [0]}, "source_case_ids"),
        ({**good, "case_id": 987_654}, None),
    ]:
        refused = agent.post("/assist/feedback", body)
        assert refused.status_code == (404 if field is None else 422), (body, refused.content)
        if field:
            assert field in str(refused.json()["error"]["fields"])
    assert SuggestionFeedback.objects.count() == 1


def test_outcomes_are_recorded_and_bad_ones_refused(api: Any, base: Base) -> None:
    quality = api("quality")

    response = quality.put(f"/assist/outcomes/{base.open_case.pk}", {"satisfied": False})

    assert response.status_code == 200, response.content
    assert response.json()["satisfied"] is False
    assert quality.put(f"/assist/outcomes/{base.open_case.pk}", {}).status_code == 422
    assert quality.put(f"/assist/outcomes/{base.open_case.pk}", {"retained": "maybe"}).status_code == 422
    assert quality.put("/assist/outcomes/987654", {"retained": True}).status_code == 404
    assert CaseOutcome.objects.get().satisfied is False


def test_the_openapi_schema_documents_the_assist_endpoints(api: Any, base: Base) -> None:
    paths = api("agent").client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/assist/similar", "/api/v1/assist/feedback", "/api/v1/assist/outcomes/{case_id}"} <= set(paths)
