"""The surveys API: definitions and their versions, answering through a link without signing in, closing and
quotas, scores with too few answers, what an agent may see, the CSV export, invitations and moderation."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case, Contact
from frontline.core.models import AuditEntry
from frontline.surveys import selectors, services, tokens
from frontline.surveys.models import Invitation, Response, Story, Survey
from tests.conftest import ApiClient, Organisation
from tests.surveys.conftest import HAPPY, QUESTIONS, UNHAPPY

KEYS = [question["key"] for question in QUESTIONS]
NPS = {"key": "recommend", "kind": "nps", "text": "Would you recommend us?"}
FCR = {"key": "resolved", "kind": "fcr", "text": "Was it solved?"}
CLOSED = "This survey is closed to new submissions."


@pytest.fixture
def public() -> ApiClient:
    """A caller with no session, no token, and a client that enforces CSRF as a browser's would be."""
    return ApiClient(Client(enforce_csrf_checks=True), None)


@pytest.fixture
def other_contact(case: Case, org: Organisation) -> Contact:
    """A contact that `agent2` handled."""
    started = timezone.now() - dt.timedelta(minutes=20)
    return cases.log_contact(
        actor=None,
        case_id=case.pk,
        channel="chat",
        started_at=started,
        ended_at=started + dt.timedelta(minutes=5),
        agent_id=org.agents["agent2"].pk,
        queue="broadband",
    )


def _respond(invite: Callable[..., Invitation], answers: dict[str, Any], contact_id: int | None = None) -> Response:
    invitation = invite(contact_id=contact_id)
    return services.submit(token=tokens.sign(invitation.key), answers=answers)


# --- definitions and versions ---------------------------------------------------------------------------------


def test_a_survey_is_defined_with_its_questions(api: Any, org: Organisation) -> None:
    response = api("quality").post(
        "/surveys", {"code": "after-chat", "name": "After the chat", "questions": QUESTIONS, "quota": 500}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["state"], body["quota"], body["response_count"]) == ("after-chat", "open", 500, 0)
    versions = api("agent").get(f"/surveys/{body['id']}/versions").json()
    assert [version["number"] for version in versions] == [1]
    assert [question["key"] for question in versions[0]["questions"]] == KEYS
    why = versions[0]["questions"][4]
    assert (why["choices"], why["show_if_key"], why["show_if_values"]) == (
        ["Waiting time", "The answer", "Being passed around"],
        "resolved",
        ["no"],
    )


@pytest.mark.parametrize(
    ("questions", "field"),
    [
        ([NPS, {"key": "why", "kind": "single", "text": "Why?", "choices": ["Price"]}], "questions[1].choices"),
        (
            [NPS, {"key": "why", "kind": "multiple", "text": "Why?", "choices": ["Price", "Price"]}],
            "questions[1].choices",
        ),
        ([NPS, {"key": "note", "kind": "text", "text": "Note?", "choices": ["A", "B"]}], "questions[1].choices"),
        ([NPS, {"key": "recommend", "kind": "csat", "text": "Again?"}], "questions[1].key"),
        ([{"key": "bad key!", "kind": "nps", "text": "Recommend?"}], "questions[0].key"),
        (
            [
                NPS,
                FCR,
                {"key": "why", "kind": "text", "text": "Why?", "show_if_key": "later", "show_if_values": ["no"]},
                {"key": "later", "kind": "fcr", "text": "Asked after?"},
            ],
            "questions[2].show_if_key",
        ),
        (
            [NPS, FCR, {"key": "why", "kind": "text", "text": "Why?", "show_if_key": "resolved"}],
            "questions[2].show_if_values",
        ),
        (
            [
                NPS,
                FCR,
                {"key": "why", "kind": "text", "text": "Why?", "show_if_key": "recommend", "show_if_values": ["11"]},
            ],
            "questions[2].show_if_values",
        ),
        ([NPS, {"key": "why", "kind": "text", "text": "Why?", "show_if_values": ["1"]}], "questions[1].show_if_values"),
    ],
)
def test_bad_questions_are_refused_naming_the_question_and_nothing_is_written(
    api: Any, org: Organisation, questions: list[dict[str, Any]], field: str
) -> None:
    quality = api("quality")
    before = AuditEntry.objects.count()

    response = quality.post("/surveys", {"code": "refused", "name": "Refused", "questions": questions})

    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert not Survey.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "after-contact"}, "code"),
        ({"opens_at": "2030-01-02T00:00:00Z", "closes_at": "2030-01-01T00:00:00Z"}, "closes_at"),
        ({"questions": []}, "questions"),
        ({"code": "no spaces"}, "code"),
    ],
)
def test_bad_survey_settings_are_refused_naming_the_field(
    api: Any, survey: Survey, changes: dict[str, Any], field: str
) -> None:
    body = {"code": "another", "name": "Another", "questions": [NPS], **changes}

    response = api("quality").post("/surveys", body)

    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert Survey.objects.count() == 1


def test_questions_change_in_place_until_answered_then_make_a_new_version(
    api: Any, public: ApiClient, survey: Survey, token: str
) -> None:
    quality = api("quality")
    fewer = [question for question in QUESTIONS if question["key"] != "channels"]

    in_place = quality.put(f"/surveys/{survey.pk}/questions", {"questions": fewer})

    assert in_place.status_code == 200, in_place.content
    assert in_place.json()["number"] == 1
    assert [question["key"] for question in in_place.json()["questions"]] == [q["key"] for q in fewer]
    answered = public.post(f"/surveys/answers/{token}", {"answers": HAPPY})
    assert answered.status_code == 201, answered.content

    versioned = quality.put(f"/surveys/{survey.pk}/questions", {"questions": QUESTIONS})

    assert versioned.status_code == 200, versioned.content
    assert versioned.json()["number"] == 2
    versions = quality.get(f"/surveys/{survey.pk}/versions").json()
    assert [version["number"] for version in versions] == [2, 1]
    assert [question["key"] for question in versions[0]["questions"]] == KEYS
    assert [question["key"] for question in versions[1]["questions"]] == [q["key"] for q in fewer]
    response_id = answered.json()["response_id"]
    assert quality.get(f"/surveys/responses/{response_id}").json()["version"] == 1
    # The new version has no responses yet: it changes in place.
    again = quality.put(f"/surveys/{survey.pk}/questions", {"questions": fewer})
    assert again.json()["number"] == 2
    assert len(quality.get(f"/surveys/{survey.pk}/versions").json()) == 2


def test_bad_questions_leave_the_current_version_as_it_was(api: Any, survey: Survey) -> None:
    response = api("quality").put(
        f"/surveys/{survey.pk}/questions",
        {"questions": [NPS, {"key": "why", "kind": "single", "text": "Why?", "choices": ["Only one"]}]},
    )

    assert response.status_code == 422, response.content
    assert "questions[1].choices" in response.json()["error"]["fields"]
    versions = api("quality").get(f"/surveys/{survey.pk}/versions").json()
    assert [question["key"] for question in versions[0]["questions"]] == KEYS


# --- answering through the link --------------------------------------------------------------------------------


def test_answering_through_the_link_needs_no_sign_in_and_works_once(
    public: ApiClient, survey: Survey, invitation: Invitation, token: str
) -> None:
    form = public.get(f"/surveys/answers/{token}")

    assert form.status_code == 200, form.content
    assert (form.json()["survey"], form.json()["version"]) == (survey.name, 1)
    assert [question["key"] for question in form.json()["questions"]] == KEYS

    first = public.post(f"/surveys/answers/{token}", {"answers": HAPPY})

    assert first.status_code == 201, first.content
    assert first.json()["thanks"] == survey.thanks
    response = Response.objects.get(pk=first.json()["response_id"])
    assert (response.invitation_id, response.nps, response.csat, response.fcr) == (invitation.pk, 10, 5, True)

    again = public.post(f"/surveys/answers/{token}", {"answers": UNHAPPY})

    assert again.status_code == 409, again.content
    assert again.json()["error"]["code"] == "conflict"
    assert Response.objects.count() == 1
    assert public.get(f"/surveys/answers/{token}").status_code == 409


def test_wrong_answers_are_refused_naming_the_question(public: ApiClient, invitation: Invitation, token: str) -> None:
    response = public.post(
        f"/surveys/answers/{token}", {"answers": {**HAPPY, "recommend": 11, "colour": "blue", "satisfied": ""}}
    )

    assert response.status_code == 422, response.content
    fields = response.json()["error"]["fields"]
    assert {"answers.recommend", "answers.colour", "answers.satisfied"} <= set(fields)
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert not Response.objects.exists()


@pytest.mark.parametrize("how", ["changed", "cut short", "unknown key"])
def test_a_tampered_link_is_refused_with_a_plain_message(
    public: ApiClient, invitation: Invitation, token: str, how: str
) -> None:
    bad = {
        "changed": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "cut short": token[:-4],
        "unknown key": tokens.sign("no-such-invitation"),
    }[how]

    for response in (public.get(f"/surveys/answers/{bad}"), public.post(f"/surveys/answers/{bad}", {"answers": HAPPY})):
        assert response.status_code == 400, response.content
        error = response.json()["error"]
        assert error["code"] == "bad_link"
        assert error["message"].startswith("This survey link is not valid")
        assert "signature" not in error["message"].lower()
    assert not Response.objects.exists()


def test_a_closed_survey_refuses_answers_with_410(api: Any, public: ApiClient, survey: Survey, token: str) -> None:
    closed = api("quality").post(f"/surveys/{survey.pk}/close", {})

    assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == "closed"
    for response in (
        public.post(f"/surveys/answers/{token}", {"answers": HAPPY}),
        public.get(f"/surveys/answers/{token}"),
    ):
        assert response.status_code == 410, response.content
        assert response.json()["error"]["message"] == CLOSED
    assert not Response.objects.exists()
    # Closing again changes nothing, and still takes the right to change the survey.
    assert api("quality").post(f"/surveys/{survey.pk}/close", {}).status_code == 200
    refused = api("agent").post(f"/surveys/{survey.pk}/close", {})
    assert refused.status_code == 403, refused.content


def test_answers_stop_at_the_quota_with_410(
    api: Any, public: ApiClient, survey: Survey, invite: Callable[..., Invitation]
) -> None:
    changed = api("quality").patch(f"/surveys/{survey.pk}", {"quota": 1})
    assert changed.status_code == 200, changed.content
    first, second = invite(), invite()

    assert public.post(f"/surveys/answers/{tokens.sign(first.key)}", {"answers": HAPPY}).status_code == 201
    refused = public.post(f"/surveys/answers/{tokens.sign(second.key)}", {"answers": HAPPY})

    assert refused.status_code == 410, refused.content
    assert refused.json()["error"]["message"] == CLOSED
    body = api("agent").get(f"/surveys/{survey.pk}").json()
    assert (body["state"], body["response_count"]) == ("closed", 1)
    # Raising the quota opens the survey again.
    assert api("quality").patch(f"/surveys/{survey.pk}", {"quota": 2}).json()["state"] == "open"
    assert public.post(f"/surveys/answers/{tokens.sign(second.key)}", {"answers": HAPPY}).status_code == 201


# --- scores ------------------------------------------------------------------------------------------------------


def _agent_row(body: dict[str, Any], agent_id: int) -> dict[str, Any]:
    return next(row for row in body["rows"] if row["key"] == str(agent_id))


def test_scores_say_too_few_below_ten_responses_and_give_numbers_from_ten(
    api: Any, org: Organisation, survey: Survey, invite: Callable[..., Invitation]
) -> None:
    agent_id = org.agents["agent"].pk
    for answers in [HAPPY] * 5 + [UNHAPPY] * 4:
        _respond(invite, answers)

    body = api("supervisor").get("/surveys/scores", survey_id=survey.pk).json()

    assert body["minimum_responses"] == 10
    total = _agent_row(body, agent_id)["total"]
    for measure in ("nps", "csat", "ces", "fcr", "response_rate"):
        assert total[measure]["n"] == 9
        assert total[measure]["too_few"] is True
        assert (total[measure]["value"], total[measure]["low"], total[measure]["high"]) == (None, None, None)

    _respond(invite, HAPPY)
    response = api("supervisor").get("/surveys/scores", survey_id=survey.pk)

    assert response.status_code == 200, response.content
    row = _agent_row(response.json(), agent_id)
    total = row["total"]
    assert (row["responses"], row["invited"]) == (10, 10)
    assert (total["nps"]["promoters"], total["nps"]["passives"], total["nps"]["detractors"]) == (6, 0, 4)
    expected = {"nps": 20.0, "csat": 0.6, "ces": 5.0, "fcr": 0.6, "response_rate": 1.0}
    for measure, value in expected.items():
        assert total[measure]["too_few"] is False
        assert total[measure]["value"] == pytest.approx(value)
        assert total[measure]["low"] <= total[measure]["value"] <= total[measure]["high"]
    assert response.json()["overall"]["total"]["nps"]["value"] == pytest.approx(20.0)


def test_an_agent_sees_only_their_own_responses_and_scores(
    api: Any,
    org: Organisation,
    survey: Survey,
    invite: Callable[..., Invitation],
    other_contact: Contact,
) -> None:
    mine = [_respond(invite, HAPPY) for _ in range(10)]
    theirs = [_respond(invite, UNHAPPY, contact_id=other_contact.pk) for _ in range(3)]
    agent = api("agent")
    agent_id, other_id = org.agents["agent"].pk, org.agents["agent2"].pk

    for query in ({}, {"key": str(other_id)}):
        body = agent.get("/surveys/scores", survey_id=survey.pk, **query).json()
        assert [row["key"] for row in body["rows"]] == [str(agent_id)]
        assert body["rows"][0]["total"]["nps"]["value"] == pytest.approx(100.0)
        assert body["overall"]["responses"] == 13
    supervisor_rows = api("supervisor").get("/surveys/scores", survey_id=survey.pk).json()["rows"]
    assert {row["key"] for row in supervisor_rows} == {str(agent_id), str(other_id)}
    by_team = agent.get("/surveys/scores", by="team")
    assert by_team.status_code == 422, by_team.content
    assert "by" in by_team.json()["error"]["fields"]
    assert agent.get("/surveys/scores", by="all").status_code == 200

    listed = agent.get("/surveys/responses").json()["items"]
    assert sorted(item["id"] for item in listed) == sorted(response.pk for response in mine)
    assert agent.get(f"/surveys/responses/{theirs[0].pk}").status_code == 404
    assert api("supervisor").get(f"/surveys/responses/{theirs[0].pk}").status_code == 200
    assert len(api("supervisor").get("/surveys/responses").json()["items"]) == 13


# --- the CSV export ------------------------------------------------------------------------------------------------


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_export_has_a_column_per_question_and_a_row_per_response(
    api: Any,
    org: Organisation,
    survey: Survey,
    invite: Callable[..., Invitation],
    other_contact: Contact,
) -> None:
    comment = 'Fast, "kind"\nand clear.'
    happy = _respond(invite, {**HAPPY, "channels": ["Chat", "Phone"], "comment": comment})
    unhappy = _respond(invite, UNHAPPY, contact_id=other_contact.pk)

    rows = _csv(api("quality").get("/surveys/responses.csv", survey_id=survey.pk))

    header, *lines = rows
    assert header == [*selectors.EXPORT_COLUMNS, *KEYS]
    assert len(lines) == 2
    by_id = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
    first, second = by_id[str(happy.pk)], by_id[str(unhappy.pk)]
    assert (first["survey"], first["agent_id"], first["is_unhappy"]) == (
        "after-contact",
        str(org.agents["agent"].pk),
        "no",
    )
    assert (first["recommend"], first["resolved"], first["channels"], first["comment"]) == (
        "10",
        "yes",
        "Phone; Chat",
        comment,
    )
    assert (first["why"], second["why"], second["is_unhappy"]) == ("", "Waiting time", "yes")
    assert second["agent_id"] == str(org.agents["agent2"].pk)

    header, *lines = _csv(api("agent").get("/surveys/responses.csv", survey_id=survey.pk))
    assert header == [*selectors.EXPORT_COLUMNS, *KEYS]
    assert [line[0] for line in lines] == [str(happy.pk)]


# --- invitations ---------------------------------------------------------------------------------------------------


def test_an_invitation_made_through_the_api_carries_its_links(
    api: Any, public: ApiClient, survey: Survey, contact: Contact
) -> None:
    response = api("operations").post(
        "/surveys/invitations", {"survey_id": survey.pk, "method": "ivr", "contact_id": contact.pk}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["method"], body["contact_id"], body["agent_id"]) == ("ivr", contact.pk, contact.agent_id)
    prefix = f"{settings.FRONTLINE_PUBLIC_URL}/s/"
    assert body["link"].startswith(prefix) and body["link"].endswith("/")
    assert body["voice_url"] == f"{body['link']}voice/"
    token = body["link"].removeprefix(prefix).rstrip("/")
    assert tokens.unsign(token) == Invitation.objects.get(pk=body["id"]).key
    assert public.get(f"/surveys/answers/{token}").status_code == 200
    # A link answers as the customer: it is given once, to its maker, and never listed or read back.
    later = api("quality").get(f"/surveys/invitations/{body['id']}").json()
    listed = api("quality").get("/surveys/invitations").json()["items"]
    assert "link" not in later and "voice_url" not in later
    assert all("link" not in item and "voice_url" not in item for item in listed)
    email = api("operations").post(
        "/surveys/invitations", {"survey_id": survey.pk, "method": "email", "contact_id": contact.pk}
    )
    assert email.json()["voice_url"] is None  # an e-mail invitation is answered on its page, not by phone


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_id": 987_654}, "contact_id"),
        ({"contact_id": None}, "contact_id"),
        ({"survey_id": 987_654}, "survey_id"),
        ({"method": "pigeon"}, "method"),
    ],
)
def test_bad_invitations_are_refused_naming_the_field(
    api: Any, survey: Survey, contact: Contact, changes: dict[str, Any], field: str
) -> None:
    body = {"survey_id": survey.pk, "method": "email", "contact_id": contact.pk, **changes}

    response = api("operations").post("/surveys/invitations", body)

    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    assert not Invitation.objects.exists()


def test_no_invitation_to_a_closed_survey(api: Any, survey: Survey, contact: Contact) -> None:
    api("quality").post(f"/surveys/{survey.pk}/close", {})

    response = api("operations").post(
        "/surveys/invitations", {"survey_id": survey.pk, "method": "email", "contact_id": contact.pk}
    )

    assert response.status_code == 410, response.content
    assert response.json()["error"]["message"] == CLOSED


# --- moderating stories --------------------------------------------------------------------------------------------


@pytest.fixture
def story(db: Any) -> Story:
    told = services.tell_story(client="test", kind="rave", text="Priya fixed my router in five minutes.")
    assert told is not None
    return told


def test_a_moderator_approves_or_rejects_stories(api: Any, org: Organisation, story: Story) -> None:
    supervisor = api("supervisor")
    rant = services.tell_story(client="test", kind="rant", text="Nobody called me back.")
    assert rant is not None
    pending = supervisor.get("/surveys/stories", status="pending").json()["items"]
    assert {item["id"] for item in pending} == {story.pk, rant.pk}

    approved = supervisor.post(
        f"/surveys/stories/{story.pk}/moderation",
        {"status": "approved", "agent_id": org.agents["agent"].pk, "note": "Priya is our agent"},
    )
    rejected = supervisor.post(f"/surveys/stories/{rant.pk}/moderation", {"status": "rejected"})

    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert (body["status"], body["agent_id"], body["moderation_note"]) == (
        "approved",
        org.agents["agent"].pk,
        "Priya is our agent",
    )
    assert body["moderated_at"] is not None
    assert rejected.status_code == 200, rejected.content
    assert rejected.json()["status"] == "rejected"
    story.refresh_from_db()
    assert story.moderated_by == org.user("supervisor")
    assert supervisor.get("/surveys/stories", status="pending").json()["items"] == []
    assert [item["id"] for item in supervisor.get("/surveys/stories", status="approved").json()["items"]] == [story.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "maybe"}, "status"),
        ({"status": "pending"}, "status"),
        ({}, "status"),
        ({"status": "approved", "agent_id": 987_654}, "agent_id"),
    ],
)
def test_a_bad_moderation_is_refused_and_the_story_waits(
    api: Any, story: Story, body: dict[str, Any], field: str
) -> None:
    quality = api("quality")
    before = AuditEntry.objects.count()

    response = quality.post(f"/surveys/stories/{story.pk}/moderation", body)

    assert response.status_code == 422, response.content
    assert field in response.json()["error"]["fields"]
    story.refresh_from_db()
    assert (story.status, story.moderated_at) == ("pending", None)
    assert AuditEntry.objects.count() == before


def test_moderating_a_story_that_does_not_exist_is_not_found(api: Any, story: Story) -> None:
    response = api("quality").post("/surveys/stories/987654/moderation", {"status": "approved"})

    assert response.status_code == 404, response.content


def test_formula_like_text_is_neutralised_in_the_csv_export(
    api: Any, survey: Survey, token: str, answer: Callable[..., Response]
) -> None:
    answer(token, {**HAPPY, "comment": '=HYPERLINK("http://evil.example","x")'})
    rows = _csv(api("quality").get("/surveys/responses.csv", survey_id=survey.pk))
    comment = rows[1][rows[0].index("comment")]
    assert comment == '\'=HYPERLINK("http://evil.example","x")'
