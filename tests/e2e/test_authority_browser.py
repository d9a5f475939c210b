"""Authority in Chromium: an agent gives a gesture within budget, one over the limit waits for the supervisor,
who approves it from the approvals page."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from playwright.sync_api import expect

from frontline.accounts import services as accounts
from frontline.accounts.roles import Role
from frontline.assist import selectors as assist
from frontline.authority import defaults
from frontline.authority.models import AuthorityProfile, Gesture, GestureStatus, GestureType
from tests.e2e.test_desk_browser import PASSWORD, Desk, build_desk, close, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def desk(transactional_db: Any) -> Desk:
    """The browser tests' desk, the default gesture types and profiles, and Sam, who supervises Maya's team."""
    with transaction.atomic():
        built = build_desk()
        defaults.install(GestureType, AuthorityProfile, settings.FRONTLINE_DEFAULT_CURRENCY)
        team = built.case.owner.team
        sam = accounts.create_agent(
            actor=None, username="sam", first_name="Sam", last_name="Reyes", role=Role.SUPERVISOR, password=PASSWORD
        )
        accounts.update_team(actor=None, team_id=team.pk, changes={"supervisor_id": sam.pk})
    return built


def test_a_gesture_within_budget_at_once_and_one_over_the_limit_after_approval(
    live_server: Any, desk: Desk, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, live_server.url)
    # Routine or not is judged against the most similar cases: wait until the index (shared with the live
    # server's thread) can answer for this case; before that no gesture is judged and none asks for a reason.
    deadline = time.monotonic() + 60
    while not assist.neighbours_of_case(actor=None, case_id=desk.case.pk, k=20).ready:
        assert time.monotonic() < deadline, "the similar-case index never became ready"
        time.sleep(0.2)
    page.goto(f"{live_server.url}/desk/cases/{desk.case.pk}/")
    panel = page.locator("#panel-authority")
    expect(panel).to_contain_text("Your budget this month: 400.00 CAD left of 400.00 CAD")

    panel.get_by_label("Gesture").select_option("account_credit")
    panel.get_by_label("Amount").fill("30")
    panel.get_by_label("What was given or said").fill("Credit for three evenings without service")
    panel.get_by_role("button", name="Give").click()
    # Nothing like this case was ever given a credit: the gesture is not routine, so it needs a reason.
    expect(panel).to_contain_text("The gesture was not given")
    expect(panel).to_contain_text("Not routine: no similar past case exists (a new problem).")
    panel.get_by_label("Why (needed when similar cases did not usually get this)").fill("Three evenings of outage")
    panel.get_by_role("button", name="Give").click()
    expect(panel).to_contain_text("Given: account credit of 30.00 CAD is on the customer's account.")
    expect(panel.locator(".budget-balance")).to_have_text("370.00 CAD")

    panel.get_by_label("Gesture").select_option("replacement")
    panel.get_by_label("Why (needed when similar cases did not usually get this)").fill("The router burnt out")
    panel.get_by_role("button", name="Give").click()
    expect(panel).to_contain_text("Over your authority (over the per-gesture limit)")
    expect(panel.locator(".gesture-awaiting_approval")).to_contain_text("Replacement of 120.00 CAD")
    expect(panel.locator(".budget-balance")).to_have_text("370.00 CAD")
    close(context)

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, live_server.url, "sam")
    page.get_by_role("link", name="Approvals").click()
    row = page.locator(".gesture-row", has_text="Replacement")
    expect(row).to_contain_text("Over the per-gesture limit")
    expect(row).to_contain_text("Maya Okafor")
    expect(row).to_contain_text("Not routine")
    expect(row).to_contain_text("The router burnt out")
    row.get_by_role("button", name="Approve").click()
    expect(page.locator("body")).to_contain_text("Approved: replacement of 120.00 CAD")
    expect(page.locator("body")).to_contain_text("Nothing waits for you.")

    page.goto(f"{live_server.url}/desk/cases/{desk.case.pk}/")
    expect(page.locator("#panel-authority .gesture-given")).to_have_count(2)
    replacement = Gesture.objects.get(gesture_type__code="replacement")
    assert replacement.status == GestureStatus.GIVEN
    assert replacement.budget.agent.user.username == "sam"
    assert page_errors == []
    close(context)
