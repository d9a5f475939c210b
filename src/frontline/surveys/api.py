"""Surveys over HTTP: definitions and versions, triggers, invitations, answering through a link, responses
(and their CSV export), scores with their intervals, the follow-up of unhappy customers, and moderation."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from frontline.core.api_support import (
    Id,
    IdempotencyKey,
    Input,
    Page,
    PageQuery,
    create_idempotently,
    page_of,
    responses,
)
from frontline.surveys import scoring, selectors, services, tokens
from frontline.surveys.models import (
    Dimension,
    Invitation,
    LoopFollowUp,
    LoopOwner,
    Method,
    QuestionKind,
    Response,
    Story,
    StoryStatus,
    Survey,
    SurveyTrigger,
    SurveyVersion,
    TriggerEvent,
)
from frontline.surveys.tasks import link_of

router = Router(tags=["surveys"])


class QuestionIn(Input):
    key: str = Field(..., max_length=40, description="Names the question in answers and exports.")
    kind: QuestionKind
    text: str = Field(..., max_length=300)
    is_required: bool = True
    choices: list[Annotated[str, Field(max_length=120)]] = Field(default_factory=list, max_length=20)
    show_if_key: str = Field("", max_length=40, description="Show only after an answer to this earlier question...")
    show_if_values: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=20, description="...that is one of these."
    )


class QuestionOut(Schema):
    key: str
    kind: str
    text: str
    is_required: bool
    choices: list[str]
    show_if_key: str
    show_if_values: list[str]


class VersionOut(Schema):
    number: int
    created_at: dt.datetime
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(version: SurveyVersion) -> list[Any]:
        return list(version.questions.all())


class SurveySettings(Input):
    name: str | None = Field(None, min_length=1, max_length=120, pattern=r"^[^\x00-\x1f\x7f]+$")
    introduction: str | None = Field(None, max_length=2000)
    thanks: str | None = Field(None, max_length=2000)
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    quota: int | None = Field(None, ge=1, le=100_000_000)
    link_valid_days: int | None = Field(None, ge=1, le=365)
    reminder_after_days: int | None = Field(None, ge=1, le=365)
    loop_owner: LoopOwner | None = None
    loop_due_hours: int | None = Field(None, ge=1, le=24 * 365)


class SurveyIn(SurveySettings):
    code: str = Field(..., min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    name: str = Field(..., min_length=1, max_length=120, pattern=r"^[^\x00-\x1f\x7f]+$")
    questions: list[QuestionIn] = Field(..., min_length=1, max_length=services.MAX_QUESTIONS)


class SurveyOut(Schema):
    id: int
    code: str
    name: str
    introduction: str
    thanks: str
    opens_at: dt.datetime
    closes_at: dt.datetime | None
    quota: int | None
    response_count: int
    state: str
    link_valid_days: int
    reminder_after_days: int | None
    loop_owner: str
    loop_due_hours: int

    @staticmethod
    def resolve_state(survey: Survey) -> str:
        return services.survey_state(survey)


@router.get("/surveys", response=responses({200: list[SurveyOut]}), summary="List surveys")
def list_surveys(request: HttpRequest) -> list[Survey]:
    return selectors.list_surveys(actor=request.user)


@router.post("/surveys", response=responses({201: SurveyOut}), summary="Define a survey with its questions")
def create_survey(request: HttpRequest, payload: SurveyIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    def create() -> Survey:
        values = payload.model_dump(exclude={"questions", "code", "name"}, exclude_none=True)
        return services.create_survey(
            actor=request.user,
            code=payload.code,
            name=payload.name,
            questions=[question.model_dump(mode="json") for question in payload.questions],
            **values,
        )

    return create_idempotently(request, key=idempotency_key, payload=payload, create=create, output=SurveyOut)


@router.post("/surveys/{survey_id}/close", response=responses({200: SurveyOut}), summary="Close a survey now")
def close_survey(request: HttpRequest, survey_id: Id) -> Survey:
    with transaction.atomic():
        return services.close_survey(actor=request.user, survey_id=survey_id)


class QuestionsIn(Input):
    questions: list[QuestionIn] = Field(..., min_length=1, max_length=services.MAX_QUESTIONS)


@router.put(
    "/surveys/{survey_id}/questions",
    response=responses({200: VersionOut}),
    summary="Replace the questions (a new version once the current one has responses)",
)
def set_questions(request: HttpRequest, survey_id: Id, payload: QuestionsIn) -> SurveyVersion:
    with transaction.atomic():
        return services.set_questions(
            actor=request.user,
            survey_id=survey_id,
            questions=[question.model_dump(mode="json") for question in payload.questions],
        )


@router.get("/surveys/{survey_id}/versions", response=responses({200: list[VersionOut]}), summary="A survey's versions")
def list_versions(request: HttpRequest, survey_id: Id) -> list[SurveyVersion]:
    return selectors.versions(actor=request.user, survey_id=survey_id)


class TriggerSettings(Input):
    method: Method | None = None
    channel: str | None = Field(None, max_length=16)
    queue: str | None = Field(None, max_length=80)
    team_id: Id | None = None
    category_id: Id | None = None
    sampling_percent: Decimal | None = Field(None, gt=0, le=100, max_digits=5, decimal_places=2)
    delay_minutes: int | None = Field(None, ge=0, le=60 * 24 * 30)
    quiet_days: int | None = Field(None, ge=0, le=365)
    is_active: bool | None = None


class TriggerIn(TriggerSettings):
    event: TriggerEvent


class TriggerOut(Schema):
    id: int
    survey_id: int
    event: str
    method: str
    channel: str
    queue: str
    team_id: int | None
    category_id: int | None
    sampling_percent: Decimal
    delay_minutes: int
    quiet_days: int
    is_active: bool


@router.get("/surveys/{survey_id}/triggers", response=responses({200: list[TriggerOut]}), summary="A survey's triggers")
def list_triggers(request: HttpRequest, survey_id: Id) -> list[SurveyTrigger]:
    return selectors.triggers(actor=request.user, survey_id=survey_id)


@router.post("/surveys/{survey_id}/triggers", response=responses({201: TriggerOut}), summary="Add a trigger")
def create_trigger(
    request: HttpRequest, survey_id: Id, payload: TriggerIn, idempotency_key: str | None = IdempotencyKey
) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.create_trigger(
            actor=request.user, survey_id=survey_id, **payload.model_dump(exclude_none=True)
        ),
        output=TriggerOut,
    )


@router.patch("/surveys/triggers/{trigger_id}", response=responses({200: TriggerOut}), summary="Change a trigger")
def update_trigger(request: HttpRequest, trigger_id: Id, payload: TriggerSettings) -> SurveyTrigger:
    changes = {name: value for name, value in payload.model_dump(exclude_unset=True).items() if value is not None}
    with transaction.atomic():
        return services.update_trigger(actor=request.user, trigger_id=trigger_id, changes=changes)


class InvitationIn(Input):
    survey_id: Id
    method: Method
    contact_id: Id | None = None
    case_id: Id | None = None
    delay_minutes: int = Field(0, ge=0, le=60 * 24 * 30)


class InvitationOut(Schema):
    id: int
    survey_id: int
    method: str
    customer_id: int | None
    case_id: int | None
    contact_id: int | None
    agent_id: int | None
    send_after: dt.datetime
    expires_at: dt.datetime
    sent_at: dt.datetime | None
    reminded_at: dt.datetime | None
    answered_at: dt.datetime | None


class InvitationCreatedOut(InvitationOut):
    """A new invitation with its links: given once, to whoever made it (the phone system that redirects the
    caller, say), and never listed afterwards, since a link answers as the customer."""

    link: str
    voice_url: str | None

    @staticmethod
    def resolve_link(invitation: Invitation) -> str:
        return link_of(invitation)

    @staticmethod
    def resolve_voice_url(invitation: Invitation) -> str | None:
        if invitation.method != Method.IVR:
            return None
        path = reverse("surveys:voice", kwargs={"token": tokens.sign(invitation.key)})
        return f"{settings.FRONTLINE_PUBLIC_URL}{path}"


class InvitationFilters(PageQuery):
    survey_id: Id | None = None
    contact_id: Id | None = None
    case_id: Id | None = None


@router.get("/surveys/invitations", response=responses({200: Page[InvitationOut]}), summary="List invitations")
def list_invitations(request: HttpRequest, filters: Query[InvitationFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_invitations(
            actor=request.user,
            survey_id=filters.survey_id,
            contact_id=filters.contact_id,
            case_id=filters.case_id,
            cursor=filters.cursor,
            limit=filters.limit,
        )
    )


@router.post(
    "/surveys/invitations",
    response=responses({201: InvitationCreatedOut}),
    summary="Invite a customer (e-mail link, or a phone flow for a post-call survey)",
)
def create_invitation(request: HttpRequest, payload: InvitationIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    return create_idempotently(
        request,
        key=idempotency_key,
        payload=payload,
        create=lambda: services.invite(actor=request.user, **payload.model_dump()),
        output=InvitationCreatedOut,
    )


@router.get("/surveys/invitations/{invitation_id}", response=responses({200: InvitationOut}), summary="One invitation")
def get_invitation(request: HttpRequest, invitation_id: Id) -> Invitation:
    return selectors.get_invitation(actor=request.user, invitation_id=invitation_id)


class FormOut(Schema):
    survey: str
    introduction: str
    version: int
    expires_at: dt.datetime
    questions: list[QuestionOut]


@router.get(
    "/surveys/answers/{token}",
    auth=None,
    response=responses({200: FormOut}),
    summary="The questions a survey link asks (no sign-in: the signed link is the credential)",
)
def get_form(request: HttpRequest, token: str) -> dict[str, Any]:
    invitation = services.invitation_for(token)
    version = services.current_version(invitation.survey)
    return {
        "survey": invitation.survey.name,
        "introduction": invitation.survey.introduction,
        "version": version.number,
        "expires_at": invitation.expires_at,
        "questions": list(version.questions.all()),
    }


class AnswersIn(Input):
    version: int | None = Field(None, ge=1, le=1_000_000, description="The version shown; the current one if absent.")
    answers: dict[str, str | int | bool | list[str]] = Field(..., description="Question key to answer.")


class AnsweredOut(Schema):
    response_id: int
    thanks: str


@router.post(
    "/surveys/answers/{token}",
    auth=None,
    response=responses({201: AnsweredOut}),
    summary="Answer a survey through its link: once per link, never after the survey closes",
)
def answer(request: HttpRequest, token: str, payload: AnswersIn) -> Status[dict[str, Any]]:
    with transaction.atomic():
        response = services.submit(token=token, answers=payload.answers, version_number=payload.version)
    return Status(201, {"response_id": response.pk, "thanks": response.survey.thanks})


class AnswerOut(Schema):
    key: str
    kind: str
    number: int | None
    choices: list[str] | None
    text: str

    @staticmethod
    def resolve_key(answer: Any) -> str:
        return str(answer.question.key)

    @staticmethod
    def resolve_kind(answer: Any) -> str:
        return str(answer.question.kind)


class ResponseOut(Schema):
    id: int
    survey_id: int
    version: int
    method: str
    responded_at: dt.datetime
    served_on: dt.date
    customer_id: int | None
    case_id: int | None
    contact_id: int | None
    agent_id: int | None
    team_id: int | None
    branch_id: int | None
    category_id: int | None
    queue: str
    channel: str
    nps: int | None
    csat: int | None
    ces: int | None
    fcr: bool | None
    is_unhappy: bool
    answers: list[AnswerOut]

    @staticmethod
    def resolve_version(response: Response) -> int:
        return response.version.number

    @staticmethod
    def resolve_answers(response: Response) -> list[Any]:
        return list(response.answers.all())


class ResponseFilters(PageQuery):
    survey_id: Id | None = None
    agent_id: Id | None = None
    team_id: Id | None = None
    branch_id: Id | None = None
    category_id: Id | None = None
    queue: str = Field("", max_length=80)
    channel: str = Field("", max_length=16)
    start: dt.date | None = None
    end: dt.date | None = None
    is_unhappy: bool | None = None
    search: str = Field("", max_length=200)

    def filter(self) -> selectors.ResponseFilter:
        return selectors.ResponseFilter(**self.model_dump(exclude={"cursor", "limit"}))


@router.get("/surveys/responses", response=responses({200: Page[ResponseOut]}), summary="List responses")
def list_responses(request: HttpRequest, filters: Query[ResponseFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_responses(
            actor=request.user, filters=filters.filter(), cursor=filters.cursor, limit=filters.limit
        )
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (a customer's comment starting with '=', say),
    quoted with a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_stream(rows: Iterator[list[Any]]) -> Iterator[str]:
    """Rows as CSV text (the excel dialect), one line at a time, with formula-like text neutralised."""
    writer = csv.writer(_Echo(), dialect="excel")
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


@router.get(
    "/surveys/responses.csv",
    response=responses({200: str}),
    summary="Export responses as CSV (every answer as a column when one survey is chosen)",
)
def export_responses(request: HttpRequest, filters: Query[ResponseFilters]) -> StreamingHttpResponse:
    rows = selectors.export_rows(actor=request.user, filters=filters.filter())
    header = next(rows)  # the access check runs here, before the response starts
    response = StreamingHttpResponse(
        csv_stream(itertools.chain([header], rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="survey-responses.csv"'
    return response


@router.get("/surveys/responses/{response_id}", response=responses({200: ResponseOut}), summary="One response")
def get_response(request: HttpRequest, response_id: Id) -> Response:
    return selectors.get_response(actor=request.user, response_id=response_id)


class MeasureOut(Schema):
    n: int
    value: float | None
    low: float | None
    high: float | None
    too_few: bool


class NpsOut(MeasureOut):
    promoters: int
    passives: int
    detractors: int
    standard_error: float | None


class ScoresOut(Schema):
    nps: NpsOut
    csat: MeasureOut
    ces: MeasureOut
    fcr: MeasureOut
    response_rate: MeasureOut


class PeriodOut(Schema):
    start: dt.date
    scores: ScoresOut


class ScoreRowOut(Schema):
    key: str
    label: str
    responses: int
    invited: int
    total: ScoresOut
    periods: list[PeriodOut]


class ScoreTableOut(Schema):
    by: str
    period: str
    start: dt.date
    end: dt.date
    survey_id: int | None
    minimum_responses: int
    rows: list[ScoreRowOut]
    overall: ScoreRowOut | None


def _measure(value: Any) -> dict[str, Any]:
    return {"n": value.n, "value": value.value, "low": value.low, "high": value.high, "too_few": value.too_few}


def scores_body(found: scoring.Scores) -> dict[str, Any]:
    """A Scores as the API's body."""
    nps = found.nps
    return {
        "nps": {
            **_measure(nps),
            "promoters": nps.promoters,
            "passives": nps.passives,
            "detractors": nps.detractors,
            "standard_error": nps.standard_error,
        },
        "csat": {**_measure(found.csat), "n": found.csat.n},
        "ces": _measure(found.ces),
        "fcr": _measure(found.fcr),
        "response_rate": _measure(found.response_rate),
    }


def _row_body(row: selectors.ScoreRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "responses": row.tally.responses,
        "invited": row.tally.invited,
        "total": scores_body(row.total),
        "periods": [{"start": day, "scores": scores_body(found)} for day, found in row.periods],
    }


class ScoreQuery(Input):
    by: Dimension = Dimension.AGENT
    period: Literal["day", "week", "month", "quarter"] = "week"
    start: dt.date | None = None
    end: dt.date | None = None
    survey_id: Id | None = None
    key: str | None = Field(None, max_length=80, description="One group only, such as an agent's id.")


@router.get(
    "/surveys/scores",
    response=responses({200: ScoreTableOut}),
    summary="NPS, CSAT, CES, FCR and response rate with 95% intervals, by group and period",
)
def scores(request: HttpRequest, query: Query[ScoreQuery]) -> dict[str, Any]:
    table = selectors.score_table(
        actor=request.user,
        dimension=query.by,
        period=query.period,
        start=query.start,
        end=query.end,
        survey_id=query.survey_id,
        key=query.key,
    )
    return {
        "by": table.dimension,
        "period": table.period,
        "start": table.start,
        "end": table.end,
        "survey_id": table.survey_id,
        "minimum_responses": scoring.MIN_RESPONSES,
        "rows": [_row_body(row) for row in table.rows],
        "overall": _row_body(table.overall) if table.overall else None,
    }


class LoopOut(Schema):
    id: int
    response_id: int
    case_id: int
    customer_id: int
    owner_id: int | None
    due_at: dt.datetime
    created_at: dt.datetime
    first_contact_at: dt.datetime | None = None
    recovered_at: dt.datetime | None
    recovery_note: str


class LoopReportOut(Schema):
    opened: int
    contacted_in_time: int
    contacted_late: int
    not_contacted: int
    overdue: int
    recovered: int
    recent: list[LoopOut]


class RangeQuery(Input):
    start: dt.date | None = None
    end: dt.date | None = None


@router.get(
    "/surveys/loop-report",
    response=responses({200: LoopReportOut}),
    summary="How unhappy customers were followed up: contacted in time, won back",
)
def loop_report(request: HttpRequest, query: Query[RangeQuery]) -> selectors.LoopReport:
    return selectors.loop_report(actor=request.user, start=query.start, end=query.end)


class RecoveryIn(Input):
    note: str = Field(..., max_length=300, description="How the customer was won back, such as a renewal.")


@router.post(
    "/surveys/loops/{loop_id}/recovery",
    response=responses({200: LoopOut}),
    summary="Record that an unhappy customer was won back (a renewal, say)",
)
def record_recovery(request: HttpRequest, loop_id: Id, payload: RecoveryIn) -> LoopFollowUp:
    with transaction.atomic():
        return services.record_recovery(actor=request.user, loop_id=loop_id, note=payload.note)


class StoryOut(Schema):
    id: int
    kind: str
    text: str
    name: str
    email: str
    branch_id: int | None
    agent_name: str
    agent_id: int | None
    customer_id: int | None
    status: str
    created_at: dt.datetime
    moderated_at: dt.datetime | None
    moderation_note: str


class StoryFilters(PageQuery):
    status: StoryStatus | None = None


@router.get("/surveys/stories", response=responses({200: Page[StoryOut]}), summary="Stories from the rant-or-rave page")
def list_stories(request: HttpRequest, filters: Query[StoryFilters]) -> dict[str, Any]:
    return page_of(
        selectors.list_stories(actor=request.user, status=filters.status, cursor=filters.cursor, limit=filters.limit)
    )


class ModerationIn(Input):
    status: Literal["approved", "rejected"]
    agent_id: Id | None = None
    note: str = Field("", max_length=300)


@router.post(
    "/surveys/stories/{story_id}/moderation",
    response=responses({200: StoryOut}),
    summary="Approve (so it counts) or reject a story",
)
def moderate(request: HttpRequest, story_id: Id, payload: ModerationIn) -> Story:
    with transaction.atomic():
        return services.moderate_story(actor=request.user, story_id=story_id, **payload.model_dump())


# Registered last: Django tries the routes in order, and /surveys/{survey_id} would otherwise answer for
# /surveys/invitations, /surveys/responses, /surveys/scores and the other fixed paths above.
@router.get("/surveys/{survey_id}", response=responses({200: SurveyOut}), summary="One survey")
def get_survey(request: HttpRequest, survey_id: Id) -> Survey:
    return selectors.get_survey(actor=request.user, survey_id=survey_id)


@router.patch("/surveys/{survey_id}", response=responses({200: SurveyOut}), summary="Change a survey's settings")
def update_survey(request: HttpRequest, survey_id: Id, payload: SurveySettings) -> Survey:
    with transaction.atomic():
        return services.update_survey(
            actor=request.user, survey_id=survey_id, changes=payload.model_dump(exclude_unset=True)
        )
