"""Retrieval against a brute-force reference: the same top k, filters applied before scoring, ties to the
smaller id, explanations that add up, and the two-stage search finding what the exact scan finds."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.cbr.filters import Filter
from frontline.cbr.index import CaseIndex, CaseRecord
from frontline.cbr.learning import learn
from frontline.cbr.schema import Schema
from frontline.cbr.segments import FUSE_AT_ROWS
from tests.cbr.helpers import SCHEMA, answers, brute_force, random_cases, random_values, same_ranking


@pytest.fixture(scope="module")
def small() -> tuple[CaseIndex, list[CaseRecord]]:
    cases = random_cases(600, seed=3)
    return CaseIndex.build(SCHEMA, cases), cases


@pytest.fixture(scope="module")
def large() -> tuple[CaseIndex, list[CaseRecord]]:
    """Enough cases for one segment with fused attributes and inverted indexes."""
    cases = random_cases(FUSE_AT_ROWS * 3, seed=4)
    index = CaseIndex.build(SCHEMA, cases)
    assert len(index.segments) == 1
    assert index.segments[0].fused is not None
    return index, cases


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 12))
def test_the_top_k_is_the_brute_force_top_k(small: tuple[CaseIndex, list[CaseRecord]], seed: int, k: int) -> None:
    index, cases = small
    query = random_values(random.Random(seed), missing=0.3)
    if all(value is None for value in query.values()):
        query["product"] = "fibre"

    assert same_ranking(answers(index, query, k), brute_force(index, cases, query, k))


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_a_large_fused_segment_answers_as_the_brute_force_reference(
    large: tuple[CaseIndex, list[CaseRecord]], seed: int
) -> None:
    index, cases = large
    query = random_values(random.Random(seed), missing=0.2)
    query["category"] = query["category"] or "Billing/Refund"

    assert same_ranking(answers(index, query, 10), brute_force(index, cases, query, 10))


def test_the_two_stage_search_finds_what_the_exact_scan_finds(large: tuple[CaseIndex, list[CaseRecord]]) -> None:
    index, _ = large
    rng = random.Random(11)
    found = 0
    for _ in range(40):
        query = random_values(rng, missing=0.0)
        exact = {match.case_id for match in index.search(query, 10)}
        rough = index.search(query, 10, method="two_stage", shortlist=300)
        found += len(exact & {match.case_id for match in rough})
        assert [m.score for m in rough] == sorted((m.score for m in rough), reverse=True)
    assert found / 400 >= 0.99


def test_filters_are_applied_before_scoring(small: tuple[CaseIndex, list[CaseRecord]]) -> None:
    index, cases = small
    query = {"product": "fibre", "description": "router drops", "amount": 100.0}
    filters = {
        "product": Filter.one_of(["mobile", "tv"]),
        "amount": Filter.between(500, 1500),
        "category": Filter.under("Billing"),
        "tags": Filter.one_of(["refund", "bill"]),
    }
    allowed = [
        c
        for c in cases
        if c.values["product"] in ("mobile", "tv")
        and c.values["amount"] is not None
        and 500 <= c.values["amount"] <= 1500
        and (c.values["category"] or "").startswith("Billing")
        and set(c.values["tags"] or []) & {"refund", "bill"}
    ]
    assert allowed, "the fixture should leave some cases through"

    found = answers(index, query, 5, filters=filters)

    assert same_ranking(found, brute_force(index, allowed, query, 5))


def test_excluded_cases_and_removed_cases_are_never_returned(small: tuple[CaseIndex, list[CaseRecord]]) -> None:
    index, cases = small
    query = cases[0].values
    first = index.search(query, 3)
    assert first[0].case_id == cases[0].id

    later = index.search(query, 3, exclude=[cases[0].id])

    assert cases[0].id not in {m.case_id for m in later}
    assert [m.case_id for m in later[:2]] == [m.case_id for m in first[1:3]]


def test_ties_go_to_the_smaller_case_id() -> None:
    schema = Schema.from_dict({"attributes": [{"name": "product", "kind": "categorical"}]})
    index = CaseIndex.build(schema, [CaseRecord(i, {"product": "fibre"}) for i in (9, 3, 7, 1, 5)])

    assert [m.case_id for m in index.search({"product": "fibre"}, 3)] == [1, 3, 5]


def test_each_match_explains_its_score(small: tuple[CaseIndex, list[CaseRecord]]) -> None:
    index, _ = small
    query = {"product": "fibre", "category": "Connectivity/Outage", "description": "router drops", "amount": 900}

    for match in index.search(query, 5):
        assert set(match.explanation) == {"product", "category", "description", "amount"}
        assert sum(part.share for part in match.explanation.values()) == pytest.approx(1.0)
        weighted = sum(p.weight * p.similarity for p in match.explanation.values())
        assert weighted / sum(p.weight for p in match.explanation.values()) == pytest.approx(match.score)


def test_bad_queries_are_refused(small: tuple[CaseIndex, list[CaseRecord]]) -> None:
    index, _ = small
    with pytest.raises(KeyError, match="colour"):
        index.search({"colour": "red"})
    with pytest.raises(ValueError, match="k must be"):
        index.search({"product": "fibre"}, 0)
    with pytest.raises(TypeError, match="amount: expected a number"):
        index.search({"amount": "lots"})
    assert index.search({"product": None}) == []


def test_the_two_stage_search_keeps_its_recall_with_a_learned_projection() -> None:
    """The first pass cuts a learned projection to its leading directions; the shortlist still holds the
    exact answer."""
    rng = random.Random(21)
    labels = [f"kind{n}" for n in range(30)]
    words = {label: [f"{label}word{w}" for w in range(4)] for label in labels}
    schema = Schema.from_dict({"attributes": [{"name": "text", "kind": "text", "char_ngrams": None}]})

    def text(label: str) -> str:
        return " ".join(rng.sample(words[label], 2) + [rng.choice(labels) for _ in range(3)])

    cases = [CaseRecord(i, {"text": text(label)}, label=label) for i, label in enumerate(rng.choices(labels, k=6000))]
    index, _ = learn(schema, cases, held_out=cases[:300])
    segment = index.segments[0]
    assert "seg_rough_dense" in segment.columns["text"]
    assert segment.columns["text"]["seg_rough_dense"].shape[1] < segment.columns["text"]["dense"].shape[1]

    found = 0
    for label in labels:
        query = {"text": text(label)}
        exact = {m.case_id for m in index.search(query, 10)}
        found += len(exact & {m.case_id for m in index.search(query, 10, method="two_stage", shortlist=500)})
    assert found / (10 * len(labels)) >= 0.99


def test_a_tag_first_seen_after_a_segment_was_indexed_matches_only_newer_cases() -> None:
    schema = Schema.from_dict({"attributes": [{"name": "tags", "kind": "set"}]})
    index = CaseIndex.build(schema, [CaseRecord(i, {"tags": ["old"]}) for i in range(FUSE_AT_ROWS + 10)])
    index.add([CaseRecord(99_999, {"tags": ["new"]})])

    found = index.search({"tags": ["new"]}, 2)

    assert [(m.case_id, m.score) for m in found] == [(99_999, 1.0), (0, 0.0)]


def test_a_number_too_large_to_compare_is_refused(small: tuple[CaseIndex, list[CaseRecord]]) -> None:
    index, _ = small
    with pytest.raises(ValueError, match="amount"):
        index.search({"amount": 1e300})


def test_only_the_first_matches_are_explained_when_asked(small: tuple[CaseIndex, list[CaseRecord]]) -> None:
    index, cases = small

    found = index.search(cases[0].values, 5, explain=2)

    assert [bool(m.explanation) for m in found] == [True, True, False, False, False]
