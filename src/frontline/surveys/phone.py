"""The phone flow of a survey: the same questions as the survey's link, asked during a post-call survey and
answered on the telephone keypad. Each answer is TwiML (the phone markup Twilio plays), built with the
`twilio` library.

A call opens at `voice_start`, which says the survey's introduction and asks the first question. Each question
is a <Gather> that posts the keys pressed to `voice_answer` for that question's position; the answer is kept
on the invitation at once, and the next question is the next one the survey's branching shows that can be
asked by phone. When none is left, the answers are submitted as a response by phone ("ivr") and the survey's
thanks are said.

How the keypad is read:
- Star goes back to the previous question that could be asked (the caller hears this at the start); on the
  first question it says so and asks it again. A changed answer replaces the earlier one.
- Keys that are not an answer to the question: "Sorry, ..." and the same question again.
- Silence: the <Gather> falls through to a <Redirect> to the same question with `?silence=1`, and the question
  is asked once more. After a second silence an optional question is skipped; for a required one the call
  ends with a goodbye, nothing is submitted, and the answers so far stay on the invitation. A later call
  starts again at the first question.
- An optional question that cannot be answered 0 (everything but the 0-10 scale) is skipped by pressing 0.
- Free-text questions are never asked by phone, nor choice questions with more than nine choices (one key per
  choice, 1 to 9); the response is checked without requiring free text. A survey with a required choice
  question of more than nine choices cannot be answered by phone: the caller is told so at the start.

Errors: everything a request can get wrong about the survey (an altered, used or expired link, a closed survey
or one not open yet, an answer the survey refuses) is said to the caller, followed by a hang-up, with HTTP
status 200: a phone system plays only a successful answer, so a 4xx would reach the caller as a generic
failure message instead of the reason. The one exception is a request whose Twilio signature does not match
(when TWILIO_AUTH_TOKEN is set): it did not come from the phone system, so it is refused with 403.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from twilio.request_validator import RequestValidator  # type: ignore[import-untyped]
from twilio.twiml.voice_response import (  # type: ignore[import-untyped]
    Gather,
    Hangup,
    Redirect,
    Say,
    VoiceResponse,
)

from frontline.core.errors import DomainError, ValidationFailed
from frontline.surveys import services, tokens
from frontline.surveys.models import AGREEMENT, SATISFACTION, SCALES, Invitation, Method, Question, QuestionKind

BACK_KEY = "*"
FINISH_KEY = "#"
SKIP_KEY = "0"
MAX_PHONE_CHOICES = 9  # keys 1 to 9, one per choice
MAX_KEYS = 20  # more keys than any question takes are not an answer
TIMEOUT_SECONDS = 7
MAX_SILENCES = 2
SIGNATURE_HEADER = "X-Twilio-Signature"

DEFAULT_INTRODUCTION = "Thank you for taking a few moments to tell us about your call."
HOW_TO_ANSWER = (
    "Please answer each question with your telephone keypad. "
    "Press star at any time to go back to the previous question."
)
NOT_UNDERSTOOD = "Sorry, that is not an answer to this question."
NOT_HEARD = "Sorry, we did not hear an answer."
MOVING_ON = "We will move on to the next question."
ENDING_IN_SILENCE = "We did not hear an answer, so we will end the call here. Thank you for your time. Goodbye."
FIRST_QUESTION = "This is the first question."
GOING_BACK = "Going back to the previous question."
NOTHING_TO_ASK = "This survey has no questions that can be answered by phone. Thank you all the same. Goodbye."
NOT_BY_PHONE = "Sorry, this survey cannot be answered by phone. Thank you all the same. Goodbye."


class Skip:
    """The caller chose to skip an optional question."""


SKIP = Skip()


# --- which question comes when -------------------------------------------------------------------------------


def is_askable_by_phone(question: Question) -> bool:
    """Whether a question can be answered on the keypad: not free text, and at most nine choices."""
    if question.kind == QuestionKind.TEXT:
        return False
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return len(question.choices) <= MAX_PHONE_CHOICES
    return True


def blocks_phone_answers(question: Question) -> bool:
    """Whether a question keeps the whole survey from being answered by phone: a required question that the
    keypad cannot answer and that a phone response may not leave out (free text it may)."""
    return question.is_required and question.kind not in services.PHONE_UNASKED and not is_askable_by_phone(question)


def list_phone_questions(questions: Sequence[Question], answers: Mapping[str, Any]) -> list[Question]:
    """The questions a caller is asked given their answers so far, in order: those the branching shows and
    that can be answered on the keypad."""
    return [question for question in services.shown_questions(questions, answers) if is_askable_by_phone(question)]


def find_next_question(questions: Sequence[Question], answers: Mapping[str, Any], after: int) -> Question | None:
    """The first question to ask after the given position, or None when the survey is done."""
    return next((question for question in list_phone_questions(questions, answers) if question.position > after), None)


def find_previous_question(questions: Sequence[Question], answers: Mapping[str, Any], before: int) -> Question | None:
    """The question asked before the given position, or None at the first question."""
    earlier = [question for question in list_phone_questions(questions, answers) if question.position < before]
    return earlier[-1] if earlier else None


def load_questions(invitation: Invitation) -> list[Question]:
    """The questions of the survey's current version, the one the keypad answers are kept against."""
    version = services.current_version(invitation.survey)
    return list(version.questions.order_by("position"))


def read_call_answers(invitation: Invitation) -> dict[str, Any]:
    """The answers kept so far during the call, without the version they belong to."""
    answers = dict(invitation.call_answers or {})
    answers.pop("_version", None)
    return answers


# --- what the caller hears ---------------------------------------------------------------------------------------


def count_keys(question: Question) -> int:
    """How many keys the <Gather> waits for before it posts by itself (the hash key posts sooner)."""
    if question.kind in SCALES:
        return len(str(SCALES[question.kind][1]))
    if question.kind == QuestionKind.MULTIPLE:
        return len(question.choices)
    return 1


def can_skip_with_zero(question: Question) -> bool:
    """Whether pressing 0 skips the question: optional questions where 0 is not an answer."""
    return not question.is_required and question.kind != QuestionKind.NPS


def describe_keys(question: Question) -> str:
    """The sentence that tells the caller which keys answer the question."""
    kind = question.kind
    listed = ", ".join(f"{number} for {choice}" for number, choice in enumerate(question.choices, start=1))
    if kind == QuestionKind.NPS:
        low, high = SCALES[kind]
        sentence = f"Key in a number from {low} to {high}, then press the hash key."
    elif kind == QuestionKind.CSAT:
        low, high = SCALES[kind]
        sentence = f"Press a key from {low}, {SATISFACTION[0].lower()}, to {high}, {SATISFACTION[-1].lower()}."
    elif kind == QuestionKind.CES:
        low, high = SCALES[kind]
        sentence = f"Press a key from {low}, {AGREEMENT[0].lower()}, to {high}, {AGREEMENT[-1].lower()}."
    elif kind == QuestionKind.FCR:
        sentence = "Press 1 for yes, 2 for no."
    elif kind == QuestionKind.SINGLE:
        sentence = f"Press {listed}."
    else:
        sentence = f"Key in the number of every choice that applies, then press the hash key: {listed}."
    if can_skip_with_zero(question):
        then = ", then the hash key" if count_keys(question) > 1 else ""
        sentence += f" To skip this question, press 0{then}."
    return sentence


def build_address(token: str, position: int | None = None, silences: int = 0) -> str:
    """The absolute address of the call's start (no position) or of one question's answer."""
    if position is None:
        path = reverse("surveys:voice", kwargs={"token": token})
    else:
        path = reverse("surveys:voice_answer", kwargs={"token": token, "position": position})
    query = f"?silence={silences}" if silences else ""
    return f"{settings.FRONTLINE_PUBLIC_URL}{path}{query}"


def ask(token: str, question: Question, preface: Sequence[str] = (), silences: int = 0) -> VoiceResponse:
    """Say the preface, then ask the question in a <Gather> that posts the keys to the question's address; the
    <Redirect> after it is reached only when the caller says nothing, and counts one more silence."""
    response = VoiceResponse()
    for sentence in preface:
        response.append(Say(sentence))
    gather = Gather(
        input="dtmf",
        action=build_address(token, question.position),
        method="POST",
        finish_on_key=FINISH_KEY,
        num_digits=count_keys(question),
        timeout=TIMEOUT_SECONDS,
    )
    gather.append(Say(f"{question.text} {describe_keys(question)}"))
    response.append(gather)
    response.append(Redirect(build_address(token, question.position, silences + 1), method="POST"))
    return response


def say_and_hang_up(*sentences: str) -> VoiceResponse:
    """Say the sentences, then end the call."""
    response = VoiceResponse()
    for sentence in sentences:
        if sentence:
            response.append(Say(sentence))
    response.append(Hangup())
    return response


def describe_error(error: DomainError) -> str:
    """What to say about an error: the messages of each refused answer, or the error's message."""
    if isinstance(error, ValidationFailed):
        messages = [message for field_messages in error.fields.values() for message in field_messages]
        if messages:
            return " ".join(messages)
    if isinstance(error, tokens.BadLink):  # its message speaks of an e-mail, which a caller has not got
        return "Sorry, this call cannot be matched to a survey. Thank you for calling. Goodbye."
    return error.message


def render_twiml(response: VoiceResponse, status: int = 200) -> HttpResponse:
    """The HTTP answer carrying a TwiML document."""
    return HttpResponse(response.to_xml(), content_type="text/xml", status=status)


# --- reading the keypad ----------------------------------------------------------------------------------------


def read_keys(question: Question, keys: str) -> Any:
    """The answer the keys mean for the question: a number, "yes" or "no", a choice's label or a list of labels;
    SKIP when the caller skips an optional question; None when the keys are no answer to it."""
    if not keys or len(keys) > MAX_KEYS or any(key not in "0123456789" for key in keys):
        return None
    if keys == SKIP_KEY and can_skip_with_zero(question):
        return SKIP
    kind = question.kind
    if kind in SCALES:
        low, high = SCALES[kind]
        number = int(keys)
        return number if low <= number <= high else None
    if kind == QuestionKind.FCR:
        return {"1": "yes", "2": "no"}.get(keys)
    numbers = {int(key) for key in keys}
    if not all(1 <= number <= len(question.choices) for number in numbers):
        return None
    if kind == QuestionKind.SINGLE:
        return question.choices[int(keys) - 1] if len(keys) == 1 else None
    if kind == QuestionKind.MULTIPLE:
        return [choice for number, choice in enumerate(question.choices, start=1) if number in numbers]
    return None


def read_silences(request: HttpRequest) -> int:
    """How many times in a row the caller has said nothing to this question, from the <Redirect>'s address."""
    value = request.GET.get("silence", "")
    return min(int(value), MAX_SILENCES) if value.isdecimal() and len(value) <= 2 else 0


def read_pressed_keys(request: HttpRequest) -> str:
    """The keys the phone system reports (Twilio's `Digits`), without the hash key that ended them."""
    data = request.POST if request.method == "POST" else request.GET
    return data.get("Digits", "").strip().replace(FINISH_KEY, "")


def has_valid_signature(request: HttpRequest) -> bool:
    """Whether the request comes from Twilio: its signature of our public address and the posted values
    matches, made with the account's auth token. Always true when no auth token is configured."""
    auth_token = settings.TWILIO_AUTH_TOKEN
    if not auth_token:
        return True
    address = f"{settings.FRONTLINE_PUBLIC_URL}{request.get_full_path()}"
    values = request.POST if request.method == "POST" else {}
    signature = request.headers.get(SIGNATURE_HEADER, "")
    return bool(signature) and bool(RequestValidator(auth_token).validate(address, values, signature))


def refuse_unsigned() -> HttpResponse:
    """The 403 answer to a request that did not come from the phone system."""
    return render_twiml(say_and_hang_up("This request could not be verified. Goodbye."), status=403)


# --- the flow --------------------------------------------------------------------------------------------------


NOT_A_PHONE_INVITATION = "Sorry, this survey is answered on its web page, not by phone. Goodbye."


def start_call(token: str) -> VoiceResponse:
    """Count the invitation as sent (the call is under way), say the introduction and ask the first question."""
    invitation = services.invitation_for(token, lock=True)
    if invitation.method != Method.IVR:  # an e-mailed link is answered on its page, and counted sent by e-mail
        return say_and_hang_up(NOT_A_PHONE_INVITATION)
    services.mark_sent_now(invitation)
    questions = load_questions(invitation)
    if any(blocks_phone_answers(question) for question in questions):
        return say_and_hang_up(NOT_BY_PHONE)
    first = find_next_question(questions, read_call_answers(invitation), after=0)
    if first is None:
        return say_and_hang_up(NOTHING_TO_ASK)
    introduction = invitation.survey.introduction.strip() or DEFAULT_INTRODUCTION
    return ask(token, first, preface=[introduction, HOW_TO_ANSWER])


def continue_call(token: str, position: int, keys: str, silences: int) -> VoiceResponse:
    """Act on the keys pressed (or the silence) for the question at `position` and say what comes next."""
    invitation = services.invitation_for(token, lock=True)
    questions = load_questions(invitation)
    answers = read_call_answers(invitation)
    question = next(
        (candidate for candidate in list_phone_questions(questions, answers) if candidate.position == position),
        None,
    )
    if question is None:  # an address for a question this caller cannot be asked now: carry on after it
        return move_on(token, invitation, questions, answers, after=position)
    if BACK_KEY in keys:
        previous = find_previous_question(questions, answers, before=position)
        if previous is None:
            return ask(token, question, preface=[FIRST_QUESTION])
        return ask(token, previous, preface=[GOING_BACK])
    if not keys:  # the <Redirect> after a silent <Gather>, or an empty post to its action
        silences = max(silences, 1)
        if silences < MAX_SILENCES:
            return ask(token, question, preface=[NOT_HEARD], silences=silences)
        if question.is_required:
            return say_and_hang_up(ENDING_IN_SILENCE)
        return move_on(token, invitation, questions, answers, after=position, preface=[MOVING_ON])
    value = read_keys(question, keys)
    if value is None:
        return ask(token, question, preface=[NOT_UNDERSTOOD])
    if not isinstance(value, Skip):
        try:
            invitation = services.save_call_answer(token=token, key=question.key, value=value)
        except ValidationFailed as error:
            return ask(token, question, preface=[f"Sorry. {describe_error(error)}"])
        answers = read_call_answers(invitation)
    return move_on(token, invitation, questions, answers, after=position)


def move_on(
    token: str,
    invitation: Invitation,
    questions: Sequence[Question],
    answers: Mapping[str, Any],
    *,
    after: int,
    preface: Sequence[str] = (),
) -> VoiceResponse:
    """Ask the next question after a position, or submit the answers when there is none left."""
    following = find_next_question(questions, answers, after=after)
    if following is None:
        return finish_call(token, invitation, preface)
    return ask(token, following, preface=preface)


def finish_call(token: str, invitation: Invitation, preface: Sequence[str] = ()) -> VoiceResponse:
    """Submit the keypad answers as a response by phone (in the caller's transaction), then say the survey's
    thanks and hang up."""
    answers = dict(invitation.call_answers or {})
    version_number = answers.pop("_version", None)
    services.submit(
        token=token,
        answers=answers,
        version_number=version_number if isinstance(version_number, int) else None,
        method=Method.IVR,
        unasked_kinds=services.PHONE_UNASKED,
    )
    return say_and_hang_up(*preface, invitation.survey.thanks)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def voice_start(request: HttpRequest, token: str) -> HttpResponse:
    """Open the phone survey of an invitation: the introduction, how to answer, and the first question."""
    if not has_valid_signature(request):
        return refuse_unsigned()
    try:
        with transaction.atomic():
            response = start_call(token)
    except DomainError as error:
        response = say_and_hang_up(describe_error(error))
    return render_twiml(response)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def voice_answer(request: HttpRequest, token: str, position: int) -> HttpResponse:
    """Take the keys pressed for the question at `position` and ask the next question, ask it again, go back,
    or, once the last answer is in, submit and thank the caller."""
    if not has_valid_signature(request):
        return refuse_unsigned()
    try:
        with transaction.atomic():
            response = continue_call(token, position, read_pressed_keys(request), read_silences(request))
    except DomainError as error:
        response = say_and_hang_up(describe_error(error))
    return render_twiml(response)
