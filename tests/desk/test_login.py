"""The log-in and log-out pages."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, Organisation
from tests.desk.conftest import body

LOGIN = reverse("accounts:login")


def test_the_log_in_page_has_labelled_fields(client: Client, org: Organisation) -> None:
    response = client.get(LOGIN)
    assert response.status_code == 200
    page = body(response)
    assert '<label for="id_username">Username' in page
    assert '<label for="id_password">Password' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Log out" not in page


def test_logging_in_goes_to_the_desk_or_where_the_person_was_going(client: Client, org: Organisation) -> None:
    response = client.post(LOGIN, {"username": "agent", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:home")
    client.logout()
    response = client.post(LOGIN, {"username": "agent", "password": PASSWORD, "next": "/desk/cases/"})
    assert response["Location"] == "/desk/cases/"


def test_a_wrong_password_is_refused_with_a_message(client: Client, org: Organisation) -> None:
    response = client.post(LOGIN, {"username": "agent", "password": "not-the-password"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in body(response)
    assert "_auth_user_id" not in client.session


def test_logging_out_takes_a_post_and_ends_the_session(client: Client, org: Organisation) -> None:
    client.force_login(org.user("agent"))
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert client.get(reverse("desk:home")).status_code == 302


def test_logging_out_needs_the_csrf_token(org: Organisation) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.user("agent"))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "This page has expired" in body(response)
