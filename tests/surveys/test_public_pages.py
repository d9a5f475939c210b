"""The public pages: answering through a link, the closed page (410), and the rant-or-rave page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.utils import timezone

from frontline.surveys import services, tokens
from frontline.surveys.models import Invitation, Response, Story, Survey


def _post(client: Client, token: str, **fields: Any) -> Any:
    data = {"version": "1", **{f"q-{key}": value for key, value in fields.items()}}
    return client.post(f"/s/{token}/", data)


def test_the_link_shows_every_question_without_signing_in(client: Client, token: str) -> None:
    page = client.get(f"/s/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "How likely are you to recommend us to a friend?" in html
    assert 'data-show-if-key="resolved"' in html
    assert html.count('type="radio" name="q-recommend"') == 11


def test_answering_on_the_page_records_the_response_and_thanks(client: Client, token: str) -> None:
    page = _post(client, token, recommend="9", satisfied="4", easy="6", resolved="yes", comment="Fine")
    assert page.status_code == 200
    assert "Thank you" in page.content.decode()
    response = Response.objects.get()
    assert (response.nps, response.csat, response.ces, response.fcr) == (9, 4, 6, True)


def test_a_missing_answer_shows_the_page_again_with_the_message_and_writes_nothing(client: Client, token: str) -> None:
    page = _post(client, token, recommend="9", satisfied="4", resolved="no")
    assert page.status_code == 422
    html = page.content.decode()
    assert "Please answer this question." in html
    assert re.search(r'name="q-recommend" value="9"\s+checked', html)  # what was chosen stays chosen
    assert not re.search(r'name="q-recommend" value="8"\s+checked', html)
    assert not Response.objects.exists()


def test_a_used_link_says_so(client: Client, token: str) -> None:
    _post(client, token, recommend="9", satisfied="4", easy="6", resolved="yes")
    again = client.get(f"/s/{token}/")
    assert again.status_code == 409
    assert "used already" in again.content.decode()


def test_a_closed_survey_shows_the_closed_page_with_410(client: Client, token: str, survey: Survey) -> None:
    services.close_survey(actor=None, survey_id=survey.pk)
    for page in (client.get(f"/s/{token}/"), _post(client, token, recommend="9")):
        assert page.status_code == 410
        assert "This survey is closed to new submissions." in page.content.decode()
    assert not Response.objects.exists()


def test_a_survey_at_its_quota_shows_the_closed_page(
    client: Client, survey: Survey, invite: Callable[..., Invitation]
) -> None:
    services.update_survey(actor=None, survey_id=survey.pk, changes={"quota": 1})
    first, second = tokens.sign(invite().key), tokens.sign(invite().key)
    _post(client, first, recommend="9", satisfied="4", easy="6", resolved="yes")
    page = client.get(f"/s/{second}/")
    assert page.status_code == 410
    assert "This survey is closed to new submissions." in page.content.decode()


def test_a_tampered_link_gets_a_plain_400(client: Client, token: str) -> None:
    page = client.get(f"/s/{token[:-2]}xx/")
    assert page.status_code == 400
    assert "not valid" in page.content.decode()


def test_an_expired_link_gets_410(client: Client, token: str, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = client.get(f"/s/{token}/")
    assert page.status_code == 410
    assert "expired" in page.content.decode()


def test_the_page_only_takes_get_and_post(client: Client, token: str) -> None:
    assert client.put(f"/s/{token}/").status_code == 405


# --- rant or rave ------------------------------------------------------------------------------------------------


def test_anyone_can_tell_a_story_which_waits_for_moderation(client: Client, org: Any) -> None:
    page = client.get("/feedback/")
    assert page.status_code == 200 and "Rant or rave" in page.content.decode()
    sent = client.post(
        "/feedback/", {"kind": "rave", "text": "Priya sorted my bill in five minutes.", "branch": org.branch.pk}
    )
    assert sent.status_code == 200 and "Thank you" in sent.content.decode()
    story = Story.objects.get()
    assert story.status == "pending" and story.branch == org.branch and len(story.client) == 64


def test_an_empty_story_says_what_is_missing_in_plain_words(client: Client, db: Any) -> None:
    html = client.post("/feedback/", {}).content.decode()
    assert "Say whether it went well or badly." in html and "Tell us what happened." in html


def test_a_filled_honeypot_looks_accepted_but_stores_nothing(client: Client, db: Any) -> None:
    sent = client.post("/feedback/", {"kind": "rant", "text": "Cheap watches", "website": "http://spam.example"})
    assert sent.status_code == 200
    assert not Story.objects.exists()


def test_wrong_stories_are_shown_again_with_messages(client: Client, db: Any) -> None:
    sent = client.post("/feedback/", {"kind": "meh", "text": "", "email": "nope", "branch": "abc"})
    assert sent.status_code == 422
    html = sent.content.decode()
    assert "Choose rant or rave." in html and "Enter a valid email address." in html
    assert not Story.objects.exists()


def test_the_sixth_story_within_an_hour_gets_429(client: Client, db: Any) -> None:
    for number in range(services.STORIES_PER_HOUR):
        assert client.post("/feedback/", {"kind": "rave", "text": f"Story {number}"}).status_code == 200
    refused = client.post("/feedback/", {"kind": "rave", "text": "One too many"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert Story.objects.count() == services.STORIES_PER_HOUR


def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw(client: Client, db: Any, settings: Any) -> None:
    settings.FRONTLINE_PROXY_HOPS = 1
    for number in range(services.STORIES_PER_HOUR):
        sent = client.post("/feedback/", {"kind": "rave", "text": f"S{number}"}, HTTP_X_FORWARDED_FOR="203.0.113.7")
        assert sent.status_code == 200
    other = client.post("/feedback/", {"kind": "rave", "text": "Mine"}, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 200  # another sender behind the same proxy is not held back
    spoofed = client.post("/feedback/", {"kind": "rave", "text": "Again"}, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert spoofed.status_code == 429  # what the client itself put in the header does not count


def test_a_strange_version_number_never_breaks_the_page(client: Client, token: str) -> None:
    for version in ("²", "9" * 5000, "-1", "1.5"):
        page = client.post(f"/s/{token}/", {"version": version, "q-recommend": "9"})
        assert page.status_code in (200, 422)
