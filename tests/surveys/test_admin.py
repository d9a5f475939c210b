"""The surveys' admin pages open for the admin role; rows that change only through the services are read-only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from frontline.surveys.models import Response, Survey
from tests.surveys.conftest import UNHAPPY


@pytest.mark.parametrize(
    "model",
    ["survey", "surveyversion", "surveytrigger", "invitation", "response", "scorecell", "loopfollowup", "story"],
)
def test_every_survey_admin_list_opens(
    login: Callable[[str], Client], model: str, token: str, answer: Callable[..., Response]
) -> None:
    answer(token, UNHAPPY)
    page = login("admin").get(f"/admin/surveys/{model}/")
    assert page.status_code == 200


def test_questions_and_responses_are_read_only_in_the_admin(
    login: Callable[[str], Client], survey: Survey, token: str, answer: Callable[..., Response]
) -> None:
    response = answer(token)
    client = login("admin")
    version = survey.versions.get()
    assert client.get(f"/admin/surveys/surveyversion/{version.pk}/change/").status_code == 200  # a view page
    assert client.post(f"/admin/surveys/response/{response.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Response.objects.filter(pk=response.pk).exists()
    assert client.get("/admin/surveys/invitation/add/").status_code == 403


def test_a_quota_below_the_responses_is_refused_in_the_admin(
    login: Callable[[str], Client], survey: Survey, token: str, answer: Callable[..., Response], settings: Any
) -> None:
    answer(token)
    answer_count = Survey.objects.get(pk=survey.pk).response_count
    client = login("admin")
    page = client.get(f"/admin/surveys/survey/{survey.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: ("" if value is None else value) for name, value in data.items()}
    data["opens_at_0"], data["opens_at_1"] = survey.opens_at.strftime("%Y-%m-%d"), survey.opens_at.strftime("%H:%M:%S")
    data.pop("opens_at", None)
    data.pop("closes_at", None)
    data["closes_at_0"] = data["closes_at_1"] = ""
    data["quota"] = str(answer_count - 1) if answer_count > 1 else "0"
    refused = client.post(f"/admin/surveys/survey/{survey.pk}/change/", data)
    assert refused.status_code == 200  # the form again, with the error
    assert Survey.objects.get(pk=survey.pk).quota is None
