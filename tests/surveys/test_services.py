"""Survey definitions and versions, triggers, single-use links, closing by time and by quota, and the loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case, Contact
from frontline.core.errors import TooManyRequests, ValidationFailed
from frontline.customers import services as customers
from frontline.surveys import rollup, services, tokens
from frontline.surveys.models import (
    Answer,
    Invitation,
    LoopFollowUp,
    Method,
    Response,
    ScoreCell,
    Story,
    StoryStatus,
    Survey,
    SurveyVersion,
    TriggerEvent,
)
from tests.conftest import Organisation
from tests.surveys.conftest import HAPPY, QUESTIONS, UNHAPPY

# --- definitions and versions ---------------------------------------------------------------------------------


def test_a_survey_starts_with_version_one_and_its_questions_in_order(survey: Survey) -> None:
    version = services.current_version(survey)
    assert version.number == 1
    assert [question.key for question in version.questions.order_by("position")] == [q["key"] for q in QUESTIONS]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "stars"}, "questions[1].kind"),
        ({"choices": ["Only one"], "kind": "single"}, "questions[1].choices"),
        ({"choices": ["A", "A"], "kind": "multiple"}, "questions[1].choices"),
        ({"choices": ["A", "B"]}, "questions[1].choices"),
        ({"key": "recommend"}, "questions[1].key"),
        ({"key": "bad key!"}, "questions[1].key"),
        ({"text": ""}, "questions[1].text"),
        ({"show_if_key": "comment", "show_if_values": ["x"]}, "questions[1].show_if_key"),
        ({"show_if_key": "recommend", "show_if_values": ["11"]}, "questions[1].show_if_values"),
        ({"show_if_key": "recommend", "show_if_values": []}, "questions[1].show_if_values"),
    ],
)
def test_wrong_questions_are_refused_naming_the_field_and_nothing_is_written(
    db: Any, change: dict[str, Any], field: str
) -> None:
    questions = [dict(QUESTIONS[0]), {**QUESTIONS[1], **change}]
    with pytest.raises(ValidationFailed) as refused:
        services.create_survey(actor=None, code="bad", name="Bad", questions=questions)
    assert field in refused.value.fields
    assert not Survey.objects.exists()


def test_closing_before_opening_is_refused(db: Any) -> None:
    now = timezone.now()
    with pytest.raises(ValidationFailed) as refused:
        services.create_survey(
            actor=None, code="x", name="X", questions=QUESTIONS, opens_at=now, closes_at=now - dt.timedelta(hours=1)
        )
    assert "closes_at" in refused.value.fields


def test_editing_questions_before_any_response_changes_the_version_in_place(survey: Survey) -> None:
    version = services.set_questions(actor=None, survey_id=survey.pk, questions=QUESTIONS[:3])
    assert version.number == 1
    assert SurveyVersion.objects.filter(survey=survey).count() == 1
    assert version.questions.count() == 3


def test_editing_a_survey_with_responses_makes_a_new_version_and_responses_keep_theirs(
    survey: Survey, token: str, answer: Callable[..., Response], invite: Callable[..., Invitation]
) -> None:
    first = answer(token)
    new = services.set_questions(actor=None, survey_id=survey.pk, questions=[*QUESTIONS[:4], QUESTIONS[6]])
    assert new.number == 2
    first.refresh_from_db()
    assert first.version.number == 1
    assert first.version.questions.count() == len(QUESTIONS)  # the old version is kept as it was
    second = answer(tokens.sign(invite().key))
    assert second.version.number == 2
    # A page shown before the change still answers the version it showed.
    third = answer(tokens.sign(invite().key), version_number=1)
    assert third.version.number == 1


# --- answering: validation, branching, single use ------------------------------------------------------------


def test_an_answer_records_the_headline_measures_and_every_answer(token: str, answer: Callable[..., Response]) -> None:
    response = answer(token, UNHAPPY)
    assert (response.nps, response.csat, response.ces, response.fcr) == (2, 1, 2, False)
    assert response.is_unhappy and response.has_comment
    stored = {a.question.key: a for a in Answer.objects.filter(response=response).select_related("question")}
    assert stored["why"].choices == ["Waiting time"]
    assert stored["comment"].text == "An hour on hold."
    assert response.agent_id is not None and response.queue == "broadband"


def test_a_branching_question_is_dropped_unless_its_condition_holds(
    token: str, answer: Callable[..., Response]
) -> None:
    response = answer(token, {**HAPPY, "why": "Waiting time"})  # resolved = yes: "why" was not asked
    assert not Answer.objects.filter(response=response, question__key="why").exists()


def test_a_branching_question_is_required_once_shown(token: str, answer: Callable[..., Response]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        answer(token, {**HAPPY, "resolved": "no"})
    assert "answers.why" in refused.value.fields
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**HAPPY, "recommend": 11}, "answers.recommend"),
        ({**HAPPY, "recommend": "ten"}, "answers.recommend"),
        ({**HAPPY, "satisfied": 0}, "answers.satisfied"),
        ({**HAPPY, "easy": 8}, "answers.easy"),
        ({**HAPPY, "resolved": "maybe"}, "answers.resolved"),
        ({**HAPPY, "channels": ["Fax"]}, "answers.channels"),
        ({**HAPPY, "comment": "x" * 4001}, "answers.comment"),
        ({**HAPPY, "nonsense": 1}, "answers.nonsense"),
        ({"comment": "no scores"}, "answers.recommend"),
    ],
)
def test_wrong_answers_are_refused_naming_the_question_and_nothing_is_written(
    token: str, answer: Callable[..., Response], answers: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        answer(token, answers)
    assert field in refused.value.fields
    assert not Response.objects.exists()
    assert Survey.objects.get().response_count == 0
    assert not ScoreCell.objects.filter(responses__gt=0).exists()


def test_a_link_answers_once(token: str, answer: Callable[..., Response]) -> None:
    answer(token)
    with pytest.raises(services.AlreadyAnswered):
        answer(token)
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "X" + token[1:],
        lambda token: token.split(":")[0],
        lambda token: "",
        lambda token: "not-a-token:at-all",
        lambda token: tokens.sign("no-such-invitation"),
    ],
)
def test_a_tampered_or_made_up_link_is_refused_with_a_plain_explanation(
    token: str, answer: Callable[..., Response], tamper: Callable[[str], str]
) -> None:
    with pytest.raises(tokens.BadLink) as refused:
        answer(tamper(token))
    assert refused.value.status == 400
    assert "link" in refused.value.message
    assert not Response.objects.exists()


def test_an_expired_link_is_refused(invitation: Invitation, token: str, answer: Callable[..., Response]) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(services.LinkExpired) as refused:
        answer(token)
    assert refused.value.status == 410


# --- open and close -------------------------------------------------------------------------------------------


def test_after_closing_time_the_survey_is_closed_to_new_submissions(
    survey: Survey, token: str, answer: Callable[..., Response]
) -> None:
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(services.SurveyClosed) as refused:
        answer(token)
    assert refused.value.status == 410
    assert refused.value.message == "This survey is closed to new submissions."


def test_closing_by_hand_closes_at_once(survey: Survey, token: str, answer: Callable[..., Response]) -> None:
    services.close_survey(actor=None, survey_id=survey.pk)
    assert services.survey_state(Survey.objects.get(pk=survey.pk)) == "closed"
    with pytest.raises(services.SurveyClosed):
        answer(token)


def test_before_opening_a_link_says_when_it_opens(survey: Survey, token: str, answer: Callable[..., Response]) -> None:
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(services.NotOpenYet):
        answer(token)


def test_the_quota_closes_the_survey_after_exactly_that_many_responses(
    survey: Survey, invite: Callable[..., Invitation], answer: Callable[..., Response]
) -> None:
    services.update_survey(actor=None, survey_id=survey.pk, changes={"quota": 2})
    links = [tokens.sign(invite().key) for _ in range(3)]
    answer(links[0])
    answer(links[1])
    with pytest.raises(services.SurveyClosed):
        answer(links[2])
    assert Survey.objects.get(pk=survey.pk).response_count == 2
    assert services.survey_state(Survey.objects.get(pk=survey.pk)) == "closed"
    with pytest.raises(ValidationFailed):
        services.update_survey(actor=None, survey_id=survey.pk, changes={"quota": 1})


def test_a_closed_survey_takes_no_new_invitations(survey: Survey, contact: Contact) -> None:
    services.close_survey(actor=None, survey_id=survey.pk)
    with pytest.raises(services.SurveyClosed):
        services.invite(actor=None, survey_id=survey.pk, method=Method.EMAIL, contact_id=contact.pk)


# --- triggers --------------------------------------------------------------------------------------------------


def _ended_contact(case: Case, agent_id: int, *, channel: str = "phone", queue: str = "broadband") -> Contact:
    started = timezone.now() - dt.timedelta(minutes=5)
    return cases.log_contact(
        actor=None,
        case_id=case.pk,
        channel=channel,
        started_at=started,
        ended_at=started + dt.timedelta(minutes=3),
        agent_id=agent_id,
        queue=queue,
    )


def _customer_case(org: Organisation, number: int, category_id: int | None = None) -> Case:
    customer = customers.create_customer(
        actor=None, account_number=f"ACC-{number:05d}", name=f"Customer {number}", email=f"c{number}@example.com"
    )
    return cases.open_case(
        actor=None,
        customer_id=customer.pk,
        subject="Question",
        owner_id=org.agents["agent"].pk,
        category_id=category_id,
    )


def test_an_ended_contact_invites_through_a_matching_trigger_after_its_delay(
    survey: Survey, case: Case, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED, delay_minutes=90)
    with django_capture_on_commit_callbacks(execute=True):
        contact = _ended_contact(case, org.agents["agent"].pk)
    invitation = Invitation.objects.get()
    assert invitation.contact_id == contact.pk and invitation.method == Method.EMAIL
    assert invitation.email == "ada@example.com"
    assert invitation.send_after == contact.ended_at + dt.timedelta(minutes=90)
    assert invitation.sent_at is None  # not due yet: the deferred task or the sweep sends it at its time
    assert invitation.expires_at == invitation.send_after + dt.timedelta(days=survey.link_valid_days)


def test_a_resolved_case_invites_through_a_case_trigger(
    survey: Survey, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CASE_RESOLVED, delay_minutes=0)
    with django_capture_on_commit_callbacks(execute=True):
        cases.resolve_case(actor=None, case_id=case.pk, resolution="Replaced the router.", root_cause="Faulty unit")
    invitation = Invitation.objects.get()
    assert invitation.case_id == case.pk and invitation.contact_id is None
    assert invitation.agent_id == case.owner_id


@pytest.mark.parametrize(
    ("trigger", "matches"),
    [
        ({"channel": "phone"}, True),
        ({"channel": "email"}, False),
        ({"queue": "broadband"}, True),
        ({"queue": "mobile"}, False),
        ({"team": "team"}, True),
        ({"team": "other_team"}, False),
        ({"category": "connectivity"}, True),  # the case's category (outage) is under connectivity
        ({"category": "billing"}, False),
    ],
)
def test_triggers_filter_by_channel_queue_team_and_category_subtree(
    survey: Survey,
    case: Case,
    org: Organisation,
    categories: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    trigger: dict[str, str],
    matches: bool,
) -> None:
    values: dict[str, Any] = {}
    for name, value in trigger.items():
        if name == "team":
            values["team_id"] = getattr(org, value).pk
        elif name == "category":
            values["category_id"] = categories[value].pk
        else:
            values[name] = value
    services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED, **values)
    with django_capture_on_commit_callbacks(execute=True):
        _ended_contact(case, org.agents["agent"].pk)
    assert Invitation.objects.exists() is matches


def test_the_quiet_period_invites_a_customer_once_within_it(
    survey: Survey, case: Case, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED, quiet_days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _ended_contact(case, org.agents["agent"].pk)
        _ended_contact(case, org.agents["agent"].pk)
    assert Invitation.objects.count() == 1
    Invitation.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        _ended_contact(case, org.agents["agent"].pk)
    assert Invitation.objects.count() == 2


def test_the_quiet_period_spans_every_survey(
    survey: Survey, case: Case, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    other = services.create_survey(actor=None, code="other", name="Other", questions=QUESTIONS[:1])
    services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED, quiet_days=30)
    services.create_trigger(actor=None, survey_id=other.pk, event=TriggerEvent.CONTACT_ENDED, quiet_days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _ended_contact(case, org.agents["agent"].pk)
    assert Invitation.objects.count() == 1


def test_sampling_invites_about_the_share_asked_and_always_decides_the_same_way(survey: Survey) -> None:
    trigger = services.create_trigger(
        actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED, sampling_percent="25"
    )
    drawn = [services.is_sampled(trigger.pk, f"contact:{n}", Decimal("25")) for n in range(4000)]
    # Binomial(4000, 0.25): mean 1000, standard deviation 27.4; 5 standard deviations either side.
    assert 863 <= sum(drawn) <= 1137
    assert drawn == [services.is_sampled(trigger.pk, f"contact:{n}", Decimal("25")) for n in range(4000)]
    assert all(services.is_sampled(trigger.pk, f"contact:{n}", Decimal("100")) for n in range(200))


def test_sampling_applies_to_real_events(
    survey: Survey, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    services.create_trigger(
        actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED, sampling_percent="30", quiet_days=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(120):
            _ended_contact(_customer_case(org, number), org.agents["agent"].pk)
    # Binomial(120, 0.3): mean 36, standard deviation 5.0; 4 standard deviations either side.
    assert 16 <= Invitation.objects.count() <= 56


def test_a_customer_without_an_email_is_not_invited_by_email(
    survey: Survey, case: Case, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    customers.update_customer(actor=None, customer_id=case.customer_id, changes={"email": ""})
    services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        _ended_contact(case, org.agents["agent"].pk)
    assert not Invitation.objects.exists()


def test_an_inactive_trigger_or_a_closed_survey_invites_nobody(
    survey: Survey, case: Case, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    trigger = services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED)
    services.update_trigger(actor=None, trigger_id=trigger.pk, changes={"is_active": False})
    with django_capture_on_commit_callbacks(execute=True):
        _ended_contact(case, org.agents["agent"].pk)
    services.update_trigger(actor=None, trigger_id=trigger.pk, changes={"is_active": True})
    services.close_survey(actor=None, survey_id=survey.pk)
    with django_capture_on_commit_callbacks(execute=True):
        _ended_contact(case, org.agents["agent"].pk)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"sampling_percent": "0"}, "sampling_percent"),
        ({"sampling_percent": "100.5"}, "sampling_percent"),
        ({"sampling_percent": "lots"}, "sampling_percent"),
        ({"event": "case_opened"}, "event"),
        ({"method": "pigeon"}, "method"),
        ({"quiet_days": 400}, "quiet_days"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_wrong_triggers_are_refused_naming_the_field(survey: Survey, values: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.create_trigger(actor=None, survey_id=survey.pk, **{"event": TriggerEvent.CONTACT_ENDED, **values})
    assert field in refused.value.fields


# --- the score cells ------------------------------------------------------------------------------------------


def test_the_running_cells_equal_a_recount_from_the_responses(
    invite: Callable[..., Invitation], answer: Callable[..., Response], invitation: Invitation
) -> None:
    for answers in (HAPPY, UNHAPPY, {**HAPPY, "recommend": 7, "satisfied": 3}, {**HAPPY, "easy": 4}):
        answer(tokens.sign(invite().key), answers)
    services.mark_sent(invitation.pk)
    fields = [f.name for f in ScoreCell._meta.fields if f.name not in ("id",)]
    running = sorted(tuple(str(value) for value in row) for row in ScoreCell.objects.values_list(*fields))
    rollup.recount()
    recounted = sorted(tuple(str(value) for value in row) for row in ScoreCell.objects.values_list(*fields))
    assert running == recounted
    everyone = ScoreCell.objects.get(dimension="all")
    assert (everyone.responses, everyone.invited, everyone.promoters, everyone.detractors) == (4, 5, 2, 1)
    assert (everyone.ces_n, everyone.ces_sum, everyone.ces_sum_squares) == (4, 7 + 2 + 7 + 4, 49 + 4 + 49 + 16)


# --- closing the loop -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "unhappy"),
    [
        (HAPPY, False),
        ({**HAPPY, "recommend": 6}, True),
        ({**HAPPY, "recommend": 7}, False),
        ({**HAPPY, "satisfied": 2}, True),
        ({**HAPPY, "satisfied": 3}, False),
        ({**HAPPY, "resolved": "no", "why": "The answer"}, True),
    ],
)
def test_a_detractor_a_low_csat_or_an_unresolved_contact_opens_a_follow_up_case(
    token: str, answer: Callable[..., Response], org: Organisation, answers: dict[str, Any], unhappy: bool
) -> None:
    response = answer(token, answers)
    assert response.is_unhappy is unhappy
    assert LoopFollowUp.objects.exists() is unhappy
    if unhappy:
        loop = LoopFollowUp.objects.select_related("case").get()
        assert loop.owner == org.agents["supervisor"]  # the agent's supervisor by default
        assert loop.case.owner_id == org.agents["supervisor"].pk and loop.case.priority == "high"
        assert loop.due_at == response.responded_at + dt.timedelta(hours=48)


def test_the_relationship_owner_gets_the_follow_up_when_the_survey_says_so(
    survey: Survey, token: str, answer: Callable[..., Response], org: Organisation
) -> None:
    services.update_survey(actor=None, survey_id=survey.pk, changes={"loop_owner": "relationship_owner"})
    answer(token, UNHAPPY)
    assert LoopFollowUp.objects.get().owner == org.agents["agent"]  # Ada's relationship owner


def test_a_later_happy_answer_recovers_the_customer(
    invite: Callable[..., Invitation], answer: Callable[..., Response]
) -> None:
    answer(tokens.sign(invite().key), UNHAPPY)
    later = answer(tokens.sign(invite().key), HAPPY)
    loop = LoopFollowUp.objects.get()
    assert loop.recovered_by == later and loop.recovered_at is not None


def test_a_renewal_recovers_the_customer_once_with_a_note(token: str, answer: Callable[..., Response]) -> None:
    answer(token, UNHAPPY)
    loop = LoopFollowUp.objects.get()
    with pytest.raises(ValidationFailed):
        services.record_recovery(actor=None, loop_id=loop.pk, note="  ")
    services.record_recovery(actor=None, loop_id=loop.pk, note="Renewed for two years.")
    loop.refresh_from_db()
    assert loop.recovered_at is not None and loop.recovery_note == "Renewed for two years."
    with pytest.raises(services.Conflict):
        services.record_recovery(actor=None, loop_id=loop.pk, note="Again")


# --- the rant-or-rave page ------------------------------------------------------------------------------------


def test_a_story_waits_for_moderation_and_is_linked_to_the_customer_by_email(customer: Any, org: Organisation) -> None:
    story = services.tell_story(client="a", kind="rave", text="Lovely help.", email="ADA@example.com")
    assert story is not None and story.status == StoryStatus.PENDING and story.customer_id == customer.pk
    services.moderate_story(actor=None, story_id=story.pk, status="approved", agent_id=org.agents["agent"].pk)
    story.refresh_from_db()
    assert story.status == StoryStatus.APPROVED and story.agent_id == org.agents["agent"].pk


def test_the_honeypot_drops_the_story_silently(db: Any) -> None:
    assert services.tell_story(client="a", kind="rant", text="Buy pills", honeypot="http://spam.example") is None
    assert not Story.objects.exists()


def test_more_than_five_stories_an_hour_from_one_sender_are_refused(db: Any) -> None:
    for number in range(services.STORIES_PER_HOUR):
        services.tell_story(client="same", kind="rave", text=f"Story {number}")
    with pytest.raises(TooManyRequests) as refused:
        services.tell_story(client="same", kind="rave", text="One more")
    assert 0 < refused.value.retry_after <= 3600
    services.tell_story(client="someone-else", kind="rave", text="Mine")
    Story.objects.filter(client="same").update(created_at=timezone.now() - dt.timedelta(minutes=61))
    services.tell_story(client="same", kind="rave", text="An hour later")
    assert Story.objects.count() == services.STORIES_PER_HOUR + 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "meh"}, "kind"),
        ({"text": "   "}, "text"),
        ({"email": "not-an-address"}, "email"),
        ({"branch_id": 999999}, "branch"),
    ],
)
def test_wrong_stories_are_refused_naming_the_field(db: Any, values: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.tell_story(**{"client": "a", "kind": "rave", "text": "Fine", **values})
    assert field in refused.value.fields
    assert not Story.objects.exists()


def test_a_retried_trigger_task_invites_once(
    survey: Survey, case: Case, org: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    from frontline.surveys import tasks

    services.create_trigger(actor=None, survey_id=survey.pk, event=TriggerEvent.CONTACT_ENDED, quiet_days=0)
    with django_capture_on_commit_callbacks(execute=True):
        contact = _ended_contact(case, org.agents["agent"].pk)
    assert tasks.apply_contact_triggers.call(contact_id=contact.pk) == 0  # the retry finds the invitation made
    assert Invitation.objects.count() == 1


def test_an_ipv6_sender_is_counted_by_their_network() -> None:
    assert services.client_digest("2001:db8:1:2::1") == services.client_digest("2001:db8:1:2:ffff::9")
    assert services.client_digest("2001:db8:1:2::1") != services.client_digest("2001:db8:1:3::1")
    assert services.client_digest("203.0.113.7") != services.client_digest("203.0.113.8")


def test_overlong_choices_and_names_with_line_breaks_are_refused(db: Any) -> None:
    question = {**QUESTIONS[4], "show_if_key": "", "show_if_values": [], "choices": ["A", "B" * 121]}
    with pytest.raises(ValidationFailed) as refused:
        services.create_survey(actor=None, code="x", name="X", questions=[question])
    assert "questions[0].choices" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        services.create_survey(actor=None, code="y", name="Two\nlines", questions=QUESTIONS[:1])
    assert "name" in refused.value.fields
