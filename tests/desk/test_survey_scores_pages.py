"""The survey scores report and the survey list of the desk, for each role."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case
from frontline.desk import survey_views
from frontline.surveys import rollup, scoring, services, tokens
from frontline.surveys.models import Invitation, Method, Survey
from tests.conftest import Organisation
from tests.desk.conftest import body
from tests.surveys.conftest import HAPPY, QUESTIONS, UNHAPPY

SCORES = "/desk/surveys/"
LIST = "/desk/surveys/list/"
SVG = re.compile(r"<svg.*?</svg>", re.DOTALL)

Respond = Callable[..., None]


@pytest.fixture
def survey(db: Any) -> Survey:
    """The post-contact survey of the survey tests (every kind of question), open since yesterday."""
    return services.create_survey(
        actor=None,
        code="after-contact",
        name="How did we do?",
        questions=QUESTIONS,
        opens_at=timezone.now() - dt.timedelta(days=1),
    )


@pytest.fixture
def respond(org: Organisation, case: Case, survey: Survey) -> Respond:
    """Record `count` responses with `answers` about a contact the agent of `role` handled `days_ago`; the score
    cells are counted again afterwards when that is in the past."""

    def record(
        role: str, count: int, answers: dict[str, Any] | None = None, queue: str = "broadband", days_ago: int = 0
    ) -> None:
        started = timezone.now() - dt.timedelta(days=days_ago, minutes=30)
        contact = cases.log_contact(
            actor=None,
            case_id=case.pk,
            channel="phone",
            started_at=started,
            ended_at=started + dt.timedelta(minutes=5),
            agent_id=org.agents[role].pk,
            queue=queue,
        )
        for _ in range(count):
            invitation = services.invite(actor=None, survey_id=survey.pk, method=Method.EMAIL, contact_id=contact.pk)
            if days_ago:  # an invitation records the contact's end, but cannot be made for a past day by hand
                Invitation.objects.filter(pk=invitation.pk).update(
                    served_at=contact.ended_at, served_on=timezone.localdate(contact.ended_at)
                )
            services.submit(token=tokens.sign(invitation.key), answers=HAPPY if answers is None else answers)

    return record


def scores(client: Client, **query: str) -> Any:
    """The scores page, by agent and week unless the test chooses (the page itself opens by team and month)."""
    return client.get(SCORES, {"by": "agent", "period": "week", **query})


def drawings(html: str) -> list[str]:
    """The inline SVG charts of a page."""
    return SVG.findall(html)


# --- who may see what -------------------------------------------------------------------------------------------


def test_people_not_signed_in_are_sent_to_log_in(client: Client, survey: Survey) -> None:
    for url in (SCORES, LIST):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    response = client.post(f"/desk/surveys/{survey.pk}/close/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    survey.refresh_from_db()
    assert services.survey_state(survey) == "open"


def test_an_agent_sees_their_own_row_and_everyone_together(login, respond: Respond) -> None:
    respond("agent", 10)
    respond("agent2", 4, UNHAPPY)
    response = scores(login("agent"))
    html = body(response)
    assert response.status_code == 200
    table = html[html.index('class="data-table scores"') :]
    assert "Agent Example" in table
    assert "Agent2 Example" not in table
    overall = table[table.index("<tfoot>") :]
    assert "Everyone together" in overall
    assert '<td class="number">14</td>' in overall
    # Only the groupings an agent may use are offered.
    assert 'value="agent"' in html
    assert 'value="all"' in html
    for refused in ("team", "branch", "queue", "category", "channel"):
        assert f'value="{refused}"' not in html
    assert "You see the scores about yourself, and everyone's together." in html
    assert "You see the scores about yourself" not in body(scores(login("supervisor")))


def test_an_agent_asking_for_another_grouping_is_refused_on_the_field(login, respond: Respond) -> None:
    respond("agent", 3)
    response = scores(login("agent"), by="team")
    assert response.status_code == 400
    html = body(response)
    assert "You see the scores about yourself: choose Agent or Everyone together." in html
    assert 'class="data-table scores"' not in html


@pytest.mark.parametrize("role", ["supervisor", "quality", "operations", "admin"])
def test_the_other_roles_see_every_agent_and_any_grouping(
    login, org: Organisation, respond: Respond, role: str
) -> None:
    respond("agent", 2)
    respond("agent2", 1, queue="billing")
    client = login(role)
    html = body(scores(client))
    assert "Agent Example" in html
    assert "Agent2 Example" in html
    by_team = scores(client, by="team")
    assert by_team.status_code == 200
    assert "Broadband support" in body(by_team)
    by_queue = body(scores(client, by="queue"))
    assert ">broadband</a>" in by_queue
    assert ">billing</a>" in by_queue


# --- filters ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2025-02-30"}, "Enter a date as year-month-day"),
        ({"end": "yesterday"}, "Enter a date as year-month-day"),
        ({"start": "2025-03-10", "end": "2025-03-01"}, "The end date is before the start date."),
        ({"start": "2019-01-01", "end": "2025-01-01"}, "Ask for at most three years at a time."),
        ({"start": "0001-01-01"}, "Use a date between 1900-01-01 and 9998-12-31."),
        ({"by": "planet"}, "Choose one of the groupings in the list."),
        ({"period": "decade"}, "Choose day, week, month or quarter."),
        ({"survey": "999999"}, "Choose a survey from the list."),
        ({"survey": "x"}, "Choose a survey from the list."),
        ({"key": "k" * 81}, "Choose a group from the table"),
    ],
)
def test_bad_filters_are_shown_on_their_field(login, survey: Survey, query: dict[str, str], message: str) -> None:
    response = scores(login("supervisor"), **query)
    assert response.status_code == 400
    html = body(response)
    assert message in html
    assert "These filters cannot be used" in html


def test_empty_filters_take_the_defaults(login, survey: Survey, respond: Respond) -> None:
    respond("agent", 1)
    today = timezone.localdate()
    response = scores(login("supervisor"), survey="", by="", period="", start="", end="")
    html = body(response)
    assert response.status_code == 200
    assert f'value="{today.isoformat()}"' in html
    first_month = (today - dt.timedelta(days=334)).replace(day=1)
    assert f'value="{first_month.isoformat()}"' in html  # twelve months, from the first of the month
    assert '<option value="month" selected>' in html
    assert '<option value="team" selected>' in html  # a team gathers enough answers to say something


def test_an_agent_opens_on_their_own_scores_by_month(login, survey: Survey, respond: Respond) -> None:
    respond("agent", 1)
    html = body(login("agent").get(SCORES))
    assert '<option value="agent" selected>' in html
    assert '<option value="month" selected>' in html


def test_one_survey_can_be_chosen(login, survey: Survey, respond: Respond) -> None:
    respond("agent", 2)
    other = services.create_survey(actor=None, code="other", name="Another survey", questions=QUESTIONS)
    client = login("quality")
    assert "Agent Example" in body(scores(client, survey=str(survey.pk)))
    html = body(scores(client, survey=str(other.pk)))
    assert "Agent Example" not in html
    assert "No answers in this period yet." in html


# --- numbers or "too few" ---------------------------------------------------------------------------------------


def test_below_ten_answers_a_cell_says_too_few(login, respond: Respond) -> None:
    respond("agent", 9)
    html = body(scores(login("supervisor")))
    row = html[html.index(">Agent Example</a>") :]
    row = row[: row.index("</tr>")]
    assert row.count(">too few</span>") == 5
    assert 'title="Fewer than 10 answers (9): too few to give a number that means something."' in row
    assert 'title="Fewer than 10 invitations (9): too few' in row


def test_from_ten_answers_a_cell_gives_the_score_and_its_interval(login, respond: Respond) -> None:
    respond("agent", 7)
    respond("agent", 3, UNHAPPY)
    html = body(scores(login("supervisor")))
    row = html[html.index(">Agent Example</a>") :]
    row = row[: row.index("</tr>")]
    # 7 promoters and 3 detractors of 10: NPS 40, standard error 29.0 points, 95% interval 40 +/- 56.8.
    assert '40 <span class="interval">(-16.8 to 96.8)</span>' in row
    assert '70% <span class="interval">' in row  # satisfied and resolved: 7 of 10
    assert '5.5 <span class="interval">' in row  # effort: (7 x 7 + 3 x 2) / 10
    assert '100% <span class="interval">(72 to 100%)</span>' in row  # answered 10 of the 10 invitations sent
    assert ">too few</span>" not in row


# --- the charts -------------------------------------------------------------------------------------------------


def test_the_trend_charts_are_inline_svg_without_script(login, respond: Respond) -> None:
    respond("agent", 10)
    html = body(scores(login("supervisor"), period="day"))
    charts = drawings(html)
    assert len(charts) == 2
    for chart in charts:
        assert "<script" not in chart
        assert 'role="img"' in chart
        assert "href=" not in chart
    assert 'aria-label="Net promoter score by day. Everyone together, ' in charts[0]
    assert 'aria-label="Satisfied (CSAT) by day. Everyone together, ' in charts[1]
    # Each point has its hover title; the numbers are also given as a table.
    assert "<title>" in charts[0]
    assert ": 100 (95% interval 100 to 100), 10 answers</title>" in charts[0]
    assert "The numbers in this chart" in html
    # The page loads only its own scripts.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/vendor/htmx-2.0.11/htmx.min.js" defer>',
        '<script src="/static/desk/desk.js" defer>',
    ]


def test_a_week_with_too_few_answers_is_a_gap_in_the_line(login, respond: Respond) -> None:
    respond("agent", 10)
    respond("agent", 4, days_ago=14)
    rollup.recount()
    html = body(scores(login("supervisor")))
    nps = drawings(html)[0]
    assert nps.count(" answers</title>") == 1  # one point: this week's
    numbers = html[html.index("The numbers in this chart") :]
    assert 'title="Fewer than 10 answers (4): too few' in numbers
    assert '100 <span class="interval">(100 to 100)</span>' in numbers


def test_no_line_is_drawn_when_no_period_has_ten_answers(login, respond: Respond) -> None:
    respond("agent", 3)
    html = body(scores(login("supervisor")))
    assert drawings(html) == []
    assert html.count("No week has 10 answers yet, so there is no line to draw.") == 2
    assert html.count("The numbers in this chart") == 2


def test_choosing_a_group_draws_it_next_to_everyone(login, org: Organisation, respond: Respond) -> None:
    respond("agent", 10)
    respond("agent2", 10, UNHAPPY)
    agent2 = org.agents["agent2"]
    html = body(scores(login("supervisor"), key=str(agent2.pk)))
    charts = drawings(html)
    assert "Agent2 Example" in charts[0]
    assert "Agent Example" not in charts[0].replace("Agent2 Example", "")
    assert 'class="is-chosen" aria-current="true"' in html
    assert "Agent2 Example next to everyone together." in html
    unknown = body(scores(login("supervisor"), key="123456"))
    assert "No answers about that group in this period" in unknown


def test_an_agent_s_own_trend_is_drawn_next_to_everyone(login, respond: Respond) -> None:
    respond("agent", 10)
    respond("agent2", 10)
    charts = drawings(body(scores(login("agent"))))
    assert "Agent Example" in charts[0]
    assert "Agent2 Example" not in charts[0]


def test_names_are_escaped_in_the_charts_and_the_table(login, org: Organisation, respond: Respond) -> None:
    user = org.user("agent")
    user.first_name = '<script>alert("x")</script>'
    user.save()
    respond("agent", 10)
    html = body(scores(login("supervisor"), key=str(org.agents["agent"].pk)))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in drawings(html)[0]


# --- the survey list and closing --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["agent", "supervisor", "quality", "operations", "admin"])
def test_every_role_sees_the_survey_list_and_only_survey_runners_may_close(login, survey: Survey, role: str) -> None:
    html = body(login(role).get(LIST))
    assert "How did we do?" in html
    assert ">Open</span>" in html
    assert '0 <span class="muted small">no quota</span>' in html
    may_close = role in ("quality", "admin")
    assert ("Close now" in html) is may_close


@pytest.mark.parametrize("role", ["agent", "supervisor", "operations"])
def test_closing_is_refused_to_roles_without_the_right(login, survey: Survey, role: str) -> None:
    response = login(role).post(f"/desk/surveys/{survey.pk}/close/")
    assert response.status_code == 403
    survey.refresh_from_db()
    assert services.survey_state(survey) == "open"


def test_closing_a_closed_survey_is_refused_too_without_the_right(login, survey: Survey) -> None:
    login("quality").post(f"/desk/surveys/{survey.pk}/close/")
    assert login("agent").post(f"/desk/surveys/{survey.pk}/close/").status_code == 403


def test_quality_closes_a_survey_now(login, survey: Survey) -> None:
    client = login("quality")
    response = client.post(f"/desk/surveys/{survey.pk}/close/", follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    html = body(response)
    assert "How did we do? is closed: its links now say it takes no more answers." in html
    assert ">Closed</span>" in html
    assert "Close now" not in html
    survey.refresh_from_db()
    assert services.survey_state(survey) == "closed"
    again = client.post(f"/desk/surveys/{survey.pk}/close/", follow=True)
    assert "How did we do? was closed already." in body(again)


def test_a_survey_not_open_yet_and_one_at_its_quota(login, survey: Survey, respond: Respond) -> None:
    services.create_survey(
        actor=None,
        code="later",
        name="Next quarter",
        questions=QUESTIONS,
        opens_at=timezone.now() + dt.timedelta(days=30),
    )
    Survey.objects.filter(pk=survey.pk).update(quota=2)
    respond("agent", 2)
    html = body(login("quality").get(LIST))
    assert ">Not open yet</span>" in html
    assert "quota reached" in html
    assert '2 <span class="muted">of 2</span>' in html


def test_closing_an_unknown_survey_is_not_found(login, survey: Survey) -> None:
    assert login("quality").post("/desk/surveys/999999/close/").status_code == 404
    assert login("quality").get(f"/desk/surveys/{survey.pk}/close/").status_code == 405


# --- where the pages are linked from ----------------------------------------------------------------------------


def test_the_menu_and_the_reports_page_lead_to_the_survey_pages(login, survey: Survey) -> None:
    client = login("supervisor")
    html = body(scores(client))
    assert '<a href="/desk/surveys/" aria-current="page">Surveys</a>' in html
    assert '<a href="/desk/surveys/" aria-current="page">Surveys</a>' in body(client.get(LIST))
    reports = body(client.get("/desk/reports/"))
    assert 'href="/desk/surveys/"' in reports
    assert 'href="/desk/surveys/list/"' in reports
    assert '<a href="/desk/surveys/">Surveys</a>' in body(client.get("/desk/"))


# --- how a score is written -------------------------------------------------------------------------------------


def test_scores_are_written_with_their_interval_or_say_why_not() -> None:
    nps = survey_views.nps_figure(scoring.net_promoter(7, 0, 3))
    assert (nps.text, nps.interval, nps.is_number) == ("40", "-16.8 to 96.8", True)
    assert survey_views.nps_figure(scoring.net_promoter(5, 5, 5)).text == "0"  # never "-0"
    share = survey_views.share_figure(scoring.satisfaction(7, 10))
    assert (share.text, share.interval) == ("70%", "40 to 89%")
    few = survey_views.share_figure(scoring.satisfaction(7, 9))
    assert (few.text, few.is_number) == ("too few", False)
    assert few.note.startswith("Fewer than 10 answers (9)")
    unknown = survey_views.share_figure(scoring.response_rate(12, 11), counted="invitations")
    assert (unknown.text, unknown.is_number) == ("no rate", False)
    effort = survey_views.mean_figure(scoring.effort(10, 55, 355))  # seven 7s and three 2s
    assert (effort.text, effort.interval) == ("5.5", "3.8 to 7.0")  # clipped to the scale
