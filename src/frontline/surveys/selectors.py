"""Reads of surveys for people. Everyone who may see responses sees all of them; an agent without that right
sees only the responses, verbatims and scores about themselves (and the scores of everyone together)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateField, F, Func, Min, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Cast, Trunc
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from frontline.accounts.models import Agent, Branch, Team
from frontline.accounts.selectors import agent_of
from frontline.cases.models import Category, Contact
from frontline.core.errors import NotFound, ValidationFailed
from frontline.core.pagination import KeysetPage, paginate
from frontline.core.permissions import Actor, has_permission, require_permission
from frontline.surveys import scoring
from frontline.surveys.models import (
    Answer,
    Dimension,
    Invitation,
    LoopFollowUp,
    QuestionKind,
    Response,
    ScoreCell,
    Story,
    StoryStatus,
    Survey,
    SurveyTrigger,
    SurveyVersion,
)
from frontline.surveys.rollup import TALLY_FIELDS
from frontline.surveys.scoring import Scores, Tally

PERIODS = ("day", "week", "month", "quarter")
MAX_REPORT_DAYS = 3 * 366


def list_surveys(*, actor: Actor) -> list[Survey]:
    """Every survey, newest first."""
    require_permission(actor, "surveys.view_survey")
    return list(Survey.objects.order_by("-opens_at", "-id"))


def get_survey(*, actor: Actor, survey_id: int) -> Survey:
    """One survey."""
    require_permission(actor, "surveys.view_survey")
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        raise NotFound(f"No survey {survey_id}.")
    return survey


def versions(*, actor: Actor, survey_id: int) -> list[SurveyVersion]:
    """A survey's versions with their questions, newest first."""
    get_survey(actor=actor, survey_id=survey_id)
    return list(SurveyVersion.objects.filter(survey_id=survey_id).prefetch_related("questions").order_by("-number"))


def triggers(*, actor: Actor, survey_id: int | None = None) -> list[SurveyTrigger]:
    """The triggers (of one survey, or all)."""
    require_permission(actor, "surveys.view_surveytrigger")
    found = SurveyTrigger.objects.select_related("survey", "team", "category").order_by("survey_id", "id")
    return list(found if survey_id is None else found.filter(survey_id=survey_id))


def _mine(actor: Actor) -> Agent | None:
    """The agent whose responses alone `actor` may read; None when they may read all."""
    require_permission(actor, "surveys.view_response")
    if has_permission(actor, "surveys.view_all_responses"):
        return None
    mine = agent_of(actor) if isinstance(actor, User) else None
    return mine if mine is not None else Agent(pk=0)  # an account with no agent profile sees nothing


def may_see_all(actor: Actor) -> bool:
    """Whether `actor` reads every response (else only their own)."""
    return has_permission(actor, "surveys.view_all_responses")


@dataclass(frozen=True, slots=True)
class ResponseFilter:
    """What a list of responses (or verbatims) is narrowed to."""

    survey_id: int | None = None
    agent_id: int | None = None
    team_id: int | None = None
    branch_id: int | None = None
    category_id: int | None = None
    queue: str = ""
    channel: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    is_unhappy: bool | None = None
    search: str = ""
    customer_id: int | None = None
    case_id: int | None = None
    other_than_case_id: int | None = None


def _responses(actor: Actor, filters: ResponseFilter) -> QuerySet[Response]:
    mine = _mine(actor)
    found = Response.objects.all()
    if mine is not None:
        found = found.filter(agent_id=mine.pk)
    exact = {
        "survey_id": filters.survey_id,
        "agent_id": filters.agent_id,
        "team_id": filters.team_id,
        "branch_id": filters.branch_id,
        "queue": filters.queue or None,
        "channel": filters.channel or None,
        "served_on__gte": filters.start,
        "served_on__lte": filters.end,
        "is_unhappy": filters.is_unhappy,
        "customer_id": filters.customer_id,
        "case_id": filters.case_id,
    }
    found = found.filter(**{name: value for name, value in exact.items() if value is not None})
    if filters.other_than_case_id is not None:
        found = found.exclude(case_id=filters.other_than_case_id)
    if filters.category_id is not None:
        category = Category.objects.filter(pk=filters.category_id).first()
        if category is None:
            raise ValidationFailed.single("category_id", f"No category with id {filters.category_id}.")
        found = found.filter(category__path__startswith=category.path)
    return found


def list_responses(*, actor: Actor, filters: ResponseFilter, cursor: str | None, limit: int) -> KeysetPage[Response]:
    """Responses, newest first, with their answers."""
    found = _responses(actor, filters).select_related("survey", "version", "agent__user", "customer")
    return paginate(
        found.prefetch_related("answers__question"), ordering=("-responded_at", "-id"), cursor=cursor, limit=limit
    )


def get_response(*, actor: Actor, response_id: int) -> Response:
    """One response with its answers."""
    found = _responses(actor, ResponseFilter()).select_related("survey", "version", "agent__user", "customer")
    response = found.prefetch_related("answers__question").filter(pk=response_id).first()
    if response is None:
        raise NotFound(f"No response {response_id}.")
    return response


def verbatims(*, actor: Actor, filters: ResponseFilter, cursor: str | None, limit: int) -> KeysetPage[Answer]:
    """Free-text answers, newest first, each with its response's case, contact and agent; `search` finds words."""
    responses = _responses(actor, filters).filter(has_comment=True)
    found = Answer.objects.filter(question__kind=QuestionKind.TEXT, response__in=responses).exclude(text="")
    for word in filters.search.split()[:8]:
        found = found.filter(text__icontains=word)
    found = found.select_related("question", "response__agent__user", "response__customer", "response__survey")
    return paginate(found, ordering=("-id",), cursor=cursor, limit=limit)


EXPORT_COLUMNS = (
    "response_id",
    "survey",
    "version",
    "responded_at",
    "served_on",
    "method",
    "customer_id",
    "case_id",
    "contact_id",
    "agent_id",
    "agent",
    "team_id",
    "branch_id",
    "queue",
    "category_id",
    "channel",
    "nps",
    "csat",
    "ces",
    "fcr",
    "is_unhappy",
)


def export_rows(*, actor: Actor, filters: ResponseFilter) -> Iterator[list[Any]]:
    """Rows for a CSV export: the header, then one row per response with every question's answer, read in
    chunks so that a million responses never sit in memory."""
    found = _responses(actor, filters).select_related("survey", "version", "agent__user").order_by("responded_at", "id")
    keys: list[str] = []
    if filters.survey_id is not None:
        seen: dict[str, None] = {}
        for version in SurveyVersion.objects.filter(survey_id=filters.survey_id).order_by("number"):
            for question in version.questions.order_by("position"):
                seen.setdefault(question.key, None)
        keys = list(seen)
    yield [*EXPORT_COLUMNS, *keys]
    batch: list[Response] = []
    for response in found.iterator(chunk_size=2000):
        batch.append(response)
        if len(batch) == 2000:
            yield from _export_batch(batch, keys)
            batch = []
    yield from _export_batch(batch, keys)


def _export_batch(batch: list[Response], keys: list[str]) -> Iterator[list[Any]]:
    answers: dict[int, dict[str, str]] = defaultdict(dict)
    if keys and batch:
        for answer in Answer.objects.filter(response__in=batch).select_related("question"):
            value = answer.text or ("; ".join(answer.choices) if answer.choices else answer.number)
            if answer.question.kind == QuestionKind.FCR and answer.number is not None:
                value = "yes" if answer.number else "no"
            answers[answer.response_id][answer.question.key] = "" if value is None else str(value)
    for response in batch:
        yield [
            response.pk,
            response.survey.code,
            response.version.number,
            response.responded_at.isoformat(),
            response.served_on.isoformat(),
            response.method,
            response.customer_id or "",
            response.case_id or "",
            response.contact_id or "",
            response.agent_id or "",
            response.agent.display_name if response.agent else "",
            response.team_id or "",
            response.branch_id or "",
            response.queue,
            response.category_id or "",
            response.channel,
            "" if response.nps is None else response.nps,
            "" if response.csat is None else response.csat,
            "" if response.ces is None else response.ces,
            "" if response.fcr is None else ("yes" if response.fcr else "no"),
            "yes" if response.is_unhappy else "no",
            *(answers[response.pk].get(key, "") for key in keys),
        ]


def list_invitations(
    *, actor: Actor, survey_id: int | None, contact_id: int | None, case_id: int | None, cursor: str | None, limit: int
) -> KeysetPage[Invitation]:
    """Invitations, newest first."""
    require_permission(actor, "surveys.view_invitation")
    found = Invitation.objects.select_related("survey")
    for name, value in (("survey_id", survey_id), ("contact_id", contact_id), ("case_id", case_id)):
        if value is not None:
            found = found.filter(**{name: value})
    return paginate(found, ordering=("-created_at", "-id"), cursor=cursor, limit=limit)


def get_invitation(*, actor: Actor, invitation_id: int) -> Invitation:
    """One invitation."""
    require_permission(actor, "surveys.view_invitation")
    invitation = Invitation.objects.select_related("survey").filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound(f"No invitation {invitation_id}.")
    return invitation


# --- scores -----------------------------------------------------------------------------------------------------


def period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the period (week from Monday, month, quarter) that `day` falls in."""
    if period == "day":
        return day
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


class PeriodStart(Func):
    """`period_start` of a date column (week, month or quarter), computed by the database in its own SQL so
    that the daily cells are summed where they are stored. Django's Trunc would do on PostgreSQL, but on SQLite
    it calls back into Python for every row."""

    output_field = DateField()
    SQLITE = {
        "week": "date(%(expressions)s, 'weekday 0', '-6 days')",
        "month": "date(%(expressions)s, 'start of month')",
        "quarter": "substr(%(expressions)s, 1, 5) || CASE (CAST(substr(%(expressions)s, 6, 2) AS integer) + 2) / 3 "
        "WHEN 1 THEN '01-01' WHEN 2 THEN '04-01' WHEN 3 THEN '07-01' ELSE '10-01' END",
    }

    def __init__(self, column: str, *, period: str) -> None:
        if period not in self.SQLITE:
            raise ValueError(f"no period {period!r}")
        super().__init__(F(column))
        self.period = period

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        truncated = Trunc(self.get_source_expressions()[0], self.period, output_field=DateField())
        return compiler.compile(Cast(truncated, DateField()))

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        return super().as_sql(compiler, connection, template=self.SQLITE[self.period], **extra_context)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Any]:
        template = f"CAST(date_trunc('{self.period}', CAST(%(expressions)s AS timestamp)) AS date)"
        return super().as_sql(compiler, connection, template=template, **extra_context)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One group's scores over the whole range and per period."""

    key: str
    label: str
    total: Scores
    tally: Tally
    periods: list[tuple[dt.date, Scores]]


@dataclass(frozen=True, slots=True)
class ScoreTable:
    """The scores of a report: its rows (one per group), everyone together, and the periods it spans."""

    dimension: str
    period: str
    start: dt.date
    end: dt.date
    survey_id: int | None
    periods: list[dt.date]
    rows: list[ScoreRow] = field(default_factory=list)
    overall: ScoreRow | None = None


def _labels(dimension: str, keys: set[str]) -> dict[str, str]:
    ids = [int(key) for key in keys if key.isdigit()]
    if dimension == Dimension.AGENT:
        return {str(agent.pk): agent.display_name for agent in Agent.objects.select_related("user").filter(pk__in=ids)}
    if dimension == Dimension.TEAM:
        return {str(pk): name for pk, name in Team.objects.filter(pk__in=ids).values_list("pk", "name")}
    if dimension == Dimension.BRANCH:
        return {str(pk): name for pk, name in Branch.objects.filter(pk__in=ids).values_list("pk", "name")}
    if dimension == Dimension.CATEGORY:
        return {str(pk): name for pk, name in Category.objects.filter(pk__in=ids).values_list("pk", "name")}
    if dimension == Dimension.ALL:
        return {"": "Everyone"}
    return {key: key for key in keys}


def _check_range(start: dt.date | None, end: dt.date | None, period: str, dimension: str) -> tuple[dt.date, dt.date]:
    if period not in PERIODS:
        raise ValidationFailed.single("period", f"Use one of {', '.join(PERIODS)}.")
    if dimension not in Dimension.values:
        raise ValidationFailed.single("by", f"Use one of {', '.join(Dimension.values)}.")
    end = end or timezone.localdate()
    start = start or end - dt.timedelta(days=7 * 13 - 1)
    if start > end:
        raise ValidationFailed.single("start", "The start comes before the end.")
    if (end - start).days > MAX_REPORT_DAYS:
        raise ValidationFailed.single("start", "Ask for at most three years at a time.")
    return start, end


def score_table(
    *,
    actor: Actor,
    dimension: str = Dimension.AGENT,
    period: str = "week",
    start: dt.date | None = None,
    end: dt.date | None = None,
    survey_id: int | None = None,
    key: str | None = None,
) -> ScoreTable:
    """Scores of each group of `dimension` (agents, teams, queues...) per period, from the daily cells: exact
    counts summed, then NPS, CSAT, CES, FCR and the response rate with their intervals. An agent who may not
    see every response gets their own row and everyone's together."""
    start, end = _check_range(start, end, period, dimension)
    mine = _mine(actor)
    cells = ScoreCell.objects.filter(day__gte=start, day__lte=end)
    if survey_id is not None:
        cells = cells.filter(survey_id=survey_id)
    if mine is not None:
        if dimension not in (Dimension.AGENT, Dimension.ALL):
            raise ValidationFailed.single("by", "You see the scores about yourself: choose agent or all.")
        key = str(mine.pk) if dimension == Dimension.AGENT else ""
    wanted = cells.filter(dimension=dimension) if key is None else cells.filter(dimension=dimension, key=key)
    overall_cells = cells.filter(dimension=Dimension.ALL)
    grouped = _fold(wanted, period)
    overall = _fold(overall_cells, period).get("")
    labels = _labels(dimension, set(grouped))
    rows = [_row(key_, labels.get(key_, key_ or "Everyone"), by_period) for key_, by_period in grouped.items()]
    rows.sort(key=lambda row: (-row.tally.responses, row.label))
    days = (end - start).days + 1
    periods = sorted({period_start(start + dt.timedelta(days=offset), period) for offset in range(days)})
    return ScoreTable(
        dimension=dimension,
        period=period,
        start=start,
        end=end,
        survey_id=survey_id,
        periods=periods,
        rows=rows,
        overall=_row("", "Everyone", overall) if overall else None,
    )


def _fold(cells: QuerySet[ScoreCell], period: str) -> dict[str, dict[dt.date, Tally]]:
    """Sum the daily cells into (key, period) tallies in the database (exact integer sums, one query): a row per
    group and period comes back instead of a row per cell, 3,180 rather than 44,000 for a year of 60 agents."""
    bucket = F("day") if period == "day" else PeriodStart("day", period=period)
    sums = {f"sum_{name}": Sum(name) for name in TALLY_FIELDS}
    rows = cells.order_by().annotate(period_start=bucket).values("key", "period_start").annotate(**sums)
    folded: dict[str, dict[dt.date, Tally]] = defaultdict(dict)
    for key, start, *counts in rows.values_list("key", "period_start", *sums):
        folded[key][start] = Tally(*counts)
    return dict(folded)


def _row(key: str, label: str, by_period: dict[dt.date, Tally]) -> ScoreRow:
    total = scoring.total(by_period.values())
    return ScoreRow(
        key=key,
        label=label,
        total=scoring.scores(total),
        tally=total,
        periods=[(day, scoring.scores(tally)) for day, tally in sorted(by_period.items())],
    )


def tally_dict(tally: Tally) -> dict[str, int]:
    """The counts of a tally by name."""
    return asdict(tally)


# --- closing the loop -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoopReport:
    """How the unhappy customers of a range were followed up, with the most recent follow-ups."""

    opened: int
    contacted_in_time: int
    contacted_late: int
    not_contacted: int
    overdue: int
    recovered: int
    recent: list[LoopFollowUp]


def loops_of_responses(*, actor: Actor, response_ids: list[int]) -> dict[int, LoopFollowUp]:
    """The follow-ups opened for the given responses that `actor` may read, by response id."""
    readable = _responses(actor, ResponseFilter()).filter(pk__in=response_ids).values("pk")
    found = LoopFollowUp.objects.filter(response_id__in=readable).select_related("case")
    return {loop.response_id: loop for loop in found}


def loop_report(*, actor: Actor, start: dt.date | None = None, end: dt.date | None = None) -> LoopReport:
    """How the unhappy customers of a period were followed up: contacted by the due time, late, not yet (and
    overdue), and won back (a later happy answer or a recorded renewal)."""
    require_permission(actor, "surveys.view_loop_report")
    end = end or timezone.localdate()
    start = start or end - dt.timedelta(days=89)
    if start > end:
        raise ValidationFailed.single("start", "The start comes before the end.")
    first_contact = (
        Contact.objects.filter(case_id=OuterRef("case_id"), started_at__gte=OuterRef("created_at"))
        .order_by()
        .values("case_id")
        .annotate(first=Min("started_at"))
        .values("first")
    )
    loops = (
        LoopFollowUp.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
        .annotate(first_contact_at=Subquery(first_contact))
        .select_related("case", "owner__user", "customer", "response")
    )
    now = timezone.now()
    opened = in_time = late = none = overdue = recovered = 0
    recent: list[LoopFollowUp] = []
    for loop in loops.order_by("-created_at", "-id").iterator(chunk_size=2000):
        opened += 1
        contacted = getattr(loop, "first_contact_at", None)
        if contacted is None:
            none += 1
            overdue += loop.due_at < now
        elif contacted <= loop.due_at:
            in_time += 1
        else:
            late += 1
        recovered += loop.recovered_at is not None
        if len(recent) < 50:
            recent.append(loop)
    return LoopReport(opened, in_time, late, none, overdue, recovered, recent)


# --- stories ----------------------------------------------------------------------------------------------------


def list_stories(*, actor: Actor, status: str | None, cursor: str | None, limit: int) -> KeysetPage[Story]:
    """Stories from the public page, newest first (the moderation queue is status=pending)."""
    require_permission(actor, "surveys.view_story")
    found = Story.objects.select_related("branch", "agent__user", "customer")
    if status is not None:
        if status not in StoryStatus.values:
            raise ValidationFailed.single("status", f"Use one of {', '.join(StoryStatus.values)}.")
        found = found.filter(status=status)
    return paginate(found, ordering=("-created_at", "-id"), cursor=cursor, limit=limit)


def story_counts(*, actor: Actor) -> dict[str, Any]:
    """Approved raves and rants, overall and by branch: only moderated stories count."""
    require_permission(actor, "surveys.view_story")
    approved = Story.objects.filter(status=StoryStatus.APPROVED)
    by_branch: dict[str, dict[str, int]] = defaultdict(lambda: {"rave": 0, "rant": 0})
    for name, kind in approved.values_list("branch__name", "kind"):
        by_branch[name or "No branch named"][kind] += 1
    return {
        "raves": approved.filter(kind="rave").count(),
        "rants": approved.filter(kind="rant").count(),
        "pending": Story.objects.filter(status=StoryStatus.PENDING).count(),
        "by_branch": dict(by_branch),
    }
