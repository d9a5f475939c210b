"""The desk's survey pages: the scores report with its trend charts, and the list of surveys, where a survey can
be closed.

Each view takes the house's four steps: parse (a form or the URL), authorise (the survey selectors and services
check the actor), call one selector or service, render. `desk_view` turns the domain errors into 4xx pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_POST

from frontline.cases import selectors as cases
from frontline.cases.models import Channel
from frontline.core.errors import ValidationFailed
from frontline.core.permissions import has_permission, require_permission
from frontline.desk.forms import DATE_RANGE, EARLIEST, LATEST, DeskForm
from frontline.desk.http import desk_view
from frontline.desk.survey_charts import (
    NPS_SCALE,
    SATISFACTION_SCALE,
    Point,
    Scale,
    Series,
    has_points,
    period_labels,
    point_of,
    trend_chart,
)
from frontline.surveys import selectors, services
from frontline.surveys.models import Dimension, Survey
from frontline.surveys.scoring import MIN_RESPONSES, Mean, NetPromoter, Proportion, Scores
from frontline.surveys.selectors import ScoreRow, ScoreTable

GROUPINGS = [
    (Dimension.AGENT.value, "Agent"),
    (Dimension.TEAM.value, "Team"),
    (Dimension.BRANCH.value, "Branch"),
    (Dimension.QUEUE.value, "Queue"),
    (Dimension.CATEGORY.value, "Category"),
    (Dimension.CHANNEL.value, "Channel"),
    (Dimension.ALL.value, "Everyone together"),
]
OWN_GROUPINGS = (Dimension.AGENT.value, Dimension.ALL.value)
PERIODS = [("day", "Day"), ("week", "Week"), ("month", "Month"), ("quarter", "Quarter")]
PERIOD_NAMES = dict(PERIODS)
EVERYONE = "Everyone together"
MAX_KEY_LENGTH = 80  # as long as a score cell's key


# --- the filters ------------------------------------------------------------------------------------------------


def _in_range(value: dt.date | None) -> None:
    """Refuse dates so far off that the database or date arithmetic cannot hold them."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(DATE_RANGE)


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        validators=[_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as year-month-day, for instance 2025-03-31."},
    )


class ScoreFilterForm(DeskForm):
    """The filters of the scores report: which survey, grouped how, per which period, over which days."""

    survey = forms.TypedChoiceField(label="Survey", required=False, coerce=int, empty_value=None)
    by = forms.ChoiceField(label="Group by", required=False, choices=GROUPINGS)
    period = forms.ChoiceField(label="Period", required=False, choices=PERIODS)
    start = _date_field("From")
    end = _date_field("To")

    def __init__(self, data: QueryDict | dict[str, str], *, surveys: Sequence[Survey], may_see_all: bool) -> None:
        # A grouping or period left out shows as the default it stands for (not as the first of the list) when the
        # form comes back with an error on another field.
        data = data.copy()
        if not data.get("by"):
            data["by"] = Dimension.TEAM.value if may_see_all else Dimension.AGENT.value
        if not data.get("period"):
            data["period"] = "month"
        super().__init__(data)
        self.surveys = surveys
        self.may_see_all = may_see_all
        survey = self.fields["survey"]
        assert isinstance(survey, forms.TypedChoiceField)
        survey.choices = [("", "All surveys"), *((item.pk, item.name) for item in surveys)]
        survey.error_messages["invalid_choice"] = "Choose a survey from the list."
        by = self.fields["by"]
        assert isinstance(by, forms.ChoiceField)
        if may_see_all:
            by.error_messages["invalid_choice"] = "Choose one of the groupings in the list."
        else:
            by.choices = [choice for choice in GROUPINGS if choice[0] in OWN_GROUPINGS]
            by.error_messages["invalid_choice"] = (
                "You see the scores about yourself: choose Agent or Everyone together."
            )
        self.fields["period"].error_messages["invalid_choice"] = "Choose day, week, month or quarter."

    def clean(self) -> dict[str, Any] | None:
        """Refuse a range that ends before it starts."""
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date is before the start date.")
        return cleaned

    def arguments(self) -> dict[str, Any]:
        """The arguments of surveys.selectors.score_table. With nothing chosen the page opens on the last twelve
        months by month, by team for those who see every response (a team gathers enough answers each month to
        say something) and on their own scores for the others."""
        data = self.cleaned_data
        period = data["period"] or "month"
        start = data["start"]
        if start is None and period in ("month", "quarter") and not data["end"]:
            start = selectors.period_start(timezone.localdate() - dt.timedelta(days=334), "month")
        return {
            "survey_id": data["survey"],
            "dimension": data["by"] or (Dimension.TEAM.value if self.may_see_all else Dimension.AGENT.value),
            "period": period,
            "start": start,
            "end": data["end"],
        }

    def showing(self, table: ScoreTable) -> ScoreFilterForm:
        """The same form filled with what the table shows, defaults included, to render above it."""
        data = {
            "survey": "" if table.survey_id is None else str(table.survey_id),
            "by": table.dimension,
            "period": table.period,
            "start": table.start.isoformat(),
            "end": table.end.isoformat(),
        }
        return ScoreFilterForm(data, surveys=self.surveys, may_see_all=self.may_see_all)


def _chosen_key(query: QueryDict) -> str | None:
    """The group whose trend is drawn next to everyone's (`?key=`), or None."""
    key = query.get("key")
    if key is None:
        return None
    if len(key) > MAX_KEY_LENGTH:
        raise ValidationFailed.single("key", "Choose a group from the table: click its name.")
    return key


def _query_with(query: QueryDict, **changes: str | None) -> str:
    """The query string of `query` with `changes` made (None removes a parameter)."""
    changed = query.copy()
    for name, value in changes.items():
        changed.pop(name, None)
        if value is not None:
            changed[name] = value
    return changed.urlencode()


# --- what the table shows ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """A score as the page writes it: the number with its 95% interval, or a short word and why there is none."""

    text: str
    interval: str = ""
    note: str = ""

    @property
    def is_number(self) -> bool:
        """Whether the figure is a score (else `text` says why not and `note` explains)."""
        return not self.note


def _number(value: float, digits: int) -> str:
    """`value` rounded to `digits` decimals, never written "-0"."""
    rounded = round(value, digits) + 0.0
    return f"{rounded:.{digits}f}"


def _missing(answers: int, counted: str) -> Figure:
    return Figure(
        "too few",
        note=f"Fewer than {MIN_RESPONSES} {counted} ({answers}): too few to give a number that means something.",
    )


def _figure(
    measure: NetPromoter | Proportion | Mean, write: Callable[[float], str], counted: str = "answers"
) -> Figure:
    if measure.too_few:
        return _missing(measure.n, counted)
    if measure.value is None or measure.low is None or measure.high is None:
        return Figure("no rate", note="More answers than invitations counted: not every invitation was recorded.")
    return Figure(write(measure.value), f"{write(measure.low)} to {write(measure.high)}")


def nps_figure(nps: NetPromoter) -> Figure:
    """The net promoter score: "30", interval "14.7 to 45.3"."""
    figure = _figure(nps, lambda value: _number(value, 1))
    if figure.is_number and nps.value is not None:
        return Figure(_number(nps.value, 0), figure.interval)
    return figure


def share_figure(share: Proportion, counted: str = "answers") -> Figure:
    """A share as a percentage: "73%", interval "61 to 82%"."""
    figure = _figure(share, lambda value: _number(100 * value, 0), counted)
    if figure.is_number:
        return Figure(f"{figure.text}%", f"{figure.interval}%")
    return figure


def mean_figure(mean: Mean) -> Figure:
    """A mean on its scale: "5.4", interval "5.1 to 5.8"."""
    return _figure(mean, lambda value: _number(value, 1))


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One row of the scores table."""

    key: str
    label: str
    responses: int
    invited: int
    nps: Figure
    csat: Figure
    ces: Figure
    fcr: Figure
    response_rate: Figure
    link: str
    is_chosen: bool


def _line(row: ScoreRow, link: str = "", is_chosen: bool = False) -> ScoreLine:
    total = row.total
    return ScoreLine(
        key=row.key,
        label=row.label,
        responses=row.tally.responses,
        invited=row.tally.invited,
        nps=nps_figure(total.nps),
        csat=share_figure(total.csat),
        ces=mean_figure(total.ces),
        fcr=share_figure(total.fcr),
        response_rate=share_figure(total.response_rate, counted="invitations"),
        link=link,
        is_chosen=is_chosen,
    )


# --- the trend charts -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrendChart:
    """A trend: its drawing (None when no period has enough answers), and its numbers as a table for whoever
    cannot see the drawing."""

    key: str
    title: str
    summary: str
    names: list[str]
    drawing: SafeString | None
    rows: list[tuple[str, list[Figure]]]
    undrawn: list[str]  # the series with no period to draw: their name is in the legend but no line is


def _points(row: ScoreRow, periods: list[dt.date], measure: Callable[[Scores], Any], as_percent: bool) -> list[Point]:
    by_period = dict(row.periods)
    return [point_of(measure(by_period[day]) if day in by_period else None, as_percent=as_percent) for day in periods]


def _point_figure(point: Point, scale: Scale) -> Figure:
    if point.value is None or point.low is None or point.high is None:
        return _missing(point.answers, "answers")
    return Figure(scale.write(point.value), f"{scale.write(point.low)} to {scale.write(point.high)}")


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _trend(
    key: str, table: ScoreTable, rows: list[ScoreRow], scale: Scale, measure: Callable[[Scores], Any], percent: bool
) -> TrendChart:
    labels = period_labels(table.periods, table.period)
    names = [EVERYONE if row is table.overall else row.label for row in rows]
    series = [
        Series(name, _points(row, table.periods, measure, percent)) for name, row in zip(names, rows, strict=True)
    ]
    title = f"{scale.name} by {table.period}"
    summary = (
        f"{' and '.join(names)}, {_day(table.start)} to {_day(table.end)}, with 95% intervals; "
        f"a gap is a {table.period} with fewer than {MIN_RESPONSES} answers."
    )
    drawing = (
        trend_chart(title=title, summary=summary, labels=labels, series=series, scale=scale)
        if has_points(series)
        else None
    )
    table_rows = [
        (label, [_point_figure(line.points[index], scale) for line in series]) for index, label in enumerate(labels)
    ]
    undrawn = [line.label for line in series if drawing is not None and not has_points([line])]
    return TrendChart(
        key=key, title=title, summary=summary, names=names, drawing=drawing, rows=table_rows, undrawn=undrawn
    )


def _trends(table: ScoreTable, chosen: ScoreRow | None) -> list[TrendChart]:
    if table.overall is None:
        return []
    rows = [table.overall] if chosen is None or chosen is table.overall else [table.overall, chosen]
    return [
        _trend("nps", table, rows, NPS_SCALE, lambda scores: scores.nps, False),
        _trend("csat", table, rows, SATISFACTION_SCALE, lambda scores: scores.csat, True),
    ]


def _named(table: ScoreTable, user: Any) -> ScoreTable:
    """The table with its groups named the way the rest of the desk names them: a channel by its name ("Walk-in",
    not "walk_in") and a category by its full name (two categories are called "Roaming")."""
    names: dict[str, str] = {}
    if table.dimension == Dimension.CHANNEL:
        names = {str(value): str(label) for value, label in Channel.choices}
    elif table.dimension == Dimension.CATEGORY and has_permission(user, "cases.view_category"):
        names = {str(category.pk): name for category, name in cases.category_choices(actor=user)}
    if not names:
        return table
    return replace(table, rows=[replace(row, label=names.get(row.key, row.label)) for row in table.rows])


def _chosen_row(table: ScoreTable, key: str | None, *, is_own: bool) -> ScoreRow | None:
    """The group row drawn next to everyone: the one `key` names; for someone who sees only their own scores,
    their row."""
    if table.dimension == Dimension.ALL:
        return None
    if key is not None:
        return next((row for row in table.rows if row.key == key), None)
    return table.rows[0] if is_own and len(table.rows) == 1 else None


# --- the pages --------------------------------------------------------------------------------------------------


@desk_view
@require_GET
def survey_scores(request: HttpRequest) -> HttpResponse:
    """NPS, CSAT, CES, first-contact resolution and response rate per group over a period, with their trend."""
    user = request.user
    surveys = selectors.list_surveys(actor=user)
    may_see_all = selectors.may_see_all(user)
    form = ScoreFilterForm(request.GET, surveys=surveys, may_see_all=may_see_all)
    table: ScoreTable | None = None
    key: str | None = None
    if form.is_valid():
        try:
            key = _chosen_key(request.GET)
            table = _named(selectors.score_table(actor=user, **form.arguments()), user)
        except ValidationFailed as error:
            form.take_errors(error)
            table = None
    context: dict[str, Any] = {"form": form, "table": table, "period_name": ""}
    if table is not None:
        chosen = _chosen_row(table, key, is_own=not may_see_all)
        context.update(
            form=form.showing(table),
            period_name=PERIOD_NAMES[table.period].lower(),
            lines=[
                _line(row, "?" + _query_with(request.GET, key=row.key), row is chosen)
                for row in table.rows
                if table.dimension != Dimension.ALL
            ],
            overall=_line(table.overall) if table.overall is not None else None,
            chosen=chosen,
            key_unknown=key is not None and chosen is None and table.dimension != Dimension.ALL,
            everyone_only="?" + _query_with(request.GET, key=None),
            trends=_trends(table, chosen),
            grouping=dict(GROUPINGS)[table.dimension],
        )
    return render(request, "desk/survey_scores.html", context, status=200 if table is not None else 400)


STATE_LABELS = {"open": "Open", "not_open": "Not open yet", "closed": "Closed"}
STATE_BADGES = {"open": "status-given", "not_open": "status-pending", "closed": "status-closed"}


@dataclass(frozen=True, slots=True)
class SurveyLine:
    """One survey of the list, with its state now."""

    survey: Survey
    state: str
    label: str
    badge: str
    is_at_quota: bool


@desk_view
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """Every survey: open or not, its responses against its quota, when it opens and closes."""
    surveys = selectors.list_surveys(actor=request.user)
    now = timezone.now()
    lines = []
    for survey in surveys:
        state = services.survey_state(survey, now)
        lines.append(
            SurveyLine(
                survey=survey,
                state=state,
                label=STATE_LABELS[state],
                badge=STATE_BADGES[state],
                is_at_quota=survey.quota is not None and survey.response_count >= survey.quota,
            )
        )
    context = {"lines": lines, "may_close": has_permission(request.user, "surveys.change_survey")}
    return render(request, "desk/survey_list.html", context)


@desk_view
@require_POST
def close_survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Close a survey now: from this moment its links show the closed page."""
    # The service checks this only when it changes something; asking for a closed survey to close is refused too.
    require_permission(request.user, "surveys.change_survey")
    survey = selectors.get_survey(actor=request.user, survey_id=survey_id)
    if services.survey_state(survey) == "closed":
        messages.info(request, f"{survey.name} was closed already.")
        return redirect("desk:survey_list")
    with transaction.atomic():
        survey = services.close_survey(actor=request.user, survey_id=survey_id)
    messages.success(request, f"{survey.name} is closed: its links now say it takes no more answers.")
    return redirect("desk:survey_list")
