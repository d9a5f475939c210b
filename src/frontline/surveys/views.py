"""The public pages of surveys, for customers who are not signed in: answering through an invitation's link
(and the plain pages a used, expired, altered or closed link shows), and the rant-or-rave page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from frontline.accounts.models import Branch
from frontline.core.errors import DomainError, TooManyRequests, ValidationFailed
from frontline.surveys import services
from frontline.surveys.models import AGREEMENT, SATISFACTION, SCALES, Question, QuestionKind, StoryKind


def _options(question: Question) -> list[tuple[str, str]]:
    """The (value, label) pairs a question offers."""
    if question.kind == QuestionKind.NPS:
        return [(str(score), str(score)) for score in range(11)]
    if question.kind == QuestionKind.CSAT:
        return [(str(score), f"{score} {label}") for score, label in enumerate(SATISFACTION, start=1)]
    if question.kind == QuestionKind.CES:
        return [(str(score), f"{score} {label}") for score, label in enumerate(AGREEMENT, start=1)]
    if question.kind == QuestionKind.FCR:
        return [("yes", "Yes"), ("no", "No")]
    return [(choice, choice) for choice in question.choices]


def _posted_answers(request: HttpRequest, questions: list[Question]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in questions:
        name = f"q-{question.key}"
        if question.kind == QuestionKind.MULTIPLE:
            picked = request.POST.getlist(name)
            if picked:
                answers[question.key] = picked
        elif request.POST.get(name, "").strip():
            answers[question.key] = request.POST[name]
    return answers


def _refusal(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The plain page a link shows when it cannot be answered, with the matching status."""
    closed = isinstance(error, services.SurveyClosed)
    return render(
        request,
        "surveys/refused.html",
        {"message": error.message, "is_closed": closed, "title": "Survey closed" if closed else "Survey link"},
        status=error.status,
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Show the survey an invitation asks and take the answers, once."""
    try:
        invitation = services.invitation_for(token)
        posted_version = request.POST.get("version", "")
        is_number = posted_version.isascii() and posted_version.isdecimal() and len(posted_version) <= 7
        number = int(posted_version) if is_number else None
        version = services.version_for(invitation.survey, number)
    except ValidationFailed:
        version = services.current_version(invitation.survey)
    except DomainError as error:
        return _refusal(request, error)
    questions = list(version.questions.order_by("position"))
    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        answers = _posted_answers(request, questions)
        try:
            with transaction.atomic():
                response = services.submit(token=token, answers=answers, version_number=version.number)
        except ValidationFailed as error:
            errors = {name.removeprefix("answers."): messages for name, messages in error.fields.items()}
            status = 422
        except DomainError as error:
            return _refusal(request, error)
        else:
            return render(request, "surveys/thanks.html", {"survey": invitation.survey, "response": response})
    shown = {question.key for question in services.shown_questions(questions, answers)} if answers else None
    items = [
        {
            "question": question,
            "name": f"q-{question.key}",
            "options": _options(question),
            "value": answers.get(question.key),
            "errors": errors.get(question.key, []),
            # Hidden only once answers are known; on a first visit the page's script hides what waits for an answer.
            "hidden": shown is not None and question.key not in shown,
            "scale": question.kind in SCALES,
        }
        for question in questions
    ]
    context = {
        "survey": invitation.survey,
        "version": version,
        "items": items,
        "general_errors": errors.get("answers", []),
        "expires_at": invitation.expires_at,
    }
    return render(request, "surveys/answer.html", context, status=status)


class StoryForm(forms.Form):
    kind = forms.ChoiceField(
        label="How did it go?",
        choices=StoryKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it went well or badly.", "invalid_choice": "Choose rant or rave."},
    )
    text = forms.CharField(
        label="What happened?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Tell us what happened."},
    )
    branch = forms.TypedChoiceField(label="Branch (optional)", required=False, coerce=int, empty_value=None)
    agent_name = forms.CharField(label="Who helped you? (optional)", max_length=120, required=False)
    name = forms.CharField(label="Your name (optional)", max_length=120, required=False)
    email = forms.EmailField(
        label="Your e-mail (optional)",
        required=False,
        help_text="If you are a customer, we link your story to your account so we can follow up.",
    )
    # Never shown to people (see surveys.css); software that fills every field fills this one too.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        branches = Branch.objects.order_by("name").values_list("pk", "name")
        branch = self.fields["branch"]
        assert isinstance(branch, forms.TypedChoiceField)
        branch.choices = [("", "Choose a branch"), *[(pk, name) for pk, name in branches]]


def sender_address(request: HttpRequest) -> str:
    """The sender's network address: the connection's, or with FRONTLINE_PROXY_HOPS proxies in front, the
    address the outermost trusted proxy saw (X-Forwarded-For, that many entries from the right)."""
    hops = settings.FRONTLINE_PROXY_HOPS
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    """The rant-or-rave page: anyone may tell how it went; a moderator reads each story before it counts."""
    form = StoryForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    services.tell_story(
                        client=services.client_digest(sender_address(request)),
                        kind=data["kind"],
                        text=data["text"],
                        name=data["name"],
                        email=data["email"],
                        branch_id=data["branch"],
                        agent_name=data["agent_name"],
                        honeypot=data["website"],
                    )
            except TooManyRequests as error:
                response = render(
                    request, "surveys/refused.html", {"message": error.message, "title": "Slow down"}, status=429
                )
                response["Retry-After"] = str(error.retry_after)
                return response
            except ValidationFailed as error:
                for name, messages in error.fields.items():
                    form.add_error(name if name in form.fields else None, messages)
                status = 422
            else:
                return render(request, "surveys/feedback_thanks.html")
        else:
            status = 422
    return render(request, "surveys/feedback.html", {"form": form}, status=status)
