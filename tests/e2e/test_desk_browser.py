"""The real desk in Chromium: log in, search, open a case, log a contact, resolve it."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from frontline.accounts import services as accounts
from frontline.accounts.roles import Role
from frontline.assist import engine
from frontline.assist.models import SuggestionFeedback
from frontline.cases import services as cases
from frontline.cases.models import Case, CaseStatus, Contact
from frontline.customers import services as customers

pytestmark = pytest.mark.e2e

PASSWORD = "a-long-browser-test-password"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "desk-case.png"


@dataclass
class Desk:
    case: Case
    other: Case


@pytest.fixture
def desk(transactional_db: Any) -> Desk:
    """One agent with a password, a customer with some history, the case to work and one that must not match."""
    with transaction.atomic():  # services expect their caller to hold the transaction
        return build_desk()


def build_desk() -> Desk:
    """Write the organisation, customer and cases of the browser tests."""
    branch = accounts.create_branch(
        actor=None, name="Toronto Downtown", city="Toronto", time_zone="America/Toronto", phone_number="+14165550100"
    )
    team = accounts.create_team(actor=None, name="Broadband support", branch_id=branch.pk)
    maya = accounts.create_agent(
        actor=None,
        username="maya",
        first_name="Maya",
        last_name="Okafor",
        role=Role.AGENT,
        password=PASSWORD,
        team_id=team.pk,
        branch_id=branch.pk,
        extension="4100",
    )
    ada = customers.create_customer(
        actor=None,
        account_number="ACC-1001",
        name="Ada Lovelace",
        tier="premium",
        branch_id=branch.pk,
        relationship_owner_id=maya.pk,
        customer_since=dt.date(2019, 5, 1),
        revenue_amount="1200.00",
        cost_to_serve_amount="180.50",
    )
    product = cases.create_product(actor=None, code="fibre", name="Fibre Broadband")
    connectivity = cases.create_category(actor=None, name="Connectivity")
    outage = cases.create_category(actor=None, name="Outage", parent_id=connectivity.pk)
    earlier = cases.open_case(
        actor=None,
        customer_id=ada.pk,
        subject="Bill shows a roaming charge",
        owner_id=maya.pk,
        opened_at=timezone.now() - dt.timedelta(days=40),
    )
    cases.resolve_case(actor=None, case_id=earlier.pk, resolution="Refunded the charge.", root_cause="Billing rule")
    case = cases.open_case(
        actor=None,
        customer_id=ada.pk,
        subject="Router keeps dropping the connection",
        description="Since Monday the fibre router loses sync every evening around eight.",
        product_id=product.pk,
        category_id=outage.pk,
        owner_id=maya.pk,
        priority="high",
    )
    other = cases.open_case(actor=None, customer_id=ada.pk, subject="Modem lights blinking orange", owner_id=maya.pk)
    return Desk(case=case, other=other)


def close(context: Any) -> None:
    """Let every page of `context` finish its requests (panels load by themselves), then close it: the live
    server must not be answering while the test's database is emptied."""
    for page in context.pages:
        page.wait_for_load_state("networkidle")
    context.close()


def log_in(page: Page, base_url: str, username: str = "maya") -> None:
    page.goto(f"{base_url}/desk/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/desk/$"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My desk")).to_be_visible()


def test_an_agent_searches_opens_logs_a_contact_and_resolves_a_case(live_server: Any, desk: Desk, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    log_in(page, live_server.url)

    # "/" jumps to the case search from anywhere; typing updates the results and the address.
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Search the subject and description")
    expect(search).to_be_focused()
    page.keyboard.type("router")
    expect(page).to_have_url(re.compile(r"/desk/cases/\?q=router$"))
    results = page.locator("#case-results")
    expect(results.get_by_role("link", name=desk.case.subject)).to_be_visible()
    expect(results).not_to_contain_text(desk.other.subject)

    # Leaving the search box for a result must not search again: a search answered while the browser follows the
    # link would push its address and cancel the navigation.
    requests_after_click: list[str] = []
    page.on("request", lambda request: requests_after_click.append(request.url))
    results.get_by_role("link", name=desk.case.subject).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(desk.case.subject)
    assert [url for url in requests_after_click if "/desk/cases/?" in url] == []
    expect(page.locator("#panel-customer")).to_contain_text("Maya Okafor, ext. 4100")
    expect(page.locator("#panel-customer")).to_contain_text("Bill shows a roaming charge")

    page.locator("summary", has_text="Log a contact").click()
    contact = page.locator("#action-contact")
    contact.get_by_label("Channel").select_option("phone")
    contact.get_by_label("Duration (minutes)").fill("6")
    contact.get_by_label("Outcome").select_option("follow_up")
    contact.get_by_label("Notes").fill("Ran a line test; the router firmware is two years old.")
    contact.get_by_role("button", name="Log the contact").click()
    expect(page.locator("#flash")).to_contain_text("Contact logged.")
    expect(page.locator(".timeline")).to_contain_text("Ran a line test")
    expect(page.locator(".timeline")).to_contain_text("handled in 6 min 00 s")

    page.locator("summary", has_text="Resolve").click()
    resolve = page.locator("#action-resolve")
    resolve.get_by_label("Resolution").fill("Updated the router firmware and reset the line profile.")
    resolve.get_by_label("Root cause").fill("Outdated router firmware")
    resolve.get_by_role("button", name="Resolve the case").click()

    expect(page.locator(".case-badges")).to_contain_text("Resolved")
    expect(page.locator("#flash")).to_contain_text("Case resolved.")
    page.reload()
    expect(page.locator(".case-badges")).to_contain_text("Resolved")
    expect(page.locator(".resolution")).to_contain_text("Outdated router firmware")
    expect(page.locator(".timeline")).to_contain_text("Ran a line test")
    expect(page.locator("#panel-customer")).to_contain_text("Follow-up needed")

    case = Case.objects.get(pk=desk.case.pk)
    assert (case.status, case.root_cause) == (CaseStatus.RESOLVED, "Outdated router firmware")
    assert Contact.objects.filter(case=case).count() == 1

    assert page_errors == []
    close(context)


def test_a_refused_form_shows_its_errors_in_place(live_server: Any, desk: Desk, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/desk/cases/{desk.case.pk}/")

    page.locator("summary", has_text="Resolve").click()
    resolve = page.locator("#action-resolve")
    resolve.evaluate("form => { form.noValidate = true; }")  # let the server, not the browser, refuse it
    resolve.get_by_label("Root cause").fill("Something")
    resolve.get_by_role("button", name="Resolve the case").click()

    expect(page.locator("#action-resolve")).to_contain_text("Say how the case was resolved.")
    expect(page.locator("#resolve_resolution")).to_be_focused()
    expect(page.locator("#resolve_root_cause")).to_have_value("Something")
    assert Case.objects.get(pk=desk.case.pk).status == CaseStatus.OPEN

    page.locator("summary", has_text="Change status").click()
    page.locator("#status_status").select_option("waiting_on_customer")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".case-badges")).to_contain_text("Waiting on customer")

    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("g")
    page.keyboard.press("h")
    expect(page.get_by_role("heading", name="My desk")).to_be_visible()
    close(context)


def test_an_agent_resolves_a_case_with_the_resolution_similar_cases_propose(
    live_server: Any, desk: Desk, browser: Any
) -> None:
    with transaction.atomic():
        for number in range(4):
            similar = cases.open_case(
                actor=None,
                customer_id=desk.case.customer_id,
                subject=f"Router keeps dropping the connection at night ({number})",
                description="The fibre router loses sync every evening.",
                product_id=desk.case.product_id,
                category_id=desk.case.category_id,
                opened_at=timezone.now() - dt.timedelta(days=60 + number),
            )
            cases.resolve_case(
                actor=None,
                case_id=similar.pk,
                resolution="Updated the router firmware and reset the line profile.",
                root_cause="Outdated router firmware",
            )
    engine.build()
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    log_in(page, live_server.url)

    page.goto(f"{live_server.url}/desk/cases/{desk.case.pk}/")
    similar = page.locator("#panel-similar")
    expect(similar.get_by_role("heading", name="Proposed resolution")).to_be_visible()
    expect(similar).to_contain_text("Likely root cause: Outdated router firmware")
    expect(similar.locator(".similar-case").first).to_contain_text("Router keeps dropping the connection at night")
    similar.locator("summary", has_text="Why it matches").first.click()
    expect(similar.get_by_role("table").first).to_contain_text("Subject and description")

    if os.environ.get("FRONTLINE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1440, "height": 1200})
        page.screenshot(path=str(SCREENSHOT))

    similar.get_by_role("button", name="Use it").click()
    expect(similar).to_contain_text("Thanks: the proposal is in the resolve form.")
    resolve = page.locator("#action-resolve")
    expect(resolve.get_by_label("Resolution")).to_have_value("Updated the router firmware and reset the line profile.")
    expect(resolve.get_by_label("Root cause")).to_have_value("Outdated router firmware")
    expect(resolve.get_by_label("Resolution")).to_be_focused()
    resolve.get_by_role("button", name="Resolve the case").click()

    expect(page.locator(".case-badges")).to_contain_text("Resolved")
    assert Case.objects.get(pk=desk.case.pk).root_cause == "Outdated router firmware"
    assert SuggestionFeedback.objects.get().verdict == "accepted"
    assert page_errors == []
    close(context)
