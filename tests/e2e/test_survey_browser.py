"""Surveys in Chromium: a customer answers through their link (the follow-up question appears only after a "no"),
a quality analyst closes the survey from the desk, and the next customer's link says it is closed. Then the scores
page with three agents' answers over twelve weeks, which docs/images/surveys.png shows."""

from __future__ import annotations

import datetime as dt
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from frontline.accounts import services as accounts
from frontline.accounts.models import Agent
from frontline.accounts.roles import Role
from frontline.cases import services as cases
from frontline.customers import services as customers
from frontline.customers.models import Customer
from frontline.surveys import rollup, services, tokens
from frontline.surveys.models import Invitation, Method, Response, Survey
from tests.e2e.test_desk_browser import PASSWORD, Desk, build_desk, close, log_in
from tests.surveys.conftest import QUESTIONS

pytestmark = pytest.mark.e2e

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "surveys.png"
VIEWPORT = {"width": 1366, "height": 768}


@dataclass
class Surveyed:
    desk: Desk
    survey: Survey
    first_link: str
    second_link: str


def _survey() -> Survey:
    return services.create_survey(
        actor=None,
        code="after-contact",
        name="How did we do?",
        questions=QUESTIONS,
        opens_at=timezone.now() - dt.timedelta(days=120),
    )


def _quality_analyst() -> Agent:
    return accounts.create_agent(
        actor=None, username="quinn", first_name="Quinn", last_name="Adeyemi", role=Role.QUALITY, password=PASSWORD
    )


@pytest.fixture
def surveyed(transactional_db: Any) -> Surveyed:
    """The browser tests' desk, a survey, Quinn of quality, and two customers invited to answer."""
    with transaction.atomic():
        desk = build_desk()
        _quality_analyst()
        survey = _survey()
        Customer.objects.filter(pk=desk.case.customer_id).update(email="ada@example.com")
        first = services.invite(actor=None, survey_id=survey.pk, method=Method.EMAIL, case_id=desk.case.pk)
        grace = customers.create_customer(
            actor=None, account_number="ACC-1002", name="Grace Hopper", email="grace@example.com"
        )
        her_case = cases.open_case(
            actor=None, customer_id=grace.pk, subject="Cannot log in to the app", owner_id=desk.case.owner_id
        )
        second = services.invite(actor=None, survey_id=survey.pk, method=Method.EMAIL, case_id=her_case.pk)
    return Surveyed(desk, survey, tokens.sign(first.key), tokens.sign(second.key))


def test_a_customer_answers_quality_closes_the_survey_and_the_next_link_is_closed(
    live_server: Any, surveyed: Surveyed, browser: Any
) -> None:
    page_errors: list[str] = []
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    page.goto(f"{live_server.url}/s/{surveyed.first_link}/")
    expect(page.get_by_role("heading", name="How did we do?")).to_be_visible()
    why = page.locator("#question-why")
    expect(why).to_be_hidden()
    page.locator("#question-recommend").get_by_label("6", exact=True).click()
    page.locator("#question-satisfied").get_by_label("3 Neutral").click()
    page.locator("#question-easy").get_by_label("3 Somewhat disagree").click()
    page.locator("#question-resolved").get_by_label("Yes").click()
    expect(why).to_be_hidden()
    page.locator("#question-resolved").get_by_label("No").click()
    expect(why).to_be_visible()
    why.get_by_label("Being passed around").click()
    page.locator("#question-comment textarea").fill("I was transferred three times.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    response = Response.objects.get()
    assert (response.nps, response.csat, response.ces, response.fcr) == (6, 3, 3, False)
    assert response.answers.get(question__key="why").choices == ["Being passed around"]
    close(context)

    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, live_server.url, "quinn")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Surveys").click()
    expect(page.get_by_role("heading", name="Survey scores", level=1)).to_be_visible()
    page.get_by_role("link", name="The surveys: open, closed, responses").click()
    row = page.get_by_role("row", name="How did we do?")
    expect(row).to_contain_text("Open")
    expect(row).to_contain_text("1 no quota")
    row.get_by_text("Close now").click()  # asks first: closing cannot be undone from the page
    row.get_by_role("button", name="Yes, close How did we do?").click()
    expect(page.locator("#flash")).to_contain_text("How did we do? is closed")
    expect(row).to_contain_text("Closed")
    expect(row.get_by_text("Close now")).to_have_count(0)
    close(context)

    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    answered = page.goto(f"{live_server.url}/s/{surveyed.second_link}/")
    assert answered is not None
    assert answered.status == 410
    expect(page.locator("body")).to_contain_text("This survey is closed to new submissions.")
    expect(page.get_by_role("button", name="Send my answers")).to_have_count(0)
    assert page_errors == []
    close(context)
    assert Response.objects.count() == 1


# --- the scores page with some history ---------------------------------------------------------------------------

WEEKS = 12


def _answers(rng: random.Random, skill: float) -> dict[str, Any]:
    """A plausible set of answers: a better agent (`skill` from 0 to 1) has more promoters and fewer detractors."""
    draw = rng.random()
    if draw < 0.2 + 0.45 * skill:
        recommend, satisfied, easy = rng.choice((9, 10)), rng.choice((4, 5, 5)), rng.randint(5, 7)
    elif draw < 0.55 + 0.3 * skill:
        recommend, satisfied, easy = rng.choice((7, 8)), rng.choice((3, 4, 4)), rng.randint(4, 6)
    else:
        recommend, satisfied, easy = rng.randint(0, 6), rng.randint(1, 3), rng.randint(1, 4)
    resolved = rng.random() < 0.5 + 0.4 * skill
    answers: dict[str, Any] = {
        "recommend": recommend,
        "satisfied": satisfied,
        "easy": easy,
        "resolved": "yes" if resolved else "no",
    }
    if not resolved:
        answers["why"] = rng.choice(["Waiting time", "The answer", "Being passed around"])
    return answers


def build_history(desk: Desk) -> list[Agent]:
    """Three agents' customers answering over twelve weeks (Maya's most), some invitations unanswered; the score
    cells are then counted again from the rows."""
    survey = _survey()
    maya = desk.case.owner
    assert maya is not None
    team = maya.team_id
    others = [
        accounts.create_agent(
            actor=None, username=username, first_name=first, last_name=last, role=Role.AGENT, team_id=team
        )
        for username, first, last in (("leo", "Leo", "Brandt"), ("priya", "Priya", "Nair"))
    ]
    customer = Customer.objects.get(pk=desk.case.customer_id)
    Customer.objects.filter(pk=customer.pk).update(email="ada@example.com")
    agents = [(maya, 0.7, 15), (others[0], 0.3, 5), (others[1], 0.5, 4)]
    owned = {
        agent.pk: cases.open_case(actor=None, customer_id=customer.pk, subject=f"Served by {agent}", owner_id=agent.pk)
        for agent, _, _ in agents
    }
    rng = random.Random(20250301)
    now = timezone.now()
    for week in range(WEEKS):
        for agent, skill, weekly in agents:
            for _ in range(weekly + rng.randint(-1, 2)):
                served = now - dt.timedelta(days=7 * week + rng.randint(0, 6), hours=rng.randint(0, 8))
                invitation = services.invite(
                    actor=None, survey_id=survey.pk, method=Method.EMAIL, case_id=owned[agent.pk].pk
                )
                Invitation.objects.filter(pk=invitation.pk).update(
                    served_at=served, served_on=timezone.localdate(served), sent_at=served + dt.timedelta(hours=1)
                )
                if rng.random() < 0.8:
                    services.submit(token=tokens.sign(invitation.key), answers=_answers(rng, skill - week * 0.015))
    rollup.recount()
    return [agent for agent, _, _ in agents]


def test_the_scores_page_draws_the_trend_of_everyone_and_of_one_agent(live_server: Any, browser: Any) -> None:
    with transaction.atomic():
        desk = build_desk()
        _quality_analyst()
        maya, leo, priya = build_history(desk)
    page_errors: list[str] = []
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, live_server.url, "quinn")
    page.goto(f"{live_server.url}/desk/surveys/")
    expect(page.locator("table.scores")).to_contain_text("Everyone together")  # opens by team and month
    page.select_option("#id_by", "agent")
    page.select_option("#id_period", "week")
    page.fill("#id_start", "")
    page.get_by_role("button", name="Show").click()
    table = page.locator("table.scores")
    for agent in (maya, leo, priya):
        expect(table).to_contain_text(agent.display_name)
    table.get_by_role("link", name="Maya Okafor").click()
    expect(page.locator("#trends")).to_contain_text("Maya Okafor next to everyone together.")
    nps = page.locator("#trend-nps svg")
    expect(nps).to_have_attribute("role", "img")
    expect(nps).to_have_attribute("aria-label", "Net promoter score by week. " + _summary(page))
    assert nps.locator("script").count() == 0
    # A point's title is what the browser shows on hover.
    expect(nps.locator("g.dots title").first).to_contain_text("95% interval")
    page.locator("#trend-nps summary").click()
    expect(page.locator("#trend-nps table")).to_contain_text("Everyone together")
    if os.environ.get("FRONTLINE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.locator("#trend-nps summary").click()  # the numbers folded away again for the picture
        page.set_viewport_size({"width": 1366, "height": 1000})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert page_errors == []
    close(context)


def _summary(page: Any) -> str:
    """The summary the chart's caption gives, which its accessible name repeats."""
    return str(page.locator("#trend-nps figcaption p").inner_text())
