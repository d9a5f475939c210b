"""The demo catalogue is complete and consistent: every key, path, product and text slot resolves."""

from __future__ import annotations

import random

import pytest

from frontline.cases.models import Channel, Priority
from frontline.demo import catalogue
from frontline.demo.catalogue_base import ProblemType
from frontline.demo.text import CaseWords, Place, Vocabulary, problem_templates, unknown_slots

PRODUCT_CODES = {product.code for product in catalogue.PRODUCTS}
CATEGORY_PATHS = set(catalogue.category_paths())
PROBLEMS = catalogue.PROBLEM_TYPES


def test_the_catalogue_has_at_least_sixty_distinct_problem_types() -> None:
    keys = [problem.key for problem in PROBLEMS]
    assert len(keys) >= 60
    assert len(set(keys)) == len(keys)


def test_the_company_has_six_branches_seven_products_and_a_deep_taxonomy() -> None:
    assert len(catalogue.BRANCHES) == 6
    assert len({branch.city for branch in catalogue.BRANCHES}) == 6
    assert 6 <= len(catalogue.PRODUCTS) <= 8
    assert max(path.count(catalogue.PATH_SEPARATOR) for path in CATEGORY_PATHS) == 2
    assert "Billing › Charges › Roaming" in CATEGORY_PATHS


def test_every_taxonomy_path_has_its_parent_first() -> None:
    seen: set[str] = set()
    for path in catalogue.category_paths():
        parent = catalogue.parent_path(path)
        assert parent is None or parent in seen, path
        seen.add(path)


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda problem: problem.key)
def test_a_problem_type_names_only_things_that_exist(problem: ProblemType) -> None:
    assert problem.category in CATEGORY_PATHS
    assert set(problem.products) <= PRODUCT_CODES
    assert problem.team in {team.key for team in catalogue.TEAMS}
    assert {resolution.root_cause for resolution in problem.resolutions} <= set(catalogue.ROOT_CAUSES)
    assert set(problem.channels) <= set(Channel.values)
    assert set(problem.priorities) <= set(Priority.values)
    assert all(weight >= 0 for weight in [*problem.channels.values(), *problem.priorities.values()])
    assert sum(problem.channels.values()) > 0
    assert sum(problem.priorities.values()) > 0


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda problem: problem.key)
def test_a_problem_type_has_varied_text_and_plausible_effort(problem: ProblemType) -> None:
    assert len(problem.subjects) >= 2
    assert len(problem.descriptions) >= 2
    assert 2 <= len(problem.resolutions) <= 4
    assert problem.frequency > 0
    assert 1 <= problem.contacts[0] <= problem.contacts[1] <= 4
    assert 1 <= problem.handle_minutes[0] <= problem.handle_minutes[1] <= 60


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda problem: problem.key)
def test_follow_ups_exist_and_concern_a_product_of_the_first_problem(problem: ProblemType) -> None:
    for follow_up in problem.follow_ups:
        assert follow_up.key in catalogue.PROBLEMS_BY_KEY
        assert follow_up.key != problem.key
        assert 0 < follow_up.probability < 1
        assert set(catalogue.PROBLEMS_BY_KEY[follow_up.key].products) & set(problem.products)


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda problem: problem.key)
def test_every_text_slot_can_be_filled_for_every_product(problem: ProblemType) -> None:
    templates = problem_templates(problem)
    assert unknown_slots(templates) == []
    vocabulary = Vocabulary(random.Random(1), {product.code: product.noun for product in catalogue.PRODUCTS})
    branch = catalogue.BRANCHES[0]
    for product in problem.products:
        words = CaseWords(vocabulary, product, Place(branch.city, branch.neighbourhoods, branch.area_codes))
        for template in templates:
            text = template.format_map(words)
            assert "{" not in text
            assert "}" not in text
    assert all(len(subject) <= 150 for subject in problem.subjects)


def test_the_root_causes_are_a_managed_list_that_is_all_used() -> None:
    used = {resolution.root_cause for problem in PROBLEMS for resolution in problem.resolutions}
    assert used == set(catalogue.ROOT_CAUSES)
    assert 30 <= len(catalogue.ROOT_CAUSES) <= 50
    assert len(set(catalogue.ROOT_CAUSES.values())) == len(catalogue.ROOT_CAUSES)


def test_every_product_is_held_by_a_bundle_and_has_problems() -> None:
    held = {code for bundle in catalogue.BUNDLES for code in bundle.products}
    assert held == PRODUCT_CODES
    assert {code for problem in PROBLEMS for code in problem.products} == PRODUCT_CODES
    tiers = {tier.tier for tier in catalogue.TIERS}
    assert all(set(bundle.tiers) <= tiers for bundle in catalogue.BUNDLES)


def test_unknown_slots_are_reported() -> None:
    assert unknown_slots(["Modem {router} at {nowhere}"]) == ["nowhere"]
