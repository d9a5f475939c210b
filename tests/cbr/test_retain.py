"""Retaining cases one by one gives the index a full rebuild would give; updates replace, removals remove."""

from __future__ import annotations

import random

import pytest

from frontline.cbr.index import TAIL_SEGMENTS, CaseIndex, CaseRecord
from frontline.cbr.segments import FUSE_AT_ROWS
from tests.cbr.helpers import SCHEMA, answers, assert_same_answers, random_cases, random_values


def fitted_empty(cases: list[CaseRecord]) -> CaseIndex:
    index = CaseIndex(SCHEMA)
    index.fit_text(cases)
    return index


def test_retaining_one_case_at_a_time_equals_building_at_once() -> None:
    cases = random_cases(FUSE_AT_ROWS + 500, seed=5)
    built = CaseIndex.build(SCHEMA, cases)
    grown = fitted_empty(cases)
    grown.add(cases[: FUSE_AT_ROWS + 100])
    for case in cases[FUSE_AT_ROWS + 100 :]:
        grown.add([case])

    assert len(grown) == len(built) == len(cases)
    assert len(grown.segments) <= TAIL_SEGMENTS + 1
    rng = random.Random(8)
    for _ in range(25):
        query = random_values(rng, missing=0.2)
        assert_same_answers(answers(grown, query, 10), answers(built, query, 10))


def test_a_retained_case_is_found_at_once_without_a_rebuild() -> None:
    cases = random_cases(300, seed=6)
    index = CaseIndex.build(SCHEMA, cases)
    segments_before = list(index.segments)
    new = CaseRecord(id=10_000, values=random_values(random.Random(99), missing=0.0), label="x")

    index.add([new])

    assert index.segments[: len(segments_before)] == segments_before
    assert index.search(new.values, 1)[0].case_id == 10_000


def test_adding_a_case_again_replaces_it_and_removing_takes_it_out() -> None:
    cases = random_cases(200, seed=7)
    index = CaseIndex.build(SCHEMA, cases)
    changed = CaseRecord(id=cases[5].id, values={**cases[5].values, "product": "satellite"}, label="new")

    index.add([changed])

    assert len(index) == 200
    assert index.label_of(changed.id) == "new"
    assert index.values_of(changed.id)["product"] == "satellite"
    assert [m.case_id for m in index.search({"product": "satellite"}, 5) if m.score == 1.0] == [changed.id]
    assert index.remove([changed.id, 123_456]) == 1
    assert changed.id not in index
    assert all(m.case_id != changed.id for m in index.search(changed.values, 50))


def test_a_full_merge_leaves_dead_rows_out_and_answers_the_same() -> None:
    cases = random_cases(FUSE_AT_ROWS + 200, seed=12)
    index = CaseIndex.build(SCHEMA, cases)
    index.remove([case.id for case in cases[:100]])
    index.add(random_cases(30, seed=13, start=50_000))
    query = random_values(random.Random(3), missing=0.0)
    before = answers(index, query, 10)

    index.merge()

    assert len(index.segments) == 1
    assert len(index.segments[0]) == len(index) == FUSE_AT_ROWS + 200 - 100 + 30
    assert_same_answers(answers(index, query, 10), before)


def test_a_late_outcome_changes_the_precedent_weight() -> None:
    cases = random_cases(50, seed=9)
    index = CaseIndex.build(SCHEMA, cases)

    assert index.set_precedent(cases[0].id, 0.25)
    assert not index.set_precedent(999_999, 1.0)
    assert index.search(cases[0].values, 1)[0].precedent == 0.25
    with pytest.raises(ValueError, match="precedent"):
        index.set_precedent(cases[0].id, -1)


def test_a_bulk_load_answers_as_cases_added_one_batch_at_a_time() -> None:
    cases = random_cases(FUSE_AT_ROWS + 700, seed=31)
    batches = [cases[start : start + 500] for start in range(0, len(cases), 500)]
    loaded = fitted_empty(cases)
    added = fitted_empty(cases)
    seen: list[int] = []

    assert loaded.load(batches, progress=seen.append) == len(cases)
    for batch in batches:
        added.add(batch)

    assert seen[-1] == len(cases)
    assert len(loaded.segments) == 1
    assert loaded.segments[0].fused is not None
    rng = random.Random(4)
    for _ in range(10):
        query = random_values(rng, missing=0.2)
        assert_same_answers(answers(loaded, query, 10), answers(added, query, 10))


def test_a_bulk_load_keeps_the_last_of_an_id_given_twice() -> None:
    cases = random_cases(20, seed=41)
    again = CaseRecord(id=cases[0].id, values={**cases[0].values, "product": "satellite"}, label="later")
    index = fitted_empty(cases)

    index.load([[*cases, again]])

    assert len(index) == 20
    assert index.label_of(cases[0].id) == "later"
    assert [m.case_id for m in index.search({"product": "satellite"}, 20) if m.score == 1.0] == [cases[0].id]
