"""The optional semantic measure: sentence embeddings mixed into the text similarity, loaded from local disk
only, refused plainly when its model or its libraries are missing."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from frontline.cbr import semantic, snapshot
from frontline.cbr.index import CaseIndex, CaseRecord
from frontline.cbr.learning import learn
from frontline.cbr.schema import Schema

# Words that mean the same, as an embedding model would place them: one dimension per meaning.
MEANINGS = {"bill": 0, "invoice": 0, "charge": 0, "router": 1, "modem": 1, "hub": 1, "slow": 2, "sluggish": 2}


class MeaningEncoder:
    """A stand-in for a sentence-embedding model, for the plumbing around it: texts with words of the same
    meaning get the same direction."""

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        rows = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                if word in MEANINGS:
                    rows[row, MEANINGS[word]] += 1.0
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return rows / norms


@pytest.fixture
def model_dir(tmp_path: Path) -> Iterator[Path]:
    """A model directory whose encoder is the stand-in."""
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    semantic._LOADED[str(folder.resolve())] = MeaningEncoder()
    yield folder
    semantic._LOADED.pop(str(folder.resolve()), None)


def schema(folder: Path, share: float = 0.5) -> Schema:
    return Schema.from_dict(
        {"attributes": [{"name": "text", "kind": "text", "semantic_model": str(folder), "semantic_share": share}]}
    )


CASES = [
    CaseRecord(1, {"text": "the bill is wrong"}, label="billing"),
    CaseRecord(2, {"text": "the router keeps dropping"}, label="device"),
    CaseRecord(3, {"text": "everything is slow tonight"}, label="speed"),
]


def test_words_of_the_same_meaning_match_through_the_semantic_share(model_dir: Path) -> None:
    lexical = CaseIndex.build(Schema.from_dict({"attributes": [{"name": "text", "kind": "text"}]}), CASES)
    blended = CaseIndex.build(schema(model_dir, 0.5), CASES)

    unrelated = lexical.search({"text": "invoice"}, 1)[0].score
    assert unrelated < 0.1  # a few shared letters, no shared word
    found = blended.search({"text": "invoice"}, 3)
    assert (found[0].case_id, found[0].score) == (1, pytest.approx(0.5 + 0.5 * unrelated))
    assert blended.search({"text": "my modem"}, 1)[0].case_id == 2
    assert "semantic" in blended.segments[0].columns["text"]


def test_the_semantic_share_survives_a_snapshot(model_dir: Path, tmp_path: Path) -> None:
    index = CaseIndex.build(schema(model_dir, 0.75), CASES)
    snapshot.save(index, tmp_path / "snapshots")

    loaded = snapshot.load(tmp_path / "snapshots")

    assert loaded is not None
    assert loaded.search({"text": "sluggish"}, 1)[0].case_id == 3
    assert loaded.search({"text": "sluggish"}, 1)[0].score == pytest.approx(
        index.search({"text": "sluggish"}, 1)[0].score
    )


def test_learning_chooses_the_semantic_share_on_held_out_cases(model_dir: Path) -> None:
    words = {
        "billing": ["bill", "invoice", "charge"],
        "device": ["router", "modem", "hub"],
        "speed": ["slow", "sluggish"],
    }
    rng = np.random.default_rng(3)
    cases = [
        CaseRecord(i, {"text": f"{rng.choice(words[label])} issue {i}"}, label=label)
        for i, label in enumerate(rng.choice(sorted(words), 120))
    ]
    held = [
        CaseRecord(1000 + i, {"text": f"{w} problem"}, label=label)
        for i, (label, ws) in enumerate(words.items())
        for w in ws
    ]

    _, learned = learn(schema(model_dir), cases, held_out=held)

    assert learned.semantic_shares["text"] in (0.0, 0.25, 0.5, 0.75)
    assert any("semantic share" in step for step in learned.steps)


def test_a_missing_model_is_refused_plainly(tmp_path: Path) -> None:
    with pytest.raises(semantic.SemanticUnavailable, match="no sentence-embedding model in"):
        semantic.load(tmp_path / "nowhere")
    with pytest.raises(semantic.SemanticUnavailable, match="no sentence-embedding model in"):
        CaseIndex(schema(tmp_path / "nowhere"))


@pytest.mark.skipif(importlib.util.find_spec("sentence_transformers") is not None, reason="the extra is installed")
def test_without_the_extra_the_measure_says_what_to_install(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(semantic.SemanticUnavailable, match="needs the semantic extra"):
        semantic.load(tmp_path)


REAL_MODEL = os.environ.get("FRONTLINE_TEST_SEMANTIC_MODEL", "")


@pytest.mark.skipif(
    not REAL_MODEL or importlib.util.find_spec("sentence_transformers") is None,
    reason="set FRONTLINE_TEST_SEMANTIC_MODEL to a model directory and install the semantic extra",
)
def test_a_real_model_puts_paraphrases_together() -> None:
    index = CaseIndex.build(schema(Path(REAL_MODEL)), CASES)

    assert index.search({"text": "my invoice is incorrect"}, 1)[0].case_id == 1
    assert index.search({"text": "the connection is sluggish"}, 1)[0].case_id == 3
