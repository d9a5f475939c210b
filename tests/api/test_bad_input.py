"""Bad input on every write: a 4xx naming the field, and nothing written."""

from __future__ import annotations

import pytest

from frontline.core.models import AuditEntry

NO_SUCH_ID = 999_999

# (method, path, role, body, the field the error must name)
CASES = [
    (
        "post",
        "/branches",
        "admin",
        {"city": "Halifax", "time_zone": "America/Halifax", "phone_number": "+19025550100"},
        "name",
    ),
    (
        "post",
        "/branches",
        "admin",
        {"name": "Halifax", "city": "Halifax", "time_zone": "Mars/Base", "phone_number": "+19025550100"},
        "time_zone",
    ),
    (
        "post",
        "/branches",
        "admin",
        {"name": "Halifax", "city": "Halifax", "time_zone": "America/Halifax", "phone_number": "call me"},
        "phone_number",
    ),
    (
        "post",
        "/branches",
        "admin",
        {"name": "Toronto Downtown", "city": "Toronto", "time_zone": "America/Toronto", "phone_number": "+14165550100"},
        "name",
    ),
    ("patch", "/branches/{branch}", "admin", {"time_zone": "Nowhere"}, "time_zone"),
    ("patch", "/branches/{branch}", "admin", {"name": None}, "name"),
    ("post", "/teams", "admin", {"name": "Broadband support"}, "name"),
    ("post", "/teams", "admin", {"name": "Night shift", "branch_id": NO_SUCH_ID}, "branch_id"),
    ("post", "/teams", "admin", {"name": "Night shift", "supervisor_id": NO_SUCH_ID}, "supervisor_id"),
    ("patch", "/teams/{team}", "admin", {"branch_id": NO_SUCH_ID}, "branch_id"),
    ("post", "/agents", "admin", {"username": "agent", "first_name": "A", "last_name": "B"}, "username"),
    ("post", "/agents", "admin", {"username": "zed", "first_name": "A", "last_name": "B", "role": "boss"}, "role"),
    (
        "post",
        "/agents",
        "admin",
        {"username": "zed", "first_name": "A", "last_name": "B", "extension": "12a"},
        "extension",
    ),
    (
        "post",
        "/agents",
        "admin",
        {"username": "zed", "first_name": "A", "last_name": "B", "team_id": NO_SUCH_ID},
        "team_id",
    ),
    (
        "post",
        "/agents",
        "admin",
        {"username": "zed", "first_name": "A", "last_name": "B", "password": "short"},
        "password",
    ),
    ("patch", "/agents/{agent}", "admin", {"extension": "4100"}, "extension"),
    ("patch", "/agents/{agent}", "admin", {"team_id": NO_SUCH_ID}, "team_id"),
    ("post", "/customers", "agent", {"account_number": "a b", "name": "X"}, "account_number"),
    ("post", "/customers", "agent", {"account_number": "ACC-1001", "name": "X"}, "account_number"),
    ("post", "/customers", "agent", {"account_number": "ACC-2", "name": "X", "email": "not-an-address"}, "email"),
    ("post", "/customers", "agent", {"account_number": "ACC-2", "name": "X", "phone": "12"}, "phone"),
    ("post", "/customers", "agent", {"account_number": "ACC-2", "name": "X", "tier": "gold"}, "tier"),
    (
        "post",
        "/customers",
        "agent",
        {"account_number": "ACC-2", "name": "X", "revenue": {"amount": "lots"}},
        "revenue.amount",
    ),
    (
        "post",
        "/customers",
        "agent",
        {"account_number": "ACC-2", "name": "X", "revenue": {"amount": 12.5}},
        "revenue.amount",
    ),
    (
        "post",
        "/customers",
        "agent",
        {"account_number": "ACC-2", "name": "X", "cost_to_serve": {"amount": "1", "currency": "EURO"}},
        "cost_to_serve.currency",
    ),
    (
        "post",
        "/customers",
        "agent",
        {"account_number": "ACC-2", "name": "X", "relationship_owner_id": NO_SUCH_ID},
        "relationship_owner_id",
    ),
    (
        "post",
        "/customers",
        "agent",
        {"account_number": "ACC-2", "name": "X", "customer_since": "2020-13-01"},
        "customer_since",
    ),
    ("patch", "/customers/{customer}", "agent", {"email": "nope"}, "email"),
    ("patch", "/customers/{customer}", "agent", {"branch_id": NO_SUCH_ID}, "branch_id"),
    ("post", "/products", "admin", {"code": "has space", "name": "X"}, "code"),
    ("post", "/products", "admin", {"code": "fibre", "name": "Another"}, "code"),
    ("patch", "/products/{product}", "admin", {"name": ""}, "name"),
    ("post", "/categories", "admin", {"name": "Orphan", "parent_id": NO_SUCH_ID}, "parent_id"),
    ("post", "/categories", "admin", {"name": "Connectivity"}, "name"),
    ("post", "/categories", "admin", {"name": ""}, "name"),
    ("patch", "/categories/{category}", "admin", {"parent_id": "{category}"}, "parent_id"),
    ("patch", "/categories/{category}", "admin", {"name": "Billing"}, "name"),
    ("post", "/cases", "agent", {"customer_id": NO_SUCH_ID, "subject": "Help"}, "customer_id"),
    ("post", "/cases", "agent", {"customer_id": "{customer}", "subject": ""}, "subject"),
    ("post", "/cases", "agent", {"customer_id": "{customer}"}, "subject"),
    ("post", "/cases", "agent", {"customer_id": "{customer}", "subject": "Help", "channel": "fax"}, "channel"),
    ("post", "/cases", "agent", {"customer_id": "{customer}", "subject": "Help", "priority": "asap"}, "priority"),
    (
        "post",
        "/cases",
        "agent",
        {"customer_id": "{customer}", "subject": "Help", "product_id": NO_SUCH_ID},
        "product_id",
    ),
    (
        "post",
        "/cases",
        "agent",
        {"customer_id": "{customer}", "subject": "Help", "category_id": NO_SUCH_ID},
        "category_id",
    ),
    ("post", "/cases", "agent", {"customer_id": "{customer}", "subject": "Help", "owner_id": NO_SUCH_ID}, "owner_id"),
    ("post", "/cases", "agent", {"customer_id": "not a number", "subject": "Help"}, "customer_id"),
    ("patch", "/cases/{case}", "agent", {"subject": ""}, "subject"),
    ("patch", "/cases/{case}", "agent", {"channel": "fax"}, "channel"),
    ("patch", "/cases/{case}", "agent", {"category_id": NO_SUCH_ID}, "category_id"),
    ("post", "/cases/{case}/transition", "agent", {"status": "done"}, "status"),
    ("post", "/cases/{case}/transition", "agent", {"status": "resolved"}, "resolution"),
    (
        "post",
        "/cases/{case}/transition",
        "agent",
        {"status": "resolved", "resolution": "Replaced router"},
        "root_cause",
    ),
    ("post", "/cases/{case}/assign", "agent", {"owner_id": NO_SUCH_ID}, "owner_id"),
    ("post", "/cases/{case}/assign", "agent", {}, "owner_id"),
    ("post", "/contacts", "agent", {"case_id": NO_SUCH_ID, "channel": "phone"}, "case_id"),
    ("post", "/contacts", "agent", {"case_id": "{case}", "channel": "pigeon"}, "channel"),
    (
        "post",
        "/contacts",
        "agent",
        {
            "case_id": "{case}",
            "channel": "phone",
            "started_at": "2026-01-02T10:00:00Z",
            "ended_at": "2026-01-02T09:00:00Z",
        },
        "ended_at",
    ),
    (
        "post",
        "/contacts",
        "agent",
        {"case_id": "{case}", "channel": "phone", "queue_wait_seconds": -1},
        "queue_wait_seconds",
    ),
    ("post", "/contacts", "agent", {"case_id": "{case}", "channel": "phone", "outcome": "meh"}, "outcome"),
    ("post", "/contacts", "agent", {"case_id": "{case}", "channel": "phone", "agent_id": NO_SUCH_ID}, "agent_id"),
    ("post", "/contacts", "agent", {"case_id": "{case}", "channel": "phone", "started_at": "yesterday"}, "started_at"),
    ("patch", "/contacts/{contact}", "agent", {"ended_at": "2000-01-01T00:00:00Z"}, "ended_at"),
    ("patch", "/contacts/{contact}", "agent", {"handle_seconds": -5}, "handle_seconds"),
]


def _fill(value, world):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return getattr(world, value[1:-1])
    if isinstance(value, dict):
        return {key: _fill(item, world) for key, item in value.items()}
    return value


def _row_counts():
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count() for model in apps.get_app_config("cases").get_models()
    } | {
        model._meta.label: model._default_manager.count()
        for label in ("accounts", "customers", "auth")
        for model in apps.get_app_config(label).get_models()
    }


@pytest.mark.parametrize(
    ("method", "path", "role", "body", "field"), CASES, ids=[f"{c[0]} {c[1]} {c[4]}" for c in CASES]
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(api, world, method, path, role, body, field):
    caller = api(role)
    audit_before, rows_before = AuditEntry.objects.count(), _row_counts()
    response = getattr(caller, method)(path.format(**vars(world)), _fill(body, world))
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"], error
    assert error["fields"][field] and all(isinstance(message, str) and message for message in error["fields"][field])
    assert AuditEntry.objects.count() == audit_before
    assert _row_counts() == rows_before


def test_a_body_that_is_not_json_is_a_400(api, world, client):
    caller = api("agent")
    response = client.post("/api/v1/cases", "{not json", content_type="application/json", headers=caller.headers)
    assert response.status_code in (400, 422), response.content
    assert "error" in response.json()


def test_an_unknown_query_value_is_refused_naming_it(api, world):
    response = api("agent").get("/cases", status="sleeping")
    assert response.status_code == 422
    assert "status" in response.json()["error"]["fields"]


@pytest.mark.parametrize("cursor", ["nonsense", "e30", "eyJkIjoibmV4dCIsImsiOlsiYSJdfQ", "%%%"])
def test_a_bad_cursor_is_refused_naming_it(api, world, cursor):
    response = api("agent").get("/cases", cursor=cursor)
    assert response.status_code == 422, response.content
    assert "cursor" in response.json()["error"]["fields"]


def test_a_refused_transition_is_a_409_and_changes_nothing(api, world, case):
    caller = api("agent")
    before = AuditEntry.objects.count()
    response = caller.post(f"/cases/{case.pk}/transition", {"status": "closed"})
    assert response.status_code == 409
    assert "cannot become closed" in response.json()["error"]["message"]
    case.refresh_from_db()
    assert case.status == "open"
    assert AuditEntry.objects.count() == before


def test_unknown_ids_in_the_path_are_404s(api, world):
    for path in ("/cases/999999", "/customers/999999", "/contacts/999999", "/agents/999999", "/categories/999999"):
        response = api("agent").get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "not_found"


def test_nul_characters_are_refused_naming_the_field(api, world):
    caller = api("agent")
    response = caller.post("/cases", {"customer_id": world.customer, "subject": "bad\x00byte"})
    assert response.status_code == 422
    assert "subject" in response.json()["error"]["fields"]
    response = caller.get("/customers", q="ada\x00")
    assert response.status_code == 422
    assert "q" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/cases/99999999999999999999", {}, "case_id"),
        ("/cases", {"team": "99999999999999999999"}, "team"),
        ("/contacts", {"case": "-1"}, "case"),
    ],
)
def test_ids_beyond_what_a_column_holds_are_refused(api, world, path, query, field):
    response = api("agent").get(path, **query)
    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]


def test_dates_at_the_end_of_the_calendar_are_answered(api, world):
    caller = api("agent")
    assert caller.get("/cases", opened_to="9999-12-31").status_code == 200
    assert caller.get("/cases", opened_from="9999-12-31").json()["items"] == []
    assert caller.get("/contacts", started_to="9999-12-31").status_code == 200


def test_durations_beyond_ten_years_are_refused(api, world):
    response = api("agent").post("/contacts", {"case_id": world.case, "channel": "phone", "handle_seconds": 10**12})
    assert response.status_code == 422
    assert "handle_seconds" in response.json()["error"]["fields"]


def test_null_for_a_required_text_field_is_refused(api, world):
    response = api("admin").patch(f"/agents/{world.agent}", {"extension": None})
    assert response.status_code == 422
    assert "extension" in response.json()["error"]["fields"]


def test_unknown_references_are_named_plainly(api, world):
    response = api("agent").post("/cases", {"customer_id": 999_999, "subject": "x"})
    assert response.json()["error"]["fields"]["customer_id"] == ["No customer with id 999999."]
