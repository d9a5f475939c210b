"""The demo company's surveys: a post-contact survey running for a year with its trigger, a sample of the year's
contacts invited and about a third of them answering (happier after a resolved contact, with comments), the
score cells counted from them, a few recent unhappy answers followed up, a closed launch survey, and stories
on the rant-or-rave page waiting for moderation. Deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.cases.models import Contact, ContactOutcome
from frontline.demo.organisation import Organisation
from frontline.surveys import rollup, scoring, services, tokens
from frontline.surveys.models import (
    FACT_FIELDS,
    Answer,
    Invitation,
    LoopFollowUp,
    Method,
    Question,
    Response,
    Story,
    StoryStatus,
    Survey,
    TriggerEvent,
)

QUESTIONS: list[dict[str, Any]] = [
    {"key": "recommend", "kind": "nps", "text": "How likely are you to recommend us to a friend or colleague?"},
    {"key": "satisfied", "kind": "csat", "text": "How satisfied are you with the help you got?"},
    {"key": "easy", "kind": "ces", "text": "We made it easy for me to handle my issue."},
    {"key": "resolved", "kind": "fcr", "text": "Was your issue resolved in this one contact?"},
    {
        "key": "why",
        "kind": "single",
        "text": "What got in the way most?",
        "choices": ["Waiting time", "The answer I got", "Being passed around", "Having to call back"],
        "show_if_key": "resolved",
        "show_if_values": ["no"],
    },
    {"key": "comment", "kind": "text", "text": "Anything else you want to tell us?", "is_required": False},
]
HAPPY_COMMENTS = [
    "Quick and friendly, sorted in one call.",
    "The agent explained the bill line by line. Thank you.",
    "Fixed my connection while I waited.",
    "Very patient with my questions about the new plan.",
    "Called back exactly when promised.",
    "Knew my account history, I did not have to repeat myself.",
]
UNHAPPY_COMMENTS = [
    "Forty minutes on hold before anyone answered.",
    "I was transferred three times and still have no answer.",
    "Nobody told me about the outage in my area.",
    "The technician never came and nobody called.",
    "I was promised a credit that never appeared on my bill.",
    "The menu would not let me go back, I had to hang up and start again.",
]
STORIES = [
    ("rave", "Priya at the downtown branch stayed late to get my router swapped. Above and beyond!", "Priya"),
    ("rant", "Your phone menu sends me in circles and there is no way to reach a person.", ""),
    ("rave", "The chat agent fixed a billing error from two years ago in ten minutes.", ""),
    ("rant", "Third outage this month and the website still says everything is fine.", ""),
    ("rave", "Marcus explained my options clearly and did not push an upgrade.", "Marcus"),
]
INVITED_SHARE = 0.5  # of the year's ended contacts (then at most one invitation a month per customer)
ANSWERED_SHARE = 0.4
HISTORY_DAYS = 365


@dataclass(frozen=True)
class SurveySummary:
    surveys: int
    invitations: int
    responses: int
    follow_ups: int


def _scores(rng: random.Random, resolved: bool) -> dict[str, object]:
    """Answers that lean happy after a resolved contact and unhappy after one that was not."""
    if resolved:
        nps = rng.choices(range(11), weights=[1, 1, 1, 1, 2, 3, 4, 8, 14, 25, 30])[0]
        csat = rng.choices(range(1, 6), weights=[2, 3, 8, 35, 52])[0]
        ces = rng.choices(range(1, 8), weights=[1, 2, 3, 6, 14, 34, 40])[0]
    else:
        nps = rng.choices(range(11), weights=[9, 7, 8, 9, 9, 10, 9, 9, 8, 6, 5])[0]
        csat = rng.choices(range(1, 6), weights=[18, 22, 25, 22, 13])[0]
        ces = rng.choices(range(1, 8), weights=[14, 16, 16, 14, 14, 14, 12])[0]
    return {"recommend": nps, "satisfied": csat, "easy": ces, "resolved": "yes" if resolved else "no"}


def _survey(now: dt.datetime) -> Survey:
    survey = services.create_survey(
        actor=None,
        code="after-contact",
        name="How did we do?",
        questions=QUESTIONS,
        introduction="You were in touch with us recently. Four quick questions help us get better.",
        opens_at=now - dt.timedelta(days=HISTORY_DAYS + 1),
    )
    services.create_trigger(
        actor=None,
        survey_id=survey.pk,
        event=TriggerEvent.CONTACT_ENDED,
        method=Method.EMAIL,
        sampling_percent="12",
        delay_minutes=60,
        quiet_days=30,
    )
    services.create_trigger(
        actor=None,
        survey_id=survey.pk,
        event=TriggerEvent.CONTACT_ENDED,
        method=Method.IVR,
        channel="phone",
        sampling_percent="5",
        delay_minutes=0,
        quiet_days=30,
    )
    # A launch survey that reached its quota: its links show the closed page.
    launch = services.create_survey(
        actor=None,
        code="fibre-launch",
        name="Fibre launch: tell us about your installation",
        questions=QUESTIONS[:4],
        opens_at=now - dt.timedelta(days=120),
        closes_at=now - dt.timedelta(days=30),
        quota=500,
    )
    del launch
    return survey


def _invitation(survey: Survey, contact: Contact, customer_id: int) -> Invitation:
    """An invitation e-mailed an hour after `contact` ended (not saved)."""
    assert contact.ended_at is not None
    agent = contact.agent
    sent = contact.ended_at + dt.timedelta(hours=1)
    return Invitation(
        survey=survey,
        method=Method.EMAIL,
        key=tokens.new_key(),
        email=f"customer{customer_id}@example.com",
        send_after=sent,
        sent_at=sent,
        expires_at=sent + dt.timedelta(days=survey.link_valid_days),
        created_at=contact.ended_at,
        customer_id=customer_id,
        case_id=contact.case_id,
        contact_id=contact.pk,
        agent_id=contact.agent_id,
        team_id=agent.team_id if agent else None,
        branch_id=agent.branch_id if agent else None,
        category_id=contact.case.category_id,
        queue=contact.queue,
        channel=contact.channel,
        served_at=contact.ended_at,
        served_on=timezone.localdate(contact.ended_at),
    )


def _history(rng: random.Random, survey: Survey, now: dt.datetime) -> tuple[int, int]:
    """A year of invitations and answers, written in bulk with their facts, then counted into the cells."""
    since = now - dt.timedelta(days=HISTORY_DAYS)
    recent = now - dt.timedelta(days=14)  # the last fortnight is answered live below, through the services
    contacts = (
        Contact.objects.filter(ended_at__gte=since, ended_at__lt=recent, agent__isnull=False)
        .select_related("case", "agent")
        .order_by("id")
    )
    version = services.current_version(survey)
    questions = {question.key: question for question in Question.objects.filter(version=version)}
    last_invited: dict[int, dt.datetime] = {}
    invitations: list[Invitation] = []
    answered: list[tuple[Invitation, dict[str, object], str]] = []
    for contact in contacts.iterator(chunk_size=2000):
        if rng.random() >= INVITED_SHARE or contact.ended_at is None:
            continue
        customer_id = contact.case.customer_id
        previous = last_invited.get(customer_id)
        if previous is not None and contact.ended_at - previous < dt.timedelta(days=30):
            continue
        last_invited[customer_id] = contact.ended_at
        invitation = _invitation(survey, contact, customer_id)
        sent = invitation.sent_at or contact.ended_at
        if rng.random() < ANSWERED_SHARE:
            invitation.answered_at = sent + dt.timedelta(hours=rng.randint(1, 60))
            answers = _scores(rng, contact.outcome == ContactOutcome.RESOLVED)
            comment = ""
            if rng.random() < 0.3:
                unhappy = int(str(answers["recommend"])) <= 6
                comment = rng.choice(UNHAPPY_COMMENTS if unhappy else HAPPY_COMMENTS)
            answered.append((invitation, answers, comment))
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations, batch_size=2000)
    responses = []
    for invitation, answers, comment in answered:
        fcr = answers["resolved"] == "yes"
        nps, csat, ces = (int(str(answers[key])) for key in ("recommend", "satisfied", "easy"))
        responses.append(
            Response(
                survey=survey,
                version=version,
                invitation=invitation,
                method=Method.EMAIL,
                responded_at=invitation.answered_at or now,
                nps=nps,
                csat=csat,
                ces=ces,
                fcr=fcr,
                is_unhappy=scoring.is_unhappy(nps=nps, csat=csat, fcr=fcr),
                has_comment=bool(comment),
                **{name: getattr(invitation, name) for name in FACT_FIELDS},
            )
        )
    Response.objects.bulk_create(responses, batch_size=2000)
    rows = []
    for response, (_unused, answers, comment) in zip(responses, answered, strict=True):
        for key in ("recommend", "satisfied", "easy"):
            rows.append(Answer(response=response, question=questions[key], number=int(str(answers[key]))))
        rows.append(Answer(response=response, question=questions["resolved"], number=int(answers["resolved"] == "yes")))
        if answers["resolved"] == "no":
            reason = rng.choice(questions["why"].choices)
            rows.append(Answer(response=response, question=questions["why"], choices=[reason]))
        if comment:
            rows.append(Answer(response=response, question=questions["comment"], text=comment))
    Answer.objects.bulk_create(rows, batch_size=5000)
    Survey.objects.filter(pk=survey.pk).update(response_count=len(responses))
    return len(invitations), len(responses)


def _recent(rng: random.Random, survey: Survey, now: dt.datetime) -> tuple[int, int, int]:
    """The last fortnight answered through the services, as customers would: unhappy answers open follow-up
    cases for the supervisors."""
    contacts = list(
        Contact.objects.filter(ended_at__gte=now - dt.timedelta(days=14), ended_at__lt=now, agent__isnull=False)
        .select_related("case", "agent")
        .order_by("id")[:400]
    )
    rng.shuffle(contacts)
    invited = answered = 0
    seen: set[int] = set()
    for contact in contacts[:60]:
        customer_id = contact.case.customer_id
        if customer_id in seen:
            continue
        seen.add(customer_id)
        invitation = _invitation(survey, contact, customer_id)
        # Sent already (written without e-mail), with a link that still works today.
        invitation.expires_at = max(now, timezone.now()) + dt.timedelta(days=survey.link_valid_days)
        invitation.save(force_insert=True)
        invited += 1
        if rng.random() < 0.5:
            answers: dict[str, object] = _scores(rng, rng.random() < 0.6)
            if answers["resolved"] == "no":
                answers["why"] = rng.choice(["Waiting time", "Being passed around"])
            if rng.random() < 0.5:
                answers["comment"] = rng.choice(
                    UNHAPPY_COMMENTS if int(str(answers["recommend"])) <= 6 else HAPPY_COMMENTS
                )
            services.submit(token=tokens.sign(invitation.key), answers=answers)
            answered += 1
    return invited, answered, LoopFollowUp.objects.count()


def _stories(rng: random.Random, organisation: Organisation, now: dt.datetime) -> None:
    branches = list(organisation.branches.values())
    for number, (kind, text, agent_name) in enumerate(STORIES):
        story = services.tell_story(
            client=f"demo-{number}",
            kind=kind,
            text=text,
            name=rng.choice(["Sam", "Alex", "Jordan", ""]),
            branch_id=branches[number % len(branches)].pk,
            agent_name=agent_name,
        )
        if story is not None:
            Story.objects.filter(pk=story.pk).update(created_at=now - dt.timedelta(days=number * 3 + 1))
            if number >= 3:  # the older ones were moderated already
                agent = Agent.objects.filter(user__first_name=agent_name).first() if agent_name else None
                services.moderate_story(
                    actor=None, story_id=story.pk, status=StoryStatus.APPROVED, agent_id=agent.pk if agent else None
                )


def seed_surveys(*, rng: random.Random, organisation: Organisation, now: dt.datetime) -> SurveySummary:
    """Write the demo company's surveys, a year of answers, recent follow-ups and stories. Expects the cases
    and contacts to be written already, inside the caller's transaction."""
    survey = _survey(now)
    invitations, responses = _history(rng, survey, now)
    invited, answered, follow_ups = _recent(rng, survey, now)
    _stories(rng, organisation, now)
    rollup.recount()
    return SurveySummary(
        surveys=Survey.objects.count(),
        invitations=invitations + invited,
        responses=responses + answered,
        follow_ups=follow_ups,
    )
