"""The browser's session works for the API, and its writes need the CSRF token."""

from __future__ import annotations

from django.test import Client

from frontline.cases.models import Case


def test_a_signed_in_browser_reads_with_its_session(org, case):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.user("quality"))
    assert browser.get(f"/api/v1/cases/{case.pk}").status_code == 200


def test_a_session_write_without_csrf_is_refused(org, customer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.user("agent"))
    response = browser.post(
        "/api/v1/cases", {"customer_id": customer.pk, "subject": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not Case.objects.filter(subject="x").exists()


def test_a_session_write_with_csrf_succeeds(org, customer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.user("agent"))
    browser.get("/api/v1/me")  # any page; then fetch a token the way a page would
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    response = browser.post(
        "/api/v1/cases",
        {"customer_id": customer.pk, "subject": "with csrf"},
        content_type="application/json",
        headers={"X-CSRFToken": _mask_cipher_secret(secret)},
    )
    assert response.status_code == 201, response.content


def test_an_anonymous_write_is_401_not_a_csrf_error(db):
    response = Client(enforce_csrf_checks=True).post("/api/v1/cases", {}, content_type="application/json")
    assert response.status_code == 401
