"""The agent desk's pages and fragments.

Every view takes the same four steps: parse (a form or the URL), authorise (the service or selector checks
the actor), call one service or selector, render. Writes run in one transaction opened here; `desk_view`
turns the domain errors they raise into 4xx pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from frontline.accounts.selectors import agent_of
from frontline.assist import selectors as assist
from frontline.assist import services as assist_services
from frontline.authority import selectors as authority
from frontline.authority import services as authority_services
from frontline.authority.models import GestureStatus
from frontline.cases import services
from frontline.cases.models import Case
from frontline.core.errors import ValidationFailed
from frontline.core.permissions import has_permission, require_permission
from frontline.desk import selectors
from frontline.desk.forms import (
    MAX_ID,
    CaseDetailsForm,
    CaseFilterForm,
    CompleteFollowUpForm,
    ContactForm,
    DeskForm,
    ExceptionDecisionForm,
    ExceptionRequestForm,
    FollowUpForm,
    GestureDecisionForm,
    GestureForm,
    LookupForm,
    NewCaseForm,
    ReassignForm,
    ResolveForm,
    StatusForm,
    SuggestionFeedbackForm,
)
from frontline.desk.http import desk_view, htmx_target, is_htmx, submit_form, varies_by_htmx
from frontline.desk.paging import page_links

RESULTS_TARGET = "case-results"


def _optional_id(value: str | None, field: str) -> int | None:
    """An id from the query string: None when absent, ValidationFailed on `field` when not a number."""
    if not value:
        return None
    if not (value.isascii() and value.isdecimal()) or int(value) > MAX_ID:
        raise ValidationFailed.single(field, f"{value!r} is not an id.")
    return int(value)


def _cursor(request: HttpRequest, param: str = "cursor") -> str | None:
    return request.GET.get(param) or None


# --- home -----------------------------------------------------------------------------------------------------


def _queue_context(request: HttpRequest, queue: selectors.Queue) -> dict[str, Any]:
    return {
        "queue": queue,
        "links": page_links(request.GET, queue.page, param=queue.key),
        "home_url": reverse("desk:home"),
        "fragment_url": reverse("desk:queue", args=[queue.key]),
    }


@desk_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My open cases and my team's queue."""
    cursors = {key: _cursor(request, key) for key in selectors.QUEUE_TEXT}
    data = selectors.home(actor=request.user, cursors=cursors)
    queues = {queue.key: _queue_context(request, queue) for queue in data.queues}
    return render(request, "desk/home.html", {"home": data, "queues": queues})


@desk_view
@require_GET
def queue(request: HttpRequest, key: str) -> HttpResponse:
    """One list of the home page, as a fragment (its pages are fetched by HTMX)."""
    data = selectors.queue(actor=request.user, key=key, cursor=_cursor(request, key))
    return render(request, "desk/fragments/queue.html", {"q": _queue_context(request, data)})


# --- the case list --------------------------------------------------------------------------------------------


@desk_view
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """Filter and search the cases; HTMX requests aimed at the results get only the results."""
    require_permission(request.user, "cases.view_case")
    form = CaseFilterForm(request.GET)
    page = None
    named = None
    if form.is_valid():
        try:
            filters = form.filters(agent_of(request.user))
            page = selectors.case_list(actor=request.user, filters=filters, cursor=_cursor(request))
        except ValidationFailed as error:
            form.take_errors(error)
        named = selectors.case_by_reference(actor=request.user, text=form.cleaned_data["q"])
    context = {
        "form": form,
        "page": page,
        "links": page_links(request.GET, page) if page else None,
        "named_case": named,
    }
    if htmx_target(request) == RESULTS_TARGET:
        template = "desk/fragments/case_results.html"
    else:
        template = "desk/case_list.html"
        form.offer(selectors.pick_lists(actor=request.user))
    return varies_by_htmx(render(request, template, context, status=200 if page is not None else 400))


# --- opening a case -------------------------------------------------------------------------------------------


def _new_case_page(request: HttpRequest, form: NewCaseForm, page: selectors.NewCase, status: int) -> HttpResponse:
    form.offer(page.choices)
    if page.chosen is not None:
        # The customer is chosen: the cursor belongs in the first field still to fill, or to correct.
        wrong = [name for name in form.fields if name in form.errors] if form.is_bound else ["subject"]
        if wrong and wrong[0] != "customer":
            form.fields[wrong[0]].widget.attrs["autofocus"] = True
    context = {
        "form": form,
        "page": page,
        "lookup": LookupForm(request.GET).text(),
        "lookup_limit": selectors.LOOKUP_LIMIT,
    }
    return render(request, "desk/case_new.html", context, status=status)


@desk_view
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """Open a case: GET shows the form (?customer=<id> preselects), POST opens it and shows its page."""
    if request.method == "POST":
        return _open_case(request)
    customer_id = _optional_id(request.GET.get("customer"), "customer")
    lookup = LookupForm(request.GET).text()
    page = selectors.new_case(actor=request.user, customer_id=customer_id, lookup=lookup)
    initial: dict[str, Any] = {name: request.GET[name] for name in NewCaseForm.base_fields if name in request.GET}
    initial.setdefault("owner", page.agent.pk if page.agent else None)
    return _new_case_page(request, NewCaseForm(initial=initial), page, 200)


def _open_case(request: HttpRequest) -> HttpResponse:
    form = NewCaseForm(request.POST)
    case = submit_form(form, lambda: services.open_case(actor=request.user, **form.arguments()))
    if case is not None:
        messages.success(request, f"{case.reference} is open.")
        return redirect("desk:case_detail", case_id=case.pk)
    posted = form.cleaned_data.get("customer")  # None when it was missing or refused
    page = selectors.new_case(actor=request.user, customer_id=posted, lookup="", strict=False)
    return _new_case_page(request, form, page, 422)


@desk_view
@require_GET
def customer_lookup(request: HttpRequest) -> HttpResponse:
    """The customers a look-up text finds, as radio buttons for the open-a-case form."""
    text = LookupForm(request.GET).text()
    matches = selectors.customer_matches(actor=request.user, text=text)
    context = {"matches": matches, "lookup": text, "lookup_limit": selectors.LOOKUP_LIMIT}
    return render(request, "desk/fragments/customer_matches.html", context)


# --- the case page --------------------------------------------------------------------------------------------


def _case_context(workspace: selectors.CaseWorkspace, bound: Mapping[str, DeskForm] | None = None) -> dict[str, Any]:
    """The case page's context: the workspace and one form per action (`bound` ones carry errors)."""
    bound = bound or {}
    case = workspace.case
    forms: dict[str, DeskForm] = {
        "status": StatusForm(auto_id="status_%s"),
        "resolve": ResolveForm(auto_id="resolve_%s"),
        "reassign": ReassignForm(auto_id="reassign_%s", initial={"owner": case.owner_id}),
        "contact": ContactForm(auto_id="contact_%s"),
        "edit": CaseDetailsForm(auto_id="edit_%s", initial=CaseDetailsForm.initial_of(case)),
        **bound,
    }
    for form in forms.values():
        form.offer(workspace.choices)
        if isinstance(form, StatusForm):
            form.offer_statuses(workspace.actions.change_status)
    return {"workspace": workspace, "case": case, "actions": workspace.actions, "forms": forms, "open": set(bound)}


@desk_view
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case page: header, description, actions, contacts, history and the panels."""
    workspace = selectors.case_workspace(actor=request.user, case_id=case_id)
    return render(request, "desk/case_detail.html", _case_context(workspace))


def _after_action(
    request: HttpRequest, case_id: int, action: str, form: DeskForm, result: object, done: str = ""
) -> HttpResponse:
    """Answer an action form: POST/redirect/GET without HTMX; with HTMX, the updated case or the form with errors.

    `done` says what happened when the action's usual message (DONE_MESSAGES) is not precise enough.
    """
    if result is not None and not is_htmx(request):
        messages.success(request, done or DONE_MESSAGES[action])
        return redirect("desk:case_detail", case_id=case_id)
    workspace = selectors.case_workspace(actor=request.user, case_id=case_id)
    if result is not None:
        messages.success(request, done or DONE_MESSAGES[action])
        response = render(request, "desk/fragments/case_updated.html", _case_context(workspace))
        response["HX-Retarget"] = "#case-main"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Trigger"] = "case-changed"
        return response
    template = f"desk/fragments/action_{action}.html" if is_htmx(request) else "desk/case_detail.html"
    return render(request, template, _case_context(workspace, {action: form}), status=422)


DONE_MESSAGES = {
    "status": "Status changed.",
    "resolve": "Case resolved.",
    "reassign": "Case reassigned.",
    "contact": "Contact logged.",
    "edit": "Details saved.",
}


@desk_view
@require_POST
def change_status(request: HttpRequest, case_id: int) -> HttpResponse:
    """Move the case to another status."""
    form = StatusForm(request.POST, auto_id="status_%s")
    case = submit_form(
        form, lambda: services.change_case_status(actor=request.user, case_id=case_id, **form.arguments())
    )
    return _after_action(request, case_id, "status", form, case)


@desk_view
@require_POST
def resolve(request: HttpRequest, case_id: int) -> HttpResponse:
    """Resolve the case with its resolution and root cause."""
    form = ResolveForm(request.POST, auto_id="resolve_%s")
    case = submit_form(form, lambda: services.resolve_case(actor=request.user, case_id=case_id, **form.arguments()))
    return _after_action(request, case_id, "resolve", form, case)


@desk_view
@require_POST
def reassign(request: HttpRequest, case_id: int) -> HttpResponse:
    """Give the case to an agent (or nobody) and optionally another team."""
    form = ReassignForm(request.POST, auto_id="reassign_%s")
    case = submit_form(form, lambda: services.reassign_case(actor=request.user, case_id=case_id, **form.arguments()))
    done = _reassigned(request, case) if case is not None else ""
    return _after_action(request, case_id, "reassign", form, case, done)


def _reassigned(request: HttpRequest, case: Case) -> str:
    """Who has the case now, said to the person who gave it (or took it)."""
    if case.owner is None:
        return f"{case.reference} is unassigned now."
    me = agent_of(request.user)
    if me is not None and case.owner_id == me.pk:
        return f"{case.reference} is yours now."
    return f"{case.reference} is reassigned to {case.owner.display_name}."


@desk_view
@require_POST
def log_contact(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a call, e-mail, chat or visit on the case."""
    form = ContactForm(request.POST, auto_id="contact_%s")
    contact = submit_form(form, lambda: services.log_contact(actor=request.user, case_id=case_id, **form.arguments()))
    return _after_action(request, case_id, "contact", form, contact)


@desk_view
@require_POST
def edit(request: HttpRequest, case_id: int) -> HttpResponse:
    """Change the case's subject, description, product, category, channel, priority or team."""
    form = CaseDetailsForm(request.POST, auto_id="edit_%s")
    case = submit_form(form, lambda: services.update_case(actor=request.user, case_id=case_id, changes=form.details()))
    return _after_action(request, case_id, "edit", form, case)


# --- panels and customers -------------------------------------------------------------------------------------


@desk_view
@require_GET
def panel_customer(request: HttpRequest, case_id: int) -> HttpResponse:
    """The customer panel of a case: who they are, what they are worth, their other cases and contacts."""
    summary = selectors.customer_panel(actor=request.user, case_id=case_id)
    return render(request, "desk/fragments/panel_customer.html", {"summary": summary})


@desk_view
@require_GET
def panel_similar(request: HttpRequest, case_id: int) -> HttpResponse:
    """The similar-cases panel: past cases like this one, a proposed resolution, what customers needed next."""
    return _similar_panel(request, case_id)


def _similar_panel(
    request: HttpRequest,
    case_id: int,
    form: SuggestionFeedbackForm | None = None,
    done: str = "",
    accepted: dict[str, str] | None = None,
) -> HttpResponse:
    found = assist.for_case(actor=request.user, case_id=case_id)
    context = {"found": found, "case_id": case_id, "form": form, "done": done, "accepted": accepted}
    return render(request, "desk/fragments/panel_similar.html", context, status=422 if form and form.errors else 200)


FEEDBACK_DONE = {
    "accepted": "Thanks: the proposal is in the resolve form.",
    "edited": "Thanks: your version is in the resolve form.",
    "rejected": "Thanks: noted that it did not fit.",
}


@desk_view
@require_POST
def similar_feedback(request: HttpRequest, case_id: int) -> HttpResponse:
    """Accept, edit or reject the proposed resolution; accepted text goes into the resolve form."""
    form = SuggestionFeedbackForm(request.POST, auto_id="feedback_%s")
    feedback = submit_form(
        form, lambda: assist_services.record_feedback(actor=request.user, case_id=case_id, **form.arguments())
    )
    if feedback is None:
        return _similar_panel(request, case_id, form)
    if not is_htmx(request):
        messages.success(request, FEEDBACK_DONE[feedback.verdict])
        return redirect("desk:case_detail", case_id=case_id)
    if feedback.verdict == "rejected":
        return _similar_panel(request, case_id, done=FEEDBACK_DONE[feedback.verdict])
    # The text travels in the panel itself (a header could not carry a long resolution); the event tells the
    # page to copy it into the resolve form once the panel is in place.
    accepted = {"resolution": feedback.text, "root_cause": form.cleaned_data["root_cause"]}
    response = _similar_panel(request, case_id, done=FEEDBACK_DONE[feedback.verdict], accepted=accepted)
    response["HX-Trigger-After-Swap"] = "assist-proposal"
    return response


# --- authority: gestures, budgets and approvals ----------------------------------------------------------------


@desk_view
@require_GET
def panel_authority(request: HttpRequest, case_id: int) -> HttpResponse:
    """The gestures panel of a case: what was given on it, my authority now, and the form to give one."""
    return _authority_panel(request, case_id)


def _authority_panel(
    request: HttpRequest, case_id: int, form: GestureForm | None = None, done: str = "", waiting: bool = False
) -> HttpResponse:
    user = request.user
    gestures = authority.gestures_of_case(actor=user, case_id=case_id)
    may_give = has_permission(user, "authority.add_gesture") and agent_of(user) is not None
    budget = authority.my_budget(actor=user) if may_give else None
    live = any(g.status in (GestureStatus.GIVEN, GestureStatus.AWAITING_APPROVAL) for g in gestures)
    step = authority.immediate_step(actor=user, case_id=case_id) if may_give and not live else None
    if may_give and form is None:
        initial: dict[str, object] = {"gesture_type": step.gesture_type.code} if step else {}
        if step and step.gesture_type.is_monetary:
            initial["amount"] = step.amount
        form = GestureForm(auto_id="gesture_%s", initial=initial).offer_types(authority.gesture_types(actor=user))
    context = {
        "case_id": case_id,
        "gestures": gestures,
        "budget": budget,
        "form": form,
        "done": done,
        "waiting": waiting,
        "step": step,
    }
    return render(request, "desk/fragments/panel_authority.html", context, status=422 if form and form.errors else 200)


GESTURE_DONE = {
    GestureStatus.GIVEN: "Given: {gesture} is on the customer's account.",
    GestureStatus.AWAITING_APPROVAL: "Over your authority ({reason}): {gesture} waits for your supervisor.",
}


@desk_view
@require_POST
def give_gesture(request: HttpRequest, case_id: int) -> HttpResponse:
    """Give a gesture on a case: at once within my authority, else it waits for my supervisor's approval."""
    form = GestureForm(request.POST, auto_id="gesture_%s").offer_types(authority.gesture_types(actor=request.user))
    gesture = submit_form(
        form, lambda: authority_services.give_gesture(actor=request.user, case_id=case_id, **form.arguments())
    )
    if gesture is None:
        return _authority_panel(request, case_id, form)
    done = GESTURE_DONE[GestureStatus(gesture.status)].format(
        gesture=f"{gesture.gesture_type.name.lower()} of {gesture.value}",
        reason=gesture.get_approval_reason_display().lower(),
    )
    if gesture.is_flagged:
        done += " It is above the investigation threshold, so your supervisor will look at it afterwards."
    if not is_htmx(request):
        messages.success(request, done)
        return redirect("desk:case_detail", case_id=case_id)
    return _authority_panel(request, case_id, done=done, waiting=gesture.status != GestureStatus.GIVEN)


@desk_view
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """A supervisor's queue: gestures awaiting approval and flagged ones to look at, non-routine first."""
    return _approvals_page(request)


def _approvals_page(request: HttpRequest, refused: ValidationFailed | None = None, gesture_id: int = 0) -> HttpResponse:
    page = authority.review_queue(actor=request.user, cursor=_cursor(request), limit=25)
    context = {
        "page": page,
        "links": page_links(request.GET, page),
        "refused": refused.fields if refused else None,
        "refused_id": gesture_id,
    }
    return render(request, "desk/approvals.html", context, status=422 if refused else 200)


@desk_view
@require_POST
def decide_gesture(request: HttpRequest, gesture_id: int) -> HttpResponse:
    """Approve or refuse a gesture from the queue; a refused answer shows on the queue, on its row."""
    form = GestureDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        approve = form.cleaned_data["decision"] == "approve"
        with transaction.atomic():
            gesture = authority_services.decide_gesture(
                actor=request.user, gesture_id=gesture_id, approve=approve, reason=form.cleaned_data["reason"]
            )
    except ValidationFailed as refused:
        return _approvals_page(request, refused, gesture_id)
    verb = "Approved" if approve else "Refused"
    messages.success(request, f"{verb}: {gesture.gesture_type.name.lower()} of {gesture.value} on {gesture.case}.")
    return redirect("desk:approvals")


@desk_view
@require_POST
def review_gesture(request: HttpRequest, gesture_id: int) -> HttpResponse:
    """Mark a flagged gesture as looked at."""
    note = request.POST.get("note", "")
    with transaction.atomic():
        gesture = authority_services.review_gesture(actor=request.user, gesture_id=gesture_id, note=note)
    messages.success(request, f"Reviewed: {gesture.gesture_type.name.lower()} of {gesture.value} on {gesture.case}.")
    return redirect("desk:approvals")


# --- authority: policies and exceptions ---------------------------------------------------------------------


@desk_view
@require_GET
def panel_policies(request: HttpRequest, case_id: int) -> HttpResponse:
    """The policies panel of a case: the rules that apply, why, who decided, and a way to ask for an exception."""
    return _policies_panel(request, case_id)


def _policies_panel(
    request: HttpRequest, case_id: int, form: ExceptionRequestForm | None = None, done: str = ""
) -> HttpResponse:
    found = authority.policies_for_case(actor=request.user, case_id=case_id)
    context = {"case_id": case_id, "found": found, "form": form, "done": done}
    return render(request, "desk/fragments/panel_policies.html", context, status=422 if form and form.errors else 200)


@desk_view
@require_POST
def request_exception(request: HttpRequest, case_id: int) -> HttpResponse:
    """Ask a policy's owner for an exception on this case."""
    form = ExceptionRequestForm(request.POST, auto_id="exception_%s")
    asked = submit_form(
        form,
        lambda: authority_services.request_exception(
            actor=request.user,
            policy_id=form.cleaned_data["policy"],
            case_id=case_id,
            reason=form.cleaned_data["reason"],
        ),
    )
    if asked is None:
        return _policies_panel(request, case_id, form)
    owner = asked.policy.owner.get_full_name() or asked.policy.owner.get_username()
    done = f"Asked {owner}; the answer is due by {timezone.localtime(asked.due_at):%a %d %b %H:%M}."
    if not is_htmx(request):
        messages.success(request, done)
        return redirect("desk:case_detail", case_id=case_id)
    return _policies_panel(request, case_id, done=done)


@desk_view
@require_GET
def exceptions(request: HttpRequest) -> HttpResponse:
    """A policy owner's page: the exception requests they may answer, then those they asked themselves."""
    return _exceptions_page(request)


def _exceptions_page(
    request: HttpRequest, refused: ValidationFailed | None = None, request_id: int = 0
) -> HttpResponse:
    to_answer = authority.list_exception_requests(actor=request.user, cursor=_cursor(request), limit=25, to_answer=True)
    context = {
        "to_answer": to_answer,
        "links": page_links(request.GET, to_answer),
        "refused": refused.fields if refused else None,
        "refused_id": request_id,
        "now": timezone.now(),
    }
    return render(request, "desk/exceptions.html", context, status=422 if refused else 200)


@desk_view
@require_POST
def decide_exception(request: HttpRequest, request_id: int) -> HttpResponse:
    """Grant or refuse an exception from the owner's page."""
    form = ExceptionDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        with transaction.atomic():
            decided = authority_services.decide_exception(
                actor=request.user,
                request_id=request_id,
                grant=form.cleaned_data["decision"] == "grant",
                reason=form.cleaned_data["reason"],
            )
    except ValidationFailed as refused:
        return _exceptions_page(request, refused, request_id)
    messages.success(request, f"{decided.get_status_display()}: '{decided.policy.title}' on {decided.case.reference}.")
    return redirect("desk:exceptions")


@desk_view
@require_GET
def policy_report(request: HttpRequest) -> HttpResponse:
    """The policies that cause most friction, with their owners."""
    days = _optional_id(request.GET.get("days"), "days")
    since = timezone.now() - dt.timedelta(days=min(days, 3650)) if days else None
    rows = authority.policy_report(actor=request.user, since=since)
    return render(request, "desk/policy_report.html", {"rows": rows, "days": days})


# --- authority: the fix later -----------------------------------------------------------------------------------


@desk_view
@require_GET
def panel_fixes(request: HttpRequest, case_id: int) -> HttpResponse:
    """The fixes panel of a case: the fixes promised, a form to promise one and to close each."""
    return _fixes_panel(request, case_id)


def _fixes_panel(
    request: HttpRequest,
    case_id: int,
    form: FollowUpForm | None = None,
    closing: CompleteFollowUpForm | None = None,
    closing_id: int = 0,
    done: str = "",
) -> HttpResponse:
    user = request.user
    fixes = authority.follow_ups_of_case(actor=user, case_id=case_id)
    may_promise = has_permission(user, "authority.add_followup")
    may_close = has_permission(user, "authority.change_followup")
    if may_promise and form is None:
        mine = agent_of(user)
        form = FollowUpForm(auto_id="fix_%s", initial={"owner": mine.pk if mine else None})
    if form is not None:
        form.offer(selectors.pick_lists(actor=user))
    causes = authority.root_causes(actor=user) if may_close else []
    closable = {f.pk for f in fixes if may_close and isinstance(user, User) and authority_services.may_close(user, f)}
    context = {
        "case_id": case_id,
        "fixes": fixes,
        "closable": closable,
        "form": form,
        "may_close": may_close,
        "causes": causes,
        "closing": closing,
        "closing_id": closing_id,
        "done": done,
    }
    failed = (form is not None and form.errors) or (closing is not None and closing.errors)
    return render(request, "desk/fragments/panel_fixes.html", context, status=422 if failed else 200)


@desk_view
@require_POST
def promise_fix(request: HttpRequest, case_id: int) -> HttpResponse:
    """Promise the real fix on this case."""
    form = FollowUpForm(request.POST, auto_id="fix_%s")
    fix = submit_form(
        form, lambda: authority_services.schedule_follow_up(actor=request.user, case_id=case_id, **form.arguments())
    )
    if fix is None:
        return _fixes_panel(request, case_id, form=form)
    done = f"Promised: {fix.title}, by {timezone.localtime(fix.due_at):%a %d %b %H:%M}, owned by {fix.owner}."
    if not is_htmx(request):
        messages.success(request, done)
        return redirect("desk:case_detail", case_id=case_id)
    return _fixes_panel(request, case_id, done=done)


@desk_view
@require_POST
def close_fix(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    """Close a fix with its root cause and prevention; the customer is told."""
    fix = authority.get_follow_up(actor=request.user, follow_up_id=follow_up_id)
    form = CompleteFollowUpForm(request.POST, auto_id=f"close{follow_up_id}_%s").offer_causes(
        authority.root_causes(actor=request.user)
    )
    closed = submit_form(
        form,
        lambda: authority_services.complete_follow_up(
            actor=request.user, follow_up_id=follow_up_id, **form.arguments()
        ),
    )
    if closed is None:
        return _fixes_panel(request, fix.case_id, closing=form, closing_id=follow_up_id)
    done = f"Done: {closed.title}. The customer will be told by {closed.get_notify_by_display().lower()}."
    if not is_htmx(request):
        messages.success(request, done)
        return redirect("desk:case_detail", case_id=fix.case_id)
    return _fixes_panel(request, fix.case_id, done=done)


@desk_view
@require_GET
def root_cause_report(request: HttpRequest) -> HttpResponse:
    """Root causes ranked by what they cost, with their trend."""
    days = _optional_id(request.GET.get("days"), "days") or 90
    rows = authority.root_cause_report(actor=request.user, days=min(days, 3650))
    return render(request, "desk/root_cause_report.html", {"rows": rows, "days": days})


@desk_view
@require_GET
def gesture_report(request: HttpRequest) -> HttpResponse:
    """Budget use by agent and team, and whether customers who got a small step ended better than similar ones."""
    user = request.user
    may_see_budgets = has_permission(user, "authority.view_budget")
    may_see_outcomes = has_permission(user, "authority.view_gesture_report")
    if not may_see_budgets and not may_see_outcomes:
        require_permission(user, "authority.view_gesture_report")
    days = _optional_id(request.GET.get("days"), "days") or 365
    context = {
        "teams": authority.budget_use(actor=user) if may_see_budgets else None,
        "outcomes": authority.gestures_against_outcomes(actor=user, days=min(days, 3650)) if may_see_outcomes else None,
        "days": days,
    }
    return render(request, "desk/gesture_report.html", context)


@desk_view
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    """The reports the person may read."""
    user = request.user
    shown = {
        "policies": has_permission(user, "authority.view_policy_report"),
        "causes": has_permission(user, "authority.view_rootcause_report"),
        "gestures": has_permission(user, "authority.view_gesture_report")
        or has_permission(user, "authority.view_budget"),
    }
    if not any(shown.values()):
        require_permission(user, "authority.view_gesture_report")
    return render(request, "desk/reports.html", {"shown": shown})


@desk_view
@require_GET
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    """A customer's page: the customer panel's content and all their cases."""
    page = selectors.customer_page(actor=request.user, customer_id=customer_id, cursor=_cursor(request))
    context = {"summary": page.summary, "page": page.cases, "links": page_links(request.GET, page.cases)}
    return render(request, "desk/customer_detail.html", context)
