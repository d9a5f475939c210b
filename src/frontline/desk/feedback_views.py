"""The desk's customer-feedback pages: what customers wrote in surveys (the verbatims), how unhappy customers
were followed up (closing the loop), the moderation of rant-or-rave stories, and the case page's feedback panel.

Each view takes the same four steps as the rest of the desk: parse a form, authorise (the surveys selectors and
services check the actor), call one selector or service, render. Writes run in one transaction opened here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from frontline.accounts import selectors as accounts
from frontline.cases import selectors as cases
from frontline.cases.models import Case, Channel
from frontline.core.errors import Conflict, ValidationFailed
from frontline.core.permissions import has_permission, require_permission
from frontline.desk.feedback_forms import (
    ModerationForm,
    PeriodForm,
    RecoveryForm,
    StoryFilterForm,
    VerbatimFilterForm,
)
from frontline.desk.http import desk_view, submit_form
from frontline.desk.paging import page_links
from frontline.surveys import selectors as surveys
from frontline.surveys import services
from frontline.surveys.models import Answer, LoopFollowUp, QuestionKind, Response, StoryStatus

VERBATIM_LIMIT = 25
STORY_LIMIT = 25
PANEL_LIMIT = 5  # the responses each list of the case panel shows
REPORT_DAYS = 90  # the follow-up report's period when none is chosen
CHANNELS = dict(Channel.choices)


def _cursor(request: HttpRequest) -> str | None:
    return request.GET.get("cursor") or None


def _case_reference(case_id: int) -> str:
    """The reference people quote for case `case_id` ("C-000042")."""
    return Case(pk=case_id).reference


# --- verbatims ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verbatim:
    """One free-text answer with what the page says about it."""

    answer: Answer
    response: Response
    case_reference: str
    channel: str


def _verbatim(answer: Answer) -> Verbatim:
    response = answer.response
    return Verbatim(
        answer=answer,
        response=response,
        case_reference=_case_reference(response.case_id) if response.case_id else "",
        channel=CHANNELS.get(response.channel, response.channel),
    )


@desk_view
@require_GET
def verbatims(request: HttpRequest) -> HttpResponse:
    """What customers wrote in their surveys, newest first, narrowed by the filters; agents read their own."""
    user = request.user
    require_permission(user, "surveys.view_response")
    sees_all = surveys.may_see_all(user)
    form = VerbatimFilterForm(request.GET, may_see_all=sees_all)
    page = None
    if form.is_valid():
        try:
            page = surveys.verbatims(actor=user, filters=form.filters(), cursor=_cursor(request), limit=VERBATIM_LIMIT)
        except ValidationFailed as error:
            form.take_errors(error)
    form.offer_choices(
        surveys=surveys.list_surveys(actor=user) if has_permission(user, "surveys.view_survey") else [],
        agents=accounts.agent_choices(actor=user) if sees_all else [],
        teams=accounts.team_choices(actor=user),
        categories=cases.category_choices(actor=user),
    )
    context = {
        "form": form,
        "page": page,
        "rows": [_verbatim(answer) for answer in page.items] if page else [],
        "links": page_links(request.GET, page) if page else None,
        "sees_all": sees_all,
    }
    return render(request, "desk/verbatims.html", context, status=200 if page is not None else 400)


# --- closing the loop ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoopLine:
    """One line of the follow-up report: how many follow-ups, and their share of those counted against."""

    key: str
    label: str
    count: int
    of: int
    note: str = ""

    @property
    def share(self) -> float | None:
        """count / of, or None when there is nothing to count against."""
        return self.count / self.of if self.of else None


@dataclass(frozen=True, slots=True)
class LoopRow:
    """One recent follow-up with its state in words: in time, late, not yet (overdue or not)."""

    loop: LoopFollowUp
    state: str
    tone: str
    first_contact_at: dt.datetime | None


def _loop_lines(report: surveys.LoopReport) -> list[LoopLine]:
    opened = report.opened
    return [
        LoopLine("in_time", "Contacted in time", report.contacted_in_time, opened),
        LoopLine("late", "Contacted late", report.contacted_late, opened),
        LoopLine(
            "not_contacted",
            "Not contacted yet",
            report.not_contacted,
            opened,
            note=f"{report.overdue} of them past their due time" if report.not_contacted else "",
        ),
        LoopLine("recovered", "Won back", report.recovered, opened),
    ]


def _loop_row(loop: LoopFollowUp, now: dt.datetime) -> LoopRow:
    contacted: dt.datetime | None = getattr(loop, "first_contact_at", None)
    if contacted is None:
        state, tone = ("Overdue", "bad") if loop.due_at < now else ("Not contacted yet", "middle")
    elif contacted <= loop.due_at:
        state, tone = "In time", "good"
    else:
        state, tone = "Late", "bad"
    return LoopRow(loop=loop, state=state, tone=tone, first_contact_at=contacted)


def _period(form: PeriodForm) -> tuple[dt.date, dt.date]:
    """The report's period: the dates chosen, else the REPORT_DAYS days up to today (or up to the end chosen)."""
    start, end = form.period()
    end = end or timezone.localdate()
    return start or end - dt.timedelta(days=REPORT_DAYS - 1), end


def _follow_ups_page(
    request: HttpRequest,
    period_form: PeriodForm,
    *,
    recovery: RecoveryForm | None = None,
    recovery_id: int = 0,
    conflict: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request.user
    require_permission(user, "surveys.view_loop_report")
    report = None
    start = end = None
    if period_form.is_valid():
        start, end = _period(period_form)
        try:
            report = surveys.loop_report(actor=user, start=start, end=end)
        except ValidationFailed as error:
            period_form.take_errors(error)
    now = timezone.now()
    shown_period = PeriodForm(initial={"start": start, "end": end}) if report is not None else period_form
    context = {
        "form": shown_period,
        "report": report,
        "lines": _loop_lines(report) if report else [],
        "rows": [_loop_row(loop, now) for loop in report.recent] if report else [],
        "start": start,
        "end": end,
        "may_record": has_permission(user, "surveys.change_loopfollowup"),
        "recovery": recovery,
        "recovery_id": recovery_id,
        "conflict": conflict,
    }
    return render(request, "desk/survey_follow_ups.html", context, status=status if report is not None else 400)


@desk_view
@require_GET
def survey_follow_ups(request: HttpRequest) -> HttpResponse:
    """How the unhappy customers of a period were followed up, and the recent follow-ups."""
    return _follow_ups_page(request, PeriodForm(request.GET))


@desk_view
@require_POST
def survey_recovered(request: HttpRequest, loop_id: int) -> HttpResponse:
    """Record that an unhappy customer was won back some other way than a later happy answer."""
    require_permission(request.user, "surveys.change_loopfollowup")
    form = RecoveryForm(request.POST)
    period_form = PeriodForm(request.POST)  # the period the page showed, to show it again
    try:
        loop = submit_form(
            form,
            lambda: services.record_recovery(actor=request.user, loop_id=loop_id, note=form.cleaned_data["note"]),
        )
    except Conflict as error:
        return _follow_ups_page(request, period_form, conflict=error.message, status=Conflict.status)
    if loop is None:
        return _follow_ups_page(request, period_form, recovery=form, recovery_id=loop_id, status=422)
    messages.success(request, f"Won back: the customer of {loop.case.reference} ({loop.recovery_note}).")
    query = {name: request.POST[name] for name in ("start", "end") if period_form.is_valid() and request.POST.get(name)}
    return redirect(reverse("desk:survey_follow_ups") + (f"?{urlencode(query)}" if query else ""))


# --- stories from the rant-or-rave page -----------------------------------------------------------------------


def _stories_page(
    request: HttpRequest,
    filter_form: StoryFilterForm,
    *,
    moderation: ModerationForm | None = None,
    story_id: int = 0,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    require_permission(user, "surveys.view_story")
    page = None
    if filter_form.is_valid():
        try:
            page = surveys.list_stories(
                actor=user, status=filter_form.status_wanted(), cursor=_cursor(request), limit=STORY_LIMIT
            )
        except ValidationFailed as error:
            filter_form.take_errors(error)
    may_moderate = has_permission(user, "surveys.moderate_story")
    counts = surveys.story_counts(actor=user)
    context = {
        "filter_form": filter_form,
        "shown": (filter_form.cleaned_data.get("status") or StoryStatus.PENDING.value) if page is not None else "",
        "page": page,
        "links": page_links(request.GET, page) if page else None,
        "counts": counts,
        "branches": sorted(counts["by_branch"].items()),
        "may_moderate": may_moderate,
        "agents": accounts.agent_choices(actor=user) if may_moderate else [],
        "moderation": moderation,
        "story_id": story_id,
    }
    return render(request, "desk/stories.html", context, status=status if page is not None else 400)


@desk_view
@require_GET
def stories(request: HttpRequest) -> HttpResponse:
    """The stories told on the public rant-or-rave page, those waiting for moderation first, and the counts."""
    return _stories_page(request, StoryFilterForm(request.GET))


@desk_view
@require_POST
def moderate_story(request: HttpRequest, story_id: int) -> HttpResponse:
    """Approve a story (so that it counts, linked to an agent if chosen) or reject it."""
    require_permission(request.user, "surveys.moderate_story")
    form = ModerationForm(request.POST)
    filter_form = StoryFilterForm({"status": request.POST.get("shown", "")})
    story = submit_form(
        form, lambda: services.moderate_story(actor=request.user, story_id=story_id, **form.arguments())
    )
    if story is None:
        return _stories_page(request, filter_form, moderation=form, story_id=story_id, status=422)
    verb = "Approved" if story.status == StoryStatus.APPROVED else "Rejected"
    about = f", about {story.agent.display_name}" if story.agent is not None else ""
    told = timezone.localtime(story.created_at)
    messages.success(request, f"{verb}: the {story.kind} of {told.day} {told:%b}{about}.")
    shown = filter_form.cleaned_data.get("status") if filter_form.is_valid() else ""
    return redirect(reverse("desk:stories") + (f"?{urlencode({'status': shown})}" if shown else ""))


# --- the case page's feedback panel ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedbackItem:
    """A response on the case panel: the response, its comments and the follow-up case it opened, if any."""

    response: Response
    comments: list[Answer]
    loop: LoopFollowUp | None
    case_reference: str


def _feedback_items(responses: list[Response], loops: dict[int, LoopFollowUp]) -> list[FeedbackItem]:
    return [
        FeedbackItem(
            response=response,
            comments=[
                answer for answer in response.answers.all() if answer.text and answer.question.kind == QuestionKind.TEXT
            ],
            loop=loops.get(response.pk),
            case_reference=_case_reference(response.case_id) if response.case_id else "",
        )
        for response in responses
    ]


@desk_view
@require_GET
def panel_feedback(request: HttpRequest, case_id: int) -> HttpResponse:
    """The customer-feedback panel of a case: the survey answers about it and the customer's recent ones."""
    user = request.user
    require_permission(user, "surveys.view_response")
    case = cases.get_case(actor=user, case_id=case_id)
    about_case = surveys.list_responses(
        actor=user, filters=surveys.ResponseFilter(case_id=case.pk), cursor=None, limit=PANEL_LIMIT
    )
    others = surveys.list_responses(
        actor=user,
        filters=surveys.ResponseFilter(customer_id=case.customer_id, other_than_case_id=case.pk),
        cursor=None,
        limit=PANEL_LIMIT,
    )
    shown = [response.pk for response in [*about_case.items, *others.items]]
    # The follow-ups of responses the person may read, which the responses name themselves (Response.loop).
    loops = surveys.loops_of_responses(actor=user, response_ids=shown)
    context = {
        "case": case,
        "about_case": _feedback_items(about_case.items, loops),
        "others": _feedback_items(others.items, loops),
        "more_about_case": about_case.next_cursor is not None,
        "more_others": others.next_cursor is not None,
        "sees_all": surveys.may_see_all(user),
    }
    return render(request, "desk/fragments/panel_feedback.html", context)
