"""The home page: my open cases and my team's queue."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from frontline.cases import services as cases
from frontline.cases.models import Case, CaseStatus
from frontline.customers.models import Customer
from tests.conftest import Organisation
from tests.desk.conftest import HTMX, body, written

HOME = reverse("desk:home")


def section(page: str, element_id: str) -> str:
    """The HTML of the element with `element_id` (up to the next queue)."""
    return page.split(f'id="{element_id}"', 1)[1].split('<div id="queue-', 1)[0]


def listed(html: str) -> list[str]:
    return re.findall(r'<a href="/desk/cases/\d+/">([^<]+)</a>', html)


def test_home_lists_my_open_cases_and_my_teams_queue(
    login: Callable[[str], Client],
    case: Case,
    unassigned_case: Case,
    colleagues_case: Case,
    org: Organisation,
    customer: Customer,
) -> None:
    done = cases.open_case(actor=None, customer_id=customer.pk, subject="Done already", owner_id=org.agents["agent"].pk)
    cases.resolve_case(actor=None, case_id=done.pk, resolution="Fixed.", root_cause="Typo")
    cases.open_case(actor=None, customer_id=customer.pk, subject="Another team's", team_id=org.other_team.pk)

    page = body(login("agent").get(HOME))

    assert listed(section(page, "queue-mine")) == ["Router keeps dropping the connection"]
    assert listed(section(page, "queue-unassigned")) == ["Roaming charge on the October bill"]
    assert listed(section(page, "queue-colleagues")) == ["Wi-Fi slow upstairs"]
    assert "My team's queue: Broadband support" in page


def test_unassigned_cases_offer_a_take_button_that_makes_them_mine(
    login: Callable[[str], Client], unassigned_case: Case, org: Organisation
) -> None:
    client = login("agent")
    page = body(client.get(HOME))
    assert f'aria-label="Take {unassigned_case.reference}"' in section(page, "queue-unassigned")

    response = client.post(
        reverse("desk:case_reassign", args=[unassigned_case.pk]), {"owner": str(org.agents["agent"].pk)}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("desk:case_detail", args=[unassigned_case.pk])
    unassigned_case.refresh_from_db()
    assert unassigned_case.owner_id == org.agents["agent"].pk
    assert unassigned_case.status == CaseStatus.OPEN


def test_readers_get_no_take_button(login: Callable[[str], Client], unassigned_case: Case) -> None:
    page = body(login("quality").get(HOME))
    assert "Roaming charge on the October bill" in section(page, "queue-unassigned")
    assert 'aria-label="Take' not in page


def test_someone_without_an_agent_profile_is_told_why_their_lists_are_empty(
    client: Client, org: Organisation, case: Case
) -> None:
    user = org.user("admin")
    user.agent.delete()  # type: ignore[attr-defined]
    client.force_login(user)
    page = body(client.get(HOME))
    assert "You have no agent profile" in page
    assert "Nothing is waiting on you." in page


def test_each_list_pages_by_its_own_cursor(login: Callable[[str], Client], many_cases: list[Case]) -> None:
    client = login("agent")
    page = body(client.get(HOME))
    mine = section(page, "queue-mine")
    newest_first = [c.subject for c in reversed(many_cases)]
    assert listed(mine) == newest_first[:10]

    older = re.search(r'<a href="(/desk/\?mine=[^"]+)" rel="next" hx-get="(/desk/queues/mine/\?mine=[^"]+)"', mine)
    assert older is not None
    full_page, fragment = (url.replace("&amp;", "&") for url in older.groups())

    assert listed(section(body(client.get(full_page)), "queue-mine")) == newest_first[10:20]
    response = client.get(fragment, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in body(response)
    assert listed(body(response)) == newest_first[10:20]


def test_a_bad_list_cursor_is_a_400(login: Callable[[str], Client]) -> None:
    response = login("agent").get(f"{HOME}?mine=garbage")
    assert response.status_code == 400
    assert "This cursor is not valid" in body(response)


def test_taking_a_case_someone_owns_is_refused(
    login: Callable[[str], Client], colleagues_case: Case, org: Organisation
) -> None:
    before = written()
    response = login("agent").post(
        reverse("desk:case_reassign", args=[colleagues_case.pk]), {"owner": str(org.agents["agent"].pk)}
    )
    assert response.status_code == 403
    assert written() == before


def test_home_costs_a_bounded_number_of_queries(
    login: Callable[[str], Client],
    many_cases: list[Case],
    unassigned_case: Case,
    colleagues_case: Case,
    django_assert_max_num_queries: Any,
) -> None:
    client = login("agent")
    with django_assert_max_num_queries(12):
        client.get(HOME)


def test_the_shortcut_list_offers_n_only_to_those_who_may_open_cases(login: Callable[[str], Client]) -> None:
    new_case = "<div><dt><kbd>n</kbd></dt><dd>Open a new case</dd></div>"
    assert new_case in body(login("agent").get(HOME))
    page = body(login("quality").get(HOME))
    assert new_case not in page
    assert "<dd>Search cases</dd>" in page


def test_the_home_lists_mark_the_status_cell(login: Callable[[str], Client], case: Case) -> None:
    page = body(login("agent").get(HOME))
    assert '<td class="status"><span class="badge status-open">Open</span></td>' in section(page, "queue-mine")


def test_a_bad_cursor_page_names_the_field_once_and_offers_the_desk(login: Callable[[str], Client]) -> None:
    response = login("agent").get(HOME, {"mine": "garbage"})
    assert response.status_code == 400
    page = body(response)
    assert page.count("This cursor is not valid for this list") == 1
    assert "<strong>Cursor</strong>: This cursor is not valid" in page
    assert '<a href="/desk/">Go to your desk</a>.' in page


def test_a_bad_cursor_alert_names_the_field_once(login: Callable[[str], Client]) -> None:
    response = login("agent").get(reverse("desk:queue", args=["mine"]), {"mine": "garbage"}, headers=HTMX)
    assert response.status_code == 400
    page = body(response)
    assert page.count("This cursor is not valid for this list") == 1
    assert "<li>Cursor: This cursor is not valid" in page
