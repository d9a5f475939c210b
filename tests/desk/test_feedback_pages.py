"""The customer-feedback pages of the desk (verbatims, follow-ups of unhappy customers, rant-or-rave stories)
and the case page's feedback panel, for each role."""

# ruff: noqa: F811 - the survey fixtures imported below are named again as the tests' arguments

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case, Contact
from frontline.surveys import services, tokens
from frontline.surveys.models import Invitation, LoopFollowUp, Response, Story, StoryStatus, Survey
from tests.conftest import Organisation
from tests.desk.conftest import HTMX, body, written
from tests.surveys.conftest import (  # noqa: F401 (fixtures)
    HAPPY,
    UNHAPPY,
    answer,
    contact,
    invitation,
    invite,
    survey,
    token,
)

VERBATIMS = "/desk/surveys/verbatims/"
FOLLOW_UPS = "/desk/surveys/follow-ups/"
STORIES = "/desk/surveys/stories/"
ALL_ROLES = ["agent", "supervisor", "quality", "operations", "admin"]


@pytest.fixture
def unhappy(token: str, answer: Callable[..., Response]) -> Response:
    """The agent's customer, unhappy about the case's contact: a follow-up case is opened."""
    return answer(token, UNHAPPY)


@pytest.fixture
def colleagues(
    org: Organisation,
    colleagues_case: Case,
    invite: Callable[..., Invitation],
    answer: Callable[..., Response],
) -> Response:
    """The same customer, happy with the second agent about another case, in another queue."""
    started = timezone.now() - dt.timedelta(minutes=30)
    call = cases.log_contact(
        actor=None,
        case_id=colleagues_case.pk,
        channel="chat",
        started_at=started,
        ended_at=started + dt.timedelta(minutes=4),
        agent_id=org.agents["agent2"].pk,
        queue="mobile",
    )
    return answer(tokens.sign(invite(contact_id=call.pk).key), HAPPY)


@pytest.fixture
def nobody(db: Any) -> Client:
    """A client signed in as someone with no role at all."""
    user = get_user_model().objects.create_user(username="nobody", password="irrelevant-password-1")
    client = Client()
    client.force_login(user)
    return client


def loop_of(response: Response) -> LoopFollowUp:
    return LoopFollowUp.objects.get(response=response)


# --- verbatims --------------------------------------------------------------------------------------------------


def test_verbatims_need_a_signed_in_person(client: Client, unhappy: Response) -> None:
    response = client.get(VERBATIMS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_someone_without_a_role_may_not_read_verbatims(nobody: Client, unhappy: Response) -> None:
    response = nobody.get(VERBATIMS)
    assert response.status_code == 403
    assert "An hour on hold." not in body(response)


@pytest.mark.parametrize("role", ["supervisor", "quality", "operations", "admin"])
def test_people_who_read_every_response_see_every_verbatim(
    login: Any, unhappy: Response, colleagues: Response, role: str
) -> None:
    response = login(role).get(VERBATIMS)
    assert response.status_code == 200
    html = body(response)
    assert "An hour on hold." in html
    assert "Quick and kind." in html
    assert 'name="agent"' in html
    assert html.index("Quick and kind.") < html.index("An hour on hold.")  # newest first


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [("agent", "An hour on hold.", "Quick and kind."), ("agent2", "Quick and kind.", "An hour on hold.")],
)
def test_an_agent_sees_only_their_own_verbatims(
    login: Any, unhappy: Response, colleagues: Response, role: str, own: str, other: str
) -> None:
    response = login(role).get(VERBATIMS)
    assert response.status_code == 200
    html = body(response)
    assert own in html
    assert other not in html
    assert 'name="agent"' not in html
    assert "You see the answers about yourself." in html


def test_an_agent_cannot_read_a_colleagues_verbatims_by_asking_for_them(
    login: Any, org: Organisation, unhappy: Response, colleagues: Response
) -> None:
    html = body(login("agent").get(VERBATIMS, {"agent": org.agents["agent2"].pk}))
    assert "Quick and kind." not in html
    assert "An hour on hold." in html


def test_a_verbatim_shows_its_question_scores_and_links(
    login: Any,
    org: Organisation,
    case: Case,
    contact: Contact,
    unhappy: Response,
) -> None:
    html = body(login("supervisor").get(VERBATIMS))
    assert "Anything else you want to tell us?" in html
    assert ">NPS</abbr> 2<" in html
    assert ">CSAT</abbr> 1/5<" in html
    assert ">CES</abbr> 2/7<" in html
    assert ">FCR</abbr> no<" in html
    assert "score-bad" in html
    assert ">Unhappy<" in html
    assert f'href="{reverse("desk:case_detail", args=[case.pk])}"' in html
    assert f'href="{reverse("desk:customer_detail", args=[case.customer_id])}"' in html
    assert "Ada Lovelace" in html
    assert "served by Agent Example" in html
    assert f"contact {contact.pk} by phone" in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "hold"}, "An hour on hold.", "Quick and kind."),
        ({"q": "KIND quick"}, "Quick and kind.", "An hour on hold."),
        ({"q": "hold kind"}, None, "An hour on hold."),
        ({"unhappy": "on"}, "An hour on hold.", "Quick and kind."),
        ({"queue": "mobile"}, "Quick and kind.", "An hour on hold."),
        ({"queue": "nowhere"}, None, "Quick and kind."),
    ],
)
def test_search_and_filters_narrow_the_verbatims(
    login: Any, unhappy: Response, colleagues: Response, query: dict[str, str], shown: str | None, hidden: str
) -> None:
    response = login("supervisor").get(VERBATIMS, query)
    assert response.status_code == 200
    html = body(response)
    if shown:
        assert shown in html
    else:
        assert "No written answer matches these filters" in html
    assert hidden not in html


def test_filters_by_agent_team_category_survey_and_dates(
    login: Any,
    org: Organisation,
    categories: dict[str, Any],
    survey: Survey,
    unhappy: Response,
    colleagues: Response,
) -> None:
    client = login("supervisor")
    agent2 = body(client.get(VERBATIMS, {"agent": org.agents["agent2"].pk}))
    assert "Quick and kind." in agent2
    assert "An hour on hold." not in agent2
    # The parent category takes in the case's sub-category; the colleague's case has none.
    connectivity = body(client.get(VERBATIMS, {"category": categories["connectivity"].pk}))
    assert "An hour on hold." in connectivity
    assert "Quick and kind." not in connectivity
    other_team = body(client.get(VERBATIMS, {"team": org.other_team.pk}))
    assert "No written answer matches these filters" in other_team
    this_survey = body(client.get(VERBATIMS, {"survey": survey.pk, "team": org.team.pk}))
    assert "An hour on hold." in this_survey
    assert "Quick and kind." in this_survey
    today = timezone.localdate()
    later = body(client.get(VERBATIMS, {"start": (today + dt.timedelta(days=1)).isoformat()}))
    assert "No written answer matches these filters" in later
    until_today = body(client.get(VERBATIMS, {"start": (today - dt.timedelta(days=1)).isoformat(), "end": today}))
    assert "An hour on hold." in until_today


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"category": "abc"}, "Category"),
        ({"category": "999999999"}, "No category with id 999999999."),
        ({"survey": "99999999999999999999999"}, "Survey"),
        ({"start": "2024-05-02", "end": "2024-05-01"}, "The end date is before the start date."),
        ({"start": "yesterday"}, "Enter a valid date."),
        ({"start": "0001-01-01"}, "Use a date between"),
        ({"cursor": "not-a-cursor"}, "This cursor is not valid"),
        ({"q": "x" * 201}, "at most 200 characters"),
    ],
)
def test_bad_filters_are_a_form_error_not_a_crash(
    login: Any, unhappy: Response, query: dict[str, str], message: str
) -> None:
    response = login("supervisor").get(VERBATIMS, query)
    assert response.status_code == 400
    html = body(response)
    assert "Check the filters" in html
    assert message in html
    assert "An hour on hold." not in html


def test_verbatims_are_paged_newest_first(
    login: Any,
    invite: Callable[..., Invitation],
    answer: Callable[..., Response],
) -> None:
    for number in range(27):
        answer(tokens.sign(invite().key), {**HAPPY, "comment": f"Numbered comment {number:02d}."})
    client = login("supervisor")
    first = body(client.get(VERBATIMS))
    assert "Numbered comment 26." in first
    assert "Numbered comment 02." in first
    assert "Numbered comment 01." not in first
    assert "Older" in first
    older = first.split('href="')[1:]
    next_page = next(link.split('"')[0] for link in older if "cursor=" in link and "Older" in link.split("</a>")[0])
    second = body(client.get(next_page.replace("&amp;", "&")))
    assert "Numbered comment 01." in second
    assert "Numbered comment 00." in second
    assert "Numbered comment 02." not in second


# --- follow-ups of unhappy customers ---------------------------------------------------------------------------


def recover(client: Client, loop: LoopFollowUp, note: str = "Renewed the contract") -> Any:
    return client.post(reverse("desk:survey_recovered", args=[loop.pk]), {"note": note})


def test_follow_ups_need_a_signed_in_person(client: Client, unhappy: Response) -> None:
    loop = loop_of(unhappy)
    assert client.get(FOLLOW_UPS).status_code == 302
    before = written()
    response = recover(client, loop)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    loop.refresh_from_db()
    assert loop.recovered_at is None
    assert written() == before


@pytest.mark.parametrize("role", ["agent", "agent2"])
def test_agents_may_not_read_the_follow_up_report_or_record_a_recovery(
    login: Any, unhappy: Response, role: str
) -> None:
    client = login(role)
    loop = loop_of(unhappy)
    assert client.get(FOLLOW_UPS).status_code == 403
    before = written()
    assert recover(client, loop).status_code == 403
    assert recover(client, loop, note="").status_code == 403
    loop.refresh_from_db()
    assert loop.recovered_at is None
    assert written() == before


def test_operations_reads_the_report_but_may_not_record_a_recovery(login: Any, unhappy: Response) -> None:
    client = login("operations")
    response = client.get(FOLLOW_UPS)
    assert response.status_code == 200
    html = body(response)
    assert "1 follow-up opened" in html
    assert "recovered/" not in html
    loop = loop_of(unhappy)
    before = written()
    assert recover(client, loop).status_code == 403
    loop.refresh_from_db()
    assert loop.recovered_at is None
    assert written() == before


@pytest.mark.parametrize("role", ["supervisor", "quality", "admin"])
def test_the_report_counts_the_follow_ups_and_lists_them(
    login: Any, org: Organisation, unhappy: Response, role: str
) -> None:
    loop = loop_of(unhappy)
    response = login(role).get(FOLLOW_UPS)
    assert response.status_code == 200
    html = body(response)
    assert "1 follow-up opened" in html
    assert "Not contacted yet" in html
    assert "0 of them past their due time" in html
    assert "100%" in html
    assert f'href="{reverse("desk:case_detail", args=[loop.case_id])}"' in html
    assert loop.case.reference in html
    assert "Supervisor Example" in html  # the team's supervisor owns the call back
    assert f'action="{reverse("desk:survey_recovered", args=[loop.pk])}"' in html


def test_a_contact_on_the_follow_up_case_counts_as_contacted(login: Any, org: Organisation, unhappy: Response) -> None:
    loop = loop_of(unhappy)
    cases.log_contact(actor=None, case_id=loop.case_id, channel="phone", agent_id=org.agents["supervisor"].pk)
    html = body(login("supervisor").get(FOLLOW_UPS))
    assert "In time" in html
    assert "Contacted in time" in html


def test_an_overdue_follow_up_is_counted(login: Any, unhappy: Response) -> None:
    LoopFollowUp.objects.filter(response=unhappy).update(due_at=timezone.now() - dt.timedelta(hours=1))
    html = body(login("supervisor").get(FOLLOW_UPS))
    assert "1 of them past their due time" in html
    assert ">Overdue<" in html


def test_a_recovery_needs_a_note_and_writes_nothing_without_one(login: Any, unhappy: Response) -> None:
    client = login("supervisor")
    loop = loop_of(unhappy)
    before = written()
    response = recover(client, loop, note="   ")
    assert response.status_code == 422
    html = body(response)
    assert "Nothing was recorded." in html
    assert "Say how the customer was won back" in html
    assert f'id="note-{loop.pk}"' in html
    assert 'aria-invalid="true"' in html
    loop.refresh_from_db()
    assert loop.recovered_at is None
    assert written() == before


def test_a_recovery_is_recorded_once_and_a_second_is_a_conflict(login: Any, unhappy: Response) -> None:
    client = login("supervisor")
    loop = loop_of(unhappy)
    response = recover(client, loop, note="renewed the contract")
    assert response.status_code == 302
    assert response["Location"] == FOLLOW_UPS
    loop.refresh_from_db()
    assert loop.recovered_at is not None
    assert loop.recovery_note == "renewed the contract"
    page = body(client.get(FOLLOW_UPS))
    assert "Won back: the customer of" in page
    assert "renewed the contract" in page
    assert f'action="{reverse("desk:survey_recovered", args=[loop.pk])}"' not in page
    before = written()
    again = recover(client, loop, note="renewed again")
    assert again.status_code == 409
    assert "This customer is recorded as won back already." in body(again)
    loop.refresh_from_db()
    assert loop.recovery_note == "renewed the contract"
    assert written() == before


def test_a_recovery_keeps_the_period_the_page_showed(login: Any, unhappy: Response) -> None:
    loop = loop_of(unhappy)
    today = timezone.localdate().isoformat()
    response = login("supervisor").post(
        reverse("desk:survey_recovered", args=[loop.pk]), {"note": "Renewed", "start": today, "end": today}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{FOLLOW_UPS}?start={today}&end={today}"


def test_recovering_an_unknown_follow_up_is_a_404(login: Any, unhappy: Response) -> None:
    assert (
        login("supervisor").post("/desk/surveys/follow-ups/999999/recovered/", {"note": "Renewed"}).status_code == 404
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2024-05-02", "end": "2024-05-01"}, "The end date is before the start date."),
        ({"start": "soon"}, "Enter a valid date."),
        ({"end": "9999-12-31"}, "Use a date between"),
    ],
)
def test_a_bad_period_is_a_400_with_the_field_named(
    login: Any, unhappy: Response, query: dict[str, str], message: str
) -> None:
    response = login("supervisor").get(FOLLOW_UPS, query)
    assert response.status_code == 400
    assert message in body(response)


def test_a_period_without_follow_ups_says_so(login: Any, unhappy: Response) -> None:
    html = body(login("supervisor").get(FOLLOW_UPS, {"start": "2020-01-01", "end": "2020-03-31"}))
    assert "0 follow-ups opened from 1 Jan 2020 to 31 Mar 2020" in html
    assert "No unhappy answer opened a follow-up in this period." in html


# --- stories from the rant-or-rave page --------------------------------------------------------------------------


@pytest.fixture
def rave(org: Organisation, customer: Any) -> Story:
    story = services.tell_story(
        client="one-sender",
        kind="rave",
        text="Agent Example fixed my router in five minutes.",
        name="Ada",
        email="ada@example.com",
        branch_id=org.branch.pk,
        agent_name="the nice agent on the phone",
    )
    assert story is not None
    return story


@pytest.fixture
def rant(org: Organisation) -> Story:
    story = services.tell_story(
        client="another-sender", kind="rant", text="Nobody called me back.", branch_id=org.other_branch.pk
    )
    assert story is not None
    return story


def moderate(client: Client, story: Story, **fields: Any) -> Any:
    return client.post(reverse("desk:moderate_story", args=[story.pk]), fields)


def test_stories_need_a_signed_in_person(client: Client, rave: Story) -> None:
    assert client.get(STORIES).status_code == 302
    assert moderate(client, rave, status="approved").status_code == 302
    rave.refresh_from_db()
    assert rave.status == StoryStatus.PENDING


@pytest.mark.parametrize("role", ["agent", "agent2"])
def test_agents_may_not_read_or_moderate_stories(login: Any, rave: Story, role: str) -> None:
    client = login(role)
    assert client.get(STORIES).status_code == 403
    before = written()
    assert moderate(client, rave, status="approved").status_code == 403
    assert moderate(client, rave, status="maybe").status_code == 403
    rave.refresh_from_db()
    assert rave.status == StoryStatus.PENDING
    assert written() == before


def test_operations_reads_stories_but_may_not_moderate(login: Any, rave: Story) -> None:
    client = login("operations")
    response = client.get(STORIES)
    assert response.status_code == 200
    html = body(response)
    assert "Agent Example fixed my router in five minutes." in html
    assert ">Approve<" not in html
    before = written()
    assert moderate(client, rave, status="approved").status_code == 403
    rave.refresh_from_db()
    assert rave.status == StoryStatus.PENDING
    assert written() == before


@pytest.mark.parametrize("role", ["supervisor", "quality", "admin"])
def test_moderators_see_the_waiting_stories_with_what_they_say(
    login: Any, org: Organisation, customer: Any, rave: Story, rant: Story, role: str
) -> None:
    response = login(role).get(STORIES)
    assert response.status_code == 200
    html = body(response)
    assert "Agent Example fixed my router in five minutes." in html
    assert "Nobody called me back." in html
    assert "“the nice agent on the phone”" in html
    assert "Toronto Downtown" in html
    assert f'href="{reverse("desk:customer_detail", args=[customer.pk])}"' in html
    assert f'href="{reverse("surveys:feedback")}"' in html
    assert html.count(">Approve<") == 2
    assert html.count(">Reject<") == 2
    assert "2 waiting for moderation" in html
    assert "0 raves" in html


def test_approving_a_story_links_the_agent_and_counts_it(login: Any, org: Organisation, rave: Story) -> None:
    client = login("supervisor")
    agent = org.agents["agent"]
    response = moderate(
        client, rave, status="approved", agent=str(agent.pk), note="Checked the call log", shown="pending"
    )
    assert response.status_code == 302
    assert response["Location"] == f"{STORIES}?status=pending"
    rave.refresh_from_db()
    assert rave.status == StoryStatus.APPROVED
    assert rave.agent_id == agent.pk
    assert rave.moderated_by_id == org.user("supervisor").pk
    assert rave.moderation_note == "Checked the call log"
    page = body(client.get(response["Location"]))
    assert "Approved: the rave of" in page
    assert "about Agent Example" in page
    assert "1 rave" in page
    assert "No story waits for moderation." in page
    approved = body(client.get(STORIES, {"status": "approved"}))
    assert "Agent Example fixed my router in five minutes." in approved
    assert "linked to <strong>Agent Example</strong>" in approved
    assert '<th scope="row">Toronto Downtown</th><td class="number">1</td><td class="number">0</td>' in approved


def test_rejecting_a_story_keeps_it_out_of_the_counts(login: Any, rant: Story) -> None:
    client = login("quality")
    response = moderate(client, rant, status="rejected", note="Not about us")
    assert response.status_code == 302
    assert response["Location"] == STORIES
    rant.refresh_from_db()
    assert rant.status == StoryStatus.REJECTED
    assert rant.agent_id is None
    html = body(client.get(STORIES, {"status": "rejected"}))
    assert "Nobody called me back." in html
    assert "0 rants" in html
    assert "Not about us" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "maybe"}, "Approve or reject the story."),
        ({"status": "pending"}, "Approve or reject the story."),
        ({}, "Approve or reject the story."),
        ({"status": "approved", "agent": "999999"}, "No agent with id 999999."),
        ({"status": "approved", "agent": "someone"}, "Agent"),
        ({"status": "approved", "note": "x" * 301}, "at most 300 characters"),
    ],
)
def test_a_bad_moderation_is_a_422_and_changes_nothing(
    login: Any, rave: Story, fields: dict[str, str], message: str
) -> None:
    client = login("supervisor")
    before = written()
    response = moderate(client, rave, **fields)
    assert response.status_code == 422
    html = body(response)
    assert "The story was not moderated." in html
    assert message in html
    rave.refresh_from_db()
    assert rave.status == StoryStatus.PENDING
    assert rave.agent_id is None
    assert written() == before


def test_moderating_an_unknown_story_is_a_404(login: Any, rave: Story) -> None:
    response = login("supervisor").post("/desk/surveys/stories/999999/moderation/", {"status": "approved"})
    assert response.status_code == 404


def test_the_status_filter_lists_the_chosen_stories_and_refuses_others(login: Any, rave: Story, rant: Story) -> None:
    client = login("supervisor")
    moderate(client, rant, status="rejected")
    pending = body(client.get(STORIES))
    assert "Agent Example fixed my router" in pending
    assert "Nobody called me back." not in pending
    every = body(client.get(STORIES, {"status": "all"}))
    assert "Agent Example fixed my router" in every
    assert "Nobody called me back." in every
    assert "Change the decision" in every
    bad = client.get(STORIES, {"status": "nope"})
    assert bad.status_code == 400
    assert "Check what to show" in body(bad)
    assert client.get(STORIES, {"cursor": "nope"}).status_code == 400


# --- the case page's feedback panel and the reports index --------------------------------------------------------


def panel(client: Client, case: Case) -> Any:
    return client.get(reverse("desk:panel_feedback", args=[case.pk]), headers=HTMX)


@pytest.mark.parametrize("role", ["supervisor", "quality", "operations", "admin"])
def test_the_feedback_panel_shows_the_answers_about_the_case_and_the_customers_recent_ones(
    login: Any, case: Case, colleagues_case: Case, unhappy: Response, colleagues: Response, role: str
) -> None:
    response = panel(login(role), case)
    assert response.status_code == 200
    html = body(response)
    about, others = html.split("The customer's other recent answers")
    assert "An hour on hold." in about
    assert ">NPS</abbr> 2<" in about
    loop = loop_of(unhappy)
    assert f'href="{reverse("desk:case_detail", args=[loop.case_id])}"' in about
    assert (
        f'Follow-up: <a class="ref" href="{reverse("desk:case_detail", args=[loop.case_id])}">{loop.case.reference}'
        in about
    )
    assert "Quick and kind." in others
    assert ">NPS</abbr> 10<" in others
    assert colleagues_case.reference in others


def test_an_agent_sees_only_their_own_answers_in_the_panel(
    login: Any, case: Case, unhappy: Response, colleagues: Response
) -> None:
    mine = body(panel(login("agent"), case))
    assert "An hour on hold." in mine
    assert "Quick and kind." not in mine
    assert "You see the answers about yourself." in mine
    colleague = body(panel(login("agent2"), case))
    assert "An hour on hold." not in colleague
    assert "No survey answer about this case that you may read." in colleague
    assert "Quick and kind." in colleague


def test_the_panel_shows_at_most_five_of_the_customers_other_answers(
    login: Any,
    org: Organisation,
    colleagues_case: Case,
    case: Case,
    invite: Callable[..., Invitation],
    answer: Callable[..., Response],
) -> None:
    call = cases.log_contact(actor=None, case_id=colleagues_case.pk, channel="email", agent_id=org.agents["agent"].pk)
    for number in range(7):
        answer(tokens.sign(invite(contact_id=call.pk).key), {**HAPPY, "comment": f"Answer number {number}."})
    html = body(panel(login("supervisor"), case))
    assert "Answer number 6." in html
    assert "Answer number 2." in html
    assert "Answer number 1." not in html
    assert "No survey answer about this case." in html


def test_the_panel_is_on_the_case_page_and_needs_a_person_who_may_read_responses(
    client: Client, login: Any, nobody: Client, case: Case, unhappy: Response
) -> None:
    assert panel(client, case).status_code == 401
    assert client.get(reverse("desk:panel_feedback", args=[case.pk])).status_code == 302
    assert panel(nobody, case).status_code == 403
    page = body(login("agent").get(reverse("desk:case_detail", args=[case.pk])))
    assert 'id="panel-feedback"' in page
    assert "Customer feedback" in page
    assert panel(login("agent"), Case(pk=999999)).status_code == 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_reports_index_links_to_the_feedback_pages_each_role_may_open(login: Any, role: str) -> None:
    client = login(role)
    html = body(client.get(reverse("desk:reports")))
    links = {VERBATIMS: True, FOLLOW_UPS: role != "agent", STORIES: role != "agent"}
    for url, shown in links.items():
        assert (f'href="{url}"' in html) == shown
        assert client.get(url).status_code == (200 if shown else 403)
