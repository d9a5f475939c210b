"""Full-text search finds seeded cases: the bulk load rebuilds the index and restores its upkeep."""

from __future__ import annotations

from frontline.cases import search
from frontline.cases import services as case_services
from frontline.cases.models import Case
from frontline.customers.models import Customer

from .conftest import Seed


def test_search_finds_bulk_seeded_cases_by_subject_and_description(seed_demo: Seed) -> None:
    seed_demo(cases=300)
    roaming = Case.objects.filter(subject__icontains="roaming")
    assert roaming.exists()

    found = search.matching(Case.objects.all(), "roaming")

    assert set(roaming.values_list("id", flat=True)) <= set(found.values_list("id", flat=True))
    case = Case.objects.order_by("id").first()
    assert case is not None
    assert search.matching(Case.objects.all(), f'"{case.subject}"').filter(pk=case.pk).exists()


def test_cases_opened_after_a_seed_are_indexed_too(seed_demo: Seed) -> None:
    seed_demo(cases=50)
    customer = Customer.objects.order_by("id").first()
    assert customer is not None

    case = case_services.open_case(
        actor=None, customer_id=customer.pk, subject="Zeppelin-shaped modem", description="Quokka sighting"
    )

    assert list(search.matching(Case.objects.all(), "zeppelin quokka").values_list("id", flat=True)) == [case.pk]
