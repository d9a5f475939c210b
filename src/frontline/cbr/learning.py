"""Learning from retained cases with known outcomes: a text projection, attribute weights, a novelty threshold.

- **Term weights, as a projection.** For a text attribute, find the linear map W from TF-IDF features to one
  dimension per label that best sends each training text to its label (ridge regression, solved in its dual
  form: W = Xᵀ (X Xᵀ + λI)⁻¹ Y). Texts are then compared by the cosine of their projections: words that tell
  kinds of case apart weigh more, words that do not weigh less, and words that go together count together.
  The text similarity mixes this learned cosine with the lexical one; the mix is chosen on held-out cases.
- **Attribute weights.** Coordinate ascent on held-out cases: try scaling each attribute's weight (0, ½, 2)
  and keep the single change that most raises the share of held-out cases whose most similar case has their
  label; repeat while it helps.
- **Novelty threshold.** The best score below which a query is "new: nothing similar". Chosen on held-out
  cases so that at most `max_drop` of them that were answered correctly would be turned away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.linalg
from scipy import sparse

from frontline.cbr.columns import TextColumn
from frontline.cbr.index import CaseIndex, CaseRecord, Progress
from frontline.cbr.schema import Schema, Text
from frontline.cbr.text import Projection

RIDGE = 3.0
MOST_LEARNING_CASES = 15_000  # the dual solve holds an n x n float32 matrix: 900 MB at this size
MIXES = (0.5, 0.75, 0.9, 1.0)
SEMANTIC_SHARES = (0.0, 0.25, 0.5, 0.75)
SCALINGS = (0.0, 0.5, 2.0)
MOST_WEIGHT_ROUNDS = 6
MOST_HELD_OUT_TRIALS = 1500  # held-out cases used to choose the mix and the weights
MOST_TEXT_FIT_CASES = 200_000  # texts the document frequencies are counted on
Report = Callable[[str], None]


@dataclass(slots=True)
class Learned:
    """What learning found, and how much it helped on held-out cases (top-1 label accuracy)."""

    weights: dict[str, float]
    mixes: dict[str, float] = field(default_factory=dict)
    semantic_shares: dict[str, float] = field(default_factory=dict)
    projections: dict[str, Projection] = field(default_factory=dict)
    novelty_threshold: float | None = None
    accuracy_before: float | None = None
    accuracy_after: float | None = None
    steps: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """JSON-ready figures of what was learned."""
        return {
            "weights": self.weights,
            "text_mix": self.mixes,
            "semantic_share": self.semantic_shares,
            "novelty_threshold": self.novelty_threshold,
            "held_out_accuracy_before": self.accuracy_before,
            "held_out_accuracy_after": self.accuracy_after,
            "steps": self.steps,
        }


def split(cases: Sequence[CaseRecord], share: float, seed: int) -> tuple[list[CaseRecord], list[CaseRecord]]:
    """Labelled cases split into (learning, held out), about `share` of each label held out."""
    rng = np.random.default_rng(seed)
    by_label: dict[str, list[CaseRecord]] = {}
    for case in cases:
        if case.label is not None:
            by_label.setdefault(case.label, []).append(case)
    learning: list[CaseRecord] = []
    held: list[CaseRecord] = []
    for label in sorted(by_label):
        group = by_label[label]
        order = rng.permutation(len(group))
        count = round(share * len(group)) if len(group) > 2 else 0
        held.extend(group[i] for i in order[:count])
        learning.extend(group[i] for i in order[count:])
    return learning, held


def projection(
    vectors: sparse.csr_matrix,
    labels: Sequence[str],
    *,
    ridge: float = RIDGE,
    most: int = MOST_LEARNING_CASES,
    seed: int = 0,
) -> Projection:
    """The ridge projection of TF-IDF `vectors` onto one dimension per label (see the module docstring)."""
    names = sorted(set(labels))
    if len(names) < 2:
        raise ValueError("learning a text projection needs at least two labels")
    position = {name: code for code, name in enumerate(names)}
    codes = np.asarray([position[label] for label in labels], dtype=np.int64)
    if vectors.shape[0] > most:
        chosen = np.sort(np.random.default_rng(seed).choice(vectors.shape[0], most, replace=False))
        vectors, codes = vectors[chosen], codes[chosen]
    vectors = sparse.csr_matrix(vectors, dtype=np.float32)
    used = np.unique(vectors.indices)
    compact = vectors[:, used]
    gram = np.asarray((compact @ compact.T).toarray(), dtype=np.float32)
    gram[np.diag_indices_from(gram)] += np.float32(ridge)
    targets = np.zeros((len(codes), len(names)), dtype=np.float32)
    targets[np.arange(len(codes)), codes] = 1.0
    dual = scipy.linalg.solve(gram, targets, assume_a="pos", overwrite_a=True, overwrite_b=True, check_finite=False)
    matrix = np.asarray(compact.T @ dual, dtype=np.float32)
    return Projection(features=used.astype(np.int64), matrix=matrix)


def accuracy(index: CaseIndex, held: Sequence[CaseRecord]) -> float:
    """The share of held-out cases whose most similar indexed case has their label."""
    if not held:
        return 0.0
    hits = 0
    for case in held:
        found = index.search(case.values, 1, explain=False)
        hits += bool(found) and found[0].label == case.label
    return hits / len(held)


def choose_mix(index: CaseIndex, held: Sequence[CaseRecord], name: str, steps: list[str]) -> float:
    """The text mix (share of the learned cosine) that answers most held-out cases correctly."""
    return _choose_share(index, held, name, "mix", MIXES, steps)


def choose_semantic_share(index: CaseIndex, held: Sequence[CaseRecord], name: str, steps: list[str]) -> float:
    """The share of the semantic cosine in the text similarity that answers most held-out cases correctly."""
    return _choose_share(index, held, name, "semantic_share", SEMANTIC_SHARES, steps)


def _choose_share(
    index: CaseIndex, held: Sequence[CaseRecord], name: str, setting: str, options: Sequence[float], steps: list[str]
) -> float:
    """Try each value of the text model's `setting` on the held-out cases and keep the most accurate."""
    column = index.columns[name]
    assert isinstance(column, TextColumn)
    best, chosen = -1.0, float(getattr(column.model, setting))
    for value in options:
        setattr(column.model, setting, value)
        score = accuracy(index, held)
        steps.append(f"{name}: {setting.replace('_', ' ')} {value:.2f} -> held-out accuracy {score:.4f}")
        if score > best:
            best, chosen = score, value
    setattr(column.model, setting, chosen)
    return chosen


def local_scores(index: CaseIndex, case: CaseRecord) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int32]]:
    """Each attribute's similarity of every live indexed case to `case` (attributes x cases), and their labels."""
    prepared = index.prepare(case.values)
    rows: list[npt.NDArray[np.float32]] = []
    for name in index.schema.names:
        parts = []
        for segment in index.segments:
            alive = np.flatnonzero(segment.alive)
            if name in prepared:
                parts.append(index.columns[name].scan(segment.columns[name], prepared[name], alive))
            else:
                parts.append(np.zeros(len(alive), dtype=np.float32))
        rows.append(np.concatenate(parts))
    labels = np.concatenate([segment.labels[np.flatnonzero(segment.alive)] for segment in index.segments])
    return np.stack(rows), labels


def choose_weights(index: CaseIndex, held: Sequence[CaseRecord], steps: list[str]) -> dict[str, float]:
    """Attribute weights by coordinate ascent on held-out top-1 accuracy (see the module docstring)."""
    names = index.schema.names
    weights = np.asarray([index.weights[name] for name in names], dtype=np.float64)
    locals_by_case = [local_scores(index, case) for case in held]
    truth = [index.label_codes.get(case.label or "", -2) for case in held]
    present = [np.asarray([case.values.get(name) is not None for name in names]) for case in held]

    def correct(candidates: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        hits = np.zeros(len(candidates), dtype=np.int64)
        for (scores, labels), label, has in zip(locals_by_case, truth, present, strict=True):
            scored = (candidates * has) @ scores  # (candidates, cases)
            hits += labels[np.argmax(scored, axis=1)] == label
        return hits

    current = int(correct(weights[None, :])[0])
    for _ in range(MOST_WEIGHT_ROUNDS):
        trials = []
        for position in range(len(names)):
            for scaling in SCALINGS:
                trial = weights.copy()
                trial[position] *= scaling
                if trial.sum() > 0 and not np.allclose(trial, weights):
                    trials.append((position, scaling, trial))
        if not trials:
            break
        hits = correct(np.stack([trial for _, _, trial in trials]))
        best = int(np.argmax(hits))
        if hits[best] <= current:
            break
        position, scaling, weights = trials[best]
        steps.append(f"weight of {names[position]} x{scaling:g} -> held-out accuracy {hits[best] / len(held):.4f}")
        current = int(hits[best])
    return {name: float(weight) for name, weight in zip(names, weights, strict=True)}


def novelty_threshold(index: CaseIndex, held: Sequence[CaseRecord], max_drop: float) -> float | None:
    """The best score below which a query counts as new, turning away at most `max_drop` of held-out cases that
    were answered correctly (or, unlabelled, at most `max_drop` of them)."""
    if not held:
        return None
    best_scores = []
    flagged_ok = []
    for case in held:
        found = index.search(case.values, 1, explain=False)
        best_scores.append(found[0].score if found else 0.0)
        flagged_ok.append(case.label is None or (bool(found) and found[0].label == case.label))
    scores = np.sort(np.asarray([s for s, ok in zip(best_scores, flagged_ok, strict=True) if ok]))
    allowed = int(np.floor(max_drop * len(held)))
    if len(scores) == 0:
        return None
    return float(scores[min(allowed, len(scores) - 1)])


def learn(
    schema: Schema,
    cases: Sequence[CaseRecord],
    *,
    held_out: Sequence[CaseRecord] | None = None,
    share: float = 0.1,
    max_drop: float = 0.015,
    learn_weights: bool = True,
    most: int = MOST_LEARNING_CASES,
    seed: int = 0,
    report: Report | None = None,
    progress: Progress | None = None,
    everything: Iterable[Sequence[CaseRecord]] | None = None,
) -> tuple[CaseIndex, Learned]:
    """Learn from labelled `cases` and return an index of all of them with what was learned applied.

    Learning looks at up to `most` labelled cases (a sample of a large case base). Held-out cases (given, or
    `share` of that sample) choose the text mix, the attribute weights and the novelty threshold. The text
    models' document frequencies come from a sample of the cases. The returned index holds `cases`, or, when
    `everything` is given (batches of a case base too large to hold at once, of which `cases` is a sample),
    every case of those batches.
    """
    say = report or (lambda message: None)
    labelled = [c for c in cases if c.label is not None]
    if not labelled:
        raise ValueError("learning needs labelled cases")
    if held_out is None:
        learning, held = split(_sample(labelled, round(most / (1 - share)), seed), share, seed)
    else:
        learning, held = _sample(labelled, most, seed), list(held_out)
    trials = _sample(held, MOST_HELD_OUT_TRIALS, seed)
    learned = Learned(weights={a.name: a.weight for a in schema.attributes})
    say(f"learning from {len(learning):,} labelled cases, {len(held):,} held out")
    index = CaseIndex(schema)
    index.fit_text(_sample(cases, MOST_TEXT_FIT_CASES, seed))
    index.add(learning)
    learned.accuracy_before = accuracy(index, trials) if held else None
    texts = [a.name for a in schema.attributes if isinstance(a, Text) and a.weight > 0]
    for name in texts:
        _learn_projection(index, name, learning, seed)
        say(f"{name}: learned a projection onto {len({c.label for c in learning})} labels")
        index = _reindexed(index, learning)
        if held:
            learned.mixes[name] = choose_mix(index, trials, name, learned.steps)
            if index.columns[name].model.encoder is not None:  # type: ignore[attr-defined]
                learned.semantic_shares[name] = choose_semantic_share(index, trials, name, learned.steps)
    if held and learn_weights and len(schema.attributes) > 1:
        learned.weights = choose_weights(index, trials, learned.steps)
        index = _reindexed(index, learning, schema.with_weights(learned.weights))
    if held:
        learned.accuracy_after = accuracy(index, trials)
        learned.novelty_threshold = novelty_threshold(index, held, max_drop)
    for name in texts:
        column = index.columns[name]
        assert isinstance(column, TextColumn)
        assert column.model.projection is not None
        learned.projections[name] = column.model.projection
    say("indexing the cases with what was learned")
    final = _reindexed(index, [], index.schema)
    final.load([cases] if everything is None else everything, progress=progress)
    final.novelty_threshold = learned.novelty_threshold
    return final, learned


def _sample(cases: Sequence[CaseRecord], most: int, seed: int) -> list[CaseRecord]:
    if len(cases) <= most:
        return list(cases)
    chosen = np.random.default_rng(seed).choice(len(cases), most, replace=False)
    return [cases[i] for i in sorted(chosen)]


def _learn_projection(index: CaseIndex, name: str, cases: Sequence[CaseRecord], seed: int) -> None:
    column = index.columns[name]
    assert isinstance(column, TextColumn)
    with_text = [c for c in cases if c.values.get(name) is not None and c.label is not None]
    vectors = column.model.vectors([str(c.values[name]) for c in with_text])
    column.model.projection = projection(vectors, [str(c.label) for c in with_text], seed=seed)
    column.model.mix = 1.0


def _reindexed(index: CaseIndex, cases: Sequence[CaseRecord], schema: Schema | None = None) -> CaseIndex:
    """The same cases indexed again with the index's (changed) text models, and optionally new weights."""
    fresh = CaseIndex(schema or index.schema)
    for name, column in index.columns.items():
        target = fresh.columns[name]
        if isinstance(column, TextColumn) and isinstance(target, TextColumn):
            target.model = column.model
    fresh.add(cases)
    return fresh
