"""The OpenAPI description, the interactive docs, and fuzzing every operation for server errors."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from frontline.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def test_the_openapi_description_lists_every_context(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/cases",
        "/api/v1/customers",
        "/api/v1/contacts",
        "/api/v1/agents",
        "/api/v1/teams",
        "/api/v1/branches",
        "/api/v1/products",
        "/api/v1/categories",
        "/api/v1/cases/{case_id}/transition",
    ):
        assert path in paths, path
    create_case = paths["/api/v1/cases"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in create_case["parameters"])
    assert {"401", "403", "422"} <= set(create_case["responses"])


def test_the_interactive_docs_are_served_without_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


@pytest.fixture
def fuzz_token(org, customer, case, product, categories, token_for):
    return token_for("admin")


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """Calls straight into the WSGI app would close the test's connection at request end, as Django's own
    test client prevents; do the same here."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("FRONTLINE_FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_operation_answers_with_a_server_error(case, fuzz_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_token}"}, checks=[not_a_server_error])
