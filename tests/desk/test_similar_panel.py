"""The similar-cases panel on the case page, and the verdict on its proposal, for each role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from frontline.assist import engine
from frontline.assist.models import SuggestionFeedback
from tests.assist.casebase import Base

HTMX = {"HX-Request": "true", "HX-Target": "panel-similar"}


@pytest.fixture
def built(base: Base) -> Base:
    engine.build()
    return base


def panel(client: Client, case_id: int) -> Any:
    return client.get(f"/desk/cases/{case_id}/panels/similar/", headers=HTMX)


@pytest.mark.parametrize("role", ["agent", "supervisor", "quality", "operations", "admin"])
def test_every_role_sees_the_closest_cases_and_why(login: Callable[[str], Client], built: Base, role: str) -> None:
    response = panel(login(role), built.open_case.pk)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Router drops the connection every evening" in html
    assert "Why it matches" in html
    assert "Subject and description" in html
    assert "Resolved on first contact" in html
    assert "Likely root cause: <strong>Outdated router firmware</strong>" in html
    assert "often contact us next about <strong>Connectivity › Slow speeds</strong>" in html
    assert "From 24 resolved cases." in html


def test_the_panel_needs_a_signed_in_person(client: Client, built: Base) -> None:
    response = panel(client, built.open_case.pk)

    assert response.status_code == 401
    assert "HX-Redirect" in response.headers


def test_a_new_problem_is_called_one(login: Callable[[str], Client], built: Base) -> None:
    index = engine.current()
    assert index is not None
    index.novelty_threshold = 0.999

    html = panel(login("agent"), built.open_case.pk).content.decode()

    assert "No similar case: this looks like a new problem." in html
    assert "Proposed resolution" not in html


def test_before_the_first_build_the_panel_says_it_is_coming(login: Callable[[str], Client], base: Base) -> None:
    html = panel(login("agent"), base.open_case.pk).content.decode()

    assert "The similar-case index is being built" in html
    assert 'hx-trigger="load delay:10s"' in html


def feedback(client: Client, case_id: int, **fields: str) -> Any:
    data = {"proposal": "Updated the router firmware.", "root_cause": "Outdated router firmware", "sources": "2,3"}
    return client.post(f"/desk/cases/{case_id}/similar/feedback/", {**data, **fields}, headers=HTMX)


def test_accepting_puts_the_proposal_into_the_resolve_form(login: Callable[[str], Client], built: Base) -> None:
    response = feedback(login("agent"), built.open_case.pk, verdict="accepted")

    assert response.status_code == 200
    assert response.headers["HX-Trigger-After-Swap"] == "assist-proposal"
    html = response.content.decode()
    assert (
        '<template id="assist-accepted" data-root-cause="Outdated router firmware">Updated the router firmware.' in html
    )
    assert "Thanks: the proposal is in the resolve form." in html
    saved = SuggestionFeedback.objects.get()
    assert (saved.verdict, saved.text, saved.source_case_ids) == ("accepted", "Updated the router firmware.", [2, 3])


def test_an_edit_is_kept_as_written(login: Callable[[str], Client], built: Base) -> None:
    response = feedback(login("agent"), built.open_case.pk, verdict="edited", text="Firmware, then a new router.")

    assert ">Firmware, then a new router.</template>" in response.content.decode()
    assert SuggestionFeedback.objects.get().text == "Firmware, then a new router."


def test_a_rejection_needs_a_reason_shown_in_place(login: Callable[[str], Client], built: Base) -> None:
    client = login("agent")

    refused = feedback(client, built.open_case.pk, verdict="rejected")
    accepted = feedback(client, built.open_case.pk, verdict="rejected", reason="The router is brand new.")

    assert refused.status_code == 422
    assert "Say briefly why the suggestion did not fit." in refused.content.decode()
    assert "HX-Trigger-After-Swap" not in accepted.headers
    assert "assist-accepted" not in accepted.content.decode()
    assert SuggestionFeedback.objects.get().reason == "The router is brand new."


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"verdict": "maybe"}, "Select a valid choice"),
        ({"sources": "1,x"}, "Not a list"),
        ({"sources": "²"}, "Not a list"),
    ],
)
def test_a_malformed_verdict_is_refused(
    login: Callable[[str], Client], built: Base, fields: dict, message: str
) -> None:
    response = feedback(login("agent"), built.open_case.pk, **fields)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not SuggestionFeedback.objects.exists()


@pytest.mark.parametrize("role", ["quality", "operations"])
def test_roles_that_do_not_work_cases_cannot_give_a_verdict(
    login: Callable[[str], Client], built: Base, role: str
) -> None:
    response = feedback(login(role), built.open_case.pk, verdict="accepted")

    assert response.status_code == 403
    assert not SuggestionFeedback.objects.exists()


def test_without_htmx_the_verdict_redirects_to_the_case(login: Callable[[str], Client], built: Base) -> None:
    client = login("agent")
    response = client.post(
        f"/desk/cases/{built.open_case.pk}/similar/feedback/",
        {"verdict": "accepted", "proposal": "Updated the router firmware.", "root_cause": "", "sources": ""},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/desk/cases/{built.open_case.pk}/"
