"""The case list: filters, full-text search, keyset pages, HTMX fragments and bad input."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from frontline.cases import services as cases
from frontline.cases.models import Case, Category, Product
from frontline.customers.models import Customer
from tests.conftest import Organisation
from tests.desk.conftest import HTMX, body

LIST = reverse("desk:case_list")
RESULTS = {**HTMX, "HX-Target": "case-results"}


def references(response: Any) -> list[str]:
    """The case references listed in the results, in order."""
    results = body(response).split('id="case-results"', 1)[-1]
    return re.findall(r'<td class="ref">(C-\d{6})</td>', results)


@pytest.fixture
def mixed(
    org: Organisation,
    case: Case,
    unassigned_case: Case,
    colleagues_case: Case,
    customer: Customer,
    product: Product,
    categories: dict[str, Category],
) -> dict[str, Case]:
    """Cases of every kind: the agent's (outage), unassigned (billing), agent2's, another team's and a resolved one."""
    elsewhere = cases.open_case(
        actor=None,
        customer_id=customer.pk,
        subject="SIM card not activated",
        description="A new SIM for the tablet.",
        team_id=org.other_team.pk,
        category_id=categories["slow"].pk,
        opened_at=dt.datetime(2024, 1, 15, 10, 0, tzinfo=dt.UTC),
    )
    resolved = cases.open_case(
        actor=None,
        customer_id=customer.pk,
        subject="Router lights blinking orange",
        product_id=product.pk,
        owner_id=org.agents["agent"].pk,
        opened_at=dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC),
    )
    cases.resolve_case(actor=None, case_id=resolved.pk, resolution="Reseated the cable.", root_cause="Loose cable")
    return {
        "mine": case,
        "unassigned": unassigned_case,
        "colleagues": colleagues_case,
        "elsewhere": elsewhere,
        "resolved": resolved,
    }


def test_the_list_shows_every_case_newest_first_with_its_columns(
    login: Callable[[str], Client], mixed: dict[str, Case]
) -> None:
    response = login("agent").get(LIST)
    assert response.status_code == 200
    listed = references(response)
    assert listed == [c.reference for c in sorted(mixed.values(), key=lambda c: (c.opened_at, c.pk), reverse=True)]
    page = body(response)
    for text in ("Router keeps dropping the connection", "Ada Lovelace", "Open", "Normal", "Agent Example"):
        assert text in page
    assert '<label for="id_q"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=open", ["mine", "colleagues"]),
        ("status=new&status=resolved", ["unassigned", "elsewhere", "resolved"]),
        ("owner=me", ["mine", "resolved"]),
        ("owner=none", ["unassigned", "elsewhere"]),
        ("team={other_team}", ["elsewhere"]),
        ("product={product}", ["mine", "unassigned", "resolved"]),
        ("category={connectivity}", ["mine", "elsewhere"]),
        ("category={billing}", ["unassigned"]),
        ("opened_from=2024-01-12&opened_to=2024-01-31", ["elsewhere"]),
        ("opened_to=2024-01-12", ["resolved"]),
        ("q=router", ["mine", "resolved"]),
        ("q=rout", ["mine", "resolved"]),
        ("q=fibre+evening", ["mine"]),
        ("q=tablet", ["elsewhere"]),
        ('q="blinking+orange"', ["resolved"]),
        ("q=router&status=open", ["mine"]),
        ("q=router&owner=none", []),
        ("q=nothingmatchesthis", []),
    ],
)
def test_filters_and_search_narrow_the_list(
    login: Callable[[str], Client],
    mixed: dict[str, Case],
    org: Organisation,
    product: Product,
    categories: dict[str, Category],
    query: str,
    expected: list[str],
) -> None:
    url = f"{LIST}?" + query.format(
        other_team=org.other_team.pk,
        product=product.pk,
        connectivity=categories["connectivity"].pk,
        billing=categories["billing"].pk,
    )
    response = login("agent").get(url)
    assert response.status_code == 200, body(response)
    # Lists are newest opened first; a text search lists newest recorded first.
    order = (lambda c: c.pk) if "q=" in query else (lambda c: (c.opened_at, c.pk))
    wanted = sorted((mixed[name] for name in expected), key=order, reverse=True)
    assert references(response) == [c.reference for c in wanted]


def test_an_owner_can_be_chosen_by_id(
    login: Callable[[str], Client], mixed: dict[str, Case], org: Organisation
) -> None:
    response = login("supervisor").get(f"{LIST}?owner={org.agents['agent2'].pk}")
    assert references(response) == [mixed["colleagues"].reference]


def test_owner_me_finds_nothing_for_someone_without_an_agent_profile(
    client: Client, mixed: dict[str, Case], org: Organisation
) -> None:
    from frontline.accounts import services as accounts
    from frontline.accounts.roles import Role

    user = org.user("quality")
    user.agent.delete()  # type: ignore[attr-defined]
    accounts.set_role(user, Role.QUALITY)  # type: ignore[arg-type]
    client.force_login(user)
    response = client.get(f"{LIST}?owner=me")
    assert response.status_code == 200
    assert references(response) == []
    assert "No case matches these filters" in body(response)


def test_htmx_requests_for_the_results_get_only_the_results(
    login: Callable[[str], Client], mixed: dict[str, Case]
) -> None:
    response = login("agent").get(f"{LIST}?q=router", headers=RESULTS)
    assert response.status_code == 200
    page = body(response)
    assert page.lstrip().startswith('<div id="case-results"')
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]
    assert references(response) == [mixed["resolved"].reference, mixed["mine"].reference]  # newest recorded first


def test_a_history_restore_gets_the_whole_page(login: Callable[[str], Client], mixed: dict[str, Case]) -> None:
    response = login("agent").get(f"{LIST}?q=router", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in body(response)


def test_the_filter_form_updates_the_results_and_the_address(login: Callable[[str], Client], case: Case) -> None:
    page = body(login("agent").get(LIST))
    assert 'hx-get="/desk/cases/"' in page
    assert 'hx-target="#case-results"' in page
    assert 'hx-push-url="true"' in page


def test_the_category_filter_lists_the_tree_in_order(
    login: Callable[[str], Client], categories: dict[str, Category]
) -> None:
    page = body(login("agent").get(LIST))
    names = re.findall(
        r'<option value="\d+">([^<]+)</option>', page.split('id="id_category"', 1)[1].split("</select>")[0]
    )
    assert names == ["Connectivity", "Connectivity › Outage", "Connectivity › Slow speeds", "Billing"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("opened_from=2024-13-01", "Opened from", "Enter a valid date."),
        ("opened_from=2024-02-01&opened_to=2024-01-01", "Opened to", "The end date is before the start date."),
        ("status=bogus", "Status", "Select a valid choice."),
        ("owner=someone", "Owner", "Choose an agent, Me or Unassigned."),
        ("owner=%C2%B2", "Owner", "Choose an agent, Me or Unassigned."),
        ("team=abc", "Team", "Enter a whole number."),
        ("q=%21%21", "Search", "Type at least one word of two or more letters to search."),
        ("category=999999", "Category", "No category with id 999999."),
        ("cursor=not-a-cursor", "Cursor", "This cursor is not valid for this list"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(
    login: Callable[[str], Client], case: Case, query: str, field: str, message: str
) -> None:
    for headers in ({}, RESULTS):
        response = login("agent").get(f"{LIST}?{query}", headers=headers)
        assert response.status_code == 400
        page = body(response)
        assert "Check the filters" in page
        assert field in page
        assert message in page
        assert references(response) == []


# --- keyset pages -----------------------------------------------------------------------------------------------


def pager_links(response: Any) -> dict[str, str]:
    """Pager label to href, from the results."""
    pager = body(response).split('class="pager"', 1)
    if len(pager) == 1:
        return {}
    found = re.findall(
        r'<a href="([^"]+)"[^>]*>(?:[\u00ab\u2039] )?(Newest|Newer|Older|Oldest)', pager[1].split("</nav>")[0]
    )
    return {label: href.replace("&amp;", "&") for href, label in found}


def test_pages_are_reached_by_keyset_links(login: Callable[[str], Client], many_cases: list[Case]) -> None:
    client = login("agent")
    newest_first = [c.reference for c in reversed(many_cases)]

    first = client.get(f"{LIST}?owner=me")
    assert references(first) == newest_first[:25]
    links = pager_links(first)
    assert set(links) == {"Older", "Oldest"}
    assert "owner=me" in links["Older"]

    second = client.get(links["Older"])
    assert references(second) == newest_first[25:]
    links = pager_links(second)
    assert set(links) == {"Newest", "Newer"}

    back = client.get(links["Newer"])
    assert references(back) == newest_first[:25]
    assert references(client.get(links["Newest"])) == newest_first[:25]

    last = client.get(pager_links(first)["Oldest"])
    assert references(last) == newest_first[5:]
    assert set(pager_links(last)) == {"Newest", "Newer"}


def test_pager_links_use_htmx_and_push_the_address(login: Callable[[str], Client], many_cases: list[Case]) -> None:
    page = body(login("agent").get(LIST))
    pager = page.split('class="pager"', 1)[1].split("</nav>")[0]
    assert 'hx-target="#case-results"' in pager
    assert "hx-push-url=" in pager


# --- queries ----------------------------------------------------------------------------------------------------


def test_the_list_costs_the_same_queries_for_few_and_many_rows(
    login: Callable[[str], Client],
    case: Case,
    org: Organisation,
    customer: Customer,
    django_assert_max_num_queries: Any,
) -> None:
    client = login("agent")
    client.get(LIST)  # warm the session and permission caches of the first request
    with django_assert_max_num_queries(13) as few:
        client.get(LIST)
    for number in range(20):
        cases.open_case(
            actor=None, customer_id=customer.pk, subject=f"Problem {number}", owner_id=org.agents["agent2"].pk
        )
    with django_assert_max_num_queries(13) as many:
        client.get(LIST)
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("team=99999999999999999999", "Team"),
        ("owner=99999999999999999999", "Owner"),
        ("opened_to=9999-12-31", "Opened to"),
        ("opened_from=1066-10-14", "Opened from"),
        ("q=router%00", "Search"),
    ],
)
def test_values_the_database_cannot_hold_are_a_400_not_a_crash(
    login: Callable[[str], Client], case: Case, query: str, field: str
) -> None:
    response = login("agent").get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert f">{field}</a>: " in body(response)


@pytest.mark.parametrize("text", ["{ref}", "{ref_lower}", "C{pk}", " {ref} "])
def test_a_case_reference_in_the_search_box_links_to_that_case(
    login: Callable[[str], Client], mixed: dict[str, Case], text: str
) -> None:
    wanted = mixed["elsewhere"]
    q = text.format(ref=wanted.reference, ref_lower=wanted.reference.lower(), pk=wanted.pk)
    for headers in ({}, RESULTS):
        response = login("agent").get(LIST, {"q": q}, headers=headers)
        assert response.status_code == 200
        page = body(response)
        assert f'<a href="{reverse("desk:case_detail", args=[wanted.pk])}"><strong>{wanted.reference}</strong>' in page
        assert "No case matches" not in page  # the link is the answer, not "nothing found"


@pytest.mark.parametrize("q", ["C-999999", "C-000000", "router", "12345"])
def test_a_search_that_names_no_case_offers_no_case_link(
    login: Callable[[str], Client], mixed: dict[str, Case], q: str
) -> None:
    page = body(login("agent").get(LIST, {"q": q}))
    assert "named-case" not in page


def test_the_search_help_mentions_references(login: Callable[[str], Client]) -> None:
    assert "a reference (C-012345) finds that case" in body(login("agent").get(LIST))


def test_the_filters_are_not_each_marked_optional(login: Callable[[str], Client], mixed: dict[str, Case]) -> None:
    page = body(login("agent").get(LIST))
    filters = page.split('class="filters"', 1)[1].split('id="case-results"', 1)[0]
    assert '<label for="id_team">Team</label>' in filters
    assert "(optional)" not in filters
