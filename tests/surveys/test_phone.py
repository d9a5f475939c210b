"""The phone flow of a survey: a post-call survey answered on the keypad, read as TwiML."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from twilio.request_validator import RequestValidator

from frontline.surveys import services, tokens
from frontline.surveys.models import Answer, Invitation, LoopFollowUp, Method, Response, Survey

AUTH_TOKEN = "twilio-auth-token-for-tests"


def parse_twiml(content: bytes) -> ElementTree.Element:
    """The TwiML document our own view answered."""
    return ElementTree.fromstring(content)  # noqa: S314 - the document comes from the code under test


class Call:
    """One phone call to a survey, driven like Twilio drives it: it follows the <Gather> when keys are
    pressed and the <Redirect> when the caller says nothing."""

    def __init__(self, client: Client, token: str, survey: Survey) -> None:
        self.client = client
        self.token = token
        version = services.current_version(survey)
        self.keys_by_position = {question.position: question.key for question in version.questions.all()}
        self.twiml: ElementTree.Element = ElementTree.Element("Response")
        self.asked: list[str] = []
        self.status = 0

    def start(self) -> Call:
        return self.fetch(reverse("surveys:voice", kwargs={"token": self.token}), {})

    def press(self, keys: str) -> Call:
        gather = self.twiml.find("Gather")
        assert gather is not None, self.said
        assert gather.get("method") == "POST"
        return self.fetch(gather.attrib["action"], {"Digits": keys, "CallSid": "CA0001"})

    def stay_silent(self) -> Call:
        redirect = self.twiml.find("Redirect")
        assert redirect is not None and redirect.text, self.said
        return self.fetch(redirect.text, {"CallSid": "CA0001"})

    def fetch(self, address: str, data: dict[str, str]) -> Call:
        parts = urlsplit(address)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = self.client.post(path, data)
        self.status = response.status_code
        assert response["Content-Type"].startswith("text/xml")
        self.twiml = parse_twiml(response.content)
        if self.question is not None:
            self.asked.append(self.question)
        return self

    @property
    def question(self) -> str | None:
        """The key of the question being asked, None when no question is asked."""
        gather = self.twiml.find("Gather")
        if gather is None:
            return None
        return self.keys_by_position[int(urlsplit(gather.attrib["action"]).path.rstrip("/").rsplit("/", 1)[-1])]

    @property
    def said(self) -> str:
        return " ".join(say.text or "" for say in self.twiml.iter("Say"))

    @property
    def hung_up(self) -> bool:
        return self.twiml.find("Hangup") is not None


@pytest.fixture
def call(client: Client, survey: Survey) -> Callable[[str], Call]:
    def make(token: str) -> Call:
        return Call(client, token, survey)

    return make


@pytest.fixture
def invitation(invite: Callable[..., Invitation]) -> Invitation:
    """In this module the invitation is a phone one (a post-call survey)."""
    return invite(method=Method.IVR)


@pytest.fixture
def phone_invitation(invite: Callable[..., Invitation]) -> Invitation:
    return invite(method=Method.IVR)


@pytest.fixture
def phone_token(phone_invitation: Invitation) -> str:
    return tokens.sign(phone_invitation.key)


def test_a_whole_call_on_the_keypad_records_a_phone_response(
    call: Callable[[str], Call], phone_token: str, phone_invitation: Invitation
) -> None:
    phone = call(phone_token).start()
    assert phone.status == 200
    assert "press star" in phone.said.lower()
    assert phone.question == "recommend"
    gather = phone.twiml.find("Gather")
    assert gather is not None
    assert gather.attrib["action"].startswith(settings.FRONTLINE_PUBLIC_URL)
    assert gather.attrib["finishOnKey"] == "#"
    assert gather.attrib["numDigits"] == "2"
    assert int(gather.attrib["timeout"]) > 0

    assert phone.press("9").question == "satisfied"
    assert phone.press("4").question == "easy"
    assert phone.press("6").question == "resolved"
    assert phone.press("1").question == "channels"  # "why" is asked only after "no"
    phone.press("13")
    assert phone.hung_up
    assert "Thank you for telling us." in phone.said

    response = Response.objects.get(invitation=phone_invitation)
    assert response.method == Method.IVR
    assert (response.nps, response.csat, response.ces, response.fcr) == (9, 4, 6, True)
    assert Answer.objects.get(response=response, question__key="channels").choices == ["Phone", "Chat"]
    assert not Answer.objects.filter(response=response, question__key="why").exists()
    phone_invitation.refresh_from_db()
    assert phone_invitation.answered_at is not None
    assert phone_invitation.sent_at is not None
    assert phone.asked == ["recommend", "satisfied", "easy", "resolved", "channels"]


def test_the_reason_is_asked_only_after_a_no(call: Callable[[str], Call], token: str, invitation: Invitation) -> None:
    phone = call(token).start()
    for keys in ("8", "4", "5"):
        phone.press(keys)
    assert phone.question == "resolved"
    assert phone.press("2").question == "why"
    assert phone.press("3").question == "channels"
    phone.stay_silent().stay_silent()  # an optional question: skipped after two silences
    assert phone.hung_up

    response = Response.objects.get(invitation=invitation)
    assert response.method == Method.IVR
    assert response.fcr is False
    assert Answer.objects.get(response=response, question__key="why").choices == ["Being passed around"]
    assert not Answer.objects.filter(response=response, question__key="channels").exists()


def test_star_goes_back_and_the_changed_answer_wins(
    call: Callable[[str], Call], token: str, invitation: Invitation
) -> None:
    phone = call(token).start()
    assert phone.press("*").question == "recommend"  # nothing before the first question
    assert "first question" in phone.said
    assert phone.press("3").question == "satisfied"
    assert phone.press("*").question == "recommend"
    assert phone.press("10").question == "satisfied"
    phone.press("5")
    phone.press("7")
    assert phone.press("2").question == "why"
    assert phone.press("*").question == "resolved"  # back over the branch
    assert phone.press("1").question == "channels"
    phone.press("0")  # skips an optional question
    assert phone.hung_up

    response = Response.objects.get(invitation=invitation)
    assert (response.nps, response.csat, response.ces, response.fcr) == (10, 5, 7, True)
    assert not Answer.objects.filter(response=response, question__key="why").exists()
    assert not response.is_unhappy


@pytest.mark.parametrize(
    ("answered", "keys"),
    [
        ([], "11"),
        ([], "ab"),
        (["7"], "6"),
        (["7"], "0"),
        (["7", "3"], "8"),
        (["7", "3", "4"], "3"),
        (["7", "3", "4", "2"], "4"),
        (["7", "3", "4", "2", "1"], "14"),
    ],
)
def test_keys_that_are_no_answer_repeat_the_question(
    call: Callable[[str], Call], token: str, invitation: Invitation, answered: list[str], keys: str
) -> None:
    phone = call(token).start()
    for earlier in answered:
        phone.press(earlier)
    asked = phone.question
    invitation.refresh_from_db()
    kept = dict(invitation.call_answers)

    phone.press(keys)

    assert phone.status == 200
    assert phone.question == asked
    assert phone.said.startswith("Sorry")
    invitation.refresh_from_db()
    assert invitation.call_answers == kept


def test_the_text_question_is_never_asked(call: Callable[[str], Call], token: str, invitation: Invitation) -> None:
    phone = call(token).start()
    while phone.question is not None:
        phone.press({"recommend": "6", "resolved": "1", "channels": "2"}.get(phone.question, "3"))
    assert "comment" not in phone.asked
    assert "Anything else" not in phone.said
    response = Response.objects.get(invitation=invitation)
    assert not response.has_comment
    assert not Answer.objects.filter(response=response, question__key="comment").exists()


def test_silence_asks_again_then_a_required_question_ends_the_call(
    call: Callable[[str], Call], token: str, invitation: Invitation
) -> None:
    phone = call(token).start()
    phone.press("9")
    assert phone.stay_silent().question == "satisfied"
    assert "did not hear" in phone.said
    phone.stay_silent()
    assert phone.hung_up
    assert phone.question is None
    assert "Goodbye" in phone.said
    invitation.refresh_from_db()
    assert invitation.answered_at is None
    assert invitation.call_answers["recommend"] == 9

    again = call(token).start()  # a later call starts over
    assert again.question == "recommend"


def survey_with_many_choices(code: str, *, is_required: bool) -> Survey:
    shops = [f"Shop {number}" for number in range(10)]
    return services.create_survey(
        actor=None,
        code=code,
        name="Which shop?",
        questions=[
            {"key": "shop", "kind": "single", "text": "Which shop?", "choices": shops, "is_required": is_required},
            {"key": "satisfied", "kind": "csat", "text": "How satisfied are you?"},
        ],
        opens_at=timezone.now() - dt.timedelta(days=1),
    )


def test_a_question_with_more_than_nine_choices_is_not_asked(client: Client, invite: Callable[..., Invitation]) -> None:
    many = survey_with_many_choices("many-choices", is_required=False)
    invitation = invite(target=many, method=Method.IVR)
    phone = Call(client, tokens.sign(invitation.key), many).start()
    assert phone.question == "satisfied"
    phone.press("2")
    assert phone.hung_up
    assert Response.objects.get(invitation=invitation).csat == 2


def test_a_required_question_with_more_than_nine_choices_refuses_the_call(
    client: Client, invite: Callable[..., Invitation]
) -> None:
    many = survey_with_many_choices("many-required-choices", is_required=True)
    invitation = invite(target=many, method=Method.IVR)
    phone = Call(client, tokens.sign(invitation.key), many).start()
    assert phone.status == 200
    assert phone.hung_up
    assert phone.question is None
    assert "cannot be answered by phone" in phone.said


def test_an_unhappy_phone_answer_opens_the_follow_up_case(
    call: Callable[[str], Call], phone_token: str, phone_invitation: Invitation
) -> None:
    phone = call(phone_token).start()
    for keys in ("2", "1", "2", "2", "1", "0"):
        phone.press(keys)
    assert phone.hung_up

    response = Response.objects.get(invitation=phone_invitation)
    assert response.is_unhappy
    loop = LoopFollowUp.objects.get(response=response)
    assert loop.customer_id == phone_invitation.customer_id
    assert loop.case.customer_id == phone_invitation.customer_id


def refused_by_use(token: str, survey: Survey) -> str:
    services.submit(token=token, answers={"recommend": 9, "satisfied": 5, "easy": 7, "resolved": "yes"})
    return "used already"


def refused_by_closing(token: str, survey: Survey) -> str:
    services.close_survey(actor=None, survey_id=survey.pk)
    return services.CLOSED_MESSAGE


def refused_by_tampering(token: str, survey: Survey) -> str:
    return "cannot be matched"


@pytest.mark.parametrize("refuse", [refused_by_use, refused_by_closing, refused_by_tampering])
@pytest.mark.parametrize("mid_call", [False, True])
def test_a_link_that_cannot_answer_is_spoken_and_hung_up(
    call: Callable[[str], Call],
    token: str,
    survey: Survey,
    refuse: Callable[[str, Survey], str],
    mid_call: bool,
) -> None:
    phone = call(token)
    if mid_call:
        phone.start().press("9")
    message = refuse(token, survey)
    if refuse is refused_by_tampering:
        phone.token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    if mid_call:
        phone.fetch(reverse("surveys:voice_answer", kwargs={"token": phone.token, "position": 2}), {"Digits": "4"})
    else:
        phone.start()
    assert phone.status == 200
    assert phone.hung_up
    assert phone.question is None
    assert message in phone.said


def test_a_position_that_names_no_question_is_never_an_error(client: Client, token: str) -> None:
    for position in (0, 7, 999, 2**40):
        path = reverse("surveys:voice_answer", kwargs={"token": token, "position": position})
        response = client.post(path, {"Digits": "5"})
        assert response.status_code == 200
        assert parse_twiml(response.content).tag == "Response"


def test_both_get_and_post_are_answered(client: Client, token: str) -> None:
    path = reverse("surveys:voice", kwargs={"token": token})
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    assert client.put(path).status_code == 405


def sign(address: str, values: dict[str, Any]) -> str:
    return RequestValidator(AUTH_TOKEN).compute_signature(address, values)


def test_with_an_auth_token_an_unsigned_request_is_refused(client: Client, token: str, settings: Any) -> None:
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    path = reverse("surveys:voice", kwargs={"token": token})
    assert client.post(path, {"CallSid": "CA0001"}).status_code == 403
    wrong = sign(f"{settings.FRONTLINE_PUBLIC_URL}{path}", {"CallSid": "CA0002"})
    refused = client.post(path, {"CallSid": "CA0001"}, headers={"X-Twilio-Signature": wrong})
    assert refused.status_code == 403
    assert parse_twiml(refused.content).find("Hangup") is not None


def test_with_an_auth_token_a_signed_request_is_accepted(
    client: Client, token: str, invitation: Invitation, settings: Any
) -> None:
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    start = reverse("surveys:voice", kwargs={"token": token})
    values = {"CallSid": "CA0001", "From": "+14165550199"}
    started = client.post(
        start, values, headers={"X-Twilio-Signature": sign(settings.FRONTLINE_PUBLIC_URL + start, values)}
    )
    assert started.status_code == 200
    gather = parse_twiml(started.content).find("Gather")
    assert gather is not None

    answer = {**values, "Digits": "9"}
    action = gather.attrib["action"]
    answered = client.post(urlsplit(action).path, answer, headers={"X-Twilio-Signature": sign(action, answer)})
    assert answered.status_code == 200
    invitation.refresh_from_db()
    assert invitation.call_answers["recommend"] == 9


def test_an_emailed_invitation_cannot_be_answered_by_phone(
    call: Callable[[str], Call], invite: Callable[..., Invitation]
) -> None:
    invitation = invite(method=Method.EMAIL)
    phone = call(tokens.sign(invitation.key)).start()
    assert "web page" in phone.said
    invitation.refresh_from_db()
    assert invitation.sent_at is None  # still to be e-mailed
