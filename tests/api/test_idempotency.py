"""A retried POST with the same Idempotency-Key returns the first answer and writes nothing new."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from frontline.cases.models import Case, Contact
from frontline.core.models import AuditEntry, IdempotencyKey
from frontline.customers.models import Customer

CREATES = [
    ("/customers", "agent", lambda w: {"account_number": "IDEM-1", "name": "Retry Customer"}, Customer),
    ("/cases", "agent", lambda w: {"customer_id": w.customer, "subject": "Retried case"}, Case),
    ("/contacts", "agent", lambda w: {"case_id": w.case, "channel": "chat"}, Contact),
]


@pytest.mark.parametrize(("path", "role", "body", "model"), CREATES, ids=[c[0] for c in CREATES])
def test_a_retry_with_the_same_key_replays_the_first_answer(api, world, path, role, body, model):
    caller = api(role)
    headers = {"Idempotency-Key": "retry-me-1"}
    first = caller.post(path, body(world), headers=headers)
    rows, audit = model.objects.count(), AuditEntry.objects.count()

    second = caller.post(path, body(world), headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert model.objects.count() == rows
    assert AuditEntry.objects.count() == audit


def test_a_new_key_creates_a_new_row(api, world):
    caller = api("agent")
    body = {"customer_id": world.customer, "subject": "Same body"}
    first = caller.post("/cases", body, headers={"Idempotency-Key": "a"})
    second = caller.post("/cases", body, headers={"Idempotency-Key": "b"})
    assert first.json()["id"] != second.json()["id"]


def test_without_a_key_every_post_creates(api, world):
    caller = api("agent")
    body = {"customer_id": world.customer, "subject": "No key"}
    caller.post("/cases", body)
    caller.post("/cases", body)
    assert Case.objects.filter(subject="No key").count() == 2


def test_reusing_a_key_with_another_body_is_a_409_and_writes_nothing(api, world):
    caller = api("agent")
    caller.post("/cases", {"customer_id": world.customer, "subject": "First"}, headers={"Idempotency-Key": "k"})
    rows = Case.objects.count()
    response = caller.post(
        "/cases", {"customer_id": world.customer, "subject": "Other"}, headers={"Idempotency-Key": "k"}
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert Case.objects.count() == rows


def test_keys_belong_to_their_caller(api, world):
    body = {"customer_id": world.customer, "subject": "Shared key"}
    first = api("agent").post("/cases", body, headers={"Idempotency-Key": "same"})
    second = api("supervisor").post("/cases", body, headers={"Idempotency-Key": "same"})
    assert first.json()["id"] != second.json()["id"]


def test_a_failed_create_stores_no_key_so_a_corrected_retry_works(api, world):
    caller = api("agent")
    bad = caller.post("/cases", {"customer_id": 999_999, "subject": "x"}, headers={"Idempotency-Key": "fix"})
    assert bad.status_code == 422
    assert not IdempotencyKey.objects.filter(key="fix").exists()
    good = caller.post("/cases", {"customer_id": world.customer, "subject": "x"}, headers={"Idempotency-Key": "fix"})
    assert good.status_code == 201


def test_an_expired_key_creates_again(api, world, settings):
    caller = api("agent")
    body = {"customer_id": world.customer, "subject": "Old key"}
    caller.post("/cases", body, headers={"Idempotency-Key": "old"})
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - dt.timedelta(hours=25))
    caller.post("/cases", body, headers={"Idempotency-Key": "old"})
    assert Case.objects.filter(subject="Old key").count() == 2
    assert IdempotencyKey.objects.filter(key="old").count() == 1


@pytest.mark.parametrize("key", ["", " ", "x" * 256])
def test_an_unusable_key_is_refused_naming_the_header(api, world, key):
    response = api("agent").post(
        "/cases", {"customer_id": world.customer, "subject": "k"}, headers={"Idempotency-Key": key}
    )
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["error"]["fields"]
    assert not Case.objects.filter(subject="k").exists()
