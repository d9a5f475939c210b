"""Keyset pagination through the API: complete, ordered, and stable while rows are inserted."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from frontline.cases import services as cases
from frontline.cases.models import Case


def _open_cases(customer, count, start):
    for index in range(count):
        cases.open_case(
            actor=None,
            customer_id=customer.pk,
            subject=f"Case number {index}",
            opened_at=start + dt.timedelta(minutes=index // 2),  # pairs share a timestamp: the id breaks ties
        )


def _walk(caller, **query):
    seen, cursor, pages = [], None, 0
    while True:
        response = caller.get("/cases", limit=7, **({"cursor": cursor} if cursor else {}), **query)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages


def test_walking_every_page_returns_every_case_once_newest_first(api, org, customer):
    _open_cases(customer, 30, timezone.now() - dt.timedelta(days=1))
    seen, pages = _walk(api("agent"))
    expected = list(Case.objects.order_by("-opened_at", "-id").values_list("id", flat=True))
    assert seen == expected
    assert pages == 5


def test_pages_stay_stable_while_new_cases_arrive(api, org, customer):
    caller = api("agent")
    _open_cases(customer, 20, timezone.now() - dt.timedelta(days=1))
    first = caller.get("/cases", limit=7).json()
    expected_rest = list(Case.objects.order_by("-opened_at", "-id").values_list("id", flat=True))[7:]

    _open_cases(customer, 5, timezone.now())  # newer cases land before the cursor
    seen, cursor = [], first["next_cursor"]
    while cursor:
        body = caller.get("/cases", limit=7, cursor=cursor).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]

    assert seen == expected_rest


def test_previous_and_last_cursors_reach_the_right_pages(api, org, customer):
    caller = api("agent")
    _open_cases(customer, 20, timezone.now() - dt.timedelta(days=1))
    ordered = list(Case.objects.order_by("-opened_at", "-id").values_list("id", flat=True))
    first = caller.get("/cases", limit=7).json()
    second = caller.get("/cases", limit=7, cursor=first["next_cursor"]).json()
    back = caller.get("/cases", limit=7, cursor=second["previous_cursor"]).json()
    last = caller.get("/cases", limit=7, cursor=first["last_cursor"]).json()

    assert [i["id"] for i in second["items"]] == ordered[7:14]
    assert [i["id"] for i in back["items"]] == ordered[:7]
    assert back["previous_cursor"] is None
    assert [i["id"] for i in last["items"]] == ordered[-7:]
    assert last["next_cursor"] is None
    assert [i["id"] for i in caller.get("/cases", limit=7, cursor=last["previous_cursor"]).json()["items"]] == ordered[
        -14:-7
    ]


def test_filters_combine_with_pagination(api, org, customer, case):
    caller = api("agent")
    _open_cases(customer, 10, timezone.now() - dt.timedelta(days=1))
    seen, _ = _walk(caller, owner="me")
    assert seen == [case.pk]
    unassigned, _ = _walk(caller, owner="none")
    assert len(unassigned) == 10


def test_every_list_endpoint_pages_with_cursors(api, org, customer, case, product, categories):
    caller = api("admin")
    for path in ("/branches", "/teams", "/agents", "/customers", "/products", "/categories", "/cases", "/contacts"):
        body = caller.get(path, limit=1).json()
        assert set(body) == {"items", "next_cursor", "previous_cursor", "last_cursor"}, path
        assert len(body["items"]) <= 1


def test_limit_outside_bounds_is_refused(api, org):
    caller = api("agent")
    for limit in (0, 201):
        response = caller.get("/cases", limit=limit)
        assert response.status_code == 422
        assert "limit" in response.json()["error"]["fields"]


def _queries_for(caller, path, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = caller.get(path, limit=50)
    assert response.status_code == 200
    return response.json()["items"]


def test_lists_cost_the_same_number_of_queries_however_long(api, org, categories, django_assert_max_num_queries):
    from frontline.accounts import services as accounts
    from frontline.cases import services as cases

    caller = api("admin")
    caller.get("/me")  # the token's first use writes its last-used time
    few_agents = _queries_for(caller, "/agents", django_assert_max_num_queries, 6)
    few_categories = _queries_for(caller, "/categories", django_assert_max_num_queries, 5)
    for number in range(12):
        accounts.create_agent(actor=None, username=f"extra{number}", first_name="E", last_name="X", skills=["tv"])
        parent = cases.create_category(actor=None, name=f"Topic {number}", parent_id=categories["outage"].pk)
        cases.create_category(actor=None, name=f"Detail {number}", parent_id=parent.pk)
    many_agents = _queries_for(caller, "/agents", django_assert_max_num_queries, 6)
    many_categories = _queries_for(caller, "/categories", django_assert_max_num_queries, 5)
    assert len(many_agents) == len(few_agents) + 12
    assert len(many_categories) == len(few_categories) + 24
    detail = next(item for item in many_categories if item["name"] == "Detail 3")
    assert detail["path"] == "Connectivity › Outage › Topic 3 › Detail 3"
    assert detail["depth"] == 4
    assert {item["role"] for item in many_agents} >= {"agent", "admin"}
