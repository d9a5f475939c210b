"""Snapshots: written whole, read back memory-mapped, answering exactly as the index that was saved."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from frontline.cbr import snapshot
from frontline.cbr.index import CaseIndex, CaseRecord
from frontline.cbr.segments import FUSE_AT_ROWS
from tests.cbr.helpers import SCHEMA, answers, random_cases, random_values


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[CaseIndex, Path]:
    cases = random_cases(FUSE_AT_ROWS + 300, seed=21)
    index = CaseIndex.build(SCHEMA, cases)
    index.add(random_cases(20, seed=22, start=90_000))  # a small second segment
    index.remove([cases[0].id])
    index.set_precedent(cases[1].id, 0.5)
    index.watermark = 1234
    index.novelty_threshold = 0.42
    root = tmp_path_factory.mktemp("snapshots")
    snapshot.save(index, root)
    return index, root


def test_a_snapshot_answers_as_the_index_that_was_saved(saved: tuple[CaseIndex, Path]) -> None:
    index, root = saved
    loaded = snapshot.load(root)

    assert loaded is not None
    assert (len(loaded), loaded.watermark, loaded.novelty_threshold) == (len(index), 1234, 0.42)
    assert isinstance(loaded.segments[0].ids, np.memmap)
    rng = random.Random(5)
    for _ in range(20):
        query = random_values(rng, missing=0.2)
        assert answers(loaded, query, 10) == answers(index, query, 10)
        assert [m.explanation for m in loaded.search(query, 3)] == [m.explanation for m in index.search(query, 3)]


def test_a_loaded_snapshot_takes_retained_cases_and_outcomes(saved: tuple[CaseIndex, Path]) -> None:
    _, root = saved
    loaded = snapshot.load(root)
    assert loaded is not None
    new = CaseRecord(id=777_777, values=random_values(random.Random(1), missing=0.0), label="y")
    some_id = int(loaded.segments[0].ids[5])

    loaded.add([new])
    loaded.set_precedent(some_id, 2.0)
    loaded.remove([int(loaded.segments[0].ids[6])])

    assert loaded.search(new.values, 1)[0].case_id == 777_777
    assert loaded.search(loaded.values_of(some_id), 50, explain=False)
    fresh = snapshot.load(root)
    assert fresh is not None
    assert 777_777 not in fresh  # the file on disk did not change


def test_saving_again_makes_a_new_current_version_and_keeps_two(saved: tuple[CaseIndex, Path]) -> None:
    index, root = saved
    first = snapshot.current(root)
    for _ in range(3):
        snapshot.save(index, root)

    assert snapshot.current(root) != first
    assert len(list(root.glob("v-*"))) == snapshot.KEPT_VERSIONS
    described = snapshot.describe(root)
    assert described is not None
    assert (described["cases"], described["watermark"]) == (len(index), 1234)


def test_a_missing_or_broken_snapshot_is_reported(tmp_path: Path) -> None:
    assert snapshot.load(tmp_path) is None
    (tmp_path / "v-1").mkdir()
    (tmp_path / "CURRENT").write_text("v-1")
    with pytest.raises(snapshot.SnapshotError, match="no readable snapshot"):
        snapshot.load(tmp_path)


def test_an_update_never_replaces_a_newer_build(saved: tuple[CaseIndex, Path]) -> None:
    index, root = saved
    loaded_from = snapshot.current(root)
    newer = snapshot.save(index, root)  # a rebuild saved while an update was being prepared

    skipped = snapshot.save(index, root, replacing=loaded_from)

    assert skipped is None
    assert snapshot.current(root) == newer
    assert snapshot.save(index, root, replacing=newer) is not None
