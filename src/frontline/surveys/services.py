"""Writes of surveys: definitions and their versions, triggers, invitations and their sending, responses and
what follows an unhappy one, and the stories of the public rant-or-rave page. The caller's entry point holds
the transaction.

A response is recorded once per invitation (the database refuses a second), never past the survey's close or
its quota (a conditional F() update of the survey's response count), and adds itself to the daily score cells
in the same transaction, so every score is exact the moment the answer is in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from frontline.accounts.models import Agent
from frontline.cases import services as case_services
from frontline.cases.models import Case, Category, Contact
from frontline.core import audit
from frontline.core.errors import Conflict, DomainError, Gone, NotFound, TooManyRequests, ValidationFailed
from frontline.core.events import publish
from frontline.core.permissions import Actor, require_permission
from frontline.core.writes import create_row, refuse_unknown, update_row, validate_values
from frontline.customers.models import Customer
from frontline.surveys import rollup, scoring, tokens
from frontline.surveys.events import InvitationDue, SurveyAnswered
from frontline.surveys.models import (
    FACT_FIELDS,
    SCALES,
    Answer,
    Invitation,
    LoopFollowUp,
    LoopOwner,
    Method,
    Question,
    QuestionKind,
    Response,
    Story,
    StoryKind,
    StoryStatus,
    Survey,
    SurveyTrigger,
    SurveyVersion,
)

CLOSED_MESSAGE = "This survey is closed to new submissions."
MAX_QUESTIONS = 40
MAX_CHOICES = 20
MAX_CHOICE_LENGTH = 120
MAX_TEXT_ANSWER = 4000
STORIES_PER_HOUR = 5  # from one sender; more is refused with 429 until the hour has passed


class SurveyClosed(Gone):
    """The survey's closing time has passed or its quota is reached."""

    def __init__(self) -> None:
        super().__init__(CLOSED_MESSAGE)


class LinkExpired(Gone):
    """The invitation's link is past its expiry."""

    def __init__(self) -> None:
        super().__init__("This survey link has expired. Thank you all the same; we will ask again another time.")


class AlreadyAnswered(Conflict):
    """The invitation's single use is spent."""

    def __init__(self) -> None:
        super().__init__("This survey link has been used already: each link answers once. Thank you for your answers.")


class NotOpenYet(DomainError):
    """The survey's opening time has not come yet."""

    status = 403
    code = "not_open"

    def __init__(self, opens_at: dt.datetime) -> None:
        super().__init__(f"This survey opens on {timezone.localtime(opens_at):%Y-%m-%d at %H:%M}.")


# --- survey definitions ---------------------------------------------------------------------------------------

SURVEY_FIELDS = (
    "name",
    "introduction",
    "thanks",
    "opens_at",
    "closes_at",
    "quota",
    "link_valid_days",
    "reminder_after_days",
    "loop_owner",
    "loop_due_hours",
)


@dataclass(frozen=True, slots=True)
class QuestionDraft:
    """A question as checked, before it is written to a version."""

    key: str
    kind: str
    text: str
    is_required: bool
    choices: list[str]
    show_if_key: str
    show_if_values: list[str]


def _question_errors(index: int, raw: Mapping[str, Any], earlier: Mapping[str, QuestionDraft]) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = f"questions[{index}]"
    key = str(raw.get("key") or "").strip()
    kind = str(raw.get("kind") or "")
    choices = raw.get("choices") or []
    if not key or not key.replace("_", "").replace("-", "").isalnum() or len(key) > 40:
        errors[f"{name}.key"] = "Use up to 40 letters, digits, - or _."
    elif key in earlier:
        errors[f"{name}.key"] = f"The key {key!r} is used twice."
    if kind not in QuestionKind.values:
        errors[f"{name}.kind"] = f"Use one of {', '.join(QuestionKind.values)}."
    if not str(raw.get("text") or "").strip() or len(str(raw.get("text"))) > 300:
        errors[f"{name}.text"] = "Write the question, up to 300 characters."
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        labels = [str(choice).strip() for choice in choices] if isinstance(choices, list) else []
        if not 2 <= len(labels) <= MAX_CHOICES or not all(labels) or len(set(labels)) != len(labels):
            errors[f"{name}.choices"] = f"Give 2 to {MAX_CHOICES} different, non-empty choices."
        elif any(len(label) > MAX_CHOICE_LENGTH for label in labels):
            errors[f"{name}.choices"] = f"Keep each choice to {MAX_CHOICE_LENGTH} characters."
    elif choices:
        errors[f"{name}.choices"] = "Only single- and multiple-choice questions have choices."
    errors.update(_branching_errors(name, raw, earlier))
    return errors


def _branching_errors(name: str, raw: Mapping[str, Any], earlier: Mapping[str, QuestionDraft]) -> dict[str, str]:
    errors: dict[str, str] = {}
    show_if_key = str(raw.get("show_if_key") or "")
    show_if_values = raw.get("show_if_values") or []
    if show_if_key:
        if show_if_key not in earlier:
            errors[f"{name}.show_if_key"] = "Name the key of an earlier question."
        elif not isinstance(show_if_values, list) or not show_if_values or len(show_if_values) > MAX_CHOICES:
            errors[f"{name}.show_if_values"] = "List the answers after which this question is shown."
        else:
            allowed = _possible_answers(earlier[show_if_key])
            unknown = [str(value) for value in show_if_values if allowed is not None and str(value) not in allowed]
            if unknown:
                errors[f"{name}.show_if_values"] = f"{', '.join(unknown)}: not an answer of {show_if_key!r}."
    elif show_if_values:
        errors[f"{name}.show_if_values"] = "Set show_if_key too."
    return errors


def _possible_answers(question: QuestionDraft) -> set[str] | None:
    """The answers, as text, a branching condition may name (None: any text)."""
    if question.kind in SCALES:
        low, high = SCALES[question.kind]
        return {str(value) for value in range(low, high + 1)}
    if question.kind == QuestionKind.FCR:
        return {"yes", "no"}
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return set(question.choices)
    return None


def clean_questions(questions: Sequence[Mapping[str, Any]]) -> list[QuestionDraft]:
    """Check a list of questions; ValidationFailed names each wrong field as questions[i].field."""
    if not isinstance(questions, Sequence) or not 1 <= len(questions) <= MAX_QUESTIONS:
        raise ValidationFailed.single("questions", f"Give 1 to {MAX_QUESTIONS} questions.")
    drafts: dict[str, QuestionDraft] = {}
    errors: dict[str, str] = {}
    for index, raw in enumerate(questions):
        if not isinstance(raw, Mapping):
            errors[f"questions[{index}]"] = "Each question is an object."
            continue
        found = _question_errors(index, raw, drafts)
        errors.update(found)
        if found:
            continue
        kind = str(raw["kind"])
        draft = QuestionDraft(
            key=str(raw["key"]).strip(),
            kind=kind,
            text=str(raw["text"]).strip(),
            is_required=bool(raw.get("is_required", True)),
            choices=[str(choice).strip() for choice in raw.get("choices") or []],
            show_if_key=str(raw.get("show_if_key") or ""),
            show_if_values=[str(value) for value in raw.get("show_if_values") or []],
        )
        drafts[draft.key] = draft
    if errors:
        raise ValidationFailed(errors)
    return list(drafts.values())


def _write_questions(version: SurveyVersion, drafts: Sequence[QuestionDraft]) -> None:
    Question.objects.bulk_create(
        Question(
            version=version,
            position=position,
            key=draft.key,
            kind=draft.kind,
            text=draft.text,
            is_required=draft.is_required,
            choices=draft.choices,
            show_if_key=draft.show_if_key,
            show_if_values=draft.show_if_values,
        )
        for position, draft in enumerate(drafts, start=1)
    )


def _check_times(opens_at: dt.datetime | None, closes_at: dt.datetime | None) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ValidationFailed.single("closes_at", "A survey closes after it opens.")


def create_survey(
    *, actor: Actor, code: str, name: str, questions: Sequence[Mapping[str, Any]], **settings_: Any
) -> Survey:
    """Define a survey with its first version of questions."""
    require_permission(actor, "surveys.add_survey")
    refuse_unknown(settings_, SURVEY_FIELDS)
    drafts = clean_questions(questions)
    _check_times(settings_.get("opens_at") or timezone.now(), settings_.get("closes_at"))
    values = {"code": code.strip(), "name": name.strip(), **{k: v for k, v in settings_.items() if v is not None}}
    if Survey.objects.filter(code=values["code"]).exists():
        raise ValidationFailed.single("code", "Another survey has this code.")
    survey = create_row(Survey, actor=actor, action="survey.created", values=values)
    version = SurveyVersion.objects.create(survey=survey, number=1)
    _write_questions(version, drafts)
    return survey


def update_survey(*, actor: Actor, survey_id: int, changes: Mapping[str, Any]) -> Survey:
    """Change a survey's settings (times, quota, links, follow-up); questions change through `set_questions`."""
    require_permission(actor, "surveys.change_survey")
    survey = _locked_survey(survey_id)
    _check_times(changes.get("opens_at", survey.opens_at), changes.get("closes_at", survey.closes_at))
    quota = changes.get("quota", survey.quota)
    if quota is not None and isinstance(quota, int) and quota < survey.response_count:
        raise ValidationFailed.single("quota", f"{survey.response_count} responses are in already.")
    update_row(survey, actor=actor, action="survey.updated", changes=changes, allowed=SURVEY_FIELDS)
    return survey


def close_survey(*, actor: Actor, survey_id: int) -> Survey:
    """Close a survey now: its links show the closed page from this moment."""
    require_permission(actor, "surveys.change_survey")
    survey = _locked_survey(survey_id)
    now = timezone.now()
    if survey.closes_at is not None and survey.closes_at <= now:
        return survey
    return update_survey(
        actor=actor, survey_id=survey_id, changes={"closes_at": max(now, survey.opens_at + dt.timedelta(seconds=1))}
    )


def _locked_survey(survey_id: int) -> Survey:
    survey = Survey.objects.select_for_update().filter(pk=survey_id).first()
    if survey is None:
        raise NotFound(f"No survey {survey_id}.")
    return survey


def current_version(survey: Survey) -> SurveyVersion:
    """The version asked now: the newest."""
    version = SurveyVersion.objects.filter(survey=survey).order_by("-number").first()
    if version is None:  # every survey is created with version 1
        raise NotFound(f"Survey {survey.pk} has no questions.")
    return version


def set_questions(*, actor: Actor, survey_id: int, questions: Sequence[Mapping[str, Any]]) -> SurveyVersion:
    """Replace the survey's questions. A version that has responses is kept as it was and a new version is
    made; a version nobody has answered yet is changed in place."""
    require_permission(actor, "surveys.change_survey")
    survey = _locked_survey(survey_id)
    drafts = clean_questions(questions)
    version = current_version(survey)
    if Response.objects.filter(version=version).exists():
        version = SurveyVersion.objects.create(survey=survey, number=version.number + 1)
        action = "survey.versioned"
    else:
        Question.objects.filter(version=version).delete()
        action = "survey.questions_changed"
    _write_questions(version, drafts)
    audit.record(
        actor=actor,
        action=action,
        target=survey,
        changes={"version": [None, version.number], "questions": [None, [draft.key for draft in drafts]]},
    )
    return version


def survey_state(survey: Survey, now: dt.datetime | None = None) -> str:
    """ "open", "not_open" (before its opening time) or "closed" (past its closing time or at its quota)."""
    now = now or timezone.now()
    if now < survey.opens_at:
        return "not_open"
    if survey.closes_at is not None and now >= survey.closes_at:
        return "closed"
    if survey.quota is not None and survey.response_count >= survey.quota:
        return "closed"
    return "open"


def check_open(survey: Survey) -> None:
    """Raise SurveyClosed or NotOpenYet unless the survey takes answers now."""
    state = survey_state(survey)
    if state == "closed":
        raise SurveyClosed()
    if state == "not_open":
        raise NotOpenYet(survey.opens_at)


# --- triggers ---------------------------------------------------------------------------------------------------

TRIGGER_FIELDS = (
    "event",
    "method",
    "channel",
    "queue",
    "team_id",
    "category_id",
    "sampling_percent",
    "delay_minutes",
    "quiet_days",
    "is_active",
)


def _trigger_values(values: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    if "sampling_percent" in cleaned and cleaned["sampling_percent"] is not None:
        try:
            cleaned["sampling_percent"] = Decimal(str(cleaned["sampling_percent"]))
        except InvalidOperation:
            raise ValidationFailed.single("sampling_percent", "Give a percentage from 0.01 to 100.") from None
    for name in ("channel", "queue"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    return cleaned


def create_trigger(*, actor: Actor, survey_id: int, **values: Any) -> SurveyTrigger:
    """Invite customers to a survey after an event, for some contacts, sampled, delayed and not too often."""
    require_permission(actor, "surveys.add_surveytrigger")
    refuse_unknown(values, TRIGGER_FIELDS)
    if not Survey.objects.filter(pk=survey_id).exists():
        raise ValidationFailed.single("survey_id", f"No survey with id {survey_id}.")
    cleaned = _trigger_values({k: v for k, v in values.items() if v is not None})
    return create_row(
        SurveyTrigger, actor=actor, action="survey.trigger_created", values={"survey_id": survey_id, **cleaned}
    )


def update_trigger(*, actor: Actor, trigger_id: int, changes: Mapping[str, Any]) -> SurveyTrigger:
    """Change when a trigger invites (or switch it off)."""
    require_permission(actor, "surveys.change_surveytrigger")
    trigger = SurveyTrigger.objects.select_for_update().filter(pk=trigger_id).first()
    if trigger is None:
        raise NotFound(f"No trigger {trigger_id}.")
    update_row(
        trigger, actor=actor, action="survey.trigger_updated", changes=_trigger_values(changes), allowed=TRIGGER_FIELDS
    )
    return trigger


def is_sampled(trigger_id: int, subject: str, percent: Decimal) -> bool:
    """Whether this event falls in the trigger's sample: a keyed hash of trigger and event, so the same event is
    always in or out (a retried handler never changes its mind) and the share in is `percent`."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{trigger_id}:{subject}".encode(), hashlib.sha256).digest()
    draw = int.from_bytes(digest[:8], "big") / 2**64  # uniform in [0, 1)
    return draw * 100 < percent


@dataclass(frozen=True, slots=True)
class Served:
    """The facts of the service an invitation asks about."""

    customer_id: int
    case_id: int | None
    contact_id: int | None
    agent_id: int | None
    team_id: int | None
    branch_id: int | None
    category_id: int | None
    queue: str
    channel: str
    served_at: dt.datetime


def served_by_case(case: Case) -> Served:
    """The facts of a resolved case: its owner and team, its category and channel."""
    agent = Agent.objects.filter(pk=case.owner_id).only("id", "team_id", "branch_id").first() if case.owner_id else None
    return Served(
        customer_id=case.customer_id,
        case_id=case.pk,
        contact_id=None,
        agent_id=case.owner_id,
        team_id=case.team_id or (agent.team_id if agent else None),
        branch_id=agent.branch_id if agent else None,
        category_id=case.category_id,
        queue="",
        channel=case.channel,
        served_at=case.resolved_at or timezone.now(),
    )


def served_by_contact(contact: Contact) -> Served:
    """The facts of an ended contact: its agent (and their team and branch), queue and channel."""
    agent = (
        Agent.objects.filter(pk=contact.agent_id).only("id", "team_id", "branch_id").first()
        if contact.agent_id
        else None
    )
    case = contact.case
    return Served(
        customer_id=case.customer_id,
        case_id=case.pk,
        contact_id=contact.pk,
        agent_id=contact.agent_id,
        team_id=agent.team_id if agent else case.team_id,
        branch_id=agent.branch_id if agent else None,
        category_id=case.category_id,
        queue=contact.queue,
        channel=contact.channel,
        served_at=contact.ended_at or timezone.now(),
    )


def _matches(trigger: SurveyTrigger, served: Served) -> bool:
    if trigger.channel and trigger.channel != served.channel:
        return False
    if trigger.queue and trigger.queue != served.queue:
        return False
    if trigger.team_id and trigger.team_id != served.team_id:
        return False
    if trigger.category_id:
        if served.category_id is None:
            return False
        category = trigger.category
        if category is None:
            return False
        return Category.objects.filter(pk=served.category_id, path__startswith=category.path).exists()
    return True


def invite_after(*, event: str, served: Served, subject: str) -> list[Invitation]:
    """Apply the active triggers of open surveys to one event; returns the invitations made. Each matching
    trigger samples the event; the customer's row is locked while their quiet period is checked, so two events
    at once cannot both invite them."""
    made: list[Invitation] = []
    now = timezone.now()
    triggers = (
        SurveyTrigger.objects.filter(event=event, is_active=True, survey__opens_at__lte=now)
        .filter(Q(survey__closes_at__isnull=True) | Q(survey__closes_at__gt=now))
        .select_related("survey", "category")
        .order_by("id")
    )
    for trigger in triggers:
        if survey_state(trigger.survey, now) != "open" or not _matches(trigger, served):
            continue
        if not is_sampled(trigger.pk, subject, trigger.sampling_percent):
            continue
        customer = Customer.objects.select_for_update().filter(pk=served.customer_id).first()
        if customer is None:
            continue
        if (
            trigger.quiet_days
            and Invitation.objects.filter(
                customer=customer, created_at__gt=now - dt.timedelta(days=trigger.quiet_days)
            ).exists()
        ):
            continue
        if trigger.method == Method.EMAIL and not customer.email:
            continue
        same_event = Q(case__isnull=True) if served.case_id is None else Q(case_id=served.case_id)
        same_event &= Q(contact__isnull=True) if served.contact_id is None else Q(contact_id=served.contact_id)
        if Invitation.objects.filter(same_event, trigger=trigger).exists():
            continue  # a retried task, or a case resolved again: one invitation per trigger and event
        made.append(
            _create_invitation(
                survey=trigger.survey,
                method=trigger.method,
                served=served,
                email=customer.email,
                send_after=served.served_at + dt.timedelta(minutes=trigger.delay_minutes),
                trigger=trigger,
                actor=None,
            )
        )
    return made


def _create_invitation(
    *,
    survey: Survey,
    method: str,
    served: Served,
    email: str,
    send_after: dt.datetime,
    trigger: SurveyTrigger | None,
    actor: Actor,
) -> Invitation:
    send_after = max(send_after, timezone.now())
    values = {
        "survey": survey,
        "trigger": trigger,
        "method": method,
        "key": tokens.new_key(),
        "email": email,
        "send_after": send_after,
        "expires_at": send_after + dt.timedelta(days=survey.link_valid_days),
        "customer_id": served.customer_id,
        "case_id": served.case_id,
        "contact_id": served.contact_id,
        "agent_id": served.agent_id,
        "team_id": served.team_id,
        "branch_id": served.branch_id,
        "category_id": served.category_id,
        "queue": served.queue,
        "channel": served.channel,
        "served_at": served.served_at,
        "served_on": timezone.localdate(served.served_at),
    }
    invitation = Invitation.objects.create(**values)
    audit.record(
        actor=actor,
        action="survey.invited",
        target=invitation,
        changes={"survey": [None, survey.pk], "method": [None, method], "customer": [None, served.customer_id]},
        system="survey-trigger",
    )
    publish(InvitationDue(invitation_id=invitation.pk, method=method, send_after=send_after))
    return invitation


def invite(
    *,
    actor: Actor,
    survey_id: int,
    method: str,
    case_id: int | None = None,
    contact_id: int | None = None,
    delay_minutes: int = 0,
) -> Invitation:
    """Invite the customer of a case or a contact by hand or from an integration (a phone system asking for
    a post-call survey), whatever the triggers say; the survey must be open."""
    require_permission(actor, "surveys.add_invitation")
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        raise ValidationFailed.single("survey_id", f"No survey with id {survey_id}.")
    check_open(survey)
    if method not in Method.values:
        raise ValidationFailed.single("method", f"Use one of {', '.join(Method.values)}.")
    if (case_id is None) == (contact_id is None):
        raise ValidationFailed.single("contact_id", "Name either a contact or a case.")
    if not 0 <= delay_minutes <= 60 * 24 * 30:
        raise ValidationFailed.single("delay_minutes", "Use 0 to 43,200 minutes.")
    if contact_id is not None:
        contact = Contact.objects.select_related("case").filter(pk=contact_id).first()
        if contact is None:
            raise ValidationFailed.single("contact_id", f"No contact with id {contact_id}.")
        served = served_by_contact(contact)
    else:
        case = Case.objects.filter(pk=case_id or 0).first()
        if case is None:
            raise ValidationFailed.single("case_id", f"No case with id {case_id}.")
        served = served_by_case(case)
    customer = Customer.objects.select_for_update().get(pk=served.customer_id)
    if method == Method.EMAIL and not customer.email:
        raise ValidationFailed.single("method", "This customer has no e-mail address; invite by phone.")
    return _create_invitation(
        survey=survey,
        method=method,
        served=served,
        email=customer.email,
        send_after=timezone.now() + dt.timedelta(minutes=delay_minutes),
        trigger=None,
        actor=actor,
    )


def mark_sent(invitation_id: int) -> bool:
    """Record that an invitation went out (once: a conditional update) and count it in the score cells."""
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:
            return False
        invitation = Invitation.objects.get(pk=invitation_id)
        rollup.add(survey_id=invitation.survey_id, facts=invitation, tally=scoring.Tally(invited=1))
    return True


def reminder_due(invitation_id: int) -> Invitation | None:
    """The invitation if its one reminder is due now: sent, unanswered, unexpired, not reminded, its survey open
    and the survey's days since sending passed; None otherwise."""
    now = timezone.now()
    candidate = (
        Invitation.objects.select_related("survey")
        .filter(pk=invitation_id, method=Method.EMAIL, sent_at__isnull=False, answered_at__isnull=True)
        .filter(reminded_at__isnull=True, expires_at__gt=now, survey__reminder_after_days__isnull=False)
        .first()
    )
    if candidate is None or candidate.sent_at is None or candidate.survey.reminder_after_days is None:
        return None
    if now < candidate.sent_at + dt.timedelta(days=candidate.survey.reminder_after_days):
        return None
    if survey_state(candidate.survey, now) != "open":
        return None
    return candidate


def mark_reminded(invitation_id: int) -> bool:
    """Record that the reminder went out (a conditional update: once). Called after the e-mail is sent, whose
    own key keeps two runs from both sending it, so a crash between the two only sends nothing twice."""
    return bool(
        Invitation.objects.filter(pk=invitation_id, reminded_at__isnull=True).update(reminded_at=timezone.now())
    )


# --- answering --------------------------------------------------------------------------------------------------


def invitation_for(token: str, *, lock: bool = False) -> Invitation:
    """The invitation a link names, or BadLink / LinkExpired / AlreadyAnswered / SurveyClosed."""
    key = tokens.unsign(token)
    invitations = Invitation.objects.select_related("survey")
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.filter(key=key).first()
    if invitation is None:
        raise tokens.BadLink("This survey link is not valid. Open the link from the e-mail again.")
    if invitation.answered_at is not None:
        raise AlreadyAnswered()
    check_open(invitation.survey)
    if invitation.expires_at <= timezone.now():
        raise LinkExpired()
    return invitation


def version_for(survey: Survey, number: int | None) -> SurveyVersion:
    """The version a respondent was shown: the one named, else the current one."""
    if number is None:
        return current_version(survey)
    version = SurveyVersion.objects.filter(survey=survey, number=number).first()
    if version is None:
        raise ValidationFailed.single("version", f"This survey has no version {number}.")
    return version


def shown_questions(questions: Sequence[Question], answers: Mapping[str, Any]) -> list[Question]:
    """The questions a respondent sees given their answers so far: each branching question only after one of
    the answers it names."""
    given: dict[str, set[str]] = {}
    shown = []
    for question in questions:
        if question.show_if_key and not (given.get(question.show_if_key, set()) & set(question.show_if_values)):
            continue
        shown.append(question)
        value = answers.get(question.key)
        given[question.key] = _as_labels(question, value)
    return shown


def _as_labels(question: Question, value: Any) -> set[str]:
    if value is None or value == "":
        return set()
    if question.kind == QuestionKind.FCR:
        return {"yes" if value in (True, "yes", "true", "1", 1) else "no"}
    if isinstance(value, list):
        return {str(item) for item in value}
    return {str(value)}


@dataclass(frozen=True, slots=True)
class CleanAnswer:
    """An answer checked against its question: a number, the chosen labels, or text."""

    question: Question
    number: int | None = None
    choices: list[str] | None = None
    text: str = ""


def _clean_answer(question: Question, value: Any) -> CleanAnswer | str:
    """The answer checked against its question, or the message saying what is wrong."""
    if question.kind in SCALES:
        low, high = SCALES[question.kind]
        try:
            number = int(str(value).strip())
        except ValueError:
            return f"Choose a number from {low} to {high}."
        if not low <= number <= high or isinstance(value, bool):
            return f"Choose a number from {low} to {high}."
        return CleanAnswer(question, number=number)
    if question.kind == QuestionKind.FCR:
        if value in (True, "yes", "true", "1", 1):
            return CleanAnswer(question, number=1)
        if value in (False, "no", "false", "0", 0):
            return CleanAnswer(question, number=0)
        return "Answer yes or no."
    if question.kind == QuestionKind.SINGLE:
        if str(value) not in question.choices:
            return "Choose one of the choices offered."
        return CleanAnswer(question, choices=[str(value)])
    if question.kind == QuestionKind.MULTIPLE:
        picked = value if isinstance(value, list) else [value]
        labels = [str(item) for item in picked]
        if not labels or any(label not in question.choices for label in labels):
            return "Choose among the choices offered."
        return CleanAnswer(question, choices=[choice for choice in question.choices if choice in labels])
    text = str(value).strip()
    if len(text) > MAX_TEXT_ANSWER:
        return f"Write at most {MAX_TEXT_ANSWER:,} characters."
    return CleanAnswer(question, text=text)


def clean_answers(
    version: SurveyVersion, answers: Mapping[str, Any], *, unasked_kinds: frozenset[str] = frozenset()
) -> list[CleanAnswer]:
    """Check answers against the version's questions (with branching); answers to questions the respondent was
    not shown are dropped, and questions of `unasked_kinds` (free text, on the phone) are never required.
    ValidationFailed names each wrong answer as answers.<key>."""
    if not isinstance(answers, Mapping):
        raise ValidationFailed.single("answers", "Give the answers as an object of question key to answer.")
    questions = list(version.questions.order_by("position"))
    known = {question.key for question in questions}
    unknown = sorted(str(key) for key in answers if key not in known)
    errors: dict[str, str] = {f"answers.{key}": "This survey version has no such question." for key in unknown}
    cleaned = []
    for question in shown_questions(questions, answers):
        value = answers.get(question.key)
        if value is None or value == "" or value == []:
            if question.is_required and question.kind not in unasked_kinds:
                errors[f"answers.{question.key}"] = "Please answer this question."
            continue
        result = _clean_answer(question, value)
        if isinstance(result, str):
            errors[f"answers.{question.key}"] = result
        elif result.text or result.number is not None or result.choices:
            cleaned.append(result)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _headline(cleaned: Sequence[CleanAnswer]) -> dict[str, Any]:
    """The first answer of each scored kind, copied onto the response row."""
    found: dict[str, Any] = {"nps": None, "csat": None, "ces": None, "fcr": None}
    for answer in cleaned:
        kind = answer.question.kind
        if kind in found and found[kind] is None and answer.number is not None:
            found[kind] = bool(answer.number) if kind == QuestionKind.FCR else answer.number
    return found


PHONE_UNASKED = frozenset({QuestionKind.TEXT.value})


def submit(
    *,
    token: str,
    answers: Mapping[str, Any],
    version_number: int | None = None,
    method: str = "",
    unasked_kinds: frozenset[str] = frozenset(),
) -> Response:
    """Record the answers given through an invitation's link (or its phone flow, which does not ask free-text
    questions: pass PHONE_UNASKED). Once per link, never past the survey's close or quota, counted in the scores
    at once, and an unhappy answer opens a follow-up case."""
    invitation = invitation_for(token, lock=True)
    survey = invitation.survey
    now = timezone.now()
    # First the survey's row: counted in one conditional update that also holds its lock, so that neither its
    # closing, its quota nor an edit of its questions can slip in between the checks and the writes below.
    still_open = (
        (Q(quota__isnull=True) | Q(response_count__lt=F("quota")))
        & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        & Q(opens_at__lte=now)
    )
    if not Survey.objects.filter(still_open, pk=survey.pk).update(response_count=F("response_count") + 1):
        raise SurveyClosed()
    version = version_for(survey, version_number)
    cleaned = clean_answers(version, answers, unasked_kinds=unasked_kinds)
    if not cleaned:
        raise ValidationFailed.single("answers", "Answer at least one question.")
    if not Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(answered_at=now):
        raise AlreadyAnswered()
    headline = _headline(cleaned)
    is_unhappy = scoring.is_unhappy(nps=headline["nps"], csat=headline["csat"], fcr=headline["fcr"])
    facts = {name: getattr(invitation, name) for name in FACT_FIELDS}
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                version=version,
                invitation=invitation,
                method=method or invitation.method,
                responded_at=now,
                is_unhappy=is_unhappy,
                has_comment=any(answer.text for answer in cleaned),
                **headline,
                **facts,
            )
    except IntegrityError:
        raise AlreadyAnswered() from None
    Answer.objects.bulk_create(
        Answer(
            response=response, question=answer.question, number=answer.number, choices=answer.choices, text=answer.text
        )
        for answer in cleaned
    )
    if invitation.sent_at is None:  # a phone flow, or a link used before the e-mail went out
        mark_sent_now(invitation)
    rollup.add(survey_id=survey.pk, facts=response, tally=scoring.Tally.of_response(**headline))
    if is_unhappy:
        _open_loop(response)
    else:
        _recover(response)
    publish(SurveyAnswered(response_id=response.pk, is_unhappy=is_unhappy))
    return response


def mark_sent_now(invitation: Invitation) -> None:
    """Count an invitation as sent inside the caller's transaction (a phone survey starts when the call does)."""
    if Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(sent_at=timezone.now()):
        rollup.add(survey_id=invitation.survey_id, facts=invitation, tally=scoring.Tally(invited=1))


def save_call_answer(*, token: str, key: str, value: Any) -> Invitation:
    """Keep one keypad answer of a phone survey in progress (checked like any answer)."""
    invitation = invitation_for(token, lock=True)
    version = current_version(invitation.survey)
    question = version.questions.filter(key=key).first()
    if question is None:
        raise ValidationFailed.single(f"answers.{key}", "This survey has no such question.")
    result = _clean_answer(question, value)
    if isinstance(result, str):
        raise ValidationFailed.single(f"answers.{key}", result)
    answers = dict(invitation.call_answers)
    answers[key] = value
    answers.pop("_version", None)
    Invitation.objects.filter(pk=invitation.pk).update(call_answers={**answers, "_version": version.number})
    invitation.call_answers = {**answers, "_version": version.number}
    mark_sent_now(invitation)
    return invitation


# --- closing the loop -------------------------------------------------------------------------------------------


def _loop_owner(response: Response, survey: Survey) -> Agent | None:
    supervisor = None
    if response.team_id is not None:
        supervisor = Agent.objects.filter(supervised_teams=response.team_id, is_active=True).first()
    elif response.agent_id is not None:
        supervisor = Agent.objects.filter(supervised_teams__agents=response.agent_id, is_active=True).first()
    owner = Agent.objects.filter(owned_customers=response.customer_id, is_active=True).first()
    preferred = [owner, supervisor] if survey.loop_owner == LoopOwner.RELATIONSHIP_OWNER else [supervisor, owner]
    return next((agent for agent in preferred if agent is not None), None)


def _summary(response: Response) -> str:
    parts = []
    if response.nps is not None:
        parts.append(f"likelihood to recommend {response.nps}/10")
    if response.csat is not None:
        parts.append(f"satisfaction {response.csat}/5")
    if response.fcr is False:
        parts.append("not resolved at the first contact")
    return ", ".join(parts)


def _open_loop(response: Response) -> LoopFollowUp | None:
    """Open a case for someone to call an unhappy customer back by the survey's due time."""
    if response.customer_id is None:
        return None
    survey = response.survey
    owner = _loop_owner(response, survey)
    comments = "\n".join(
        f"{answer.question.text}\n{answer.text}"
        for answer in response.answers.select_related("question")
        if answer.text
    )
    served = Case.objects.filter(pk=response.case_id or 0).values_list("product_id", "category_id").first()
    case = case_services.open_case(
        actor=None,
        customer_id=response.customer_id,
        product_id=served[0] if served else None,
        category_id=served[1] if served else None,
        subject=f"Call back an unhappy customer: {_summary(response)}"[:200],
        description=(
            f"{survey.name}, answered {timezone.localtime(response.responded_at):%Y-%m-%d %H:%M}"
            + (f" about case C-{response.case_id:06d}" if response.case_id else "")
            + f".\n\n{comments}"
        ).strip(),
        channel="phone",
        priority="high",
        owner_id=owner.pk if owner else None,
        team_id=owner.team_id if owner else response.team_id,
    )
    return LoopFollowUp.objects.create(
        response=response,
        case=case,
        customer_id=response.customer_id,
        owner=owner,
        due_at=response.responded_at + dt.timedelta(hours=survey.loop_due_hours),
    )


def _recover(response: Response) -> int:
    """A customer who answers happily after an unhappy answer has been won back."""
    if response.customer_id is None:
        return 0
    return LoopFollowUp.objects.filter(
        customer_id=response.customer_id, recovered_at__isnull=True, created_at__lt=response.responded_at
    ).update(recovered_at=response.responded_at, recovered_by=response)


def record_recovery(*, actor: Actor, loop_id: int, note: str) -> LoopFollowUp:
    """Record that an unhappy customer was won back some other way (they renewed, they wrote to thank)."""
    require_permission(actor, "surveys.change_loopfollowup")
    loop = LoopFollowUp.objects.select_for_update().filter(pk=loop_id).first()
    if loop is None:
        raise NotFound(f"No follow-up {loop_id}.")
    if loop.recovered_at is not None:
        raise Conflict("This customer is recorded as won back already.")
    note = note.strip()
    if not note:
        raise ValidationFailed.single("note", "Say how the customer was won back, for instance a renewal.")
    update_row(
        loop,
        actor=actor,
        action="survey.recovered",
        changes={"recovered_at": timezone.now(), "recovery_note": note[:300]},
        allowed=("recovered_at", "recovery_note"),
    )
    return loop


# --- the rant-or-rave page --------------------------------------------------------------------------------------


def client_digest(address: str) -> str:
    """A keyed digest of the sender's network address: enough to count their stories, not to reveal them. An
    IPv6 sender is counted by their /64 network, which one household or machine commonly holds whole."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        sender = address
    else:
        sender = str(ipaddress.ip_network(f"{parsed}/64", strict=False)) if parsed.version == 6 else str(parsed)
    return hmac.new(settings.SECRET_KEY.encode(), f"story:{sender}".encode(), hashlib.sha256).hexdigest()


def tell_story(
    *,
    client: str,
    kind: str,
    text: str,
    name: str = "",
    email: str = "",
    branch_id: int | None = None,
    agent_name: str = "",
    honeypot: str = "",
) -> Story | None:
    """Take a story from the public page; it waits for a moderator. A filled honeypot (a field people never
    see) is taken silently and dropped; more than STORIES_PER_HOUR from one sender is refused."""
    if honeypot.strip():
        return None
    since = timezone.now() - dt.timedelta(hours=1)
    recent = list(Story.objects.filter(client=client, created_at__gt=since).order_by("created_at")[:STORIES_PER_HOUR])
    if len(recent) >= STORIES_PER_HOUR:
        wait = int((recent[0].created_at + dt.timedelta(hours=1) - timezone.now()).total_seconds()) + 1
        raise TooManyRequests("You have sent several stories in the last hour; please try again later.", wait)
    errors: dict[str, str] = {}
    if kind not in StoryKind.values:
        errors["kind"] = "Say whether it went well or badly."
    if not text.strip():
        errors["text"] = "Tell us what happened."
    if branch_id is not None:
        from frontline.accounts.models import Branch

        if not Branch.objects.filter(pk=branch_id).exists():
            errors["branch"] = "Choose a branch from the list."
    if errors:
        raise ValidationFailed(errors)
    email = email.strip().lower()
    customers = list(Customer.objects.filter(email__iexact=email).values_list("id", flat=True)[:2]) if email else []
    story = Story(
        kind=kind,
        text=text.strip(),
        name=name.strip(),
        email=email,
        branch_id=branch_id,
        agent_name=agent_name.strip(),
        customer_id=customers[0] if len(customers) == 1 else None,
        client=client,
    )
    validate_values(story, ("kind", "text", "name", "email", "agent_name"))
    story.save(force_insert=True)
    return story


def moderate_story(*, actor: Actor, story_id: int, status: str, agent_id: int | None = None, note: str = "") -> Story:
    """Approve a story (it then counts, optionally linked to the agent it names) or reject it."""
    require_permission(actor, "surveys.moderate_story")
    story = Story.objects.select_for_update().filter(pk=story_id).first()
    if story is None:
        raise NotFound(f"No story {story_id}.")
    if status not in (StoryStatus.APPROVED, StoryStatus.REJECTED):
        raise ValidationFailed.single("status", "Use approved or rejected.")
    if agent_id is not None and not Agent.objects.filter(pk=agent_id).exists():
        raise ValidationFailed.single("agent_id", f"No agent with id {agent_id}.")
    changes: dict[str, Any] = {
        "status": status,
        "moderated_at": timezone.now(),
        "moderated_by": actor if actor is not None and actor.is_authenticated else None,
        "moderation_note": note.strip(),
    }
    if agent_id is not None:
        changes["agent_id"] = agent_id
    update_row(story, actor=actor, action="story.moderated", changes=changes, allowed=tuple(changes))
    return story
