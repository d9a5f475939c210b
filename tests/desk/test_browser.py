"""The desk's behaviour in Chromium that only a browser shows: history, focus after swaps, kept input, layout."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from frontline.cases import services as cases
from tests.e2e.conftest import audit_log_may_be_emptied_between_tests, browser  # noqa: F401 (fixtures)
from tests.e2e.test_desk_browser import Desk, build_desk, log_in

pytestmark = pytest.mark.e2e

LONG_URL = "https://speedtest.example.com/result/" + "a" * 180
LONG_WORD = "Z" * 150


@pytest.fixture
def desk(transactional_db: Any) -> Desk:
    """The browser tests' desk, plus thirty older new cases so the case list has a second page."""
    with transaction.atomic():
        built = build_desk()
        start = timezone.now() - dt.timedelta(days=10)
        for number in range(30):
            cases.open_case(
                actor=None,
                customer_id=built.case.customer_id,
                subject=f"Numbered problem {number:02d}",
                opened_at=start + dt.timedelta(hours=number),
            )
    return built


@pytest.fixture
def page(live_server: Any, desk: Desk, browser: Any) -> Iterator[Page]:  # noqa: F811 (the imported fixture)
    """A signed-in agent's page at 1366x768; the test fails on any script error."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    signed_in = context.new_page()
    errors: list[str] = []
    signed_in.on("pageerror", lambda error: errors.append(str(error)))
    log_in(signed_in, live_server.url)
    yield signed_in
    context.close()
    assert errors == []


def test_going_back_after_filtering_shows_the_filters_of_that_page(live_server: Any, page: Page, desk: Desk) -> None:
    page.goto(f"{live_server.url}/desk/cases/")
    results = page.locator("#case-results")
    opened, resolved = page.get_by_label("Open", exact=True), page.get_by_label("Resolved", exact=True)
    product = page.get_by_label("Product")

    opened.check()
    expect(page).to_have_url(re.compile(r"/desk/cases/\?status=open$"))
    resolved.check()
    expect(page).to_have_url(re.compile(r"\?status=open&status=resolved$"))
    product.select_option(label="Fibre Broadband")
    expect(page).to_have_url(re.compile(r"\?status=open&status=resolved&product=\d+$"))
    expect(results).not_to_contain_text(desk.other.subject)

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?status=open&status=resolved$"))
    expect(results).to_contain_text(desk.other.subject)
    expect(product).to_have_value("")
    expect(opened).to_be_checked()
    expect(resolved).to_be_checked()

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?status=open$"))
    expect(results).not_to_contain_text("Bill shows a roaming charge")
    expect(opened).to_be_checked()
    expect(resolved).not_to_be_checked()

    page.go_back()
    expect(page).to_have_url(re.compile(r"/desk/cases/$"))
    expect(opened).not_to_be_checked()
    expect(results).to_contain_text("Numbered problem 29")

    page.go_forward()
    expect(page).to_have_url(re.compile(r"\?status=open$"))
    expect(opened).to_be_checked()
    expect(resolved).not_to_be_checked()


def test_a_pager_link_moves_the_focus_to_the_new_page_of_results(live_server: Any, page: Page) -> None:
    page.goto(f"{live_server.url}/desk/cases/")
    older = page.locator("#case-results nav.pager").get_by_role("link", name="Older ›")
    older.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?cursor="))
    results = page.locator("#case-results")
    expect(results).to_be_focused()
    expect(results).to_contain_text("Numbered problem 00")
    assert page.evaluate("document.getElementById('case-results').getBoundingClientRect().top") >= 0
    page.keyboard.press("Tab")  # into the first row of the new page, not back to the top of the document
    expect(page.locator(":focus")).to_have_text(re.compile("Numbered problem"))


def test_an_action_keeps_what_was_typed_in_the_other_actions(live_server: Any, page: Page, desk: Desk) -> None:
    page.goto(f"{live_server.url}/desk/cases/{desk.case.pk}/")
    page.locator("summary", has_text="Log a contact").click()
    page.locator("#contact_notes").fill("Half-typed notes about the call")
    page.locator("#contact_outcome").select_option("follow_up")

    page.locator("summary", has_text="Change status").click()
    page.locator("#status_status").select_option("waiting_on_customer")
    page.get_by_role("button", name="Change status").click()

    expect(page.locator("#flash")).to_contain_text("Status changed.")
    expect(page.locator(".case-badges")).to_contain_text("Waiting on customer")
    expect(page.locator("#contact_notes")).to_have_value("Half-typed notes about the call")
    expect(page.locator("#contact_outcome")).to_have_value("follow_up")
    expect(page.locator("details:has(#action-contact)")).to_have_attribute("open", "")
    expect(page.locator("details:has(#action-status)")).not_to_have_attribute("open", "")

    # The form that was sent starts afresh; the kept one still works.
    page.get_by_role("button", name="Log the contact").click()
    expect(page.locator("#flash")).to_contain_text("Contact logged.")
    expect(page.locator(".timeline")).to_contain_text("Half-typed notes about the call")
    expect(page.locator("#contact_notes")).to_have_value("")


def test_long_unbroken_text_stays_inside_its_box(live_server: Any, page: Page, desk: Desk) -> None:
    with transaction.atomic():
        cases.update_case(
            actor=None,
            case_id=desk.case.pk,
            changes={"subject": f"Speed test {LONG_WORD}", "description": f"See {LONG_URL} for the result."},
        )
    page.goto(f"{live_server.url}/desk/cases/{desk.case.pk}/")
    expect(page.locator("#panel-customer")).to_contain_text("Ada Lovelace")
    for selector in ("#case-title", "#case-main .prose"):
        overflow = page.locator(selector).first.evaluate("element => element.scrollWidth - element.clientWidth")
        assert overflow <= 0, selector
    main_right = page.locator("#case-main").evaluate("element => element.getBoundingClientRect().right")
    panels_left = page.locator(".case-panels").evaluate("element => element.getBoundingClientRect().left")
    assert main_right <= panels_left
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.goto(f"{live_server.url}/desk/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_statuses_in_the_home_lists_are_boxes_of_at_most_two_lines(live_server: Any, page: Page, desk: Desk) -> None:
    with transaction.atomic():
        cases.change_case_status(actor=None, case_id=desk.case.pk, status="waiting_on_customer")
    page.goto(f"{live_server.url}/desk/")
    badge = page.locator("#queue-mine .badge", has_text="Waiting on customer")
    lines = badge.evaluate(
        "b => Math.round(b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight))"
    )
    assert lines <= 2
